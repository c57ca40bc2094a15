// The map page: the bundled Natural Earth atlas (world-atlas) projected with d3-geo, and one circle
// per place and QuadClass. Data comes from the page's JSON block; nothing is fetched but the atlas.
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("map");
  var status = document.getElementById("map-status");
  if (!svg) return;
  var points = JSON.parse(document.getElementById("map-data").textContent);
  var filters = svg.getAttribute("data-filters") || "";
  var width = 960, height = 500;
  var projection = d3.geoNaturalEarth1();
  var path = d3.geoPath(projection);
  var world = null;

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function fit(mode) {
    if (mode === "events" && points.length) {
      var lons = points.map(function (p) { return p.lon; });
      var lats = points.map(function (p) { return p.lat; });
      var west = Math.min.apply(null, lons), east = Math.max.apply(null, lons);
      var south = Math.min.apply(null, lats), north = Math.max.apply(null, lats);
      // Never zoom closer than about 36 by 18 degrees, so a single place still shows its region.
      var padLon = Math.max(18 - (east - west) / 2, (east - west) * 0.15);
      var padLat = Math.max(9 - (north - south) / 2, (north - south) * 0.15);
      west = Math.max(-180, west - padLon); east = Math.min(180, east + padLon);
      south = Math.max(-85, south - padLat); north = Math.min(85, north + padLat);
      projection.fitExtent([[10, 10], [width - 10, height - 10]], {
        type: "MultiPoint", coordinates: [[west, south], [east, north], [west, north], [east, south]]
      });
    } else {
      projection.fitExtent([[4, 4], [width - 4, height - 4]], { type: "Sphere" });
    }
  }

  function placeUrl(point) {
    var query = new URLSearchParams(filters);
    query.set("place", point.name || point.country || "");
    return "/events?" + query.toString();
  }

  function draw(mode) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    fit(mode);
    var clip = element("clipPath", { id: "map-clip" }, element("defs", {}, svg));
    element("rect", { x: 0, y: 0, width: width, height: height }, clip);
    var layer = element("g", { "clip-path": "url(#map-clip)" }, svg);
    element("path", { "class": "sphere", d: path({ type: "Sphere" }) }, layer);
    element("path", { "class": "graticule", d: path(d3.geoGraticule10()) }, layer);
    var land = element("g", { "class": "countries" }, layer);
    topojson.feature(world, world.objects.countries).features.forEach(function (country) {
      var shape = element("path", { "class": "country", d: path(country) || "" }, land);
      element("title", {}, shape).textContent = (country.properties && country.properties.name) || "";
    });
    var most = Math.max.apply(null, points.map(function (p) { return Math.max(p.q1, p.q2, p.q3, p.q4); }).concat([1]));
    var circles = [];
    points.forEach(function (point) {
      var xy = projection([point.lon, point.lat]);
      if (!xy) return;
      [1, 2, 3, 4].forEach(function (q, i) {
        var count = point["q" + q];
        if (!count) return;
        // Classes of one place sit side by side around its point, so none hides another.
        var shift = [[-3, -3], [3, -3], [-3, 3], [3, 3]][i];
        circles.push({ point: point, q: q, count: count, x: xy[0] + shift[0], y: xy[1] + shift[1],
                       r: 3 + 14 * Math.sqrt(count / most) });
      });
    });
    circles.sort(function (a, b) { return b.r - a.r; });
    var dots = element("g", { "class": "points" }, layer);
    circles.forEach(function (c) {
      var link = element("a", { href: placeUrl(c.point), "class": "point-link q" + c.q }, dots);
      var dot = element("circle", { "class": "point q" + c.q, cx: c.x.toFixed(1), cy: c.y.toFixed(1), r: c.r.toFixed(1) }, link);
      element("title", {}, dot).textContent = (c.point.name || "?") + (c.point.country ? ", " + c.point.country : "") +
        ": " + c.count + " events, QuadClass " + c.q + " (" + (c.point.first_day || "?") + " to " + (c.point.last_day || "?") + ")";
    });
    applyToggles();
  }

  function applyToggles() {
    document.querySelectorAll("#quad-toggles input[data-quad]").forEach(function (box) {
      svg.querySelectorAll("a.point-link.q" + box.dataset.quad).forEach(function (node) {
        node.style.display = box.checked ? "" : "none";
      });
    });
  }

  document.querySelectorAll("#quad-toggles input").forEach(function (box) { box.addEventListener("change", applyToggles); });
  document.querySelectorAll("#map-zoom a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      document.querySelectorAll("#map-zoom a").forEach(function (other) { other.classList.toggle("on", other === link); });
      if (world) draw(link.dataset.zoom);
    });
  });

  fetch("/static/vendor/world-atlas/countries-50m.json")
    .then(function (response) {
      if (!response.ok) throw new Error("atlas: HTTP " + response.status);
      return response.json();
    })
    .then(function (atlas) { world = atlas; draw(points.length ? "events" : "world"); svg.setAttribute("data-ready", "1"); })
    .catch(function (error) { status.textContent = "The map could not be drawn: " + error.message; });
})();
