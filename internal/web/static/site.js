// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // Quick exit: leave at once, and replace this page in the history so that "back" does not
  // return to it. Escape twice quickly does the same.
  var exit = document.getElementById("quick-exit");
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.textContent = "";
    window.location.replace(exit ? exit.href : "https://www.weeronline.nl/");
  }
  if (exit) { exit.addEventListener("click", leave); }
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape < 600) { leave(); }
    lastEscape = now;
  });
  // Copy the receipt code.
  var copy = document.getElementById("copy-code");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var code = document.getElementById(copy.getAttribute("data-copy"));
      if (code) { navigator.clipboard.writeText(code.textContent.trim()); }
    });
  }
})();
