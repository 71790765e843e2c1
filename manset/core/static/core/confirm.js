// Admin buttons with data-confirm ask before they submit.
document.querySelectorAll("[data-confirm]").forEach(function (button) {
  button.addEventListener("click", function (event) {
    if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
  });
});
