"""Static maps for the PDF fiches (geopandas + matplotlib, drawn as PNG).

- the national map: metropolitan France in Lambert-93 and the overseas
  territories « rapprochés » (each projected in its own metric CRS, scaled to fit
  a box and moved west of Brittany, as national statistics do), coloured by
  facilitator status, with a legend that names every status and its count;
- a département's map: its contour, its neighbours in grey, its sites by type
  (shape and colour), a scale bar.

geopandas, pyproj and matplotlib are imported inside the functions (about 4 s
cold): the dashboard's pages only pay for them when a fiche is asked for. The
contours are read here with geopandas from the official file, independently of
``fsdash.inputs.contours``. No pyplot: a ``Figure`` with its own Agg canvas, safe
in a server's threads.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from fsdash.domain.site_fields import SITE_COLORS
from fsdash.domain.statuses import AUCUN, NON_RENSEIGNE, RECRUTEMENT, STATUS_COLORS, STATUSES
from fsdash.domain.territories import DEPARTEMENTS

WGS84 = 4326
L93 = 2154
# Overseas territory → (its metric CRS, inset box centre x and y in Lambert-93 metres, box side in metres).
INSETS: dict[str, tuple[int, float, float, float]] = {
    "971": (5490, -60_000, 6_950_000, 190_000),
    "978": (5490, 120_000, 6_950_000, 90_000),
    "972": (5490, -60_000, 6_740_000, 190_000),
    "973": (2972, -60_000, 6_530_000, 190_000),
    "974": (2975, -60_000, 6_320_000, 190_000),
    "976": (4471, -60_000, 6_110_000, 190_000),
}
# Statuses without a post in place are hatched too: the colour never carries the meaning alone.
HATCHES: dict[str, str] = {NON_RENSEIGNE: "xxxx", AUCUN: "////", RECRUTEMENT: "...."}
NEIGHBOUR, EDGE, INK = "#E5E5E5", "#FFFFFF", "#161616"
SITE_MARKERS: dict[str, str] = {"Principal": "o", "Antenne": "^"}


@dataclass(frozen=True)
class Layout:
    """Every territory in Lambert-93, overseas ones moved into their insets."""

    frame: object  # GeoDataFrame: code, nom, geometry (EPSG:2154)
    transforms: dict[str, tuple[int, float, float, float, tuple[float, float]]]  # code → epsg, scale, dx, dy, origin


# --------------------------------------------------------------------------- contours


def read_contours(path: str | Path):
    """The départements and Saint-Martin from a contours GeoJSON, as a GeoDataFrame (WGS84)."""
    return _read_contours(str(path), Path(path).stat().st_mtime)


@functools.lru_cache(maxsize=2)
def _read_contours(path: str, modified: float):
    import geopandas as gpd

    frame = gpd.read_file(path, columns=["code", "nom"])
    frame["code"] = frame["code"].astype(str).str.upper()
    frame = frame[frame["code"].isin(DEPARTEMENTS)].reset_index(drop=True)
    return frame.to_crs(WGS84) if frame.crs is not None else frame.set_crs(WGS84)


def contours_from_geometries(geometries: Mapping[str, object]):
    """A GeoDataFrame (WGS84) from shapely geometries by code, such as the pages already hold."""
    import geopandas as gpd

    codes = [c for c in geometries if c in DEPARTEMENTS]
    return gpd.GeoDataFrame({"code": codes, "nom": [DEPARTEMENTS[c].nom for c in codes]},
                            geometry=[geometries[c] for c in codes], crs=WGS84)


def as_contours(contours):
    """A contours GeoDataFrame (WGS84) from a file path, shapely geometries by code, or
    a GeoDataFrame as is; an empty one for None."""
    import geopandas as gpd

    if contours is None:
        return gpd.GeoDataFrame({"code": [], "nom": []}, geometry=[], crs=WGS84)
    if isinstance(contours, (str, Path)):
        return read_contours(contours)
    if isinstance(contours, Mapping):
        return contours_from_geometries(contours)
    return contours


def france_layout(contours) -> Layout:
    """Metropolitan France in Lambert-93 and the overseas territories in their insets."""
    import geopandas as gpd

    overseas = contours["code"].isin(INSETS)
    parts, transforms = [contours[~overseas & contours["code"].isin(DEPARTEMENTS)].to_crs(L93)], {}
    for code, (epsg, cx, cy, side) in INSETS.items():
        local = contours[contours["code"] == code].to_crs(epsg)
        if local.empty:
            continue
        minx, miny, maxx, maxy = local.total_bounds
        scale = 0.9 * side / max(maxx - minx, maxy - miny)
        origin = ((minx + maxx) / 2, (miny + maxy) / 2)
        dx, dy = cx - origin[0], cy - origin[1]
        moved = local.geometry.scale(scale, scale, origin=origin).translate(dx, dy).set_crs(L93, allow_override=True)
        parts.append(gpd.GeoDataFrame(local.drop(columns="geometry"), geometry=moved.values, crs=L93))
        transforms[code] = (epsg, scale, dx, dy, origin)
    return Layout(pd.concat(parts, ignore_index=True), transforms)


@functools.lru_cache(maxsize=2)
def _layout_of_file(path: str, modified: float) -> Layout:
    return france_layout(_read_contours(path, modified))


def layout_of_file(path: str | Path) -> Layout:
    """``france_layout`` of a contours file, kept while the file is unchanged (it does not depend on statuses)."""
    return _layout_of_file(str(path), Path(path).stat().st_mtime)


def site_points(sites: pd.DataFrame, crs: int | None = None):
    """Sites as points (WGS84, or projected to ``crs``), with their type."""
    import geopandas as gpd

    points = gpd.GeoDataFrame(
        {"insee_dep": sites["insee_dep"].to_numpy(), "type_fs": sites["type_fs"].to_numpy()},
        geometry=gpd.points_from_xy(sites["longitude"].astype(float), sites["latitude"].astype(float)), crs=WGS84,
    )
    return points.to_crs(crs) if crs is not None else points


def move_sites(sites: pd.DataFrame, layout: Layout):
    """Sites in Lambert-93, overseas ones moved with their territory's inset transform."""
    import geopandas as gpd

    points = site_points(sites)
    overseas = points["insee_dep"].isin(layout.transforms)
    parts = [points[~overseas & ~points["insee_dep"].isin(INSETS)].to_crs(L93)]
    for code, (epsg, scale, dx, dy, origin) in layout.transforms.items():
        local = points[points["insee_dep"] == code].to_crs(epsg)
        if local.empty:
            continue
        moved = local.geometry.scale(scale, scale, origin=origin).translate(dx, dy).set_crs(L93, allow_override=True)
        parts.append(gpd.GeoDataFrame(local.drop(columns="geometry"), geometry=moved.values, crs=L93))
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- drawing


def _figure(width_mm: float, height_mm: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.set_aspect("equal")
    return figure, axes


def _png(figure, dpi: int, tight: bool = False) -> bytes:
    buffer = io.BytesIO()
    options = {"bbox_inches": "tight", "pad_inches": 0.02} if tight else {}
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", **options)
    return buffer.getvalue()


def _hatch(axes, frame, hatch: str, colour: str = "#FFFFFF") -> None:
    if not frame.empty:
        frame.plot(ax=axes, facecolor="none", edgecolor=colour, hatch=hatch, linewidth=0)


def national_map_png(layout: Layout, statuses: Mapping[str, str], sites: pd.DataFrame | None = None,
                     width_mm: float = 120, height_mm: float = 110, dpi: int = 200, family: str | None = None) -> bytes:
    """The map of France and its insets coloured by status, legend with counts; sites as dots."""
    from matplotlib import rc_context
    from matplotlib.patches import Patch, Rectangle

    frame = layout.frame.copy()
    frame["statut"] = frame["code"].map(statuses).fillna(NON_RENSEIGNE)
    counts = pd.Series(statuses).value_counts()
    with rc_context({"font.family": family or "sans-serif", "hatch.linewidth": 0.4}):
        figure, axes = _figure(width_mm, height_mm)
        frame.plot(ax=axes, color=frame["statut"].map(STATUS_COLORS), edgecolor=EDGE, linewidth=0.25)
        for status, hatch in HATCHES.items():
            _hatch(axes, frame[frame["statut"] == status], hatch)
        if sites is not None and len(sites):
            points = move_sites(sites, layout)
            points.plot(ax=axes, color=INK, markersize=0.15, alpha=0.55, linewidth=0)
        for code, (_, cx, cy, side) in INSETS.items():
            if code not in layout.transforms:
                continue
            axes.add_patch(Rectangle((cx - side / 2, cy - side / 2), side, side, fill=False, edgecolor="#929292",
                                     linewidth=0.4))
            axes.text(cx - side / 2 + 4_000, cy + side / 2 - 4_000, DEPARTEMENTS[code].nom, fontsize=5,
                      va="top", ha="left", color=INK)
        handles = [Patch(facecolor=STATUS_COLORS[s], edgecolor="#FFFFFF" if s in HATCHES else INK,
                         hatch=HATCHES.get(s), linewidth=0.3, label=f"{s} ({int(counts.get(s, 0))})")
                   for s in reversed(STATUSES)]
        if sites is not None and len(sites):
            handles.append(axes.scatter([], [], s=1.5, color=INK, label="site France services"))
        axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3, fontsize=6.5,
                    frameon=False, title="Animateur départemental (nombre de territoires)", title_fontsize=7,
                    handlelength=1.6, handleheight=1.1, borderaxespad=0.0, columnspacing=1.2)
        minx, miny, maxx, maxy = layout.frame.total_bounds
        axes.set_xlim(minx - 10_000, maxx + 10_000)
        axes.set_ylim(miny - 10_000, maxy + 10_000)
        return _png(figure, dpi, tight=True)


def local_crs(code: str) -> int:
    """The metric CRS a territory is drawn in: Lambert-93, or its own UTM overseas."""
    return INSETS[code][0] if code in INSETS else L93


def departement_map_png(contours, code: str, sites: pd.DataFrame, status: str | None = None,
                        width_mm: float = 90, height_mm: float = 80, dpi: int = 200,
                        family: str | None = None) -> bytes:
    """One territory: its contour tinted by status, neighbours in grey, sites by type, a scale bar."""
    from matplotlib import rc_context

    crs = local_crs(code)
    own = contours[contours["code"] == code]
    points = site_points(sites, crs) if len(sites) else None
    with rc_context({"font.family": family or "sans-serif", "hatch.linewidth": 0.4}):
        figure, axes = _figure(width_mm, height_mm)
        bounds = None
        if not own.empty:
            zone = own.geometry.iloc[0].buffer(0.02)
            neighbours = contours[(contours["code"] != code) & contours.intersects(zone)].to_crs(crs)
            projected = own.to_crs(crs)
            if not neighbours.empty:
                neighbours.plot(ax=axes, color=NEIGHBOUR, edgecolor=EDGE, linewidth=0.6)
            tint = STATUS_COLORS.get(status or NON_RENSEIGNE, STATUS_COLORS[NON_RENSEIGNE])
            projected.plot(ax=axes, color=tint, alpha=0.35, edgecolor=INK, linewidth=0.6)
            bounds = projected.total_bounds
        if points is not None:
            for kind, marker in SITE_MARKERS.items():
                chosen = points[points["type_fs"] == kind]
                if not chosen.empty:
                    chosen.plot(ax=axes, color=SITE_COLORS[kind], marker=marker, markersize=9, edgecolor="white",
                                linewidth=0.3, label=f"{kind} ({len(chosen)})", zorder=3)
            other = points[~points["type_fs"].isin(SITE_MARKERS)]
            if not other.empty:
                other.plot(ax=axes, color=INK, marker="s", markersize=7, label=f"autre ({len(other)})", zorder=3)
            sb = points.total_bounds
            bounds = sb if bounds is None else (min(bounds[0], sb[0]), min(bounds[1], sb[1]),
                                                max(bounds[2], sb[2]), max(bounds[3], sb[3]))
            axes.legend(loc="lower left", fontsize=6, frameon=True, framealpha=0.85, edgecolor="none",
                        title="Sites France services", title_fontsize=6, borderaxespad=0.3)
        if bounds is not None:
            _frame_to(axes, bounds, width_mm / height_mm)
            _scale_bar(axes)
        return _png(figure, dpi)


def _frame_to(axes, bounds, ratio: float) -> None:
    """Limits around ``bounds`` with a margin, at the picture's width/height ratio."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    w, h = max(maxx - minx, 2_000.0), max(maxy - miny, 2_000.0)
    w, h = w * 1.12, h * 1.12
    if w / h < ratio:
        w = h * ratio
    else:
        h = w / ratio
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    axes.set_xlim(cx - w / 2, cx + w / 2)
    axes.set_ylim(cy - h / 2, cy + h / 2)


def _scale_bar(axes) -> None:
    """A round-length scale bar in the lower right corner (metres in a metric CRS)."""
    x0, x1 = axes.get_xlim()
    y0, y1 = axes.get_ylim()
    target = (x1 - x0) / 5
    length = max(n for n in (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000) if n <= max(target, 1_000))
    right, base = x1 - (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    axes.plot([right - length, right], [base, base], color=INK, linewidth=1.2, solid_capstyle="butt")
    axes.text(right - length / 2, base + (y1 - y0) * 0.015, f"{length // 1000} km", ha="center", va="bottom",
              fontsize=6, color=INK)
