// Names for the admin's form controls that have no <label> of their own: the cells of a
// tabular inline (named by their column heading) and the boxes select2 draws over an
// autocomplete <select> (named by that select's label). Runs once the page's own scripts
// have set up, and again for each row added to an inline.
(function () {
  "use strict";

  function columnHeading(field) {
    var cell = field.closest("td");
    var table = cell && cell.closest("table");
    if (!table || !table.tHead) return "";
    var heading = table.tHead.rows[0].cells[cell.cellIndex];
    return heading ? heading.textContent.trim() : "";
  }

  function nameOf(field) {
    if (field.getAttribute("aria-label")) return field.getAttribute("aria-label");
    var label = field.id && document.querySelector('label[for="' + field.id + '"]');
    if (label && label.textContent.trim()) return label.textContent.trim().replace(/:$/, "");
    return columnHeading(field) || field.name;
  }

  function label(root) {
    root.querySelectorAll("td input:not([type=hidden]), td select, td textarea").forEach(function (field) {
      if (!(field.labels && field.labels.length) && !field.getAttribute("aria-label")) {
        field.setAttribute("aria-label", nameOf(field));
      }
    });
    root.querySelectorAll(".select2-container").forEach(function (box) {
      var select = box.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      var name = nameOf(select);
      // select2 names its box by the chosen value (aria-labelledby), which is empty until
      // something is chosen; the field's own name is what a screen reader needs.
      box.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (el) {
        if (el.getAttribute("aria-label") !== name) el.setAttribute("aria-label", name);
        if (el.hasAttribute("aria-labelledby")) el.removeAttribute("aria-labelledby");
      });
      // select2 mixes a search box into its list of chosen items; it is not a list.
      box.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
        list.setAttribute("role", "none");
        Array.prototype.forEach.call(list.children, function (item) {
          item.setAttribute("role", "none");
        });
      });
    });
  }

  // Inline rows are added and select2 redraws its boxes after a choice: label again then.
  function soon() { window.setTimeout(function () { label(document); }, 0); }
  window.addEventListener("load", soon);
  document.addEventListener("formset:added", soon);
  document.addEventListener("change", soon);
  if (window.django && window.django.jQuery) {
    window.django.jQuery(document).on("select2:select select2:unselect select2:close", soon);
  }
})();
