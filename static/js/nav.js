// Close an open menu group when another opens, on a click elsewhere, or on Escape.
(function () {
  "use strict";
  function groups() { return document.querySelectorAll(".topbar__nav details.nav-group"); }
  document.addEventListener("click", function (event) {
    groups().forEach(function (group) {
      if (!group.contains(event.target)) { group.removeAttribute("open"); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    groups().forEach(function (group) {
      if (group.open) { group.removeAttribute("open"); group.querySelector("summary").focus(); }
    });
  });
})();
