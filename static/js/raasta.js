// Small behaviours that need a script; the page works without them.
// Kept out of the HTML so the Content-Security-Policy can forbid inline script.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) window.print();
  });
  // "Remove" beside a skill takes its row away at once, so the form no longer sends it.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-remove-row]") && box.checked) {
      box.closest("li").remove();
    }
  });
})();
