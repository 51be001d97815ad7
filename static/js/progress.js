/* Progress of long jobs (an import, a bulk recompute, report and session documents): every element
   with data-progress-status names its job's status.json; its <progress> bar and [data-progress-teks]
   line move as the worker finishes steps, and the page reloads when a job has finished (the result
   is rendered by the server). status.json answers {selesai, done, total, persen, teks}
   (apps/core/progress.py). Without JavaScript the page
   refreshes itself (<noscript> meta refresh). No external code. */
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-progress-status]"));
  if (!boxes.length || !window.fetch) {
    return;
  }

  function show(box, state) {
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-teks]");
    if (bar) {
      if (state.total > 0) {
        bar.max = state.total;
        bar.value = state.done;
        bar.textContent = state.persen + "%";
      } else {
        bar.removeAttribute("value"); /* indeterminate while nothing is counted yet */
      }
    }
    if (text && state.teks) {
      text.textContent = state.teks;
    }
  }

  function watch(box) {
    var url = box.getAttribute("data-progress-status");
    var delay = 1000;

    function poll() {
      window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (state) {
          show(box, state);
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
  }

  boxes.forEach(watch);
})();
