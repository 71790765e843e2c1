// The read beacon: counts one read of the article in its data-article attribute.
(function (s) {
  if (s && navigator.sendBeacon) navigator.sendBeacon("/okundu/" + s.getAttribute("data-article") + "/");
})(document.currentScript);
