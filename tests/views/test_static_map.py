"""Static maps of the fiches (fsdash.views.static_map): the « DROM rapprochés » layout on the real contours."""

from __future__ import annotations

import pytest
from shapely.geometry import box

from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs.sites import read_sites
from fsdash.views import static_map
from fsdash.views.fiche_pdf import png_size
from tests.conftest import REAL_CONTOURS, REAL_SITES


@pytest.fixture(scope="module")
def layout():
    return static_map.layout_of_file(REAL_CONTOURS)


@pytest.fixture(scope="module")
def sites():
    frame, _ = read_sites(REAL_SITES.read_bytes())
    return frame


def inset_box(code: str):
    _, cx, cy, side = static_map.INSETS[code]
    return box(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2)


def test_every_territory_once_overseas_inside_their_boxes(layout):
    frame = layout.frame
    assert sorted(frame["code"]) == sorted(DEPARTEMENTS)  # 101 départements and Saint-Martin, nothing else
    assert frame.crs.to_epsg() == static_map.L93
    for code in static_map.INSETS:
        shape = frame.loc[frame["code"] == code].geometry.iloc[0]
        assert inset_box(code).contains(shape), code
    metropole = frame[~frame["code"].isin(static_map.INSETS)]
    minx, miny, maxx, maxy = metropole.total_bounds
    assert 50_000 < minx and maxx < 1_250_000 and 6_000_000 < miny and maxy < 7_150_000  # Lambert-93 France


def test_overseas_sites_move_with_their_territory(layout, sites):
    moved = static_map.move_sites(sites, layout)
    assert len(moved) == len(sites)
    for code in ("971", "972", "973", "974", "976"):
        points = moved[moved["insee_dep"] == code]
        inside = points.within(inset_box(code).buffer(5_000))
        assert len(points) and inside.mean() > 0.9, code


def test_maps_are_pngs(layout, sites):
    national = static_map.national_map_png(layout, {"37": "mi-temps"}, sites, dpi=60)
    assert national[:8] == b"\x89PNG\r\n\x1a\n" and min(png_size(national)) > 100
    contours = static_map.read_contours(REAL_CONTOURS)
    local = static_map.departement_map_png(contours, "976", sites[sites["insee_dep"] == "976"], "aucun", dpi=60)
    assert local[:8] == b"\x89PNG\r\n\x1a\n"
    assert static_map.local_crs("976") == 4471 and static_map.local_crs("37") == static_map.L93
