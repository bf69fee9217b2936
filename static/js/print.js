// The Print buttons of printable pages. In a file of its own, not inline, so
// that the Content-Security-Policy can forbid every inline script. The buttons
// come hidden: without this script they would do nothing, and the browser's
// own Print command still prints the page.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
