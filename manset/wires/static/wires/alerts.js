/* The wire desk's alert banner on every admin page: flash and urgent agency copy of the last
   30 minutes, the user's keyword hits, paused and idle sources. Dismissed alerts stay hidden
   (their ids are kept in localStorage). Text from the server is only ever set as text. */
(function () {
  "use strict";
  var INTERVAL = 30000;
  var STORE = "manset.wireAlerts.dismissed";
  var KEEP = 300;

  var script = document.currentScript || document.querySelector("script[data-url][src*='wires/alerts.js']");
  var main = document.getElementById("main");
  if (!script || !main || !document.getElementById("wagtail-sidebar")) return; // not logged in

  function dismissed() {
    try {
      return JSON.parse(window.localStorage.getItem(STORE) || "[]");
    } catch (error) {
      return [];
    }
  }

  function dismiss(id) {
    var ids = dismissed().filter(function (known) { return known !== id; });
    ids.push(id);
    try {
      window.localStorage.setItem(STORE, JSON.stringify(ids.slice(-KEEP)));
    } catch (error) { /* private mode: hidden until the next page only */ }
  }

  var region = document.createElement("section");
  region.className = "wire-alerts";
  region.setAttribute("aria-label", script.dataset.title || "");
  region.setAttribute("aria-live", "polite");
  region.hidden = true;
  var list = document.createElement("ul");
  region.appendChild(list);
  main.insertBefore(region, main.firstChild);

  function render(alerts) {
    var hidden = dismissed();
    list.textContent = "";
    alerts.forEach(function (alert) {
      if (hidden.indexOf(alert.id) !== -1) return;
      var item = document.createElement("li");
      item.className = "wire-alert wire-alert-" + String(alert.kind).replace(/[^a-z-]/g, "");
      item.dataset.alertId = alert.id;
      var link = document.createElement("a");
      link.href = alert.url;
      link.textContent = alert.text;
      var close = document.createElement("button");
      close.type = "button";
      close.className = "wire-alert-close";
      close.setAttribute("aria-label", script.dataset.close || "×");
      close.textContent = "×";
      close.addEventListener("click", function () {
        dismiss(alert.id);
        item.remove();
        region.hidden = list.children.length === 0;
      });
      item.appendChild(link);
      item.appendChild(close);
      list.appendChild(item);
    });
    region.hidden = list.children.length === 0;
  }

  function poll() {
    if (document.hidden) return;
    fetch(script.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("json") === -1) throw new Error("alerts " + response.status);
        return response.json();
      })
      .then(function (data) { render(data.alerts || []); })
      .catch(function () { /* logged out or offline: try again later */ });
  }

  poll();
  window.setInterval(poll, INTERVAL);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) poll();
  });
})();
