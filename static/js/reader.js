// "What the patient read": a highlighted sentence opens its claim's panel (the link alone scrolls there).
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-open-panel]");
  if (!link) { return; }
  var panel = document.getElementById(link.getAttribute("data-open-panel"));
  if (panel && panel.tagName === "DETAILS") { panel.open = true; }
});
