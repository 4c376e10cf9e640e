"""The dashboard's maps drawn by folium and streamlit-folium's ``st_folium``, for
``scripts/bench_folium.py`` only (``requirements-bench.txt``): ``install()`` replaces
``fsdash.ui.elements.leaflet_map.show`` in a running app, so that the very same
pages (national map, département page) run with ``st_folium`` instead of the
dashboard's own map element.

Built as the streamlit-folium version was before it was dropped, and as
/work/shared/STREAMLIT-NOTES.md says works offline: folium's documented API
(``GeoJson`` with a style function, ``FastMarkerCluster`` with a ``circleMarker``
callback, ``fit_bounds``), Leaflet and the cluster plugin served by the app
(``/app/static/vendor/…``, absolute: the map lives in a frame), no tiles, the
GeoJSON cached per process (never the ``folium.Map``: st_folium mutates it).
Fewer features than the element (no legend, insets, search, labels): in its favour.
"""

from __future__ import annotations

import folium
import streamlit as st
from folium.plugins import FastMarkerCluster
from streamlit_folium import st_folium

from fsdash.domain.statuses import STATUS_COLORS, STATUS_FILL_OPACITY, STATUSES
from fsdash.inputs.contours import display_features
from fsdash.ui import cache

VENDOR = "/app/static/vendor"
JS = [("leaflet", f"{VENDOR}/leaflet/leaflet.js")]
CSS = [("leaflet_css", f"{VENDOR}/leaflet/leaflet.css")]
CLUSTER_JS = [("markerclusterjs", f"{VENDOR}/leaflet.markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [("markerclustercss", f"{VENDOR}/leaflet.markercluster/MarkerCluster.css"),
               ("markerclusterdefault", f"{VENDOR}/leaflet.markercluster/MarkerCluster.Default.css")]
CALLBACK = """function (row) {
    return L.circleMarker(new L.LatLng(row[0], row[1]), {radius: 5, color: '#000091', fillOpacity: 0.9,
                                                        weight: 1});
}"""


@st.cache_resource(show_spinner=False)
def _features() -> dict:
    return display_features(cache.contours())


@st.cache_resource(show_spinner=False)
def _points() -> list[tuple[float, float, str]]:
    sites = cache.site_data().sites
    return list(zip(sites["latitude"].astype(float), sites["longitude"].astype(float), sites["insee_dep"]))


def _collection(spec: dict) -> dict:
    features = _features()
    codes = cache.map_layers(cache.site_data()).codes  # the order of spec["statuses"]
    statuses = dict(zip(codes, spec["statuses"]))
    shown = set(spec["shown"]) if spec.get("shown") is not None else None
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": geometry,
         "properties": {"code": code, "statut": STATUSES[statuses.get(code, [0])[0]],
                        "shown": shown is None or code in shown}}
        for code, geometry in features.items()]}


def _style(feature: dict) -> dict:
    p = feature["properties"]
    if not p["shown"]:
        return {"fillColor": "#E5E5E5", "color": "#929292", "weight": 0.5, "fillOpacity": 0.6}
    return {"fillColor": STATUS_COLORS[p["statut"]], "color": "#FFFFFF", "weight": 0.8,
            "fillOpacity": STATUS_FILL_OPACITY}


def folium_map(spec: dict, height: int) -> folium.Map:
    m = folium.Map(location=(46.6, 2.4), zoom_start=6, tiles=None, control_scale=True, height=height)
    m.default_js, m.default_css = JS, CSS
    m.options["maxZoom"] = 18
    folium.GeoJson(_collection(spec), style_function=_style, name="Départements",
                   tooltip=folium.GeoJsonTooltip(["code", "statut"], labels=False)).add_to(m)
    deps = set((spec.get("sites") or {}).get("deps") or []) or None
    rows = [[lat, lon] for lat, lon, dep in _points() if deps is None or dep in deps]
    cluster = FastMarkerCluster(rows, callback=CALLBACK, options={"maxClusterRadius": spec.get("cluster", 40)})
    cluster.default_js, cluster.default_css = CLUSTER_JS, CLUSTER_CSS
    cluster.add_to(m)
    if spec.get("fit"):
        m.fit_bounds(spec["fit"])
    elif spec.get("view"):
        view = spec["view"]
        m.location, m.options["zoom"] = [view[0], view[1]], view[2]
    return m


def show(spec: dict, *, key: str, height: int) -> None:
    st_folium(folium_map(spec, height), key=key, height=height, use_container_width=True, returned_objects=[])


def install() -> None:
    from fsdash.ui.elements import leaflet_map

    leaflet_map.show = show
