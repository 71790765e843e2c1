// Autocomplete for the search boxes: headlines and tags that start like what is typed,
// offered through the input's <datalist>. Without JavaScript the boxes still search.
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-autocomplete");
    var timer = null;
    var last = "";
    if (!list || !url || !window.fetch) return;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) return;
        last = q;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { headlines: [], tags: [] }; })
          .then(function (data) {
            if (input.value.trim() !== q) return;
            list.textContent = "";
            data.tags.concat(data.headlines).forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.name || item.headline;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
  }
  document.querySelectorAll("input[data-autocomplete]").forEach(attach);
})();
