// The authors list of the article form, filtered as the editor types (newsroom.widgets).
// Each option carries its name folded by manset.turkish (data-search); what is typed is
// folded the same way here: Turkish lower case, ı → i, accents dropped, ’ → '.
(function () {
  function fold(text) {
    return text
      .toLocaleLowerCase('tr')
      .replace(/ı/g, 'i')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[’‘ʼ´`＇′]/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  }
  function attach(picker) {
    if (picker.dataset.ready) return;
    picker.dataset.ready = '1';
    var search = picker.querySelector('[data-author-picker-search]');
    var empty = picker.querySelector('[data-author-picker-empty]');
    var options = Array.prototype.slice.call(picker.querySelectorAll('.author-picker__option'));
    function filter() {
      var wanted = fold(search.value);
      var shown = 0;
      options.forEach(function (option) {
        var input = option.querySelector('input');
        var match = !wanted || input.checked || input.dataset.search.indexOf(wanted) !== -1;
        option.hidden = !match;
        if (match) shown += 1;
      });
      empty.hidden = shown > 0;
    }
    search.addEventListener('input', filter);
    // Enter in the search box must not submit the page form.
    search.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') event.preventDefault();
    });
  }
  function attachAll() {
    document.querySelectorAll('[data-author-picker]').forEach(attach);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', attachAll);
  else attachAll();
})();
