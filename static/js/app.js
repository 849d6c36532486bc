// Small behaviours with no inline script (the Content-Security-Policy forbids it).
document.addEventListener("click", function (event) {
  var copy = event.target.closest("[data-copy-target]");
  if (copy) {
    var source = document.getElementById(copy.getAttribute("data-copy-target"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        var status = document.getElementById(copy.getAttribute("data-copy-status"));
        if (status) { status.textContent = "Copied to the clipboard."; }
      });
    }
  }
  var clear = event.target.closest("[data-clear-target]");
  if (clear) {
    var field = document.getElementById(clear.getAttribute("data-clear-target"));
    var results = document.getElementById(clear.getAttribute("data-clear-results"));
    if (field) { field.value = ""; field.focus(); }
    if (results) { results.innerHTML = ""; }
  }
  var print = event.target.closest("[data-print]");
  if (print) { window.print(); }
});
