"""Département contours (Etalab, derived from IGN ADMIN EXPRESS), with geopandas.

The file ``departements-*.geojson`` has one feature per département and overseas
collectivity with properties ``code``, ``nom`` and ``region``. We keep the 101
départements and Saint-Martin (978). Geography is done in each territory's
official metric projection (``territories.METRIC_CRS``: Lambert-93 for
metropolitan France, local UTM overseas), so that distances are in metres;
display shapes are simplified once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from fsdash.domain.territories import DEPARTEMENTS, METRIC_CRS

DISPLAY_TOLERANCE = 0.004  # degrees, about 300-450 m: invisible at national zoom
DISPLAY_DECIMALS = 3  # about 100 m
NEIGHBOUR_GAP_M = 2_000  # contours closer than this are neighbours (bridges simplification gaps)
WGS84 = "EPSG:4326"


class ContoursFileError(ValueError):
    """The contours file cannot be used; the message is in French."""


@dataclass(frozen=True)
class Contours:
    """The contours, one row per code (index), columns ``nom``, ``region``, ``geometry`` (WGS84)."""

    frame: gpd.GeoDataFrame

    @property
    def codes(self) -> list[str]:
        return list(self.frame.index)

    @property
    def names(self) -> dict[str, str]:
        return self.frame["nom"].to_dict()

    @property
    def regions(self) -> dict[str, str]:
        return self.frame["region"].to_dict()


def _read(source, name: str) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(source)
    except Exception:  # noqa: BLE001 - pyogrio raises several kinds for unreadable files
        raise ContoursFileError(f"Le fichier « {name} » n'est pas un GeoJSON de contours lisible.") from None
    if "code" not in frame.columns:
        raise ContoursFileError(f"Le fichier « {name} » ne contient que 0 départements reconnus "
                                "(propriété « code ») : ce n'est pas le fichier des contours des départements.")
    return frame


def _contours(frame: gpd.GeoDataFrame, name: str) -> Contours:
    frame = frame.assign(code=frame["code"].astype(str).str.upper())
    frame = frame[frame["code"].isin(list(DEPARTEMENTS))].drop_duplicates("code")
    missing = frame.geometry.isna() | frame.geometry.is_empty
    if missing.any():
        code = frame.loc[missing, "code"].iloc[0]
        raise ContoursFileError(f"Le fichier « {name} » : géométrie illisible pour le département {code}.")
    if len(frame) < 90:
        raise ContoursFileError(
            f"Le fichier « {name} » ne contient que {len(frame)} départements reconnus "
            "(propriété « code ») : ce n'est pas le fichier des contours des départements."
        )
    if frame.crs is None:
        frame = frame.set_crs(WGS84)
    frame = frame.to_crs(WGS84)
    names = frame.get("nom", pd.Series(index=frame.index, dtype=object))
    regions = frame.get("region", pd.Series(index=frame.index, dtype=object))
    out = gpd.GeoDataFrame({
        "nom": [str(n) if isinstance(n, str) else DEPARTEMENTS[c].nom for c, n in zip(frame["code"], names)],
        "region": [str(r) if isinstance(r, str) else DEPARTEMENTS[c].region_code
                   for c, r in zip(frame["code"], regions)],
    }, geometry=_polygonal(frame.geometry.to_numpy()), index=pd.Index(frame["code"], name="code"), crs=WGS84)
    return Contours(out)


def _polygonal(geometries: np.ndarray) -> np.ndarray:
    """Invalid shapes repaired as polygons (a zero buffer keeps the area, drops stray lines)."""
    valid = shapely.is_valid(geometries)
    return np.where(valid, geometries, shapely.buffer(geometries, 0))


def parse_contours(data: bytes, name: str = "contours") -> Contours:
    """Parse a contours GeoJSON (a download being checked), keeping the départements and Saint-Martin."""
    try:
        features = json.loads(data)["features"]
        if not all(isinstance(f, dict) and isinstance(f.get("properties"), dict) for f in features):
            raise TypeError
        frame = gpd.GeoDataFrame.from_features(features, crs=WGS84) if features else gpd.GeoDataFrame()
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ContoursFileError(f"Le fichier « {name} » n'est pas un GeoJSON de contours lisible.") from None
    if "code" not in frame.columns:
        frame = gpd.GeoDataFrame({"code": []}, geometry=[], crs=WGS84)
    return _contours(frame, name)


def load_contours(path: str | Path) -> Contours:
    """Read the contours file (``geopandas.read_file`` through pyogrio)."""
    path = Path(path)
    if not path.exists():
        raise ContoursFileError(f"Impossible de lire « {path} » : fichier introuvable.")
    return _contours(_read(path, path.name), path.name)


def count_features(path: str | Path) -> int:
    """Number of features in the raw file, kept or not."""
    return len(json.loads(Path(path).read_bytes())["features"])


# --------------------------------------------------------------------------- display


def _rounded(geometry: shapely.Geometry, decimals: int) -> shapely.Geometry:
    return shapely.transform(geometry, lambda coords: np.round(coords, decimals))


def display_features(contours: Contours, tolerance: float = DISPLAY_TOLERANCE,
                     decimals: int = DISPLAY_DECIMALS) -> dict[str, dict]:
    """Simplified GeoJSON geometries for display, by code (compute once, cache)."""
    simple = contours.frame.geometry.simplify(tolerance, preserve_topology=True)
    return {code: shapely.geometry.mapping(_rounded(geometry, decimals)) for code, geometry in simple.items()}


def region_outlines(contours: Contours, tolerance: float = DISPLAY_TOLERANCE,
                    decimals: int = DISPLAY_DECIMALS) -> dict[str, dict]:
    """The régions' borders, by région code: the départements dissolved, simplified for display."""
    regions = contours.frame.dissolve(by="region")
    simple = regions.geometry.simplify(tolerance, preserve_topology=True).boundary
    return {code: shapely.geometry.mapping(_rounded(geometry, decimals)) for code, geometry in simple.items()}


def bounds(contours: Contours, code: str) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) of a département, for fitting a map."""
    if code not in contours.frame.index:
        return None
    west, south, east, north = contours.frame.geometry.loc[code].bounds
    return (south, west), (north, east)


def centroids(contours: Contours) -> dict[str, tuple[float, float]]:
    """A point inside each département (latitude, longitude), for its label."""
    points = _by_territory(contours.frame, lambda part: part.geometry.representative_point())
    return {code: (round(p.y, 4), round(p.x, 4)) for code, p in points.items()}


# --------------------------------------------------------------------------- geography in metres


def _territory(code: str) -> str:
    return code if code in METRIC_CRS else "métropole"


def _by_territory(frame: gpd.GeoDataFrame, operation) -> pd.Series:
    """``operation(part)`` on each territory's rows in its metric projection, results back in WGS84."""
    parts = []
    for territory, part in frame.groupby(frame.index.map(_territory)):
        crs = METRIC_CRS[territory]
        projected = part.to_crs(crs)
        result = operation(projected)
        parts.append(gpd.GeoSeries(result, crs=crs).to_crs(WGS84) if isinstance(result, gpd.GeoSeries) else result)
    return pd.concat(parts)


def site_points(codes, lats, lons) -> gpd.GeoDataFrame:
    """Sites as points (WGS84), with their département code in column ``code``."""
    return gpd.GeoDataFrame({"code": np.asarray(codes, dtype=object)},
                            geometry=gpd.points_from_xy(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)),
                            crs=WGS84)


def distance_outside_m(contours: Contours, codes, lats, lons) -> np.ndarray:
    """Distance in metres from each point to its own département's contour (0 inside),
    measured in the territory's metric projection. NaN where the code has no contour."""
    points = site_points(codes, lats, lons)
    result = np.full(len(points), np.nan)
    for territory, part in points.groupby(points["code"].map(_territory)):
        crs = METRIC_CRS[territory]
        polygons = contours.frame.geometry.reindex(part["code"].to_numpy())
        known = polygons.notna().to_numpy()
        if not known.any():
            continue
        projected_points = part[known].to_crs(crs).geometry
        projected_polygons = gpd.GeoSeries(polygons[known].to_numpy(), crs=WGS84).to_crs(crs)
        distance = projected_polygons.distance(projected_points.reset_index(drop=True), align=False).to_numpy()
        result[part.index.to_numpy()[known]] = distance
    return result


def distance_outside_km(contours: Contours, codes, lats, lons) -> np.ndarray:
    """``distance_outside_m`` in kilometres."""
    return distance_outside_m(contours, codes, lats, lons) / 1000


def containing_codes(contours: Contours, lats, lons) -> np.ndarray:
    """The code of the département each point falls in (a spatial join), None outside every contour."""
    points = site_points([None] * len(np.asarray(lats)), lats, lons)[["geometry"]]
    joined = gpd.sjoin(points, contours.frame[["geometry"]], how="left", predicate="within")
    found = joined.loc[~joined.index.duplicated(keep="first"), "code"]
    return np.array([c if isinstance(c, str) else None for c in found], dtype=object)


def neighbours(contours: Contours, code: str, gap_m: float = NEIGHBOUR_GAP_M) -> list[str]:
    """Codes whose contour lies within ``gap_m`` metres of ``code``'s, ``code`` excluded
    (in ``code``'s metric projection). Empty without a contour."""
    if code not in contours.frame.index:
        return []
    crs = METRIC_CRS[_territory(code)]
    projected = contours.frame.to_crs(crs)
    zone = projected.geometry.loc[code].buffer(gap_m)
    hits = projected.index[projected.geometry.intersects(zone)]
    return [c for c in hits if c != code]
