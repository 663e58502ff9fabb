// Renders the API reference with Redoc, served by the app itself (no CDN).
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var container = document.getElementById("redoc-container");
  Redoc.init(container.getAttribute("data-schema-url"), { hideDownloadButton: false }, container);
});
