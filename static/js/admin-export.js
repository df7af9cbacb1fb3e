// "Select all" on the catalog export page, wired here rather than in an inline handler.
document.addEventListener("change", function (event) {
  if (event.target.matches(".select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event);
  }
});
