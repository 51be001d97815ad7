// Fairness lens: one horizontal bar chart per dimension with the talent-pool rate of every group
// that is shown with a rate (small groups are not in the data), and the whole population's rate as
// the last bar. The figures come from the json_script block #keadilan-data; the tables beside the
// charts carry the same numbers in words (and the flags), so the charts add nothing a reader needs.
(function () {
  "use strict";
  var sumber = document.getElementById("keadilan-data");
  if (!sumber || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(sumber.textContent);
  var format = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 1 });
  data.dimensi.forEach(function (dimensi) {
    var canvas = document.getElementById("grafik-" + dimensi.kode);
    if (!canvas || !dimensi.kelompok.length) {
      return;
    }
    var labels = dimensi.kelompok.map(function (k) { return k.label; });
    var nilai = dimensi.kelompok.map(function (k) { return k.persen; });
    var warna = dimensi.kelompok.map(function (k) { return k.ditandai ? "#b45309" : "#0b5394"; });
    labels.push(data.label_total);
    nilai.push(data.persen_total);
    warna.push("#9aa3b2");
    // Height follows the number of bars, so a long list of perangkat daerah stays readable.
    canvas.parentNode.style.height = (40 + labels.length * 28) + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: data.label_persen, data: nilai, backgroundColor: warna }] },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { min: 0, suggestedMax: 100, ticks: { callback: function (v) { return format.format(v) + " %"; } } },
          y: { ticks: { autoSkip: false } }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { return format.format(c.parsed.x) + " %"; } } }
        }
      }
    });
  });
})();
