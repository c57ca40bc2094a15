// The map page: Leaflet over the bundled Natural Earth atlas (no tiles are fetched: the UI works
// offline), one marker per point and precision, clustered with leaflet.markercluster. A marker's
// number is its events; its link lists exactly those (the server built it: at=LAT,LON&precision=).
(function () {
  "use strict";
  var holder = document.getElementById("map");
  var status = document.getElementById("map-status");
  if (!holder || typeof L === "undefined") return;
  var points = JSON.parse(document.getElementById("map-data").textContent);
  var LABELS = { city: "city or point", region: "region", country: "country centroid", dateline: "dateline only" };

  var map = L.map(holder, { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");

  function dominant(point) {
    var best = 1;
    [2, 3, 4].forEach(function (q) { if (point["q" + q] > point["q" + best]) best = q; });
    return best;
  }

  function text(tag, value, parent, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  function popup(point) {
    // Names come from articles: they are set as text, never as markup.
    var box = document.createElement("div");
    box.className = "map-popup";
    text("strong", (point.name || "?") + (point.country ? ", " + point.country : ""), box);
    text("div", "Placed at: " + LABELS[point.precision], box, "small");
    if (point.texts && point.texts !== point.name) text("div", "Text: \u201c" + point.texts + "\u201d", box, "small");
    text("div", (point.first_day || "?") + " to " + (point.last_day || "?"), box, "small");
    var counts = text("div", "", box, "small");
    [1, 2, 3, 4].forEach(function (q) {
      if (point["q" + q]) text("span", "QuadClass " + q + ": " + point["q" + q] + "  ", counts);
    });
    var link = text("a", "The " + point.events + " event" + (point.events === 1 ? "" : "s") + " \u2192", box, "point-events");
    link.href = point.href;
    link.setAttribute("data-events", String(point.events));
    return box;
  }

  // A ring that crosses longitude 180 and comes back (Chukotka, Fiji) would be drawn across the
  // whole map: its points past 180 move east instead, where Leaflet draws them next to the rest.
  // (Antarctica, which goes round the pole, crosses once and stays as it is.)
  function mendRing(ring) {
    var jumps = 0, farWest = true;
    ring.forEach(function (xy, i) {
      if (i && Math.abs(xy[0] - ring[i - 1][0]) > 180) jumps += 1;
      if (xy[0] < 0 && xy[0] > -90) farWest = false;
    });
    if (jumps >= 2 && farWest) ring.forEach(function (xy) { if (xy[0] < 0) xy[0] += 360; });
  }
  function mendAntimeridian(geometry) {
    if (!geometry) return;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] :
      geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    polygons.forEach(function (polygon) { polygon.forEach(mendRing); });
  }

  var most = Math.max.apply(null, points.map(function (p) { return p.events; }).concat([1]));
  var clusters = L.markerClusterGroup({
    maxClusterRadius: 36,
    showCoverageOnHover: false,
    iconCreateFunction: function (cluster) {
      var total = 0;
      cluster.getAllChildMarkers().forEach(function (marker) { total += marker.options.events; });
      var size = 26 + Math.round(18 * Math.sqrt(total / most));
      return L.divIcon({ html: "<span>" + total + "</span>", className: "map-cluster", iconSize: [size, size] });
    }
  });
  var markers = [];
  points.forEach(function (point) {
    var size = 16 + Math.round(22 * Math.sqrt(point.events / most));
    var icon = L.divIcon({
      html: "<span>" + point.events + "</span>",
      className: "map-point precision-" + point.precision + " q" + dominant(point),
      iconSize: [size, size]
    });
    var marker = L.marker([point.lat, point.lon], {
      icon: icon, events: point.events, keyboard: true,
      title: (point.name || "?") + ": " + point.events + " events (" + LABELS[point.precision] + ")"
    });
    marker.bindPopup(popup(point));
    markers.push(marker);
    clusters.addLayer(marker);
  });

  function fit(mode) {
    if (mode === "events" && markers.length) {
      var bounds = L.latLngBounds(markers.map(function (m) { return m.getLatLng(); }));
      map.fitBounds(bounds.pad(0.3), { maxZoom: 5 });
    } else {
      map.setView([20, 10], 1.5);
    }
  }

  document.querySelectorAll("#map-zoom a").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      document.querySelectorAll("#map-zoom a").forEach(function (other) { other.classList.toggle("on", other === link); });
      fit(link.dataset.zoom);
    });
  });

  fit(points.length ? "events" : "world");
  fetch("/static/vendor/world-atlas/countries-50m.json")
    .then(function (response) {
      if (!response.ok) throw new Error("atlas: HTTP " + response.status);
      return response.json();
    })
    .then(function (atlas) {
      var land = topojson.feature(atlas, atlas.objects.countries);
      land.features.forEach(function (feature) { mendAntimeridian(feature.geometry); });
      L.geoJSON(land, {
        interactive: false,
        style: function () { return { className: "country", color: "#a7afbb", weight: 0.6, fillColor: "#efeadf", fillOpacity: 1 }; }
      }).addTo(map);
      map.addLayer(clusters);
      holder.setAttribute("data-ready", "1");
    })
    .catch(function (error) {
      map.addLayer(clusters);
      holder.setAttribute("data-ready", "1");
      text("div", "The atlas could not be drawn: " + error.message, status);
    });
})();
