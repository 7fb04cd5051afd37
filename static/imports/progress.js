// The progress of an import's validation or write, polled without reloading; the page reloads
// once to show the preview when the work is done.
(function () {
  "use strict";
  const box = document.querySelector("[data-import-progress]");
  if (!box) {
    return;
  }
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");
  function poll() {
    fetch(box.dataset.importProgress, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        bar.value = data.percent;
        text.textContent = data.status_display + " — " + data.percent + "%";
        if (data.running) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
