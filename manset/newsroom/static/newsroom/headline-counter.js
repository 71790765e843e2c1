// A live character count under the headline field of the page editor: editors on
// deadline see at once when a headline runs past what search results show.
(function () {
  var LIMIT = 110; // NewsArticle headline limit; search results show about 70
  function attach() {
    var input = document.querySelector('#id_title');
    if (!input || input.dataset.mansetCounter) return;
    input.dataset.mansetCounter = '1';
    var note = document.createElement('p');
    note.className = 'help manset-headline-count';
    note.setAttribute('aria-live', 'polite');
    input.insertAdjacentElement('afterend', note);
    function update() {
      var n = input.value.length;
      note.textContent = n + ' / ' + LIMIT + ' karakter' +
        (n > LIMIT ? ' — arama sonuçlarında kesilecek' : n > 70 ? ' — aramada ~70 karakteri görünür' : '');
      note.style.color = n > LIMIT ? '#cd4444' : '';
    }
    input.addEventListener('input', update);
    update();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', attach);
  else attach();
})();
