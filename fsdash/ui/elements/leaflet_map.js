// The page's map element (st.components.v2): Leaflet in the page itself, no frame.
// Leaflet, the map's module and its style load once per browser tab, by address
// (the module and the data layers have content-derived names: the browser keeps
// them); each run of the page only sends the small part that may change, and the
// module updates the mounted map in place (fsdash/views/maps.js).
const loaded = (window.__fsdashFiles = window.__fsdashFiles || {});

function load(url, kind) {
  const href = new URL(url, document.baseURI).href;
  if (!loaded[href]) {
    if (kind === "module") {
      loaded[href] = import(href);
    } else {
      loaded[href] = new Promise((resolve, reject) => {
        const tag = document.createElement(kind === "css" ? "link" : "script");
        if (kind === "css") {
          tag.rel = "stylesheet";
          tag.href = href;
        } else {
          tag.src = href;
          tag.async = false; // downloaded together, run in order (the plugin needs Leaflet)
        }
        tag.onload = resolve;
        tag.onerror = () => reject(new Error("La carte n'a pas pu charger " + url +
          " : lancez « scripts/setup.sh » pour installer Leaflet."));
        document.head.appendChild(tag);
      });
    }
  }
  return loaded[href];
}

export default function ({ parentElement, data, setTriggerValue }) {
  // Everything at once, not one after the other: Leaflet, the map's module and, as soon
  // as the module is there, the data layers; the map is drawn when all have arrived.
  const leaflet = Promise.all(data.files.css.map((url) => load(url, "css"))
    .concat(data.files.js.map((url) => load(url, "js"))));
  const module = load(data.files.module, "module").then((m) => { m.prefetch(data); return m; });
  Promise.all([module, leaflet]).then(([m]) => {
    m.render(parentElement, data, { setTriggerValue });
  }).catch((error) => {
    parentElement.textContent = error.message;
  });
}
