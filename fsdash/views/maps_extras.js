// --------------------------------------------------------------------------- régions, labels, legend, insets, search
// (maps_extras.js)

function regionsLayer(map, regions) {
  const features = regions.geometries.map((g, i) => ({ type: "Feature", geometry: g, properties: { r: regions.codes[i] } }));
  return L.geoJSON({ type: "FeatureCollection", features: features }, {
    style: { className: "fsdash-region", color: "#161616", weight: 1.6, opacity: 0.8, fill: false },
    interactive: false,
  }).addTo(map);
}

// Département codes from zoom 7, names beside them from zoom 8.5.
function labelsLayer(state, map) {
  const group = L.layerGroup();
  const spans = [];
  state.contours.labels.forEach((point, i) => {
    if (point[0] === null || point[0] === undefined) { return; }
    const span = el("span", state.contours.codes[i], "fsdash-label-text");
    spans.push([span, i]);
    group.addLayer(L.marker(point, { icon: L.divIcon({ className: "fsdash-label", html: span, iconSize: null }),
      interactive: false, keyboard: false }));
  });
  const update = () => {
    const zoom = map.getZoom();
    if (zoom >= 7 && !map.hasLayer(group)) { group.addTo(map); }
    if (zoom < 7 && map.hasLayer(group)) { map.removeLayer(group); }
    spans.forEach(([span, i]) => {
      span.textContent = zoom >= 8.5 ? state.contours.codes[i] + " " + state.contours.names[i] : state.contours.codes[i];
    });
  };
  map.on("zoomend", update);
  update();
}

// Rows: [label, swatch background, count or null, round, ring colour or null].
function legendRows(state, box) {
  const legend = state.data.legend;
  box.replaceChildren();
  box.appendChild(el("strong", legend.title));
  const list = el("ul");
  legend.items.forEach((item) => {
    const row = el("li");
    const swatch = el("span", null, "fsdash-swatch" + (item[3] ? " fsdash-swatch-site" : ""));
    swatch.style.background = item[1];
    if (item[4]) { swatch.style.border = "3px solid " + item[4]; }
    row.appendChild(swatch);
    row.appendChild(document.createTextNode(item[0] + (item[2] === null ? "" : " (" + item[2] + ")")));
    list.appendChild(row);
  });
  box.appendChild(list);
}

function legendControl(state, map) {
  const control = L.control({ position: "bottomright" });
  control.onAdd = () => {
    const box = el("div", null, "fsdash-legend");
    state.legendBox = box;
    legendRows(state, box);
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  control.addTo(map);
}

function updateLegend(state) {
  if (state.legendBox) { legendRows(state, state.legendBox); }
}

// The département on the main map: fitted, its popup open (insets, search).
function focusDepartement(state, code) {
  const bounds = boundsOf(state, code);
  if (!bounds) { return; }
  state.map.fitBounds(bounds, { padding: [20, 20] });
  state.main.eachLayer((path) => {
    if (path.feature && path.feature.properties.c === code) {
      const i = path.feature.properties.i;
      const point = state.contours.labels[i];
      path.openPopup(point && point[0] !== null ? L.latLng(point) : bounds.getCenter());
    }
  });
}

// Overseas territories beside metropolitan France, coloured by status, clickable.
function insets(state, box, codes) {
  if (!codes.length) { return []; }
  const strip = el("div", null, "fsdash-insets");
  strip.setAttribute("role", "group");
  strip.setAttribute("aria-label", "Outre-mer");
  box.appendChild(strip);
  return codes.map((code) => {
    const i = state.contours.codes.indexOf(code);
    if (i < 0) { return null; }
    const item = el("div", null, "fsdash-inset");
    const canvas = el("div", null, "fsdash-inset-map");
    const title = el("button", state.contours.names[i], "fsdash-inset-title");
    title.type = "button";
    title.addEventListener("click", () => focusDepartement(state, code));
    item.appendChild(canvas);
    item.appendChild(title);
    strip.appendChild(item);
    const map = L.map(canvas, { zoomControl: false, attributionControl: false, dragging: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false,
      zoomSnap: 0.1 });
    const group = L.geoJSON({ type: "Feature", geometry: state.contours.geometries[i], properties: { i: i, c: code } }, {
      style: (feature) => departementStyle(state, feature),
      onEachFeature: (feature, path) => {
        path.bindTooltip(() => departementCard(state, i, false), { sticky: true });
        path.on("click", () => focusDepartement(state, code));
      },
    });
    map.fitBounds(group.getBounds(), { padding: [3, 3] }); // a view before the layer (Leaflet needs one)
    group.addTo(map);
    state.layers.push(group);
    return { code: code, map: map, group: group, dots: null, renderer: L.canvas({ padding: 0.2 }) };
  }).filter(Boolean);
}

// --------------------------------------------------------------------------- search

function fold(text) {
  return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/['’-]/g, " ").replace(/\s+/g, " ").trim();
}

function searchResults(state, query) {
  const q = fold(query);
  if (!q) { return []; }
  const out = [];
  const contours = state.contours;
  contours.codes.forEach((code, i) => {
    const name = fold(contours.names[i]);
    if (fold(code) === q || name.startsWith(q) || (q.length > 2 && name.includes(q))) {
      out.push({ kind: "departement", code: code, label: contours.names[i] + " (" + code + ")", hint: "département" });
    }
  });
  if (state.search) { // [name, commune, postcode] per site
    const towns = new Map();
    state.search.forEach((d, i) => {
      const town = fold(d[1]);
      if ((town.startsWith(q) || (d[2] || "").startsWith(q)) && !towns.has(d[1] + d[2])) {
        towns.set(d[1] + d[2], true);
        out.push({ kind: "site", index: i, label: d[1] + " (" + d[2] + ")", hint: "commune : " + d[0] });
      }
    });
    state.search.forEach((d, i) => {
      if (q.length > 2 && fold(d[0]).includes(q)) {
        out.push({ kind: "site", index: i, label: d[0], hint: d[1] + " " + d[2] });
      }
    });
  }
  return out.slice(0, 8);
}

function openSite(state, i) {
  // Leaflet ignores a new view while a zoom animates (a result chosen right after a département
  // was fitted, while its markers' details arrive): once it has ended, then.
  if (state.map._animatingZoom) { state.map.once("zoomend", () => openSite(state, i)); return; }
  const p = state.points.points[i];
  state.map.setView([p[0], p[1]], Math.max(state.map.getZoom(), 14));
  const cluster = siteCluster(state);
  const marker = state.markers[i];
  if (marker && cluster.hasLayer(marker)) {
    cluster.zoomToShowLayer(marker, () => marker.openPopup());
  } else { // a site the map does not draw (filtered out): a popup of its own, once its details are in
    loadSiteDetails(state, i).then(() => {
      if (state.details[i]) {
        L.popup({ maxWidth: 320 }).setLatLng([p[0], p[1]]).setContent(siteCard(state, i)).openOn(state.map);
      }
    });
  }
}

function searchControl(state) {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const box = el("div", null, "fsdash-search");
    const id = "fsdash-search-" + Math.random().toString(36).slice(2, 8);
    const label = el("label", "Rechercher sur la carte", "fsdash-search-label");
    label.htmlFor = id + "-input";
    const input = el("input");
    input.id = id + "-input";
    input.type = "search";
    input.placeholder = "Commune, code postal, département, site…";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-list");
    const list = el("ul", null, "fsdash-search-list");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Résultats");
    const status = el("div", null, "fsdash-search-status");
    status.setAttribute("role", "status");
    box.append(label, input, list, status);
    let results = [];
    let active = -1;
    const choose = (k) => {
      const hit = results[k];
      if (!hit) { return; }
      close();
      input.value = hit.label;
      if (hit.kind === "departement") { focusDepartement(state, hit.code); } else { openSite(state, hit.index); }
    };
    const close = () => {
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const show = () => {
      results = searchResults(state, input.value);
      list.replaceChildren();
      results.forEach((hit, k) => {
        const option = el("li", null, "fsdash-search-option");
        option.id = id + "-" + k;
        option.setAttribute("role", "option");
        option.appendChild(el("span", hit.label));
        option.appendChild(el("small", hit.hint));
        option.addEventListener("mousedown", (event) => { event.preventDefault(); choose(k); });
        list.appendChild(option);
      });
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      status.textContent = input.value ? results.length + " résultat(s)" : "";
    };
    const move = (step) => {
      if (!results.length) { return; }
      active = (active + step + results.length) % results.length;
      Array.from(list.children).forEach((option, k) => option.setAttribute("aria-selected", k === active));
      input.setAttribute("aria-activedescendant", id + "-" + active);
    };
    input.addEventListener("focus", () => loadSearch(state));
    input.addEventListener("input", () => { show(); loadSearch(state).then(() => { if (input.value) { show(); } }); });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Enter") { event.preventDefault(); choose(active >= 0 ? active : 0); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  control.addTo(state.map);
}
