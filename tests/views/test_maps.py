"""Map building, tested on the folium object: layers, counts, payload, escaping, offline assets."""

import json
import re

import pytest

from fsdash.inputs.contours import display_features, load_contours
from fsdash.inputs.sites import load_sites
from fsdash.storage import demo, registry, rights
from fsdash.views import map_legend, maps
from tests.conftest import REAL_CONTOURS, REAL_SITES


@pytest.fixture(scope="module")
def data():
    sites, _ = load_sites(REAL_SITES)
    geometries = maps.pack_geometries(display_features(load_contours(REAL_CONTOURS)))
    return sites, geometries


@pytest.fixture
def records(engine):
    demo.load_demo(engine, rights.operator("test"))
    return registry.all_records(engine)


def rendered(m) -> str:
    """What the page's map element receives: the map's style and script."""
    browser_map = maps.browser_map(m, "carte_test")
    return browser_map.style + browser_map.script


def unpack(packed: str):
    import base64
    import gzip

    return json.loads(gzip.decompress(base64.b64decode(packed)))


def test_layers_and_counts(data, records):
    sites, geometries = data
    counts = sites["insee_dep"].value_counts().to_dict()
    m = maps.build_map(geometries, records, sites, counts)
    names = [type(c).__name__ for c in m._children.values()]
    assert names.count("FastMarkerCluster") == 1
    cluster = next(c for c in m._children.values() if type(c).__name__ == "FastMarkerCluster")
    assert len(cluster.data) == 2845
    assert len(unpack(geometries.packed)) == 102 and len(geometries.codes) == 102
    props = maps.departement_properties(geometries.codes, records, counts)
    by_code = {p["c"]: p for p in props}
    assert by_code["37"]["k"] == counts["37"] and by_code["978"]["k"] == counts["978"] > 0
    assert sum(p["k"] for p in props) == 2845
    assert {p["s"] for p in props} == {1, 3}  # aucun, mi-temps in the demo state


def test_legend_counts_statuses(data, records):
    sites, geometries = data
    html = rendered(maps.build_map(geometries, records, sites, {}))
    mi_temps, aucun = map_legend.status_swatch("mi-temps"), map_legend.status_swatch("aucun")
    assert re.search(rf'\["mi-temps", ?"{mi_temps}", ?73, ?false, ?null\]', html)
    assert re.search(rf'\["aucun", ?"{aucun}", ?29, ?false, ?null\]', html)
    # an antenna is a blue ring, a main site a blue disc; « non renseigné » is hatched
    assert re.search(r'\["site antenne", ?"#FFFFFF", ?null, ?true, ?"#000091"\]', html)
    assert re.search(r'\["site principal", ?"#000091", ?null, ?true, ?null\]', html)
    assert "repeating-linear-gradient" in map_legend.status_swatch("non renseigné")
    assert '"hatched": [0]' in html and "fsdash-hachures" in html


def test_payload_is_small_and_offline(data, records):
    sites, geometries = data
    m = maps.build_map(geometries, records, sites, sites["insee_dep"].value_counts().to_dict(),
                       tiles_url=None)
    browser_map = maps.browser_map(m, "carte_test")
    assert 100 * 1024 < browser_map.size < 800 * 1024
    html = browser_map.style + browser_map.script
    assert not re.search(r"https?://", html), "a CDN link is left in the map"
    assert browser_map.js == (  # in order: the plugin needs Leaflet; no jQuery
        "/app/static/vendor/leaflet/leaflet.js",
        "/app/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
    )
    assert browser_map.css == (
        "/app/static/vendor/leaflet/leaflet.css", "/app/static/vendor/leaflet.markercluster/MarkerCluster.css",
        "/app/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
    )
    assert re.search(r'"maxZoom": ?18', html)


def test_browser_map_lives_in_the_named_element(data, records):
    """folium's random map name is replaced by the element's id, everywhere, and
    folium's full-page rules (html, body, #map) stay out of the Streamlit page."""
    sites, geometries = data
    m = maps.build_map(geometries, records, sites.head(5), {})
    browser_map = maps.browser_map(m, "carte_test")
    assert m.get_name() not in browser_map.script + browser_map.style
    assert browser_map.script.count('L.map(\n                "carte_test"') == 1
    assert "#carte_test" in browser_map.style and ".fsdash-site" in browser_map.style
    assert "html, body" not in browser_map.style and "#map {" not in browser_map.style
    assert "<script" not in browser_map.script and "<style" not in browser_map.style


def test_tiles_are_configurable(data, records):
    sites, geometries = data
    html = rendered(maps.build_map(geometries, records, sites.head(3), {}, tiles_url="http://tiles.test/{z}/{x}/{y}.png",
                                   tiles_attribution="Test tiles"))
    assert "http://tiles.test/{z}/{x}/{y}.png" in html and "Test tiles" in html


def test_site_text_is_never_markup(data, records):
    sites, geometries = data
    evil = sites.head(5).copy()
    evil.loc[evil.index[0], "lib_fs"] = "<img src=x onerror=alert(1)>"
    evil.loc[evil.index[1], "mail"] = "</script><script>window.pwned=1</script>"
    html = rendered(maps.build_map(geometries, records, evil, {}))
    assert "<img src=x" not in html and "window.pwned" not in html  # packed, never inline
    rows, packed = maps.site_layer_data(evil)
    details = unpack(packed)
    assert details[0][0] == "<img src=x onerror=alert(1)>"  # the text itself is kept, as text
    assert ".innerHTML" not in html and "bindPopup(\"" not in html  # popups are DOM nodes, not markup


def test_site_details_hold_popup_fields(data):
    sites, _ = data
    rows, packed = maps.site_layer_data(sites)
    details = unpack(packed)
    first = sites.iloc[0]
    assert rows[0][:2] == [round(first["latitude"], 5), round(first["longitude"], 5)]
    name, address, kind, hours, contact = details[0]
    assert name == first["lib_fs"] and first["lib_com"] in address
    assert kind == "Principal · format fixe"
    assert hours[1] == "09:00 - 12:00 / 13:30 - 17:00" and len(hours) == 6
    assert contact[0] == "Tél. 04 50 56 87 49" and contact[1] == "franceservices@ccpb01.fr"


def test_filtered_map_dims_other_departements(data, records):
    sites, geometries = data
    props = maps.departement_properties(geometries.codes, records, {}, shown={"37", "41"})
    assert sorted(p["c"] for p in props if p["x"] == 0) == ["37", "41"]
