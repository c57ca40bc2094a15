// The overview's timeline brush: drag across the bars to scope every panel (and the URL) to those
// periods; a click without a drag follows the bar's link to the events it counts.
(function () {
  "use strict";
  var box = document.getElementById("timeline-brush");
  var data = document.getElementById("timeline-periods");
  if (!box || !data) return;
  var svg = box.querySelector("svg.timeline");
  var shade = document.getElementById("brush-selection");
  if (!svg) return;
  var periods = JSON.parse(data.textContent);
  var left = parseFloat(box.dataset.left), right = parseFloat(box.dataset.right);
  var width = parseFloat(box.dataset.width);
  var start = null, dragged = false;

  function index(clientX) {
    var rect = svg.getBoundingClientRect();
    var x = (clientX - rect.left) * width / rect.width;
    var slot = (right - left) / periods.length;
    return Math.max(0, Math.min(periods.length - 1, Math.floor((x - left) / slot)));
  }

  function show(a, b) {
    var rect = svg.getBoundingClientRect(), outer = box.getBoundingClientRect();
    var slot = (right - left) / periods.length * rect.width / width;
    var x0 = rect.left - outer.left + left * rect.width / width + Math.min(a, b) * slot;
    shade.hidden = false;
    shade.style.left = x0 + "px";
    shade.style.width = (Math.abs(b - a) + 1) * slot + "px";
    shade.style.top = (rect.top - outer.top) + "px";
    shade.style.height = rect.height + "px";
  }

  box.addEventListener("pointerdown", function (event) {
    if (event.button !== 0 || !periods.length) return;
    event.preventDefault();  // no native drag of the bars' links
    start = { x: event.clientX, i: index(event.clientX) };
    dragged = false;
    box.setPointerCapture(event.pointerId);
  });
  box.addEventListener("pointermove", function (event) {
    if (!start) return;
    if (Math.abs(event.clientX - start.x) > 4) dragged = true;
    if (dragged) show(start.i, index(event.clientX));
  });
  box.addEventListener("pointerup", function (event) {
    if (!start) return;
    var first = start.i, last = index(event.clientX);
    var wasDrag = dragged;
    start = null;
    if (!wasDrag) {
      // A click: follow the bar under the pointer, if any.
      var under = document.elementFromPoint(event.clientX, event.clientY);
      var link = under && under.closest ? under.closest("a.bar-link") : null;
      if (link) window.location.href = link.getAttribute("href");
      return;
    }
    var a = Math.min(first, last), b = Math.max(first, last);
    var query = new URLSearchParams(box.dataset.base || "");
    query.set("since", periods[a][0]);
    query.set("until", periods[b][1]);
    box.setAttribute("data-brushed", periods[a][0] + "/" + periods[b][1]);
    window.location.href = "/?" + query.toString();
  });
  // The pointer handlers decide for the mouse; a keyboard's Enter (detail 0) follows the link.
  box.addEventListener("click", function (event) {
    if (event.detail !== 0 && event.target.closest && event.target.closest("a.bar-link")) event.preventDefault();
  });
})();
