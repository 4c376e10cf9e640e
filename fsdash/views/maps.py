"""The maps' data, built once and sent to the browser as files: contours, régions,
sites (points, then their details, one file per département), and the small
per-page part (statuses, filters, view).

Pure functions: no Streamlit, no folium. The browser's map (``maps.js`` beside
this file, Leaflet served by the app) draws every text with ``textContent``,
never as markup, so a site named ``<img src=x onerror=alert(1)>`` shows as text.

Why not folium: a folium map is one script with every layer inline; its data
could not reach the browser as separate files that a second visit, another
session or another process reuse from the browser's cache, and the page would
send it again on every run. The README's « Choix techniques » gives the figures.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd

from fsdash.domain.site_fields import (
    CLUSTER_COLOR,
    DAYS_SHORT,
    FORMAT_LABELS,
    HOURS_COLUMNS,
    SITE_COLORS,
    SITE_OUTLINES,
    SITE_TYPES,
)
from fsdash.domain.statuses import STATUS_COLORS, STATUS_FILL_OPACITY, STATUS_HATCHED, STATUSES
from fsdash.domain.territories import CODES, DEPARTEMENTS
from fsdash.views import map_legend

MAX_ZOOM = 18
FORMATS: tuple[str, ...] = tuple(FORMAT_LABELS)
# The browser code, in load order (one module once joined: see ``script``).
SCRIPT_FILES: tuple[str, ...] = ("maps.js", "maps_sites.js", "maps_extras.js")
STYLE_FILE = "maps.css"
HERE = Path(__file__).parent
# Overseas territories shown as insets beside metropolitan France on the national map.
INSETS: tuple[str, ...] = ("971", "972", "973", "974", "976", "978")


def pack(value) -> bytes:
    """JSON, gzipped (the browser inflates it): about a quarter of the JSON's size."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(raw, compresslevel=6, mtime=0)


def unpack(data: bytes):
    """What ``pack`` packed (the server reads a published layer back for the map's picture)."""
    return json.loads(gzip.decompress(data))


def script() -> str:
    """The browser's map module: the files of ``SCRIPT_FILES`` joined."""
    return "\n".join((HERE / name).read_text(encoding="utf-8") for name in SCRIPT_FILES)


def style() -> str:
    return (HERE / STYLE_FILE).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- layers (files)


def contours_layer(features: dict[str, dict], labels: dict[str, tuple[float, float]]) -> dict:
    """Départements: codes, names, simplified geometries and label points, in ``features`` order."""
    codes = list(features)
    return {
        "codes": codes,
        "names": [DEPARTEMENTS[c].nom if c in DEPARTEMENTS else c for c in codes],
        "geometries": [features[c] for c in codes],
        "labels": [list(labels.get(c, (None, None))) for c in codes],
    }


def regions_layer(outlines: dict[str, dict]) -> dict:
    """The régions' borders (lines), by région code."""
    return {"codes": list(outlines), "geometries": list(outlines.values())}


def points_layer(sites: pd.DataFrame, details: dict[str, str] | None = None, search: str | None = None) -> dict:
    """What draws the sites: [lat, lon, type, format, département] per site, by index,
    and the names of the files beside this one: ``details``, département code -> its
    sites' details (``details_layers``), and ``search``, what the search reads.

    Types, formats and départements are indexes into the lists sent with them, so
    that a filter is applied in the browser without another file."""
    deps = {code: i for i, code in enumerate(CODES)}
    formats = {f: i for i, f in enumerate(FORMATS)}
    types = {t: i for i, t in enumerate(SITE_TYPES)}
    points = [
        [round(float(lat), 5), round(float(lon), 5), types.get(kind, 0), formats.get(fmt, -1), deps.get(dep, -1)]
        for lat, lon, kind, fmt, dep in zip(sites["latitude"], sites["longitude"], sites["type_fs"],
                                            sites["format_fs"], sites["insee_dep"])
    ]
    return {"types": list(SITE_TYPES), "formats": list(FORMATS), "deps": list(CODES), "points": points,
            "details": dict(details or {}), "search": search}


def _contact(site: dict) -> list[str]:
    return [
        f"Tél. {site['telephone']}" if site["telephone"] else "",
        site["mail"],
        "Prise de rendez-vous possible" if site["prise_rdv"] == "Oui" else "",
    ]


def details_layer(sites: pd.DataFrame) -> list[list]:
    """What the sites' popups and the search read, by index: name, address, kind, hours
    (Monday to Saturday), contact lines, commune, postcode, id."""
    details = []
    for site in sites.to_dict("records"):
        address = " ".join(p for p in (site["adresse"], site["complement_adresse"]) if p)
        town = " ".join(p for p in (site["code_postal"], site["lib_com"]) if p)
        fmt = FORMAT_LABELS.get(site["format_fs"], site["format_fs"])
        details.append([
            site["lib_fs"],
            f"{address}, {town}" if address else town,
            f"{site['type_fs']} · format {fmt}" if site["type_fs"] else f"format {fmt}",
            [(site[col] or "").strip() for col in HOURS_COLUMNS],
            _contact(site),
            site["lib_com"],
            site["code_postal"],
            site["id_fs"],
        ])
    return details


def details_layers(sites: pd.DataFrame) -> dict[str, list[list]]:
    """The details split by département (one file each, loaded when its sites are used):
    code -> the rows of ``details_layer`` of its sites, in the sites' order. The browser
    finds site i's row from the points layer alone: its département's file
    (``points[i][4]``, then ``details``) and its rank among that département's sites."""
    split: dict[str, list[list]] = {}
    for code, row in zip(sites["insee_dep"], details_layer(sites)):
        split.setdefault(code, []).append(row)
    return split


def search_layer(sites: pd.DataFrame) -> list[list[str]]:
    """What the map's search reads, for all of France, by index: name, commune, postcode (the
    fields 0, 5 and 6 of ``details_layer``, a quarter of its size); a site chosen in the
    search then loads its département's details for its popup."""
    return [[name, town, postcode] for name, town, postcode in
            zip(sites["lib_fs"], sites["lib_com"], sites["code_postal"])]


# --------------------------------------------------------------------------- the page's part (sent each run)


def status_values(codes, records: pd.DataFrame, site_counts: dict[str, int]) -> list[list[int]]:
    """[status index, number of sites] for each code of the contours layer."""
    statut = dict(zip(records["departement"], records["statut"]))
    return [[STATUSES.index(statut.get(code, STATUSES[0])), int(site_counts.get(code, 0))] for code in codes]


def legend_items(records: pd.DataFrame, shown: set[str] | None = None, counts: bool = True) -> list[list]:
    """[label, swatch background, count or None, round, ring colour or None] per status of the
    shown départements (``map_legend.items``), then per kind of site."""
    considered = records if shown is None else records[records["departement"].isin(shown)]
    found = considered["statut"].value_counts().to_dict()
    return [list(row) for row in map_legend.items(found if counts else None)]


def palette() -> dict:
    """The map's colours: statuses (fill, opacity, the hatched ones), sites and clusters."""
    return {"statuses": list(STATUSES), "colors": [STATUS_COLORS[s] for s in STATUSES],
            "opacity": STATUS_FILL_OPACITY, "hatched": [STATUSES.index(s) for s in STATUS_HATCHED],
            "hatch": map_legend.hatch(), "sites": [SITE_COLORS[t] for t in SITE_TYPES],
            "outlines": [SITE_OUTLINES[t] for t in SITE_TYPES], "cluster": CLUSTER_COLOR,
            "days": list(DAYS_SHORT)}


def site_filter(codes: set[str] | None, types: list[str] | None, formats: list[str] | None) -> dict | None:
    """The sites to draw, as the browser applies it: département codes, types and formats (None: all)."""
    if codes is None and not types and not formats:
        return None
    return {"deps": sorted(codes) if codes is not None else None, "types": list(types or []) or None,
            "formats": list(formats or []) or None}


def map_spec(*, layers: dict[str, str], codes, records: pd.DataFrame, site_counts: dict[str, int],
             shown: set[str] | None = None, sites: dict | None = None, focus: str | None = None,
             fit=None, view=None, insets: bool = False, cluster_radius: int = 40, legend_counts: bool = True,
             tiles: tuple[str, str] | None = None, link: str = "departement?dep=", label: str = "") -> dict:
    """What the map element receives on a run: the files' addresses (the browser keeps
    them), then what is small and may change: statuses, filters, view. A few kilobytes."""
    return {
        "layers": layers,
        "statuses": status_values(codes, records, site_counts),
        "shown": sorted(shown) if shown is not None else None,
        "sites": sites,
        "focus": focus,
        "fit": [list(fit[0]), list(fit[1])] if fit else None,
        "view": list(view) if view else None,
        "insets": list(INSETS) if insets else [],
        "cluster": cluster_radius,
        "legend": {"title": "Animateur départemental", "items": legend_items(records, shown, legend_counts)},
        "palette": palette(),
        "tiles": {"url": tiles[0], "attribution": tiles[1], "maxZoom": MAX_ZOOM} if tiles and tiles[0] else None,
        "link": link,
        "label": label,
    }
