// The moderation queue, worked in place: j/k move, x select, a/s/d act, or a row's own
// buttons. Each action is one fetch answered with JSON; the row is marked with what was
// done and the focus moves on to the next open comment. Without JavaScript the same
// buttons submit the form and the queue reloads.
(function () {
  "use strict";
  var form = document.getElementById("moderation-form");
  if (!form || !window.fetch) return;
  var done = document.getElementById("moderation-done");
  var rows = Array.prototype.slice.call(form.querySelectorAll(".moderation-row"));
  var busy = false;

  // In Wagtail's own message area, where the page's reload would have put it.
  function say(text, type) {
    document.dispatchEvent(new CustomEvent("w-messages:add", {
      detail: { clear: true, text: text, type: type || "error" },
    }));
  }
  function isOpen(row) { return !row.classList.contains("is-done"); }
  function box(row) { return row.querySelector('input[name="ids"]'); }
  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest(".moderation-row") : null;
  }
  // The next open row from `from` in `step` direction (wrapping), or null.
  function nextOpen(from, step) {
    var start = rows.indexOf(from);
    for (var n = 1; n <= rows.length; n++) {
      var i = start < 0 ? (step > 0 ? n - 1 : rows.length - n) : (start + step * n + rows.length * n) % rows.length;
      if (isOpen(rows[i])) return rows[i];
    }
    return null;
  }
  function focusNextAfter(row) {
    var next = nextOpen(row, 1);
    if (next) { next.focus(); return; }
    done.hidden = false;
    done.focus();
  }

  function mark(ids, label) {
    ids.forEach(function (id) {
      var row = form.querySelector('.moderation-row[data-id="' + id + '"]');
      if (!row) return;
      row.classList.add("is-done");
      row.querySelector(".row-state").textContent = label;
      box(row).checked = false;
      box(row).disabled = true;
      row.querySelectorAll(".row-buttons button").forEach(function (b) { b.disabled = true; });
    });
  }

  function act(action, targetRows) {
    if (busy) return;
    targetRows = targetRows.filter(isOpen);
    if (!targetRows.length) { say(form.dataset.none); return; }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector('input[name="csrfmiddlewaretoken"]').value);
    body.append("action", action);
    targetRows.forEach(function (row) { body.append("ids", row.dataset.id); });
    busy = true;
    fetch(form.getAttribute("action"), {  // form.action would be the buttons named "action"
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.ok) { say(data.message || form.dataset.failed); return; }
        mark(data.ids, data.label);
        say(data.message, "success");
        focusNextAfter(targetRows[targetRows.length - 1]);
      })
      .catch(function () { say(form.dataset.failed); })
      .then(function () { busy = false; });
  }

  // The ticked rows, or the row the moderator is on.
  function chosen() {
    var ticked = rows.filter(function (row) { return isOpen(row) && box(row).checked; });
    if (ticked.length) return ticked;
    var row = current();
    return row ? [row] : [];
  }

  form.addEventListener("submit", function (e) {
    var button = e.submitter;
    if (!button) return;
    e.preventDefault();
    if (button.name === "row") act(button.dataset.action, [button.closest(".moderation-row")]);
    else act(button.value, rows.filter(function (row) { return box(row).checked; }));
  });

  var all = document.getElementById("select-all");
  if (all) all.addEventListener("change", function () {
    rows.filter(isOpen).forEach(function (row) { box(row).checked = all.checked; });
  });

  var KEYS = { a: "approve", s: "spam", d: "trash" };
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (/INPUT|TEXTAREA|SELECT/.test(t.tagName) && t.type !== "checkbox") return;
    if (t.isContentEditable) return;
    var row = current();
    if (e.key === "j" || e.key === "k") {
      var to = nextOpen(row, e.key === "j" ? 1 : -1);
      if (to) to.focus();
    } else if (e.key === "x" && row && isOpen(row)) {
      box(row).checked = !box(row).checked;
    } else if (KEYS[e.key]) {
      act(KEYS[e.key], chosen());
    } else {
      return;
    }
    e.preventDefault();
  });
})();
