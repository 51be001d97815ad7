/* Import job page: polls status.json and moves the progress bar; reloads the page when the job
   has finished (the result is rendered by the server). Without JavaScript the page refreshes itself
   (<noscript> meta refresh). No external code. */
(function () {
  "use strict";
  var box = document.querySelector("[data-impor-status]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-impor-status");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-impor-teks]");
  var delay = 1000;

  function show(state) {
    if (state.total > 0) {
      bar.max = state.total;
      bar.value = state.done;
      bar.textContent = state.persen + "%";
    } else {
      bar.removeAttribute("value"); /* indeterminate while the file is being read */
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
        if (!state.berjalan) {
          window.location.reload();
          return;
        }
        show(state);
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
