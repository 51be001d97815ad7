/* Rule-set edit form: shows the running sum of each weight group while typing, so a clerk sees
   "95 / 100" before saving. The server validates regardless; without JavaScript the sum shown is
   the one of the last submitted values. No external code. */
(function () {
  "use strict";
  var groups = document.querySelectorAll("fieldset[data-jumlah]");
  Array.prototype.forEach.call(groups, function (group) {
    var inputs = group.querySelectorAll("input[type=number]");
    var out = group.querySelector("[data-jumlah-hasil]");
    if (!out) {
      return;
    }
    function update() {
      var total = 0;
      var ok = true;
      Array.prototype.forEach.call(inputs, function (input) {
        var v = input.value.trim();
        if (!/^-?\d+$/.test(v)) {
          ok = false;
          return;
        }
        total += parseInt(v, 10);
      });
      out.textContent = ok ? String(total) : "—";
      out.parentNode.classList.toggle("aturan-jumlah--salah", !ok || total !== 100);
    }
    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener("input", update);
    });
    update();
  });
})();
