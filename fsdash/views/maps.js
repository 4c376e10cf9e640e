// The dashboard's map, drawn by Leaflet in the page (fsdash.views.maps builds its data).
//
// Layers arrive as gzipped JSON files with content-derived names: the browser keeps
// them, so a rerun, another page or another session fetches nothing again. A run
// of the page only sends what is small and may change (statuses, filters, view),
// and this module updates the mounted map in place: new statuses restyle the
// départements, a filter redraws the sites, a new view moves the map. Every text
// goes into the page with textContent, never as markup.

const SITE_ZOOM = 8; // below: sites as dots that clicks go through; from it: markers
const FILES = (window.__fsdashLayers = window.__fsdashLayers || {});

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) { e.textContent = String(text); }
  if (cls) { e.className = cls; }
  return e;
}

function absolute(url) {
  return new URL(url, document.baseURI).href;
}

// A layer file, fetched once per browser tab (and kept by the browser's cache).
function layer(url) {
  if (!FILES[url]) {
    FILES[url] = fetch(absolute(url)).then((response) => {
      if (!response.ok) { throw new Error("La carte n'a pas pu charger ses données (" + response.status + ")."); }
      return response.arrayBuffer();
    }).then((buffer) => {
      const bytes = new Uint8Array(buffer);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) { // already inflated by a proxy
        return JSON.parse(new TextDecoder().decode(bytes));
      }
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).json();
    });
    FILES[url].catch(() => { delete FILES[url]; });
  }
  return FILES[url];
}

// Start fetching the layers the first paint needs (before Leaflet has even loaded);
// the sites' details come after the paint.
export function prefetch(data) {
  Object.entries(data.layers).forEach(([name, url]) => { if (name !== "details") { layer(url); } });
}

// --------------------------------------------------------------------------- départements

function departementStyle(state, feature) {
  const i = feature.properties.i;
  const code = feature.properties.c;
  const value = state.data.statuses[i] || [0, 0];
  const dim = state.shown && !state.shown.has(code);
  const palette = state.data.palette;
  const hatched = !dim && palette.hatched.indexOf(value[0]) >= 0; // « non renseigné »: not a colour among others
  return {
    className: "fsdash-departement fsdash-statut-" + value[0] + (hatched ? " fsdash-hachure" : ""),
    color: dim ? "#929292" : "#3A3A3A",
    weight: state.data.focus === code ? 3 : 0.8,
    fillColor: dim ? "#E5E5E5" : palette.colors[value[0]],
    fillOpacity: dim ? 0.35 : palette.opacity,
  };
}

// Once per page: the SVG pattern hatched départements are filled with (CSS .fsdash-hachure).
function hatchPattern(hatch) {
  if (!hatch || document.getElementById(hatch.id)) { return; }
  const svg = L.SVG.create("svg");
  const defs = L.SVG.create("defs");
  const pattern = L.SVG.create("pattern");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("style", "position:absolute;width:0;height:0");
  pattern.id = hatch.id;
  [["patternUnits", "userSpaceOnUse"], ["width", "6"], ["height", "6"], ["patternTransform", "rotate(45)"]]
    .forEach((a) => pattern.setAttribute(a[0], a[1]));
  [[6, hatch.color], [2, "#FFFFFF"]].forEach((r) => { // the grey, then a white stripe
    const rect = L.SVG.create("rect");
    rect.setAttribute("width", r[0]);
    rect.setAttribute("height", 6);
    rect.setAttribute("fill", r[1]);
    pattern.appendChild(rect);
  });
  defs.appendChild(pattern);
  svg.appendChild(defs);
  document.body.appendChild(svg);
}

// A département is a keyboard stop (Leaflet gives paths with a tooltip a tabindex):
// a named button, Enter or Space opens its popup.
function keyboardButton(state, path, i) {
  path.on("add", () => {
    const element = path.getElement();
    if (!element) { return; }
    const value = state.data.statuses[i] || [0, 0];
    element.setAttribute("role", "button");
    element.setAttribute("aria-label", state.contours.names[i] + " (" + state.contours.codes[i] + ") : "
      + state.data.palette.statuses[value[0]]);
    L.DomEvent.on(element, "keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { L.DomEvent.preventDefault(event); path.openPopup(); }
    });
  });
}

function departementCard(state, i, withLink) {
  const contours = state.contours;
  const code = contours.codes[i];
  const value = state.data.statuses[i] || [0, 0];
  const box = el("div", null, "fsdash-dep");
  box.appendChild(el("strong", contours.names[i] + " (" + code + ")"));
  box.appendChild(el("div", "Animateur : " + state.data.palette.statuses[value[0]]));
  box.appendChild(el("div", value[1] + (value[1] > 1 ? " sites France services" : " site France services")));
  if (withLink) {
    const link = el("a", "Ouvrir la page du département", "fsdash-dep-link");
    link.href = state.data.link + encodeURIComponent(code);
    box.appendChild(link);
  }
  return box;
}

function departementsLayer(state, map, only) {
  const contours = state.contours;
  const features = [];
  contours.geometries.forEach((geometry, i) => {
    const code = contours.codes[i];
    if (!only || only === code) {
      features.push({ type: "Feature", geometry: geometry, properties: { i: i, c: code } });
    }
  });
  const group = L.geoJSON({ type: "FeatureCollection", features: features }, {
    style: (feature) => departementStyle(state, feature),
    onEachFeature: (feature, path) => {
      const i = feature.properties.i;
      path.bindTooltip(() => departementCard(state, i, false), { sticky: true });
      path.bindPopup(() => departementCard(state, i, true), { autoPanPadding: [20, 20] });
      // One box at a time: the popup closes the hover tooltip and keeps it closed while open.
      path.on("popupopen", () => path.closeTooltip());
      path.on("tooltipopen", () => { if (state.popupOpen) { setTimeout(() => path.closeTooltip(), 0); } });
      path.on("mouseover", () => path.setStyle({ weight: 2.5 }));
      path.on("mouseout", () => group.resetStyle(path));
      keyboardButton(state, path, i);
    },
  }).addTo(map);
  group.bringToBack();
  return group;
}

function restyle(state) {
  state.layers.forEach((group) => group.setStyle((feature) => departementStyle(state, feature)));
}

function boundsOf(state, code) {
  let found = null;
  state.main.eachLayer((path) => {
    if (!found && path.feature && path.feature.properties.c === code) { found = path.getBounds(); }
  });
  return found;
}

// --------------------------------------------------------------------------- mounting and updating

function createMap(container, data, options) {
  const map = L.map(container, Object.assign({ zoomSnap: 0.5, maxZoom: 18 }, options || {}));
  // Leaflet focuses the map on a mouse press and then restores the *window's* scroll; in
  // Streamlit a block scrolls, not the window, so a map partly below the fold moved between
  // the press and the release and the click was lost. Focus it first, without scrolling.
  container.addEventListener("mousedown", () => {
    if (!container.contains(document.activeElement)) { container.focus({ preventScroll: true }); }
  }, true);
  map.attributionControl.setPrefix("Leaflet");
  if (data.tiles) {
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: data.tiles.maxZoom }).addTo(map);
  }
  return map;
}

function place(state, data, first) {
  const fit = JSON.stringify(data.fit);
  const view = JSON.stringify(data.view);
  if (data.fit && (first || fit !== state.fit)) {
    // Fitted exactly, without snapping the zoom, as the map's first picture is drawn
    // (views/map_picture.py): the map replaces the picture without a jump.
    const wide = state.map.getSize().x >= 520;
    const snap = state.map.options.zoomSnap;
    state.map.options.zoomSnap = 0;
    state.map.fitBounds(data.fit, wide ? { paddingTopLeft: [10, 10], paddingBottomRight: [180, 10] } :
      { padding: [10, 10] });
    state.map.options.zoomSnap = snap;
  } else if (data.view && (first || view !== state.view)) {
    state.map.setView([data.view[0], data.view[1]], data.view[2], { animate: !first });
  }
  state.fit = fit;
  state.view = view;
}

export function render(parentElement, data, api) {
  let box = parentElement.querySelector(".fsdash-map");
  if (!box) {
    box = el("div", null, "fsdash-map");
    box.setAttribute("role", "region");
    parentElement.appendChild(box);
  }
  box.setAttribute("aria-label", data.label);
  box.style.setProperty("--fsdash-map-height", data.height + "px");
  const state = box.fsdash || (box.fsdash = { data: null, layers: [] });
  const contoursUrl = data.layers.contours;
  const waiting = [layer(contoursUrl), layer(data.layers.points)];
  if (data.layers.regions) { waiting.push(layer(data.layers.regions)); }
  return Promise.all(waiting).then(([contours, points, regions]) => {
    const first = !state.map || state.contoursUrl !== contoursUrl;
    state.data = data;
    state.api = api;
    state.shown = data.shown ? new Set(data.shown) : null;
    if (first) {
      if (state.map) { state.map.remove(); }
      box.replaceChildren();
      const canvas = el("div", null, "fsdash-map-canvas");
      box.appendChild(canvas);
      state.map = createMap(canvas, data);
      place(state, data, true); // a view before any layer (Leaflet needs one)
      hatchPattern(data.palette.hatch);
      L.control.scale({ imperial: false, position: "bottomleft" }).addTo(state.map);
      state.map.on("popupopen", () => { state.popupOpen = true; });
      state.map.on("popupclose", () => { state.popupOpen = false; });
      state.contours = contours;
      state.contoursUrl = contoursUrl;
      state.main = departementsLayer(state, state.map, null);
      state.layers = [state.main];
      if (regions) { regionsLayer(state.map, regions); }
      labelsLayer(state, state.map);
      legendControl(state, state.map);
      searchControl(state);
      state.insets = insets(state, box, data.insets || []);
    } else {
      restyle(state);
      updateLegend(state);
    }
    updateSites(state, points, data);
    if (!first) { place(state, data, false); }
    box.dataset.sites = String(state.siteCount); // what tests and benchmarks wait for
    box.dataset.ready = "1";
    return state.map;
  }).catch((error) => {
    box.textContent = error.message;
  });
}
