import json

import pytest

from fsdash.inputs.contour_check import OUTSIDE_THRESHOLD_KM, add_contour_warnings, outside_contour
from fsdash.inputs.contours import (
    ContoursFileError,
    bounds,
    centroids,
    containing_codes,
    count_features,
    display_features,
    distance_outside_km,
    distance_outside_m,
    load_contours,
    neighbours,
    parse_contours,
    region_outlines,
)
from fsdash.inputs.sites import load_sites
from tests.conftest import REAL_CONTOURS, REAL_SITES


@pytest.fixture(scope="module")
def contours():
    return load_contours(REAL_CONTOURS)


@pytest.fixture(scope="module")
def sites():
    return load_sites(REAL_SITES)


def test_keeps_the_101_departements_and_saint_martin(contours):
    assert count_features(REAL_CONTOURS) == 109
    assert len(contours.codes) == 102
    assert "978" in contours.codes and "975" not in contours.codes and "988" not in contours.codes
    assert contours.names["2A"] == "Corse-du-Sud"


def test_display_geometries_are_simpler_and_smaller(contours):
    shown = display_features(contours)
    assert set(shown) == set(contours.codes)
    raw = {f["properties"]["code"]: f["geometry"] for f in json.loads(REAL_CONTOURS.read_text())["features"]}
    raw_size = len(json.dumps([raw[c] for c in shown]))
    assert len(json.dumps(list(shown.values()))) < raw_size * 0.75
    # rounded to about 100 m
    rings = shown["37"]["coordinates"]
    first = rings[0][0] if shown["37"]["type"] == "Polygon" else rings[0][0][0]
    assert all(len(str(v).split(".")[-1]) <= 3 for v in first)


def test_bounds_of_indre_et_loire(contours):
    (south, west), (north, east) = bounds(contours, "37")
    assert 46.7 < south < 47.0 and 47.6 < north < 47.8
    assert -0.1 < west < 0.2 and 1.3 < east < 1.5
    assert bounds(contours, "99") is None


def test_distance_outside_own_contour(contours):
    # Tours is inside 37; Orléans (45) is about 70 km from the edge of 37.
    d = distance_outside_km(contours, ["37", "37", "XX"], [47.39, 47.90, 47.0], [0.69, 1.90, 1.0])
    assert d[0] == 0.0
    assert 60 < d[1] < 80
    assert d[2] != d[2]  # NaN: no contour for an unknown code


def test_real_list_against_contours(contours, sites):
    frame, report = sites
    d = distance_outside_km(contours, frame["insee_dep"], frame["latitude"], frame["longitude"])
    # the data README: about 29 rows fall outside their own polygon in the 1,000 m contours
    assert (d > 0).sum() == 29
    flagged = outside_contour(frame, contours)
    # only one is further than a few km: a bus of the Eure recorded in Rouen (Seine-Maritime)
    assert flagged["id_fs"].tolist() == ["1820"]
    assert 11 < flagged["distance_km"].iloc[0] < 12.5
    assert OUTSIDE_THRESHOLD_KM == 2.0


def test_contour_warning_keeps_the_site(contours, sites):
    frame, report = load_sites(REAL_SITES)
    add_contour_warnings(frame, report, contours)
    assert report.valid == 2845 and not report.rejected
    warning = report.warnings[0]
    assert warning.level == "avertissement" and warning.row == 1434
    assert "11,6 km hors du contour de son département (27 – Eure)" in warning.message


def test_bad_contours_files():
    with pytest.raises(ContoursFileError, match="pas un GeoJSON"):
        parse_contours(b"<html>", "x.geojson")
    with pytest.raises(ContoursFileError, match="ne contient que 0 départements"):
        parse_contours(b'{"type":"FeatureCollection","features":[]}', "vide.geojson")


# --------------------------------------------------------------------------- geography with geopandas


def test_neighbours_touch_in_metres(contours):
    assert neighbours(contours, "37") == ["36", "41", "49", "72", "86"]
    assert neighbours(contours, "2A") == ["2B"]
    assert neighbours(contours, "974") == []  # an island
    assert neighbours(contours, "99") == []  # no contour


def test_distances_are_geodesic_metres_overseas_too(contours):
    """Measured in each territory's metric projection, a distance must match the geodesic
    distance (on the ellipsoid, pyproj.Geod) between the point and its nearest point on
    the contour to within 0.5 %: Lambert-93 in Touraine, UTM 20N off Guadeloupe."""
    import pyproj
    import shapely
    from shapely.ops import nearest_points

    geod = pyproj.Geod(ellps="GRS80")
    cases = [("37", 47.90, 1.90), ("971", 16.05, -61.20), ("974", -21.40, 55.90)]
    measured = distance_outside_m(contours, [c for c, _, _ in cases], [lat for _, lat, _ in cases],
                                  [lon for _, _, lon in cases])
    for (code, lat, lon), metres in zip(cases, measured):
        polygon = contours.frame.geometry.loc[code]
        nearest = nearest_points(polygon.boundary, shapely.Point(lon, lat))[0]
        _, _, expected = geod.inv(lon, lat, nearest.x, nearest.y)
        assert metres == pytest.approx(expected, rel=0.005), code
        assert metres > 1_000


def test_spatial_join_finds_the_departement_a_site_stands_in(contours, sites):
    frame, _ = sites
    found = containing_codes(contours, frame["latitude"], frame["longitude"])
    mismatched = frame.loc[(found != frame["insee_dep"].to_numpy()) & (found != None), "id_fs"]  # noqa: E711
    # The one site far outside its own département (the Eure bus recorded in Rouen) stands in 76.
    assert "1820" in mismatched.tolist()
    assert found[frame.index[frame["id_fs"] == "1820"][0]] == "76"
    # Nearly every site stands in its own département: the others are coastal (outside the simplified coast).
    assert (found == frame["insee_dep"].to_numpy()).sum() >= len(frame) - 30


def test_regions_are_the_departements_dissolved(contours):
    outlines = region_outlines(contours)
    assert len(outlines) == 19  # 13 metropolitan régions, 5 overseas, Saint-Martin
    import shapely.geometry

    idf = shapely.geometry.shape(outlines["11"])
    paris = contours.frame.geometry.loc["75"]
    assert idf.geom_type in ("LineString", "MultiLineString")
    # Paris lies inside Île-de-France, away from the région's border.
    assert not idf.intersects(paris) and idf.envelope.contains(paris)


def test_label_points_lie_inside_their_departement(contours):
    import shapely

    points = centroids(contours)
    assert set(points) == set(contours.codes)
    for code, (lat, lon) in points.items():
        assert contours.frame.geometry.loc[code].buffer(1e-3).contains(shapely.Point(lon, lat)), code
