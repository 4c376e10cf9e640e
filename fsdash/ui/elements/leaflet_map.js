// The page's map element (st.components.v2): Leaflet runs in the page itself,
// with no frame. Leaflet and its plugins load once per browser tab; the map is
// created by the script built in Python (fsdash.maps.browser_map) and kept as
// long as that script is unchanged; a new view only moves it.
const loaded = (window.__fsdashFiles = window.__fsdashFiles || {});

function load(url, css) {
  if (!loaded[url]) {
    loaded[url] = new Promise((resolve, reject) => {
      const tag = document.createElement(css ? "link" : "script");
      if (css) {
        tag.rel = "stylesheet";
        tag.href = url;
      } else {
        tag.src = url;
        tag.async = false; // downloaded together, run in order (the plugin needs Leaflet)
      }
      tag.onload = resolve;
      tag.onerror = () => reject(new Error("La carte n'a pas pu charger " + url +
        " : lancez « scripts/setup.sh » pour installer Leaflet."));
      document.head.appendChild(tag);
    });
  }
  return loaded[url];
}

export default function ({ parentElement, data }) {
  const files = data.css.map((url) => load(url, true)).concat(data.js.map((url) => load(url, false)));
  let box = parentElement.querySelector(".fsdash-map");
  if (!box) {
    const style = document.createElement("style");
    style.className = "fsdash-map-style";
    parentElement.appendChild(style);
    box = document.createElement("div");
    box.className = "fsdash-map";
    box.setAttribute("role", "region");
    parentElement.appendChild(box);
  }
  box.setAttribute("aria-label", data.label);
  box.style.height = data.height + "px";
  const state = box.fsdash || (box.fsdash = { script: null, view: null, map: null });
  Promise.all(files).then(() => {
    if (state.script !== data.script) {
      if (state.map) { state.map.remove(); }
      box.replaceChildren();
      parentElement.querySelector("style.fsdash-map-style").textContent = data.style;
      const element = document.createElement("div");
      element.id = data.id;
      box.appendChild(element);
      state.map = new Function(data.script + "\nreturn " + data.id + ";")();
      state.script = data.script;
      state.view = null;
    }
    const view = JSON.stringify(data.view);
    if (data.view && view !== state.view) {
      state.map.setView([data.view[0], data.view[1]], data.view[2], { animate: state.view !== null });
    }
    state.view = view;
  }).catch((error) => {
    box.textContent = error.message;
  });
  return () => {
    if (state.map) { state.map.remove(); }
  };
}
