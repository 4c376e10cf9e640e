"""Département contours (Etalab, derived from IGN ADMIN EXPRESS).

The file ``departements-*.geojson`` has one feature per département and overseas
collectivity with properties ``code``, ``nom`` and ``region``. We keep the 101
départements and Saint-Martin (978), simplify them once for display, and use the
full-resolution shapes to check where sites stand.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

from fsdash.domain.territories import DEPARTEMENTS

DISPLAY_TOLERANCE = 0.004  # degrees, about 300-450 m: invisible at national zoom
DISPLAY_DECIMALS = 3  # about 100 m


class ContoursFileError(ValueError):
    """The contours file cannot be used; the message is in French."""


@dataclass(frozen=True)
class Contours:
    geometries: dict[str, shapely.Geometry]  # code -> full-resolution shape
    names: dict[str, str]
    regions: dict[str, str]

    @property
    def codes(self) -> list[str]:
        return list(self.geometries)


def parse_contours(data: bytes, name: str = "contours") -> Contours:
    """Parse a contours GeoJSON, keeping the départements and Saint-Martin."""
    try:
        document = json.loads(data)
        features = document["features"]
    except (ValueError, KeyError, TypeError):
        raise ContoursFileError(f"Le fichier « {name} » n'est pas un GeoJSON de contours lisible.") from None
    geometries, names, regions = {}, {}, {}
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        code = str(props.get("code", "")).upper()
        if code not in DEPARTEMENTS:
            continue
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ContoursFileError(
                f"Le fichier « {name} » : géométrie illisible pour l'objet n° {number} ({code})."
            ) from None
        geometries[code] = geometry.buffer(0) if not geometry.is_valid else geometry
        names[code] = str(props.get("nom", DEPARTEMENTS[code].nom))
        regions[code] = str(props.get("region", DEPARTEMENTS[code].region_code))
    if len(geometries) < 90:
        raise ContoursFileError(
            f"Le fichier « {name} » ne contient que {len(geometries)} départements reconnus "
            "(propriété « code ») : ce n'est pas le fichier des contours des départements."
        )
    return Contours(geometries, names, regions)


def load_contours(path: str | Path) -> Contours:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContoursFileError(f"Impossible de lire « {path} » : {exc.strerror}.") from None
    return parse_contours(data, path.name)


def count_features(path: str | Path) -> int:
    """Number of features in the raw file, kept or not."""
    return len(json.loads(Path(path).read_bytes())["features"])


def _round_coords(geometry: dict, decimals: int) -> dict:
    def walk(coords):
        if isinstance(coords[0], (int, float)):
            return [round(coords[0], decimals), round(coords[1], decimals)]
        return [walk(c) for c in coords]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def display_features(contours: Contours, tolerance: float = DISPLAY_TOLERANCE,
                     decimals: int = DISPLAY_DECIMALS) -> dict[str, dict]:
    """Simplified GeoJSON geometries for display, by code (compute once, cache)."""
    out = {}
    for code, geometry in contours.geometries.items():
        simple = shapely.simplify(geometry, tolerance, preserve_topology=True)
        out[code] = _round_coords(mapping(simple), decimals)
    return out


def bounds(contours: Contours, code: str) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) of a département, for fitting a map."""
    geometry = contours.geometries.get(code)
    if geometry is None:
        return None
    west, south, east, north = geometry.bounds
    return (south, west), (north, east)


def distance_outside_km(contours: Contours, codes, lats, lons) -> np.ndarray:
    """Distance in km from each point to its own département's contour (0 inside).

    NaN where the département has no contour. Distances use a local
    equirectangular projection, accurate to a few percent at these scales.
    """
    codes = np.asarray(codes, dtype=object)
    lats = np.asarray(lats, dtype=float)
    lons = np.asarray(lons, dtype=float)
    result = np.full(len(codes), np.nan)
    for code in np.unique(codes):
        geometry = contours.geometries.get(code)
        if geometry is None:
            continue
        idx = np.nonzero(codes == code)[0]
        points = shapely.points(lons[idx], lats[idx])
        inside = shapely.covers(geometry, points)
        result[idx[inside]] = 0.0
        out = idx[~inside]
        if len(out):
            lat0 = float(np.mean(lats[out]))
            kx, ky = 111.32 * math.cos(math.radians(lat0)), 110.57
            scale = np.array([kx, ky])
            projected = shapely.transform(geometry, lambda c, s=scale: c * s)
            pts = shapely.points(lons[out] * kx, lats[out] * ky)
            result[out] = shapely.distance(projected, pts)
    return result
