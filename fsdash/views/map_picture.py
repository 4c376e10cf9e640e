"""The map's first picture: what Leaflet will draw, as one SVG file made on the server.

A first visit waits about half a second, after Streamlit's own page, for the map:
the map element's code, Leaflet, the layers, then drawing 102 contours and 2,845
sites, while the browser is busy drawing the page's other elements (README
« Servir beaucoup de monde »). The page shows this picture in the map's place
first, as a plain image (an ``<img>`` that needs none of Streamlit's element
bundles), then Leaflet draws the map over it and the picture goes away
(``fsdash/ui/chrome.css``): server-side rendering, then the live map.

It is drawn from what the map element receives (``maps.map_spec``) and from the
same layer files, with the rules of ``maps.js``: the same Web Mercator pixels as
Leaflet at the same view, the same colours, hatching, greying and outlines, sites
as dots below ``SITE_ZOOM`` and as 14-pixel discs above, the overseas insets.
Not drawn: the controls (zoom, search, legend, scale), the département labels,
the map tiles, the sites' clusters. A browser test compares the picture with the
map Leaflet draws, pixel by pixel at every département's label point.

Two ways to place it, as the map does:
- a view (centre and zoom, the national map): drawn in pixels around the centre,
  which an SVG ``<svg x="50%" y="50%">`` keeps in the middle of any width;
- bounds to fit (a département): a ``viewBox`` on the bounds, scaled to fit the
  image (``preserveAspectRatio`` « meet »), strokes and sites at a fixed size in
  pixels; the image covers the box Leaflet fits the bounds in (its padding), and
  the map fits them without snapping its zoom (``maps.js``), so both agree.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence

from shapely.geometry import LineString

TILE = 256  # Leaflet's pixels: the world is 256 × 2^zoom pixels wide
SITE_ZOOM = 8  # maps.js: below, sites are dots; from it (and on a département's map), markers
BACKGROUND = "#F6F6F6"  # maps.css .fsdash-map-canvas
FIT_PADDING = ((10, 10), (180, 10))  # maps.js place(): top-left and bottom-right, on a map 520 px wide or more
# maps.css .fsdash-insets, .fsdash-inset, .fsdash-inset-map, .fsdash-inset-title
INSET_LEFT, INSET_TOP, INSET_GAP, INSET_WIDTH, INSET_MAP_HEIGHT, INSET_TITLE = 10, 84, 5, 104, 62, 17.3
INSETS_HIDDEN_BELOW = 568  # maps.css: on phones (600 px wide) the insets go under the map
DOT, MARKER = 2.5, 14  # maps_sites.js siteDots radius; maps.css marker disc diameter
SIMPLIFY_PIXELS = 0.6  # Douglas-Peucker tolerance: half the picture's contour data, the same look
ESTIMATED_WIDTH = 900  # a fitted map's usual width: its drawing's unit is about a pixel (not for placing)


def project(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """Leaflet's pixel coordinates of a point at ``zoom`` (spherical Web Mercator, EPSG:3857)."""
    size = TILE * 2 ** zoom
    lat = max(min(lat, 85.0511287798), -85.0511287798)
    sin = math.sin(math.radians(lat))
    return (lon + 180) / 360 * size, (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size


def rings(geometry: dict) -> list[list[Sequence[float]]]:
    """The lines of a GeoJSON geometry (polygon rings, lines), as [lon, lat] lists."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon" or kind == "MultiLineString":
        return list(coordinates)
    if kind == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    if kind == "LineString":
        return [coordinates]
    return []


def _fit_zoom(south, west, north, east, width: float, height: float, snap: float) -> float:
    """Leaflet's ``getBoundsZoom``: the zoom at which the bounds fit ``width`` × ``height``, floored to ``snap``."""
    (x0, y0), (x1, y1) = project(north, west, 0), project(south, east, 0)
    zoom = math.log2(min(width / max(x1 - x0, 1e-12), height / max(y1 - y0, 1e-12)))
    if snap:
        zoom = round(zoom / (snap / 100)) * (snap / 100)
        zoom = math.floor(zoom / snap + 1e-9) * snap
    return zoom


def _numbers(values: Iterable[int]) -> str:
    """Integers as SVG path data: a minus sign separates as well as a space does."""
    return " ".join(str(v) for v in values).replace(" -", "-")


class _Drawing:
    """Whole pixels around an origin (Leaflet's SVG renderer rounds to the pixel too), a point
    in the same pixel as the previous one dropped, each point relative to the previous."""

    def __init__(self, zoom: float, origin: tuple[float, float]):
        self.zoom, self.origin = zoom, origin

    def xy(self, lat: float, lon: float) -> tuple[int, int]:
        x, y = project(lat, lon, self.zoom)
        return round(x - self.origin[0]), round(y - self.origin[1])

    def path(self, lines: Iterable[Sequence[Sequence[float]]], closed: bool,
             box: tuple[float, float, float, float] | None) -> str:
        out = []
        for line in lines:
            points: list[tuple[int, int]] = []
            for lon, lat, *_ in line:
                point = self.xy(lat, lon)
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) > 3:  # Leaflet simplifies each path to a pixel too (smoothFactor 1)
                simple = LineString(points).simplify(SIMPLIFY_PIXELS, preserve_topology=False)
                points = [(round(x), round(y)) for x, y in simple.coords]
            if len(points) < (3 if closed else 2):
                continue
            if box is not None:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                if max(xs) < box[0] or min(xs) > box[2] or max(ys) < box[1] or min(ys) > box[3]:
                    continue
            steps = [v for (x0, y0), (x1, y1) in zip(points, points[1:]) for v in (x1 - x0, y1 - y0)]
            out.append(f"M{_numbers(points[0])}l{_numbers(steps)}" + ("z" if closed else ""))
        return "".join(out)

    def spots(self, places: Sequence[tuple[int, int]]) -> str:
        """Zero-length lines at ``places`` (drawn as dots by round line caps)."""
        out, last = [], None
        for x, y in places:
            out.append(f"M{_numbers((x, y))}h0" if last is None else f"m{_numbers((x - last[0], y - last[1]))}h0")
            last = (x, y)
        return "".join(out)


def _style(spec: dict, i: int, code: str) -> tuple[str, str, float, float, bool]:
    """maps.js ``departementStyle``: fill, stroke, stroke width, fill opacity, hatched."""
    palette = spec["palette"]
    value = spec["statuses"][i] if i < len(spec["statuses"]) else [0, 0]
    shown = spec.get("shown")
    dim = shown is not None and code not in shown
    hatched = not dim and value[0] in palette["hatched"]
    return ("#E5E5E5" if dim else palette["colors"][value[0]], "#929292" if dim else "#3A3A3A",
            3 if spec.get("focus") == code else 0.8, 0.35 if dim else palette["opacity"], hatched)


def selected_sites(points: dict, chosen: dict | None) -> list[int]:
    """maps_sites.js ``selectedSites``: the indexes of the sites the filter keeps (None: all)."""
    deps = set(chosen["deps"]) if chosen and chosen.get("deps") is not None else None
    types = set(chosen["types"]) if chosen and chosen.get("types") else None
    formats = set(chosen["formats"]) if chosen and chosen.get("formats") else None
    keep = []
    for i, p in enumerate(points["points"]):
        if deps is not None and (p[4] < 0 or points["deps"][p[4]] not in deps):
            continue
        if types is not None and points["types"][p[2]] not in types:
            continue
        if formats is not None and (p[3] < 0 or points["formats"][p[3]] not in formats):
            continue
        keep.append(i)
    return keep


def _departements(spec, contours, drawing: _Drawing, box, fixed: str, only: str | None = None) -> str:
    """The contours, grouped by style (maps.js: stroke opacity 1, round joins, even-odd fill)."""
    groups: dict[tuple, list[str]] = {}
    for i, (code, geometry) in enumerate(zip(contours["codes"], contours["geometries"])):
        if only is not None and code != only:
            continue
        d = drawing.path(rings(geometry), True, box)
        if d:
            groups.setdefault(_style(spec, i, code), []).append(d)
    hatch = spec["palette"].get("hatch") or {}
    out = []
    for (fill, stroke, width, opacity, hatched), paths in sorted(groups.items(), key=lambda g: g[0][2]):
        paint = f"url(#{hatch['id']})" if hatched and hatch else fill
        out.append(f'<g fill="{paint}" fill-opacity="{opacity}" fill-rule="evenodd" stroke="{stroke}" '
                   f'stroke-width="{width}" stroke-linejoin="round" stroke-linecap="round">'
                   + "".join(f'<path d="{d}"{fixed}/>' for d in paths) + "</g>")  # (vector-effect: not inherited)
    return "".join(out)


def _regions(regions, drawing: _Drawing, box, fixed: str) -> str:
    if not regions:
        return ""
    d = "".join(drawing.path(rings(g), False, box) for g in regions["geometries"])
    return (f'<path d="{d}" fill="none" stroke="#161616" stroke-opacity="0.8" stroke-width="1.6" '
            f'stroke-linejoin="round" stroke-linecap="round"{fixed}/>' if d else "")


def _sites(spec, points, indexes, drawing: _Drawing, box, markers: bool, fixed: str, name: str) -> str:
    """Dots (maps_sites.js ``siteDots``) or the markers' discs (maps.css ``.fsdash-site-N``)."""
    palette = spec["palette"]
    by_type: dict[int, list[tuple[float, float]]] = {}
    for i in indexes:
        p = points["points"][i]
        x, y = drawing.xy(p[0], p[1])
        if box is None or (box[0] <= x <= box[2] and box[1] <= y <= box[3]):
            by_type.setdefault(p[2], []).append((x, y))
    out = []
    for kind in sorted(by_type):
        d = drawing.spots(by_type[kind])
        ident = f"sites-{name}-{kind}"
        fill = palette["sites"][kind] if kind < len(palette["sites"]) else palette["sites"][0]
        outline = palette["outlines"][kind] if kind < len(palette["outlines"]) else "#FFFFFF"
        # Round dots of zero-length lines, whose width stays in pixels whatever the scale of a
        # fitted picture: a dot is its outline's colour, then its own colour inside. A marker is
        # a disc of 14 px with a 3 px border in the outline's colour (white around a main site's
        # blue, blue around an antenna's white), a 1 px white rim and a soft shadow.
        rings_ = (((outline, 2 * DOT + 0.8), (fill, 2 * DOT - 0.8)) if not markers else
                  (("rgba(0,0,0,.3)", MARKER + 4), ("#FFFFFF", MARKER + 2), (outline, MARKER), (fill, MARKER - 6)))
        # the dots' places once, drawn by each ring (``<use>``: half the file of a national picture)
        out.append(f'<defs><path id="{ident}" d="{d}"{fixed}/></defs>')
        for colour, width in rings_:
            out.append(f'<use href="#{ident}" stroke="{colour}" stroke-width="{width:g}" stroke-linecap="round"/>')
    return "".join(out)


def _hatch_pattern(spec) -> str:
    """maps.js ``hatchPattern``: 6-pixel stripes of the hatch colour and 2-pixel white ones, at 45°."""
    hatch = spec["palette"].get("hatch")
    if not hatch:
        return ""
    return (f'<pattern id="{html.escape(hatch["id"])}" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{hatch["color"]}"/>'
            f'<rect width="2" height="6" fill="#FFFFFF"/></pattern>')


def _insets(spec, contours, points, indexes) -> str:
    """The overseas insets down the map's left side (maps_extras.js ``insets``)."""
    out, top = [], INSET_TOP
    item = 1 + INSET_MAP_HEIGHT + INSET_TITLE + 1
    for code in spec.get("insets") or []:
        if code not in contours["codes"]:
            continue
        i = contours["codes"].index(code)
        lines = rings(contours["geometries"][i])
        lons = [p[0] for line in lines for p in line]
        lats = [p[1] for line in lines for p in line]
        if not lons:
            continue
        zoom = _fit_zoom(min(lats), min(lons), max(lats), max(lons), INSET_WIDTH - 6, INSET_MAP_HEIGHT - 6, 0.1)
        (x0, y0), (x1, y1) = project(max(lats), min(lons), zoom), project(min(lats), max(lons), zoom)
        drawing = _Drawing(zoom, ((x0 + x1) / 2, (y0 + y1) / 2))
        own = [k for k in indexes if points["deps"][points["points"][k][4]] == code]
        left = INSET_LEFT
        out.append(
            f'<rect x="{left + .5}" y="{top + .5}" width="{INSET_WIDTH + 1}" height="{item - 1:.1f}" rx="3" '
            f'fill="#FFFFFF" stroke="#929292"/>'
            f'<svg x="{left + 1}" y="{top + 1}" width="{INSET_WIDTH}" height="{INSET_MAP_HEIGHT}">'
            f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>'
            f'<svg x="50%" y="50%" overflow="visible">{_sites(spec, points, own, drawing, None, False, "", code)}'
            f'{_departements(spec, contours, drawing, None, "", code)}</svg></svg>'
            f'<path d="M{left + 1} {top + 1 + INSET_MAP_HEIGHT + .5}h{INSET_WIDTH}" stroke="#DDDDDD"/>'
            f'<text x="{left + 4}" y="{top + 1 + INSET_MAP_HEIGHT + 13}" font-family="Marianne, arial, sans-serif" '
            f'font-size="11" fill="#161616">{html.escape(contours["names"][i])}</text>')
        top += item + INSET_GAP
    return f'<g class="insets">{"".join(out)}</g>' if out else ""


def picture(spec: dict, contours: dict, regions: dict | None, points: dict, height: int) -> str:
    """The SVG of the map ``spec`` describes (``maps.map_spec``) as Leaflet first draws it on a map
    ``height`` pixels high, as wide as the image is shown. A fitted map's picture is the box Leaflet
    fits the bounds in: the map without its padding (``FIT_PADDING``, its width in chrome.css)."""
    indexes = selected_sites(points, spec.get("sites"))
    markers = bool(spec.get("focus"))  # maps_sites.js: a focused map has markers at every zoom
    if spec.get("fit"):
        (_, top), (_, bottom) = FIT_PADDING
        height -= top + bottom
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" height="{height}" width="100%">'
            f'<style>@media (max-width: {INSETS_HIDDEN_BELOW}px) {{ .insets {{ display: none }} }}</style>')
    if spec.get("fit"):
        (south, west), (north, east) = spec["fit"]
        # The zoom at which the bounds fit a usual map (the image then scales to the real one):
        # a unit of the drawing is about a pixel on screen.
        zoom = _fit_zoom(south, west, north, east, ESTIMATED_WIDTH, height, 0)
        (x0, y0), (x1, y1) = project(north, west, zoom), project(south, east, zoom)
        drawing = _Drawing(zoom, (x0, y0))
        w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
        box = (-2 * w, -h, 3 * w, 2 * h)  # what a wide or a narrow screen may show around the bounds
        fixed = ' vector-effect="non-scaling-stroke"'
        body = (_departements(spec, contours, drawing, box, fixed) + _regions(regions, drawing, box, fixed)
                + _sites(spec, points, indexes, drawing, box, True, fixed, "carte"))
        return (f'{head}<defs>{_hatch_pattern(spec)}</defs>'
                f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>'
                f'<svg width="100%" height="100%" viewBox="0 0 {w:.1f} {h:.1f}" '
                f'preserveAspectRatio="xMidYMid meet" overflow="visible">{body}</svg></svg>')
    lat, lon, zoom = spec["view"]
    drawing = _Drawing(zoom, project(lat, lon, zoom))
    box = (-1800.0, -height / 2 - 20, 1800.0, height / 2 + 20)  # a map up to 3,600 px wide
    dots = not markers and zoom < SITE_ZOOM
    sites = _sites(spec, points, indexes, drawing, box, not dots, "", "carte")
    # dots lie under the contours (Leaflet's canvas under its SVG), markers above them
    body = ((sites if dots else "") + _departements(spec, contours, drawing, box, "")
            + _regions(regions, drawing, box, "") + ("" if dots else sites))
    return (f'{head}<defs>{_hatch_pattern(spec)}</defs><rect width="100%" height="100%" fill="{BACKGROUND}"/>'
            f'<svg x="50%" y="50%" overflow="visible">{body}</svg>{_insets(spec, contours, points, indexes)}</svg>')
