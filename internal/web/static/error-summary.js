// A refused form's error summary (both page sets link this file on such a page only): it takes
// the focus as the page loads, so that a screen reader reads it first and the keyboard starts
// there; a link in it leads into its field and shows the field's label (or its group's legend)
// too. Without this file the links still lead to their fields.
(function () {
  "use strict";
  var summary = document.getElementById("foutmeldingen");
  if (!summary) { return; }
  // Only when nothing has the focus yet: on a slow machine the reader may already have moved
  // into the form (or followed a link of the summary) before this file ran.
  if (!document.activeElement || document.activeElement === document.body) {
    summary.focus();
  }
  summary.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    var field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
    if (!field) { return; }
    event.preventDefault();
    var fieldset = field.closest("fieldset");
    var legend = fieldset ? fieldset.querySelector("legend") : null;
    var label = field.labels && field.labels.length ? field.labels[0] : null;
    (legend || label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
