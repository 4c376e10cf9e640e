"""The maps' data: layers (files) and the small per-run part, on the real data; escaping and offline assets."""

import json
import re
from datetime import date

import pytest

from fsdash.domain.statuses import STATUS_COLORS, STATUSES
from fsdash.domain.territories import CODES
from fsdash.inputs.contours import centroids, display_features, load_contours, region_outlines
from fsdash.inputs.sites import load_sites
from fsdash.storage import demo, registry, rights
from fsdash.views import map_legend, maps
from tests.conftest import REAL_CONTOURS, REAL_SITES


@pytest.fixture(scope="module")
def sites():
    return load_sites(REAL_SITES)[0]


@pytest.fixture(scope="module")
def contours():
    return load_contours(REAL_CONTOURS)


JUNE_2023 = date(2023, 6, 30)


@pytest.fixture
def records(engine):
    demo.load_demo(engine, rights.operator("test"))
    return registry.records_at(engine, JUNE_2023)  # the demo timeline as it was in June 2023


def test_contours_layer_holds_every_territory_with_a_label_point(contours):
    layer = maps.contours_layer(display_features(contours), centroids(contours))
    assert layer["codes"] == list(contours.frame.index) and len(layer["codes"]) == 102
    i = layer["codes"].index("87")
    assert layer["names"][i] == "Haute-Vienne"
    lat, lon = layer["labels"][i]
    assert 45.4 < lat < 46.4 and 0.6 < lon < 1.9  # inside Haute-Vienne
    assert maps.unpack(maps.pack(layer)) == json.loads(json.dumps(layer))  # tuples become lists
    regions = maps.regions_layer(region_outlines(contours))
    assert len(regions["codes"]) == 19


def test_points_are_indexed_by_type_format_and_departement(sites):
    layer = maps.points_layer(sites)
    assert len(layer["points"]) == 2845
    first = sites.iloc[0]
    lat, lon, kind, fmt, dep = layer["points"][0]
    assert (lat, lon) == (round(first["latitude"], 5), round(first["longitude"], 5))
    assert layer["types"][kind] == first["type_fs"] and layer["formats"][fmt] == first["format_fs"]
    assert layer["deps"][dep] == first["insee_dep"]
    # counted independently from the file: sites per département through the indexes
    per_dep = {}
    for p in layer["points"]:
        per_dep[layer["deps"][p[4]]] = per_dep.get(layer["deps"][p[4]], 0) + 1
    assert per_dep == sites["insee_dep"].value_counts().to_dict()
    assert per_dep["978"] > 0  # Saint-Martin's sites are drawn too


def test_details_hold_popup_and_search_fields(sites):
    details = maps.details_layer(sites)
    first = sites.iloc[0]
    name, address, kind, hours, contact, town, postcode, site_id = details[0]
    assert name == first["lib_fs"] and first["lib_com"] in address and town == first["lib_com"]
    assert kind == "Principal · format fixe" and postcode == first["code_postal"] and site_id == first["id_fs"]
    assert hours[1] == "09:00 - 12:00 / 13:30 - 17:00" and len(hours) == 6
    assert contact[0] == "Tél. 04 50 56 87 49" and contact[1] == "franceservices@ccpb01.fr"


def test_details_by_departement_hold_every_site_once_where_the_points_layer_says(sites):
    whole = maps.details_layer(sites)
    split = maps.details_layers(sites)
    points = maps.points_layer(sites, {code: f"details-{code}.gz" for code in split})
    assert len(split) == 102 and sum(len(rows) for rows in split.values()) == len(whole) == 2845
    # site i's details, found as the browser finds them: its département's file (points[i][4],
    # then the points layer's ``details``), at its rank among that département's sites
    seen: dict[str, int] = {}
    for i, p in enumerate(points["points"]):
        code = points["deps"][p[4]]
        assert points["details"][code] == f"details-{code}.gz"
        assert split[code][seen.get(code, 0)] == whole[i]
        seen[code] = seen.get(code, 0) + 1
    assert seen == {code: len(rows) for code, rows in split.items()}  # every row is some site's
    # a département's file holds its own sites only (ids from the file's rows)
    for code, rows in split.items():
        assert {row[7] for row in rows} == set(sites.loc[sites["insee_dep"] == code, "id_fs"]), code
    renault = [row for row in split["37"] if row[0] == "France services Chateau Renault"]
    assert len(renault) == 1 and renault[0][1] == "5 Rue du Four Brûlé, 37110 Château-Renault"
    assert renault[0][3][0] == "09:00 - 12:00 / 13:30 - 17:00" and renault[0][3][5] == ""
    assert not any(row[0] == "France services Chateau Renault" for code in split if code != "37"
                   for row in split[code])
    assert len(split["37"]) == 32 and all(row[6].startswith("37") for row in split["37"])
    # what the département's page fetches: a small share of the whole
    assert len(maps.pack(split["37"])) * 40 < len(maps.pack(whole))


def test_the_search_file_holds_every_sites_name_commune_and_postcode(sites):
    whole = maps.details_layer(sites)
    search = maps.search_layer(sites)
    assert search == [[row[0], row[5], row[6]] for row in whole] and len(search) == 2845
    limoges = [row for row in search if row[1] == "Limoges"]
    assert limoges and all(row[2].startswith("87") for row in limoges)
    assert maps.points_layer(sites, {"37": "details-37-a.gz"}, "search-b.gz")["search"] == "search-b.gz"
    assert len(maps.pack(search)) * 3 < len(maps.pack(whole))  # the search costs a fraction of the details


def test_site_text_stays_text_in_the_layers(sites):
    evil = sites.head(5).copy()
    evil.loc[evil.index[0], "lib_fs"] = "<img src=x onerror=alert(1)>"
    details = maps.unpack(maps.pack(maps.details_layer(evil)))
    assert details[0][0] == "<img src=x onerror=alert(1)>"  # kept as the text it is
    code = maps.script()
    # the browser code builds nodes from text only: no markup parsing anywhere
    assert ".innerHTML" not in code and "insertAdjacentHTML" not in code and "outerHTML" not in code
    assert re.search(r"bindPopup\([\"'`]", code) is None  # popups are nodes, not markup strings


def test_the_page_part_is_small_and_follows_the_statuses(sites, contours, records):
    codes = list(contours.frame.index)
    counts = sites["insee_dep"].value_counts().to_dict()
    spec = maps.map_spec(layers={"contours": "app/static/fsdash/contours-abc.gz"}, codes=codes, records=records,
                         site_counts=counts, view=(46.6, 2.4, 6), insets=True)
    assert len(json.dumps(spec).encode()) < 10_000  # the websocket's share of a run: a few kilobytes
    values = dict(zip(codes, spec["statuses"]))
    demo_statuses = demo.demo_statuses(JUNE_2023)
    assert all(STATUSES[values[c][0]] == demo_statuses[c] for c in codes)
    assert values["37"][1] == counts["37"] and sum(v[1] for v in values.values()) == 2845
    items = {row[0]: row for row in spec["legend"]["items"]}
    assert items["mi-temps"][1:3] == [map_legend.status_swatch("mi-temps"), 73]
    assert items["aucun"][1:3] == [map_legend.status_swatch("aucun"), 29]
    assert "repeating-linear-gradient" in items["non renseigné"][1]  # hatched, in the legend as on the map
    assert items["site principal"][3] and items["site antenne"][4] == "#000091"  # a disc, and a blue ring
    assert spec["palette"]["colors"] == [STATUS_COLORS[s] for s in STATUSES]
    assert spec["insets"] == ["971", "972", "973", "974", "976", "978"]


def test_legend_and_filters_for_a_filtered_view(records):
    items = maps.legend_items(records, shown={"37", "41"})
    assert sum(row[2] or 0 for row in items) == 2
    assert maps.legend_items(records, counts=False)[0][2] is None
    assert maps.site_filter(None, [], []) is None
    assert maps.site_filter({"41", "37"}, ["Antenne"], None) == {"deps": ["37", "41"], "types": ["Antenne"],
                                                               "formats": None}


def test_the_browser_code_is_offline_and_leaflet_is_served_by_the_app():
    from fsdash.domain.frontend import map_files

    js, css = map_files()
    assert js == ["app/static/vendor/leaflet/leaflet.js",
                  "app/static/vendor/leaflet.markercluster/leaflet.markercluster.js"]  # in load order
    assert all(url.startswith("app/static/vendor/") for url in css)
    assert not re.search(r"https?://", maps.script() + maps.style()), "a CDN link is in the map's code"
    assert "imperial: false" in maps.script()  # a scale in km, never in miles


def test_every_territory_is_a_code_of_the_reference():
    assert set(maps.INSETS) <= set(CODES)
