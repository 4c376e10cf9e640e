"""The maps' legend and the statuses' look on a map: each status's swatch as the map
draws it (its colour at the map's fill opacity, hatched for « non renseigné »),
the sites' markers, and the hatching pattern the map's département layer uses.
Colours come from ``fsdash.domain.statuses`` and ``site_fields``; every text of the
legend is put in the page with ``textContent``.
"""

from __future__ import annotations

from fsdash.domain.colours import blend
from fsdash.domain.site_fields import SITE_COLORS, SITE_OUTLINES
from fsdash.domain.statuses import STATUS_COLORS, STATUS_FILL_OPACITY, STATUS_HATCHED, STATUSES

HATCH_ID = "fsdash-hachures"  # an SVG pattern: white stripes over the status's grey

# Runs with ``map`` and ``data`` (``maps._Script``) after the helpers ``el``.
LEGEND_JS = """
// Once per page: the pattern hatched départements are filled with (CSS .fsdash-hachure).
if (data.hatch && !document.getElementById(data.hatch.id)) {
  var svg = L.SVG.create('svg'), defs = L.SVG.create('defs'), pattern = L.SVG.create('pattern');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('style', 'position:absolute;width:0;height:0');
  pattern.id = data.hatch.id;
  [['patternUnits', 'userSpaceOnUse'], ['width', '6'], ['height', '6'], ['patternTransform', 'rotate(45)']]
    .forEach(function(a){ pattern.setAttribute(a[0], a[1]); });
  [[6, data.hatch.color], [2, '#FFFFFF']].forEach(function(r){  // the grey, then a white stripe
    var rect = L.SVG.create('rect');
    rect.setAttribute('width', r[0]); rect.setAttribute('height', 6); rect.setAttribute('fill', r[1]);
    pattern.appendChild(rect);
  });
  defs.appendChild(pattern); svg.appendChild(defs); document.body.appendChild(svg);
}
var legend = L.control({position: 'bottomleft'});
legend.onAdd = function(){
  var box = el('div', null, 'fsdash-legend');
  box.style.cssText = 'background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;'
    + 'font:12px/1.4 Marianne,Arial,sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);color:#161616';
  box.appendChild(el('strong', data.title));
  data.items.forEach(function(it){
    var row = el('div');
    var sw = el('span');
    sw.style.cssText = 'display:inline-block;width:14px;height:14px;margin-right:6px;vertical-align:middle;'
      + 'box-sizing:border-box;border:' + (it[4] ? '3px solid ' + it[4] : '1px solid #555') + ';background:' + it[1]
      + (it[3] ? ';border-radius:50%' : '');
    row.appendChild(sw);
    row.appendChild(document.createTextNode(it[0] + (it[2] === null ? '' : ' (' + it[2] + ')')));
    box.appendChild(row);
  });
  return box;
};
legend.addTo(map);
"""


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
