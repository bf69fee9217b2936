// The Print buttons of printable pages. In a file of its own, not inline, so
// that the Content-Security-Policy can forbid every inline script.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});
