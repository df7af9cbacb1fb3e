// The skill finder's suggestions answer the arrow keys: Down from the box into the list,
// Up and Down within it, Escape back to the box; Enter in the box adds the first
// suggestion (or, with none shown, what was typed) instead of saving the whole profile.
// Without this file the list still works with Tab and Enter.
(function () {
  "use strict";
  var input = document.getElementById("id_add_skill");
  if (!input) return;

  function options() {
    var box = document.getElementById("skill-suggestions");
    return box ? Array.prototype.slice.call(box.querySelectorAll("button.chip-button")) : [];
  }

  document.addEventListener("keydown", function (event) {
    var finder = document.getElementById("id_add_skill");
    if (document.activeElement === finder && event.key === "Enter") {
      event.preventDefault();
      var first = options()[0];
      var add = document.querySelector("button[name=action][value=add_skill]");
      if (first) first.click();
      else if (finder.value.trim() && add) add.click();
      return;
    }
    var list = options();
    if (!list.length) return;
    var index = list.indexOf(document.activeElement);
    if (document.activeElement === finder && event.key === "ArrowDown") {
      list[0].focus();
      event.preventDefault();
    } else if (index >= 0 && event.key === "ArrowDown") {
      list[Math.min(index + 1, list.length - 1)].focus();
      event.preventDefault();
    } else if (index >= 0 && event.key === "ArrowUp") {
      (index === 0 ? finder : list[index - 1]).focus();
      event.preventDefault();
    } else if (index >= 0 && event.key === "Escape") {
      finder.focus();
      event.preventDefault();
    }
  });
})();
