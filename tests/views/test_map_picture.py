"""The map's first picture (an SVG made on the server), on the real contours and sites."""

import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from fsdash.domain.statuses import STATUS_COLORS, STATUSES
from fsdash.domain.territories import VIEWS
from fsdash.inputs.contours import centroids, display_features, load_contours, region_outlines
from fsdash.inputs.sites import load_sites
from fsdash.views import map_picture, maps
from tests.conftest import REAL_CONTOURS, REAL_SITES

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def sites():
    return load_sites(REAL_SITES)[0]


@pytest.fixture(scope="module")
def layers(sites):
    shapes = load_contours(REAL_CONTOURS)
    return (maps.contours_layer(display_features(shapes), centroids(shapes)),
            maps.regions_layer(region_outlines(shapes)), maps.points_layer(sites))


def spec_for(contours, statuses: dict[str, str], **options) -> dict:
    records = pd.DataFrame({"departement": list(statuses), "statut": list(statuses.values())})
    return maps.map_spec(layers={}, codes=contours["codes"], records=records, site_counts={}, **options)


def groups_by_fill(svg: str) -> dict[str, int]:
    """Fill colour → number of contour paths drawn with it (the picture groups them by style)."""
    found: dict[str, int] = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if group.get("fill-rule") == "evenodd":
            found[group.get("fill")] = found.get(group.get("fill"), 0) + len(group.findall(f"{SVG}path"))
    return found


def dots(svg: str, colour: str, width: str | None = None) -> int:
    """Sites drawn as round zero-length lines of ``colour`` (and ``width``): one per site. The
    picture writes the sites' places once and draws them with each colour by ``<use>``."""
    root = ET.fromstring(svg)
    places = {path.get("id"): path.get("d") for path in root.iter(f"{SVG}path") if path.get("id")}
    return sum(places[use.get("href")[1:]].count("h0") for use in root.iter(f"{SVG}use")
               if use.get("stroke") == colour and use.get("stroke-linecap") == "round"
               and width in (None, use.get("stroke-width")))


def test_projection_is_leaflets_web_mercator():
    assert map_picture.project(0, 0, 0) == pytest.approx((128, 128))
    # the national view's centre, by the textbook formula y = R ln tan(π/4 + φ/2)
    lat, lon, zoom = VIEWS["Métropole"]
    size = 256 * 2 ** zoom
    x = (lon + 180) / 360 * size
    y = size / 2 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * size / (2 * math.pi)
    assert map_picture.project(lat, lon, zoom) == pytest.approx((x, y), abs=1e-6)
    assert map_picture.project(90, 0, 0)[1] == pytest.approx(0, abs=1e-6)  # clamped as Leaflet does


def test_national_picture_colours_each_departement_by_its_status(layers):
    contours, regions, points = layers
    statuses = {code: "temps plein" for code in contours["codes"]}
    statuses.update({"23": "aucun", "48": "aucun", "15": "mi-temps"})
    spec = spec_for(contours, statuses, view=VIEWS["Métropole"], insets=True)
    svg = map_picture.picture(spec, contours, regions, points, 640)
    fills = groups_by_fill(svg)
    assert fills[STATUS_COLORS["aucun"]] == 2  # Creuse and Lozère
    assert fills[STATUS_COLORS["mi-temps"]] == 1
    # in metropolitan France's view: 96 départements (Corsica's two included), each inset one more
    assert fills[STATUS_COLORS["temps plein"]] == 96 - 3 + 6
    assert 'height="640"' in svg and "<script" not in svg
    assert [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")] == [
        "Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte", "Saint-Martin"]


def test_sites_follow_the_filter_and_lie_under_the_contours(layers, sites):
    contours, regions, points = layers
    statuses = dict.fromkeys(contours["codes"], STATUSES[0])
    spec = spec_for(contours, statuses, view=VIEWS["Métropole"])
    svg = map_picture.picture(spec, contours, regions, points, 640)
    metropole = sites[~sites["insee_dep"].isin(maps.INSETS + ("975", "977", "986", "987", "988"))]
    antennas = (metropole["type_fs"] == "Antenne").sum()
    assert antennas > 0
    # a dot of 2.5 px radius: its outline (5.8 px wide), then its colour inside (4.2 px): a main
    # site blue with a white outline, an antenna white with a blue one (maps_sites.js siteDots)
    assert dots(svg, "#000091", "4.2") == len(metropole) - antennas
    assert dots(svg, "#FFFFFF", "4.2") == antennas
    assert dots(svg, "#000091") == dots(svg, "#FFFFFF") == len(metropole)
    # Leaflet's canvas of dots lies under its contours: the dots come first in the drawing
    assert svg.index("<use") < svg.index('fill-rule="evenodd"')
    ids = [p.get("id") for p in ET.fromstring(svg).iter(f"{SVG}path") if p.get("id")]
    assert len(ids) == len(set(ids))  # the insets' sites are named apart from the map's

    only = maps.site_filter({"12"}, ["Antenne"], None)
    svg = map_picture.picture(spec_for(contours, statuses, view=VIEWS["Métropole"], sites=only),
                              contours, regions, points, 640)
    expected = ((sites["insee_dep"] == "12") & (sites["type_fs"] == "Antenne")).sum()
    assert expected > 0 and dots(svg, "#FFFFFF", "4.2") == expected and dots(svg, "#000091", "4.2") == 0
    assert map_picture.selected_sites(points, only) == [
        i for i, (dep, kind) in enumerate(zip(sites["insee_dep"], sites["type_fs"]))
        if dep == "12" and kind == "Antenne"]


def test_shown_departements_keep_their_colour_the_others_are_greyed(layers):
    contours, regions, points = layers
    statuses = dict.fromkeys(contours["codes"], "temps plein")
    spec = spec_for(contours, statuses, view=VIEWS["Métropole"], shown={"37", "41"})
    fills = groups_by_fill(map_picture.picture(spec, contours, regions, points, 640))
    assert fills[STATUS_COLORS["temps plein"]] == 2
    assert fills["#E5E5E5"] == 96 - 2


def test_a_fitted_map_scales_its_drawing_but_not_its_strokes_or_markers(layers, sites):
    contours, regions, points = layers
    statuses = dict.fromkeys(contours["codes"], "temps plein")
    statuses["37"] = "non renseigné"
    spec = spec_for(contours, statuses, shown={"37"}, focus="37", fit=((46.7, -0.1), (47.8, 1.4)),
                    sites=maps.site_filter({"37"}, None, None))
    svg = map_picture.picture(spec, contours, regions, points, 480)
    root = ET.fromstring(svg)
    assert root.get("height") == "460"  # the box Leaflet fits the bounds in: 10 px off above and below
    inner = root.find(f"{SVG}svg")
    assert inner.get("preserveAspectRatio") == "xMidYMid meet" and inner.get("viewBox").startswith("0 0 ")
    focus = [g for g in inner.iter(f"{SVG}g") if g.get("stroke-width") == "3"]
    assert len(focus) == 1 and focus[0].get("fill") == "url(#fsdash-hachures)"  # « non renseigné »: hatched
    assert root.find(f"{SVG}defs/{SVG}pattern").get("id") == "fsdash-hachures"
    # markers: a 14 px disc (18 px with its rim and shadow), one per site of the département
    assert {use.get("stroke-width") for use in inner.iter(f"{SVG}use")} == {"18", "16", "14", "8"}
    assert all(p.get("vector-effect") == "non-scaling-stroke" for p in inner.iter(f"{SVG}path"))
    assert dots(svg, "rgba(0,0,0,.3)") == (sites["insee_dep"] == "37").sum()


def test_names_are_escaped(layers):
    contours, regions, points = layers
    hostile = {**contours, "names": [n if c != "971" else '<script>alert(1)</script>'
                                     for c, n in zip(contours["codes"], contours["names"])]}
    spec = spec_for(hostile, dict.fromkeys(hostile["codes"], STATUSES[0]), view=VIEWS["Métropole"], insets=True)
    svg = map_picture.picture(spec, hostile, regions, points, 640)
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    ET.fromstring(svg)  # well-formed


def test_paths_are_whole_pixels_relative_to_the_previous_point():
    drawing = map_picture._Drawing(0, (0.0, 0.0))
    square = [[-10.0, 10.0], [10.0, 10.0], [10.0, -10.0], [-10.0, -10.0], [-10.0, 10.0]]
    d = drawing.path([square], True, None)
    x0, y0 = (round(v) for v in map_picture.project(10, -10, 0))
    x1 = round(map_picture.project(10, 10, 0)[0])
    assert d.startswith(f"M{x0} {y0}l{x1 - x0} 0")
    assert re.fullmatch(r"M\d+ \d+l[-\d ]+z", d)
    assert drawing.path([[[0, 0], [0.0001, 0.0001], [0.0002, 0]]], True, None) == ""  # one pixel: nothing
