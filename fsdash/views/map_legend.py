"""The maps' legend and the statuses' look on a map: each status's swatch as the map
draws it (its colour at the map's fill opacity, hatched for « non renseigné »),
the sites' markers, and the hatching pattern the map's département layer uses.
Colours come from ``fsdash.domain.statuses`` and ``site_fields``; the browser's map
(``maps.js``) puts every text of the legend in the page with ``textContent``.
"""

from __future__ import annotations

from fsdash.domain.colours import blend
from fsdash.domain.site_fields import SITE_COLORS, SITE_OUTLINES
from fsdash.domain.statuses import STATUS_COLORS, STATUS_FILL_OPACITY, STATUS_HATCHED, STATUSES

HATCH_ID = "fsdash-hachures"  # an SVG pattern: white stripes over the status's grey

def status_swatch(status: str) -> str:
    """The CSS background of ``status``'s swatch: what the map shows (its colour at
    the map's fill opacity over white; striped when the status is hatched)."""
    shown = blend(STATUS_COLORS[status], "#FFFFFF", STATUS_FILL_OPACITY)
    if status in STATUS_HATCHED:
        return f"repeating-linear-gradient(45deg,{shown} 0 4px,#FFFFFF 4px 6px)"
    return shown


def items(counts=None) -> list[tuple[str, str, int | None, bool, str | None]]:
    """Legend rows: (label, swatch background, count or None, round, ring colour or None):
    one per status (with its count when ``counts``, a status → number mapping, is
    given), then one per kind of site."""
    rows = [(s, status_swatch(s), int(counts.get(s, 0)) if counts is not None else None, False, None)
            for s in STATUSES]
    rows += [(f"site {kind.lower()}", color, None, True, SITE_OUTLINES[kind] if color == "#FFFFFF" else None)
             for kind, color in SITE_COLORS.items()]
    return rows


def hatch() -> dict | None:
    """The hatching pattern of the hatched status, for the map's script."""
    if not STATUS_HATCHED:
        return None
    return {"id": HATCH_ID, "color": STATUS_COLORS[STATUS_HATCHED[0]]}
