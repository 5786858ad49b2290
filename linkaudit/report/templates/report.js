"use strict";
(function () {
  // Tells a reader (or a test) that the script ran under the page's Content-Security-Policy.
  document.documentElement.setAttribute("data-ready", "true");
  // Open each article at its most severe finding, scrolling only the article's own pane.
  document.querySelectorAll(".article").forEach(function (pane) {
    var first = pane.querySelector(".ln.error") || pane.querySelector(".ln.warning") ||
      pane.querySelector(".ln.info");
    if (first) { pane.scrollTop = Math.max(0, first.offsetTop - pane.clientHeight / 3); }
  });
  // Filter a document's table of links as the editor types; nothing else needs a script.
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    var table = document.getElementById(box.getAttribute("data-filter"));
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    box.addEventListener("input", function () {
      var needle = box.value.toLowerCase();
      rows.forEach(function (row) {
        row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
  });
  // Flash the line a finding in the side list points at.
  document.querySelectorAll("a[data-line]").forEach(function (a) {
    a.addEventListener("click", function () {
      var line = document.getElementById(a.getAttribute("data-line"));
      if (!line) { return; }
      line.classList.remove("flash");
      void line.offsetWidth;
      line.classList.add("flash");
    });
  });
})();
