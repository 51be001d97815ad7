/* Bulk recompute page: polls status.json and moves the progress bar; reloads the page when the
   job has finished (the result is rendered by the server). Without JavaScript the page refreshes
   itself (<noscript> meta refresh). No external code. */
(function () {
  "use strict";
  var box = document.querySelector("[data-hitung-ulang-status]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-hitung-ulang-status");
  var template = box.getAttribute("data-teks") || "";
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-hitung-ulang-teks]");
  var lang = document.documentElement.lang || "id";
  var delay = 1000;

  function angka(n) {
    return Number(n).toLocaleString(lang);
  }

  function show(state) {
    bar.max = state.total > 0 ? state.total : 1;
    bar.value = state.diproses;
    bar.textContent = state.persen + "%";
    if (text && template) {
      text.textContent = template
        .replace("{diproses}", angka(state.diproses))
        .replace("{total}", angka(state.total))
        .replace("{persen}", String(state.persen));
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
