// Small behaviours that need a script; the page works without them.
// Kept out of the HTML so the Content-Security-Policy can forbid inline script.
(function () {
  "use strict";

  function focusOn(element) {
    if (!element) return false;
    if (!element.matches("a, button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
    return document.activeElement === element;
  }

  function focusLost() {
    return !document.activeElement || document.activeElement === document.body;
  }

  // "Remove" beside a skill takes its row away at once, so the form no longer sends it;
  // the keyboard goes on to the box for finding another skill.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-remove-row]") && box.checked) {
      box.closest("li").remove();
      focusOn(document.getElementById("id_add_skill"));
    }
  });

  // "Show other options" loads the list into the step (the link's own page without script).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-disclosure]");
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var target = document.getElementById(link.getAttribute("aria-controls"));
    if (link.getAttribute("aria-expanded") === "true") {
      target.innerHTML = "";
      link.setAttribute("aria-expanded", "false");
      return;
    }
    window.htmx.ajax("GET", link.href, { source: link, target: target, swap: "innerHTML" });
  });

  // Where the keyboard was before a request whose answer may take that place away.
  var nextPlace = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var step = event.target.closest && event.target.closest("li.step");
    nextPlace = step ? (step.nextElementSibling || step.previousElementSibling) : null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    // "Show other options": say it is open, and take the keyboard into the list.
    if (source && source.matches && source.matches("[data-disclosure]")) {
      source.setAttribute("aria-expanded", "true");
      focusOn(document.getElementById(source.getAttribute("aria-controls")));
      return;
    }
    // A note: the form comes in ready to type; once saved, the keyboard stays on the note.
    if (event.detail.target && event.detail.target.classList.contains("note-box")) {
      focusOn(event.detail.target.querySelector("textarea") || event.detail.target.querySelector("a"));
      return;
    }
    // A new skill row: its level is the next thing to set.
    if (event.detail.target && event.detail.target.id === "skill-rows") {
      var rows = event.detail.target.querySelectorAll("li select");
      if (rows.length) focusOn(rows[rows.length - 1]);
      return;
    }
    // The catalog's next page: start reading at the count of results.
    if (event.detail.target && event.detail.target.id === "results" && focusLost()) {
      focusOn(document.querySelector("#results .count") || document.getElementById("results"));
      return;
    }
    // A mark that took its step away (done, set aside): go on to the step that follows.
    if (focusLost()) {
      var autofocus = document.querySelector("#path-steps [autofocus]");
      if (focusOn(autofocus)) return;
      if (nextPlace && document.body.contains(nextPlace) && focusOn(nextPlace.querySelector("h3 a"))) return;
      focusOn(document.querySelector("#path-steps li.step h3 a") || document.querySelector("#step-list h2"));
    }
  });
})();
