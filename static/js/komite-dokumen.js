/* Progress of the session documents being made (the documents page and the session page's
   documents block): every element with data-dokumen-status names its job's status JSON
   ({selesai, done, total, persen, teks}, apps/core/progress.py); its <progress> and
   [data-dokumen-teks] move as the `reports` worker finishes steps, and the page reloads when a
   job has finished so the server renders its download link. No external code. */
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-dokumen-status]"));
  if (!boxes.length || !window.fetch) {
    return;
  }

  function show(box, state) {
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-dokumen-teks]");
    if (bar) {
      if (state.total > 0) {
        bar.max = state.total;
        bar.value = state.done;
        bar.textContent = state.persen + "%";
      } else {
        bar.removeAttribute("value");
      }
    }
    if (text && state.teks) {
      text.textContent = state.teks;
    }
  }

  function watch(box) {
    var url = box.getAttribute("data-dokumen-status");
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
