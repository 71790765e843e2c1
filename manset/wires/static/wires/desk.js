/* The wire desk: the list refreshes itself every 30 s (rows only, no page reload), pausing
   while the reader selects text or works in a form field; action forms ask for confirmation. */
(function () {
  "use strict";
  var INTERVAL = 30000;

  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });

  // "Doğrudan yayınla" only for a desk the user may publish on (the server checks again).
  document.querySelectorAll("[data-wire-actions]").forEach(function (form) {
    var select = form.querySelector("select[name=desk]");
    var publish = form.querySelector("[data-wire-publish]");
    if (!select || !publish) return;
    function update() {
      var option = select.options[select.selectedIndex];
      publish.hidden = !(option && option.hasAttribute("data-can-publish"));
    }
    select.addEventListener("change", update);
    update();
  });

  var note = document.querySelector("[data-wire-refresh]");
  if (!document.getElementById("wire-rows") || !note) return;

  function busy() {
    var selection = window.getSelection && window.getSelection();
    if (selection && String(selection).length > 0) return true;
    var active = document.activeElement;
    return Boolean(active && active.matches("input, select, textarea, [contenteditable]"));
  }

  function refresh() {
    if (document.hidden || busy()) return;
    var url = new URL(window.location.href);
    url.searchParams.set("parca", "1");
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("refresh " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (busy()) return; // the reader started selecting while we were waiting
        var holder = document.createElement("template");
        holder.innerHTML = "<table>" + html + "</table>";
        var rows = holder.content.querySelector("tbody#wire-rows");
        var current = document.getElementById("wire-rows");
        if (!rows || !current) return;
        current.replaceWith(rows);
        note.textContent = note.dataset.label + " " + rows.dataset.refreshed;
      })
      .catch(function () { /* keep the rows we have; try again next time */ });
  }

  window.setInterval(refresh, INTERVAL);
  window.manset = window.manset || {};
  window.manset.wireRefresh = refresh; // for tests and the impatient
})();
