// --------------------------------------------------------------------------- sites (maps_sites.js)
//
// Points arrive first ([lat, lon, type, format, département] per site), the details
// (names, addresses, hours, contacts) later, one file per département: a département's
// file when one of its markers is shown or opened; the search has a file of its own
// (names, communes, postcodes of all France), loaded once it is used.
// On the national map the sites are small dots that clicks go through (the départements
// stay clickable everywhere) until the zoom reaches SITE_ZOOM; from there, and on a
// département's page, they are markers with popups, overlapping ones grouped.

// The details of département `code`: its file (once), its rows placed at its sites' indexes.
// The points layer names the file (beside its own); row k of it is the département's k-th
// site in the points layer (state.siteIndexes).
function loadDepartementDetails(state, code) {
  const name = (state.points.details || {})[code];
  if (!name) { return Promise.resolve(); }
  const url = new URL(name, absolute(state.pointsUrl)).href;
  const loads = state.detailsLoads;
  if (!loads[url]) {
    const details = state.details; // this site list's (a new one replaces the array)
    const indexes = state.siteIndexes[code] || [];
    loads[url] = layer(url).then((rows) => { indexes.forEach((i, k) => { details[i] = rows[k]; }); });
    loads[url].catch(() => { delete loads[url]; });
  }
  return loads[url];
}

function loadSiteDetails(state, i) {
  return loadDepartementDetails(state, state.points.deps[state.points.points[i][4]]);
}

// What the search reads: [name, commune, postcode] per site, all of France.
function loadSearch(state) {
  if (!state.points || !state.points.search) { return Promise.resolve(); }
  if (!state.searchLoad) {
    const points = state.points;
    const url = new URL(points.search, absolute(state.pointsUrl)).href;
    state.searchLoad = layer(url).then((rows) => { if (state.points === points) { state.search = rows; } });
    state.searchLoad.catch(() => { if (state.points === points) { state.searchLoad = null; } });
  }
  return state.searchLoad;
}

function selectedSites(points, filter) {
  const keep = [];
  const deps = filter && filter.deps ? new Set(filter.deps) : null;
  const types = filter && filter.types ? new Set(filter.types) : null;
  const formats = filter && filter.formats ? new Set(filter.formats) : null;
  points.points.forEach((p, i) => {
    if (deps && !deps.has(points.deps[p[4]])) { return; }
    if (types && !types.has(points.types[p[2]])) { return; }
    if (formats && !formats.has(points.formats[p[3]])) { return; }
    keep.push(i);
  });
  return keep;
}

function siteCard(state, i) {
  const d = state.details[i];
  const box = el("div", null, "fsdash-site-card");
  box.appendChild(el("strong", d[0]));
  box.appendChild(el("div", d[1]));
  box.appendChild(el("div", d[2]));
  const table = el("table", null, "fsdash-hours");
  const caption = el("caption", "Horaires d'ouverture");
  table.appendChild(caption);
  d[3].forEach((hours, k) => {
    const row = el("tr");
    const day = el("th", state.data.palette.days[k]);
    day.scope = "row";
    row.appendChild(day);
    row.appendChild(el("td", hours || "fermé"));
    table.appendChild(row);
  });
  box.appendChild(table);
  d[4].forEach((line) => { if (line) { box.appendChild(el("div", line)); } });
  return box;
}

function lazy(state, marker, i, make, set) {
  return () => {
    if (state.details[i]) { return make(i); }
    loadSiteDetails(state, i).then(() => { if (state.details[i]) { set.call(marker, make(i)); } });
    return el("span", "Chargement…");
  };
}

function siteMarker(state, i) {
  if (!state.markers[i]) {
    const p = state.points.points[i];
    const marker = L.marker([p[0], p[1]], {
      // a 24 px target (WCAG 2.5.8) around the 14 px disc or ring drawn by CSS
      icon: L.divIcon({ className: "fsdash-site fsdash-site-" + p[2], iconSize: [24, 24], popupAnchor: [0, -8],
        tooltipAnchor: [8, 0], html: "" }),
      keyboard: true,
    });
    marker.on("add", () => named(state, marker, i)); // a marker is a button named after its site
    marker.bindPopup(lazy(state, marker, i, (k) => siteCard(state, k), marker.setPopupContent), { maxWidth: 320 });
    marker.bindTooltip(lazy(state, marker, i, (k) => el("span", state.details[k][0]), marker.setTooltipContent));
    marker.on("popupopen", () => marker.closeTooltip());
    state.markers[i] = marker;
  }
  return state.markers[i];
}

function named(state, marker, i) {
  const element = marker.getElement();
  if (!element) { return; }
  if (state.details[i]) {
    element.setAttribute("aria-label", state.details[i][0]);
  } else {
    loadSiteDetails(state, i).then(() => { if (state.details[i]) { named(state, marker, i); } });
  }
}

function siteDots(state, indexes, renderer) {
  const palette = state.data.palette;
  return L.layerGroup(indexes.map((i) => {
    const p = state.points.points[i];
    return L.circleMarker([p[0], p[1]], { renderer: renderer, radius: 2.5, weight: 0.8,
      color: palette.outlines[p[2]] || "#FFFFFF", fillColor: palette.sites[p[2]] || palette.sites[0],
      fillOpacity: 1, interactive: false });
  }));
}

function clusterIcon(cluster) {
  const n = cluster.getChildCount();
  const size = n < 10 ? 28 : (n < 100 ? 34 : 40);
  const label = el("span", n);
  const wrap = el("div");
  wrap.appendChild(label);
  wrap.title = n + " sites France services";
  return L.divIcon({ html: wrap, iconSize: L.point(size, size), className: "marker-cluster fsdash-cluster" });
}

// The markers, grouped when they overlap: made when first needed (the markers' zoom, a site
// opened from the search), not with the national map's first paint, which draws dots: 2,845
// markers and their clustering took about 40 ms of it.
function siteCluster(state) {
  if (!state.cluster) {
    const wanted = state.clusterWanted;
    state.cluster = L.markerClusterGroup({ maxClusterRadius: wanted.radius, showCoverageOnHover: false,
      chunkedLoading: true, spiderfyOnMaxZoom: true, iconCreateFunction: clusterIcon });
    state.cluster.addLayers(wanted.indexes.map((i) => siteMarker(state, i)));
  }
  return state.cluster;
}

function showSitesForZoom(state) {
  const map = state.map;
  const dots = state.dotsBelow > 0 && map.getZoom() < state.dotsBelow;
  const add = dots ? state.dots : siteCluster(state);
  const remove = dots ? state.cluster : state.dots;
  if (remove && map.hasLayer(remove)) { map.removeLayer(remove); }
  if (add && !map.hasLayer(add)) { map.addLayer(add); }
}

function updateSites(state, points, data) {
  const key = JSON.stringify([data.layers.points, data.sites, data.cluster, data.focus ? 1 : 0]);
  if (state.sitesKey === key) { return; }
  if (state.pointsUrl !== data.layers.points) { // another site list: new markers, details loaded again
    state.markers = [];
    state.details = [];
    state.detailsLoads = {};
    state.search = null;
    state.searchLoad = null;
    state.siteIndexes = {};
    points.points.forEach((p, i) => {
      const code = points.deps[p[4]];
      (state.siteIndexes[code] = state.siteIndexes[code] || []).push(i);
    });
    state.pointsUrl = data.layers.points;
  }
  state.sitesKey = key;
  state.points = points;
  const indexes = selectedSites(points, data.sites);
  state.siteCount = indexes.length;
  const map = state.map;
  if (state.cluster) { map.removeLayer(state.cluster); }
  if (state.dots) { map.removeLayer(state.dots); }
  state.cluster = null; // siteCluster
  state.clusterWanted = { indexes: indexes, radius: data.cluster };
  state.renderer = state.renderer || L.canvas({ padding: 0.5 });
  state.dots = siteDots(state, indexes, state.renderer);
  state.dotsBelow = data.focus ? 0 : SITE_ZOOM;
  if (!state.zoomWatch) {
    state.zoomWatch = true;
    map.on("zoomend", () => showSitesForZoom(state));
  }
  showSitesForZoom(state);
  (state.insets || []).forEach((inset) => {
    if (inset.dots) { inset.map.removeLayer(inset.dots); }
    const own = indexes.filter((i) => points.deps[points.points[i][4]] === inset.code);
    inset.dots = siteDots(state, own, inset.renderer).addTo(inset.map);
  });
  // No details on a visit that only looks at the national map: a marker asks for its
  // département's file once added (its name; the national map adds markers from SITE_ZOOM,
  // in view only), the search for its own file once it gets the focus.
}
