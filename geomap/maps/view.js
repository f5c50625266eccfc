// geomap's page runtime, part 2 (after runtime.js): what makes a map
// readable at a glance: place labels without collisions, the credits, the
// initial view fitted around the boxes in the corners, and the incident list
// beside the map. Written for geomap (MIT). Everything that reaches innerHTML
// was escaped with html.escape in Python before it was embedded.
(function (root) {
  "use strict";
  var G = root.geomap;
  if (!G || G.view === G.version) { return; }
  G.view = G.version;
  var state = G.state, pane = G.pane, svg = G.svg;

  // Place labels: a candidate is [lat, lon, name, min zoom, class]; class 0
  // incident place, 1 country, 2 city, 3 region. Candidates come ordered by
  // priority; each view places them greedily and drops any that would
  // collide with one already placed or with an incident marker.
  var CLASSES = ["incident", "country", "city", "region"];
  var FONTS = ["600 11px system-ui, sans-serif", "600 11px system-ui, sans-serif",
               "11px system-ui, sans-serif", "italic 10px system-ui, sans-serif"];
  var measurer = null;
  function textWidth(text, cls) {
    if (!measurer) { measurer = document.createElement("canvas").getContext("2d"); }
    measurer.font = FONTS[cls];
    var t = cls === 1 ? text.toUpperCase() : text;
    return measurer.measureText(t).width + (cls === 1 ? 1.2 * t.length : 0);
  }
  function decodeText(html) {
    var t = document.createElement("textarea");
    t.innerHTML = html;
    return t.value;
  }
  G.labels = function (map, group, d) {
    var p = pane(map, "geomapLabels", 460), S = d.s, st = state(map);
    map.getPane(p).style.pointerEvents = "none";
    var box = L.DomUtil.create("div", "geomap-labels");
    var texts = d.c.map(function (c) { return decodeText(S[c[2]]); });
    var widths = {};
    function width(n) {
      if (!(n in widths)) { widths[n] = textWidth(texts[n], d.c[n][4]); }
      return widths[n];
    }
    function hits(b, placed) {
      for (var i = 0; i < placed.length; i++) {
        var o = placed[i];
        if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) { return true; }
      }
      return false;
    }
    function draw() {
      if (!map.hasLayer(group)) { return; }
      box.textContent = "";
      var zoom = map.getZoom(), view = map.getBounds().pad(0.05), placed = [], shown = 0;
      // Incident markers and clusters are obstacles: a label never covers
      // one. Their boxes come from their positions, not from the page, which
      // may still be animating a cluster into place.
      function obstacle(layer) {
        // A cluster's icon is the cluster itself; its divIcon is _iconObj.
        var made = layer._iconObj || layer.options.icon, ic = made && made.options;
        if (!ic || !ic.iconSize || !layer.getLatLng || !view.contains(layer.getLatLng())) {
          return;
        }
        var q = map.latLngToLayerPoint(layer.getLatLng()), size = L.point(ic.iconSize);
        var a = ic.iconAnchor ? L.point(ic.iconAnchor) : size.divideBy(2);
        placed.push([q.x - a.x, q.y - a.y, q.x - a.x + size.x, q.y - a.y + size.y]);
      }
      (st.clusters || []).forEach(function (c) {
        if (c._featureGroup) { c._featureGroup.eachLayer(obstacle); }
      });
      st.points.forEach(function (it) {
        if (it.shown && !it.container._featureGroup && it.container.hasLayer(it.layer)) {
          obstacle(it.layer);
        }
      });
      for (var n = 0; n < d.c.length && shown < 250; n++) {
        var c = d.c[n];
        if (c[3] > zoom || !view.contains([c[0], c[1]])) { continue; }
        if (c[4] === 0 && st.filter && !c[5].some(st.filter)) { continue; }
        var q = map.latLngToLayerPoint([c[0], c[1]]), w = width(n) + 4, h = 14, b;
        if (c[4] === 0) {
          // Beside the incident marker: right of it, else left, else beyond
          // the markers spread around it, below or above.
          var gap = c[6] / 2 + 3, far = 1.8 * c[6] + 4, tries = [
            [q.x + gap, q.y - h / 2], [q.x - gap - w, q.y - h / 2],
            [q.x + far, q.y - h / 2], [q.x - far - w, q.y - h / 2],
            [q.x - w / 2, q.y + far - 2], [q.x - w / 2, q.y - far - h + 2]];
          for (var t = 0; t < tries.length; t++) {
            b = [tries[t][0], tries[t][1], tries[t][0] + w, tries[t][1] + h];
            if (!hits(b, placed)) { break; }
          }
        } else if (c[4] === 2) {
          b = [q.x - 3, q.y - h / 2, q.x + 6 + w, q.y + h / 2];
        } else {
          b = [q.x - w / 2, q.y - h / 2, q.x + w / 2, q.y + h / 2];
        }
        if (hits(b, placed)) { continue; }
        placed.push([b[0] - 2, b[1] - 1, b[2] + 2, b[3] + 1]);
        var el = L.DomUtil.create("div", "geomap-label geomap-label-" + CLASSES[c[4]], box);
        el.textContent = texts[n];
        L.DomUtil.setPosition(el, L.point(Math.round(b[0]), Math.round(b[1])));
        shown++;
      }
    }
    map.getPane(p).appendChild(box);
    map.on("zoomend moveend", draw);
    // Clusters are rebuilt after a zoom, with an animation: draw again then,
    // and once their icons have settled.
    var later = null;
    function settle() {
      clearTimeout(later);
      later = setTimeout(draw, 250);
    }
    (st.clusters || []).forEach(function (c) {
      c.on("animationend spiderfied unspiderfied", draw);
      map.on("zoomend moveend", settle);
      settle();
    });
    group.on("add", draw);
    group.on("remove", function () { box.textContent = ""; });
    st.listeners.push(draw);
    map.whenReady(function () { setTimeout(draw, 0); });
    G._drawLabels = draw;
  };

  // Credits for everything the page draws, in Leaflet's attribution control.
  G.credits = function (map, items) {
    if (!map.attributionControl) { return; }
    items.forEach(function (html) { map.attributionControl.addAttribution(html); });
  };

  // Fit the view to the data, leaving room for the boxes in the corners so
  // that no incident opens hidden under the legend or the info box.
  G.fit = function (map, bounds, maxZoom) {
    var size = map.getSize(), box = map.getContainer();
    function corner(name) {
      var c = box.querySelector(".leaflet-" + name), w = 0;
      if (!c) { return [0, 0]; }
      Array.prototype.forEach.call(c.children, function (el) { w = Math.max(w, el.offsetWidth); });
      return [w, c.offsetHeight];
    }
    var tl = corner("top.leaflet-left"), br = corner("bottom.leaflet-right");
    var bl = corner("bottom.leaflet-left");
    var top = Math.max(tl[1], 40);
    var title = box.querySelector(".geomap-title");
    if (title) { top = Math.max(top, title.offsetHeight + 14); }
    top = Math.min(size.y * 0.3, top + 12);
    // Keep the data clear of the boxes in the bottom corners: beside them,
    // above them, or beside the left ones and above the right one; the
    // choice that shows the data largest wins.
    var cap = function (v, of) { return Math.min(v, of * 0.45); };
    var options = [
      [[50, top], [cap(br[0], size.x) + 20, cap(bl[1], size.y) + 12]],
      [[50, top], [20, cap(Math.max(bl[1], br[1]), size.y) + 12]],
      [[cap(bl[0], size.x) + 20, top], [cap(br[0], size.x) + 20, 12]],
      [[cap(bl[0], size.x) + 20, top], [20, cap(br[1], size.y) + 12]]
    ];
    var best = options[0], bestZoom = -1;
    options.forEach(function (o) {
      var z = map.getBoundsZoom(bounds, false, L.point(o[0]).add(o[1]));
      if (z > bestZoom) { best = o; bestZoom = z; }
    });
    map.fitBounds(bounds, { paddingTopLeft: best[0], paddingBottomRight: best[1],
                            maxZoom: maxZoom, animate: false });
    // Some pages (a headless screenshot, an iframe being laid out) give the
    // map its final size a moment after it is drawn, with no resize event.
    // Check, and frame the data again if nobody has moved the map yet.
    if (!map._gmFitted) {
      map._gmFitted = true;
      var moved = false;
      map.on("dragstart zoomstart", function (e) { if (!e.hard) { moved = moved || !!e.originalEvent; } });
      map.getContainer().addEventListener("pointerdown", function () { moved = true; });
      map.getContainer().addEventListener("wheel", function () { moved = true; });
      [100, 400, 1200].forEach(function (delay) {
        setTimeout(function () {
          var before = map.getSize();
          map.invalidateSize({ animate: false });
          if (!moved && !before.equals(map.getSize())) { G.fit(map, bounds, maxZoom); }
        }, delay);
      });
    }
  };

  // The incident list beside the map: one row per incident, in date order.
  // A click zooms to the incident and opens its popup; rows follow the date
  // filter. Cells are strings escaped in Python (see incidents' payload).
  G.incidentList = function (map, id, limit) {
    var el = document.getElementById(id), st = state(map), d = st.data;
    if (!el || !d) { return; }
    var container = map.getContainer(), host = container.parentNode;
    var body = el.querySelector("tbody"), note = el.querySelector(".geomap-list-note");
    var order = d.i.map(function (r, k) { return k; });
    order.sort(function (a, b) {
      var x = d.i[a][2], y = d.i[b][2];
      return (x < 0 ? 1e9 : x) - (y < 0 ? 1e9 : y) || a - b;
    });
    function open(k) {
      var it = st.byIncident[k];
      if (!it) { return; }
      var layer = it.layer;
      if (layer.getLatLng) {
        if (it.container.zoomToShowLayer) {
          it.container.zoomToShowLayer(layer, function () { layer.openPopup(); });
        } else {
          map.setView(layer.getLatLng(), Math.max(map.getZoom(), 9), { animate: false });
          layer.openPopup();
        }
      } else {
        map.fitBounds(layer.getBounds(), { maxZoom: 9, animate: false });
        layer.openPopup(layer.getBounds().getCenter());
      }
    }
    function render() {
      body.textContent = "";
      var shown = 0, total = 0, S = d.s, rows = [];
      order.forEach(function (k) {
        if (st.filter && !st.filter(k)) { return; }
        total++;
        if (shown >= limit) { return; }
        shown++;
        var r = d.i[k], t = d.t[r[0]];
        rows.push('<tr tabindex="0" data-k="' + k + '"><td>' + (r[4] >= 0 ? S[r[4]] : "undated") +
          "</td><td>" + svg(t.shape, t.colour, 12) + " " + t.label + "</td><td>" +
          (r[8] >= 0 ? S[r[8]] : "") + (r[9] > 1 ? " (approx.)" : "") + "</td><td>" +
          (r[7] >= 0 ? String(r[7]) : "") + "</td></tr>");
      });
      body.innerHTML = rows.join("");
      note.textContent = total > shown ? "First " + shown + " of " + total + " shown." : "";
    }
    body.addEventListener("click", function (e) {
      var tr = e.target.closest("tr[data-k]");
      if (tr) { open(+tr.getAttribute("data-k")); }
    });
    body.addEventListener("keydown", function (e) {
      var tr = e.target.closest("tr[data-k]");
      if (tr && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); open(+tr.getAttribute("data-k")); }
    });
    // Beside the map when there is room, under it otherwise.
    if (host.clientWidth >= 760) {
      el.classList.add("geomap-list-side");
      container.style.width = "calc(100% - " + el.offsetWidth + "px)";
      map.invalidateSize({ animate: false });
    }
    el.hidden = false;
    if (host.clientWidth >= 760) {
      container.style.width = "calc(100% - " + el.offsetWidth + "px)";
      map.invalidateSize({ animate: false });
    }
    st.listeners.push(render);
    render();
  };
}(window));
