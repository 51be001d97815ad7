/* BKN's national pages: sortable tables, the period selector and the Chart.js charts.
   Data comes from json_script elements (no inline script); every chart's figures are also in a
   table on the page. */
(function () {
  "use strict";

  function sortKey(cell) {
    var raw = cell.getAttribute("data-urut");
    if (raw !== null && raw !== "" && !isNaN(Number(raw))) return { n: Number(raw) };
    return { s: cell.textContent.trim().toLocaleLowerCase("id") };
  }

  function compare(a, b) {
    if ("n" in a && "n" in b) return a.n - b.n;
    if ("n" in a) return -1;
    if ("n" in b) return 1;
    return a.s.localeCompare(b.s, "id");
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = th.querySelector(".tabel-urut__tombol");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(sortKey(r1.cells[index]), sortKey(r2.cells[index]));
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  var WARNA = ["#1f5fa8", "#2f7d32", "#b35c00", "#7b3fa0", "#b3261e", "#00838f"];

  function drawChart(canvas) {
    if (typeof window.Chart === "undefined") return;
    var source = document.getElementById(canvas.getAttribute("data-sumber"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var line = canvas.getAttribute("data-grafik") === "garis";
    var format = new Intl.NumberFormat("id-ID");
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: data.label,
        datasets: data.seri.map(function (seri, i) {
          return {
            label: seri.nama,
            data: seri.data,
            backgroundColor: WARNA[i % WARNA.length],
            borderColor: WARNA[i % WARNA.length],
            tension: 0.2
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return format.format(v); } } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) { return ctx.dataset.label + ": " + format.format(ctx.parsed.y); }
            }
          }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.tabel-urut").forEach(makeSortable);
    document.querySelectorAll("canvas[data-grafik]").forEach(drawChart);
    document.querySelectorAll("select[data-kirim-otomatis]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();
