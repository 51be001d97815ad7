/* Progress of a long job (an import, a bulk recompute): polls the status.json named by
   data-progress-status and moves the <progress> bar and the [data-progress-teks] line; reloads the
   page when the job has finished (the result is rendered by the server). status.json answers
   {selesai, done, total, persen, teks} (apps/core/progress.py). Without JavaScript the page
   refreshes itself (<noscript> meta refresh). No external code. */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-status]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-progress-status");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-teks]");
  var delay = 1000;

  function show(state) {
    if (state.total > 0) {
      bar.max = state.total;
      bar.value = state.done;
      bar.textContent = state.persen + "%";
    } else {
      bar.removeAttribute("value"); /* indeterminate while nothing is counted yet */
    }
    if (text && state.teks) {
      text.textContent = state.teks;
    }
  }

  function poll() {
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.selesai) {
          window.location.reload();
          return;
        }
        delay = 1500;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
