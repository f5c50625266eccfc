// geomap's page runtime: builds Leaflet layers from the JSON payloads that
// geomap.maps embeds, plus the legend, date filter and controls.
// Everything that reaches innerHTML here was escaped with html.escape in
// Python before it was embedded; this code only concatenates those escaped
// strings with fixed markup. Written for geomap (MIT).
(function (root) {
  "use strict";
  var VERSION = "1";
  if (root.geomap && root.geomap.version === VERSION) { return; }

  // folium's Popup template calls $(html)[0] and its Map template
  // $(document).ready(fn). Offline pages carry no jQuery, so provide exactly
  // those two behaviours, and nothing at all when a real jQuery is present.
  if (typeof root.$ === "undefined") {
    var ready = function (fn) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", fn);
      } else { fn(); }
    };
    root.$ = function (arg) {
      if (typeof arg === "function") { ready(arg); return undefined; }
      if (arg === document) { return { ready: ready }; }
      if (typeof arg === "string") {
        var t = document.createElement("template");
        t.innerHTML = arg.trim();
        return Array.prototype.slice.call(t.content.childNodes);
      }
      return [arg];
    };
  }

  var SHAPES = /*SHAPES*/{};
  var G = { version: VERSION };

  function svg(shape, colour, size, stroke) {
    return '<svg viewBox="0 0 24 24" width="' + size + '" height="' + size +
      '" aria-hidden="true"><g fill="' + colour + '" stroke="' + (stroke || "#1a1a1a") +
      '" stroke-width="1.5" stroke-linejoin="round">' + SHAPES[shape] + "</g></svg>";
  }
  G.svg = svg;

  // (dx, dy): a pixel offset from the marker's true point, for markers
  // spread apart around a point they share (see spread()).
  var icons = {};
  function icon(shape, colour, size, cls, dx, dy, stroke) {
    dx = dx || 0; dy = dy || 0;
    var key = [shape, colour, size, cls, dx, dy, stroke].join("|");
    if (!icons[key]) {
      icons[key] = L.divIcon({
        className: "geomap-icon " + cls,
        html: svg(shape, colour, size, stroke),
        iconSize: [size, size],
        iconAnchor: [size / 2 - dx, size / 2 - dy],
        popupAnchor: [0, -size / 2],
        tooltipAnchor: [size / 2, 0]
      });
    }
    return icons[key];
  }

  // Incident markers that would overlap at the current zoom (the same
  // point, or points a few pixels apart) are spread on a small circle around
  // their centre instead of stacking, each joined by a thin leg to its true
  // point, so every one stays visible and clickable. Redone at every zoom and
  // date-filter change; used when markers are not clustered (a cluster group
  // spiderfies on click itself).
  function declutter(map, items) {
    var p = pane(map, "geomapSpider", 590), layer = L.layerGroup().addTo(map);
    map.getPane(p).style.pointerEvents = "none";
    function run() {
      layer.clearLayers();
      var groups = [];
      items.forEach(function (it) {
        if (!it.point.shown || !map.hasLayer(it.layer)) { return; }
        var q = map.latLngToLayerPoint(it.latlng), best = null;
        for (var g = 0; g < groups.length && !best; g++) {
          var m = groups[g];
          if (q.distanceTo(m.at) < (it.size + m.big) / 2 + 2) { best = m; }
        }
        if (best) {
          best.members.push([it, q]);
          best.big = Math.max(best.big, it.size);
        } else {
          groups.push({ at: q, big: it.size, members: [[it, q]] });
        }
      });
      groups.forEach(function (g) {
        var n = g.members.length;
        if (n === 1) { g.members[0][0].move(0, 0); return; }
        var cx = 0, cy = 0;
        g.members.forEach(function (m) { cx += m[1].x / n; cy += m[1].y / n; });
        var r = Math.max(g.big * 0.8, (g.big + 4) * n / (2 * Math.PI));
        g.members.forEach(function (m, j) {
          var a = -Math.PI / 2 + (2 * Math.PI * j) / n;
          var tx = cx + r * Math.cos(a), ty = cy + r * Math.sin(a);
          m[0].move(Math.round(tx - m[1].x), Math.round(ty - m[1].y));
          var end = map.layerPointToLatLng(L.point(tx, ty));
          layer.addLayer(L.polyline([m[0].latlng, end], { pane: p, color: "#1a1a1a",
                                                           weight: 1, opacity: 0.7,
                                                           interactive: false }));
          layer.addLayer(L.circleMarker(m[0].latlng, { pane: p, radius: 2, color: "#1a1a1a",
                                                       weight: 1, fillColor: "#fff",
                                                       fillOpacity: 1, interactive: false }));
        });
      });
    }
    map.on("zoomend", run);
    state(map).listeners.push(run);
    return run;
  }

  // Cluster icons show the count on a ring split by event-type colour, so a
  // cluster says what it holds; the plugin's default green/yellow/orange
  // (by count) would read as event types.
  function clusterIcon(colourOf) {
    return function (cluster) {
      var markers = cluster.getAllChildMarkers(), n = markers.length, counts = {};
      markers.forEach(function (m) {
        var c = colourOf(m);
        counts[c] = (counts[c] || 0) + 1;
      });
      var at = 0, stops = Object.keys(counts).sort().map(function (c) {
        var end = at + (100 * counts[c]) / n;
        var stop = c + " " + at.toFixed(1) + "% " + end.toFixed(1) + "%";
        at = end;
        return stop;
      });
      var size = Math.round(28 + Math.min(20, 8 * Math.log10(n)));
      return L.divIcon({
        className: "geomap-cluster", iconSize: [size, size],
        html: '<div style="background: conic-gradient(' + stops.join(", ") + ')"><span>' + n +
          "</span></div>"
      });
    };
  }

  // Per-map registry: the date filter and actor links find incidents here.
  function state(map) {
    if (!map._geomap) {
      map._geomap = { points: [], areas: [], links: [], listeners: [], byIncident: {} };
    }
    return map._geomap;
  }
  G.state = state;
  G.pane = function (map, name, zIndex) { return pane(map, name, zIndex); };

  function pane(map, name, zIndex) {
    if (!map.getPane(name)) {
      var p = map.createPane(name);
      p.style.zIndex = zIndex;
    }
    return name;
  }

  function row(label, value) {
    return value ? "<tr><th>" + label + "</th><td>" + value + "</td></tr>" : "";
  }
  function str(S, i) { return i >= 0 ? S[i] : ""; }
  function sourceHtml(text) {
    // Escaped upstream, so quotes cannot leave the attribute; only http(s)
    // becomes a link, never javascript: or data:.
    if (/^https?:\/\/[^\s]+$/i.test(text)) {
      return '<a href="' + text + '" target="_blank" rel="noopener noreferrer">' + text + "</a>";
    }
    return text;
  }
  var PRECISION = {
    1: "exact place",
    2: "approximate: near the place or part of a region",
    3: "approximate: somewhere in a large region"
  };

  // Incident record: [type, size, dateIndex, subType, dateLabel, actor1,
  // actor2, fatalities, location, precision, evidence, source, injured]
  function incidentHtml(d, k) {
    var r = d.i[k], S = d.s, t = d.t[r[0]];
    var actors = [str(S, r[5]), str(S, r[6])].filter(Boolean).join(" &#8596; ");
    return '<div class="geomap-popup"><div class="geomap-popup-head">' +
      svg(t.shape, t.colour, 16) + " <b>" + t.label + "</b>" +
      (r[3] >= 0 ? " &middot; " + S[r[3]] : "") + "</div><table>" +
      row("Date", str(S, r[4])) + row("Actors", actors) +
      row("Location", str(S, r[8])) +
      row("Precision", PRECISION[r[9]] || "") +
      row("Fatalities", r[7] >= 0 ? String(r[7]) : "") +
      row("Injured", r[12] >= 0 ? String(r[12]) : "") +
      "</table>" +
      (r[10] >= 0 ? '<blockquote class="geomap-evidence">' + S[r[10]] + "</blockquote>" : "") +
      (r[11] >= 0 ? '<div class="geomap-source">Source: ' + sourceHtml(S[r[11]]) + "</div>" : "") +
      "</div>";
  }
  function incidentTip(d, k) {
    var r = d.i[k], S = d.s;
    return d.t[r[0]].label + (r[4] >= 0 ? ", " + S[r[4]] : "") + (r[8] >= 0 ? ", " + S[r[8]] : "");
  }

  function visibleIncidents(map, ks) {
    var f = state(map).filter;
    return f ? ks.filter(function (k) { return f(k); }) : ks;
  }

  function areaStyle(d, ks) {
    // An area drawn for several incidents takes the colour of the most common
    // type among those currently shown.
    var counts = {}, best = ks.length ? d.i[ks[0]][0] : 0;
    ks.forEach(function (k) {
      var t = d.i[k][0];
      counts[t] = (counts[t] || 0) + 1;
      if (counts[t] > (counts[best] || 0)) { best = t; }
    });
    var c = d.t[best].colour;
    return { color: c, fillColor: c, weight: 2, dashArray: "6 5",
             fillOpacity: Math.min(0.35, 0.08 + 0.03 * ks.length), opacity: 0.9 };
  }

  G.incidents = function (map, group, d, opts) {
    var st = state(map);
    st.data = d;
    var container = group;
    if (opts.cluster) {
      container = L.markerClusterGroup({ chunkedLoading: true, maxClusterRadius: 50,
                                         showCoverageOnHover: false,
                                         iconCreateFunction: clusterIcon(function (m) {
                                           return d.t[d.i[m._gmIncident][0]].colour;
                                         }) });
      group.addLayer(container);
      (st.clusters = st.clusters || []).push(container);
    }
    var markers = [], loose = [];
    d.p.forEach(function (p) {
      var k = p[2], r = d.i[k], t = d.t[r[0]];
      var m = L.marker([p[0], p[1]], { icon: icon(t.shape, t.colour, r[1], "geomap-incident"),
                                       riseOnHover: true, zIndexOffset: 1000 });
      m._gmIncident = k;
      m.bindPopup(function () { return incidentHtml(d, k); }, { maxWidth: 360 });
      m.bindTooltip(function () { return incidentTip(d, k); }, { direction: "top" });
      markers.push(m);
      var point = { layer: m, container: container, k: k, shown: true };
      st.points.push(point);
      st.byIncident[k] = { layer: m, container: container };
      loose.push({ layer: m, point: point, latlng: L.latLng(p[0], p[1]), size: r[1],
                   dx: 0, dy: 0, move: function (dx, dy) {
                     if (dx === this.dx && dy === this.dy) { return; }
                     this.dx = dx; this.dy = dy;
                     m.setIcon(icon(t.shape, t.colour, r[1], "geomap-incident", dx, dy));
                   } });
    });
    if (opts.cluster) { container.addLayers(markers); }
    else {
      markers.forEach(function (m) { container.addLayer(m); });
      if (loose.length <= 1500) {
        var run = declutter(map, loose);
        map.whenReady(function () { run(); });
      }
    }

    // Areas that hold approximate incidents: shaded, above mentioned areas
    // and places, below every marker.
    var ap = pane(map, "geomapIncidentAreas", 390);
    d.a.forEach(function (a) {
      var ks = a.i, layer;
      if (a.g) {
        layer = L.geoJSON(a.g, { pane: ap, style: areaStyle(d, ks) });
      } else {
        layer = L.circle([a.c[0], a.c[1]], L.extend({ radius: a.c[2], pane: ap },
                                                     areaStyle(d, ks)));
      }
      layer.bindPopup(function () {
        var shown = visibleIncidents(map, ks);
        var head = '<div class="geomap-popup-area">' + shown.length + " incident" +
          (shown.length === 1 ? "" : "s") + " located only to " + a.n + "</div>";
        return '<div class="geomap-popup-list">' + head +
          shown.slice(0, 25).map(function (k) { return incidentHtml(d, k); }).join("<hr>") +
          (shown.length > 25 ? "<p>and " + (shown.length - 25) + " more</p>" : "") + "</div>";
      }, { maxWidth: 380, maxHeight: 360 });
      layer.bindTooltip(function () {
        return a.n + ": " + visibleIncidents(map, ks).length + " incident(s), approximate";
      }, { sticky: true });
      group.addLayer(layer);
      st.areas.push({ layer: layer, group: group, ks: ks, shown: true, data: d });
      ks.forEach(function (k) { st.byIncident[k] = { layer: layer, container: group }; });
    });
  };

  // Link record: [actor row, incident [lat, lon], incident index]. With many
  // links the lines would bury the map, so they are drawn for one actor at a
  // time, while its popup is open.
  G.actors = function (map, group, d, opts) {
    var st = state(map), S = d.s, byActor = {};
    d.l.forEach(function (l) { (byActor[l[0]] = byActor[l[0]] || []).push(l); });
    // Actors sit below places and incidents: context, not events.
    var ap = pane(map, "geomapActors", 450), lp = pane(map, "geomapLinks", 440);
    function line(a, l) {
      return L.polyline([l[1], [a[0], a[1]]], { color: "#243447", weight: 1.4, opacity: 0.55,
                                               dashArray: "3 5", interactive: false,
                                               pane: lp, className: "geomap-link" });
    }
    d.a.forEach(function (a, n) {
      var links = byActor[n] || [];
      var m = L.marker([a[0], a[1]], { icon: icon("pentagon", "#5c6b7a", 12, "geomap-actor",
                                                  0, 0, "#ffffff"),
                                       pane: ap, opacity: 0.85 });
      m.bindPopup('<div class="geomap-popup"><div class="geomap-popup-head">' +
        svg("pentagon", "#243447", 16) + " <b>" + S[a[2]] + "</b></div><table>" +
        row("Kind", str(S, a[3])) + row("Role", str(S, a[4])) +
        row("Affiliation", str(S, a[5])) + row("Place", str(S, a[7])) +
        row("Located by", str(S, a[6])) +
        row("Incidents naming it", links.length ? String(links.length) : "") +
        "</table></div>", { maxWidth: 320 });
      m.bindTooltip(S[a[2]], { direction: "top" });
      group.addLayer(m);
      if (opts.linksOnDemand) {
        var shown = [];
        m.on("popupopen", function () {
          shown = links.filter(function (l) { return !st.filter || st.filter(l[2]); })
            .map(function (l) { return line(a, l).addTo(group); });
        });
        m.on("popupclose", function () {
          shown.forEach(function (x) { group.removeLayer(x); });
          shown = [];
        });
      } else {
        links.forEach(function (l) {
          var x = line(a, l);
          group.addLayer(x);
          st.links.push({ layer: x, group: group, k: l[2], shown: true });
        });
      }
    });
  };

  // Mentioned places are small dots, never clustered: a cluster bubble would
  // look like incidents and hide how widely the text ranged.
  G.places = function (map, group, d) {
    var S = d.s, container = group, pp = pane(map, "geomapPlaces", 420);
    d.p.forEach(function (p) {
      var html = '<div class="geomap-popup"><div class="geomap-popup-head"><b>' + S[p[2]] +
        "</b> (" + S[p[3]] + ")</div><table>" +
        row("Mentioned", p[5] + " time" + (p[5] === 1 ? "" : "s")) +
        row("As", S[p[6]]) + row("Precision", PRECISION[p[4]] || "") + "</table></div>";
      var layer;
      if (p[7] > 0) {
        layer = L.circle([p[0], p[1]], { radius: p[7], color: "#555", weight: 1.5, pane: pp,
                                          dashArray: "4 4", fill: false });
        group.addLayer(layer);
      } else {
        layer = L.circleMarker([p[0], p[1]], { radius: 3.5, color: "#fff", weight: 1, pane: pp,
                                                fillColor: "#444", fillOpacity: 0.9 });
        container.addLayer(layer);
      }
      layer.bindPopup(html, { maxWidth: 300 });
      layer.bindTooltip(S[p[2]]);
    });
  };

  G.areas = function (map, group, d) {
    var S = d.s, p = pane(map, "geomapAreas", 350);
    d.a.forEach(function (a) {
      // Outlined, never shaded: only areas holding incidents are shaded.
      var layer = L.geoJSON(a[0], { pane: p, style: { color: "#6a4c93", weight: 1.3,
                                                     opacity: 0.7, dashArray: "1 4",
                                                     fill: false } });
      layer.bindPopup('<div class="geomap-popup"><div class="geomap-popup-head"><b>' + S[a[1]] +
        "</b> (" + S[a[2]] + ")</div><table>" + row("Mentions", String(a[3])) +
        row("Incidents located to it", String(a[4])) + "</table></div>", { maxWidth: 300 });
      layer.bindTooltip(S[a[1]], { sticky: true });
      group.addLayer(layer);
    });
  };

  // Rings of delta-encoded integers (1/1000 degree), see geomap.maps.basemap.
  function decode(polygons) {
    return polygons.map(function (rings) {
      return rings.map(function (ring) {
        var out = [], x = 0, y = 0;
        for (var i = 0; i < ring.length; i += 2) {
          x += ring[i]; y += ring[i + 1];
          out.push([y / 1000, x / 1000]);
        }
        return out;
      });
    });
  }

  G.basemap = function (map, group, d) {
    // Drawn under everything and never interactive: it replaces tiles, it is
    // not data. One level of detail everywhere: countries are their regions
    // dissolved, so the two sets of borders meet.
    var p = pane(map, "geomapBasemap", 250);
    map.getPane(p).style.pointerEvents = "none";
    var styles = {
      countries: { color: "#9a9386", weight: 1, fillColor: "#f6f3ec",
                   fillOpacity: d.fill ? 1 : 0 },
      admin1: { color: "#c4bdb1", weight: 0.7, dashArray: "3 3", fill: false }
    };
    var layers = {};
    ["countries", "admin1"].forEach(function (name) {
      layers[name] = L.layerGroup();
      (d[name] || []).forEach(function (g) {
        layers[name].addLayer(L.polygon(decode(g), L.extend({ pane: p, interactive: false,
                                                              smoothFactor: 0.5 },
                                                            styles[name])));
      });
    });
    group.addLayer(layers.countries);
    // Lakes over the land, in the sea's colour; rivers as thin blue lines.
    (d.lakes || []).forEach(function (g) {
      layers.countries.addLayer(L.polygon(decode(g), { pane: p, interactive: false, weight: 0.6,
                                                       color: "#9cbcd0", fillColor: "#d4e4ee",
                                                       fillOpacity: d.fill ? 1 : 0.6 }));
    });
    layers.rivers = L.layerGroup();
    (d.rivers || []).forEach(function (r) {
      layers.rivers.addLayer(L.polyline(decode([[r]])[0][0], { pane: p, interactive: false,
                                                               color: "#8fb4cc", weight: 1,
                                                               opacity: 0.9 }));
    });
    // Region borders and rivers only from zoom 4: on a world view they are a mesh.
    function regions() {
      var z = map.getZoom();
      // The rivers' data is coarse: closer in, their straight segments would
      // cross towns where no river runs.
      [["admin1", z >= ADMIN1_ZOOM], ["rivers", z >= ADMIN1_ZOOM && z <= RIVERS_MAX_ZOOM]]
        .forEach(function (item) {
          var layer = layers[item[0]], on = item[1];
          if (on && !group.hasLayer(layer)) { group.addLayer(layer); }
          if (!on && group.hasLayer(layer)) { group.removeLayer(layer); }
        });
    }
    map.on("zoomend", regions);
    // A renderer redraws its area on moveend only; after the page resizes
    // the map (a screenshot's window, the incident list) make it redraw, or
    // a strip at the edge stays empty.
    map.on("resize", function () { setTimeout(function () { map.fire("moveend"); }, 0); });
    regions();
  };
  var ADMIN1_ZOOM = 4, RIVERS_MAX_ZOOM = 7.5;

  function moveIntoControl(map, id, position) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var C = L.Control.extend({ onAdd: function () {
      L.DomEvent.disableClickPropagation(el);
      L.DomEvent.disableScrollPropagation(el);
      // On a small map an open legend would cover the data: start folded.
      var fold = el.querySelector("details[data-fold-below]");
      if (fold && map.getSize().y < +fold.getAttribute("data-fold-below")) { fold.open = false; }
      return el;
    } });
    return new C({ position: position }).addTo(map);
  }
  G.control = moveIntoControl;

  G.title = function (map, id) {
    var el = document.getElementById(id);
    if (el) {
      map.getContainer().appendChild(el);
      el.hidden = false;
      L.DomEvent.disableClickPropagation(el);
    }
  };

  function setShown(item, on, container) {
    if (item.shown === on) { return false; }
    item.shown = on;
    if (on) { container.addLayer(item.layer); } else { container.removeLayer(item.layer); }
    return true;
  }

  G.applyFilter = function (map, test) {
    var st = state(map);
    st.filter = test;
    var add = new Map(), remove = new Map();
    st.points.forEach(function (it) {
      var on = test(it.k);
      if (on === it.shown) { return; }
      it.shown = on;
      var bucket = on ? add : remove;
      if (!bucket.has(it.container)) { bucket.set(it.container, []); }
      bucket.get(it.container).push(it.layer);
    });
    // Marker clusters rebuild once per batch instead of once per marker.
    remove.forEach(function (layers, c) {
      if (c.removeLayers) { c.removeLayers(layers); }
      else { layers.forEach(function (l) { c.removeLayer(l); }); }
    });
    add.forEach(function (layers, c) {
      if (c.addLayers) { c.addLayers(layers); }
      else { layers.forEach(function (l) { c.addLayer(l); }); }
    });
    st.areas.forEach(function (it) {
      var ks = it.ks.filter(test);
      setShown(it, ks.length > 0, it.group);
      if (ks.length) { it.layer.setStyle(areaStyle(it.data, ks)); }
    });
    st.links.forEach(function (it) { setShown(it, test(it.k), it.group); });
    st.listeners.forEach(function (fn) { fn(); });
  };

  G.dateFilter = function (map, id, dates) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var from = el.querySelector(".geomap-from"), to = el.querySelector(".geomap-to");
    var undated = el.querySelector(".geomap-undated"), label = el.querySelector(".geomap-range");
    var reset = el.querySelector(".geomap-reset");
    function update() {
      var lo = Math.min(+from.value, +to.value), hi = Math.max(+from.value, +to.value);
      var keepUndated = !undated || undated.checked;
      var d = state(map).data;
      var test = function (k) {
        var di = d.i[k][2];
        return di < 0 ? keepUndated : di >= lo && di <= hi;
      };
      G.applyFilter(map, test);
      var n = 0;
      for (var k = 0; k < d.i.length; k++) { if (test(k)) { n++; } }
      label.textContent = dates[lo] + (lo === hi ? "" : " \u2013 " + dates[hi]) +
        " \u00b7 " + n + " of " + d.i.length + " incidents shown";
    }
    [from, to].forEach(function (input) { input.addEventListener("input", update); });
    if (undated) { undated.addEventListener("change", update); }
    reset.addEventListener("click", function () {
      from.value = 0; to.value = dates.length - 1;
      if (undated) { undated.checked = true; }
      update();
    });
    moveIntoControl(map, id, "bottomleft");
    update();
  };

  root.geomap = G;
}(window));
