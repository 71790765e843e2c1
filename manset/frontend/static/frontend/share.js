// The article's share box: "Bağlantıyı kopyala" and the device's own share sheet
// (Web Share API), shown only where the browser has them. The links work without it.
(function () {
  "use strict";
  document.querySelectorAll(".share").forEach(function (box) {
    var url = box.getAttribute("data-share-url");
    var title = box.getAttribute("data-share-title");
    var status = box.querySelector(".share-status");
    var copy = box.querySelector("[data-share-copy]");
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(
          function () { status.textContent = "Bağlantı kopyalandı."; },
          function () { status.textContent = "Bağlantı kopyalanamadı; adres: " + url; }
        );
      });
    }
    var native = box.querySelector("[data-share-native]");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
  });
})();
