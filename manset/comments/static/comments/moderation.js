// Keyboard shortcuts for the moderation queue: j/k move, x select, a/s/d act.
(function () {
  "use strict";
  var form = document.getElementById("moderation-form");
  if (!form) return;
  var rows = Array.prototype.slice.call(form.querySelectorAll(".moderation-row"));
  var all = document.getElementById("select-all");
  if (all) all.addEventListener("change", function () {
    form.querySelectorAll('input[name="ids"]').forEach(function (b) { b.checked = all.checked; });
  });
  function current() { return rows.indexOf(document.activeElement.closest && document.activeElement.closest(".moderation-row")); }
  function act(action) {
    if (!form.querySelector('input[name="ids"]:checked')) {
      var i = current();
      if (i < 0) return;
      rows[i].querySelector('input[name="ids"]').checked = true;
    }
    var input = document.createElement("input");
    input.type = "hidden"; input.name = "action"; input.value = action;
    form.appendChild(input);
    form.submit();
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName) && e.target.type !== "checkbox") return;
    var i = current();
    if (e.key === "j") { (rows[i + 1] || rows[0]).focus(); }
    else if (e.key === "k") { (rows[i - 1] || rows[rows.length - 1]).focus(); }
    else if (e.key === "x" && i >= 0) { var box = rows[i].querySelector('input[name="ids"]'); box.checked = !box.checked; }
    else if (e.key === "a") act("approve");
    else if (e.key === "s") act("spam");
    else if (e.key === "d") act("trash");
    else return;
    e.preventDefault();
  });
})();
