// Follows a report's generation: polls its status (JSON) until it has finished, then shows the
// download link or the error. No inline script: the page's CSP allows only 'self'.
(function () {
  "use strict";
  var POLL_MS = 1500;

  function follow(box) {
    var url = box.getAttribute("data-status-url");
    if (!url) {
      return;
    }
    function field(name) {
      return box.querySelector('[data-field="' + name + '"]');
    }
    function show(state) {
      var label = field("status_label");
      var percent = field("progress");
      var bar = box.querySelector("progress");
      if (label) { label.textContent = state.status_label; }
      if (percent) { percent.textContent = String(state.progress); }
      if (bar) { bar.value = state.progress; }
      var error = field("error");
      if (error) {
        error.textContent = state.error || "";
        error.hidden = !state.error;
      }
      var download = field("download");
      var link = field("download_link");
      if (download && link && state.download_url) {
        link.setAttribute("href", state.download_url);
        download.hidden = false;
      }
    }
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (state) {
          show(state);
          if (!state.finished) { window.setTimeout(poll, POLL_MS); }
        })
        .catch(function () { window.setTimeout(poll, POLL_MS * 4); });
    }
    if (box.getAttribute("data-finished") !== "true") {
      window.setTimeout(poll, POLL_MS);
    }
  }

  function start() {
    var boxes = document.querySelectorAll("[data-status-url]");
    for (var i = 0; i < boxes.length; i += 1) { follow(boxes[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
