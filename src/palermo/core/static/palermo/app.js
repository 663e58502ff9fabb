// Palermo's few lines of page script. The Content-Security-Policy allows no inline script, so
// behaviour that used to sit in on*= attributes lives here, keyed on data- attributes.
"use strict";

document.addEventListener("change", function (event) {
  var field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});

// The main menu's areas are <details> disclosures and work without script; these lines only
// keep one open at a time and close it on Escape or on a click elsewhere, as a menu does.
(function () {
  function menus() {
    return document.querySelectorAll("details[data-nav-menu][open]");
  }
  function closeAll(except) {
    menus().forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu instanceof HTMLDetailsElement && menu.hasAttribute("data-nav-menu") && menu.open) {
      closeAll(menu);
    }
  }, true);
  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element) || !event.target.closest("details[data-nav-menu]")) {
      closeAll(null);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = menus();
    if (!open.length) return;
    open.forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary && menu.contains(document.activeElement)) summary.focus();
    });
  });
})();
