// Palermo's few lines of page script. The Content-Security-Policy allows no inline script, so
// behaviour that used to sit in on*= attributes lives here, keyed on data- attributes.
"use strict";

document.addEventListener("change", function (event) {
  var field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});
