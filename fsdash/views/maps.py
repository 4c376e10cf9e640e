"""Folium maps: départements coloured by facilitator status, and France services sites.

Built for a small payload and safe text:
- contours are simplified once (``contours.display_features``) and sent with
  short property names;
- sites go to the browser as compact rows whose strings are deduplicated in one
  table; markers and popups are created in JavaScript, and every text is put in
  the page with ``textContent`` (never parsed as HTML), so a site named
  ``<img src=x onerror=alert(1)>`` shows as text;
- Leaflet and its cluster plugin come from the app's own static folder
  (``fsdash.assets``), never from a CDN;
- ``browser_map`` renders a map once into what the page's map element runs
  (``fsdash.ui.leaflet_map``): the script, its style rules and the files to load.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from dataclasses import dataclass

import folium
import pandas as pd
from branca.element import MacroElement
from folium.plugins import FastMarkerCluster
from jinja2 import Template

from fsdash.domain import frontend as assets
from fsdash.domain.site_fields import CLUSTER_COLOR, FORMAT_LABELS, SITE_COLORS, SITE_OUTLINES
from fsdash.domain.site_fields import DAYS_SHORT as DAYS
from fsdash.domain.site_fields import HOURS_COLUMNS as HOURS
from fsdash.domain.statuses import STATUS_COLORS, STATUS_FILL_OPACITY, STATUS_HATCHED, STATUSES
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.views import map_legend

__all__ = ["FORMAT_LABELS", "SITE_COLORS", "STATUS_COLORS"]  # read by the pages through this module
MAX_ZOOM = 18


class _Script(MacroElement):
    """A piece of JavaScript attached to the map, with its data as JSON."""

    _template = Template("")

    def __init__(self, script: str, data, default_js=(), default_css=()):
        super().__init__()
        self._name = "FsdashScript"
        self.data = data
        self.default_js = list(default_js)
        self.default_css = list(default_css)
        self._template = Template(
            "{% macro script(this, kwargs) %}"
            "(function(map, data){" + script + "})({{ this._parent.get_name() }}, {{ this.data|tojson }});"
            "{% endmacro %}"
        )


# Shared JavaScript helpers: build DOM nodes from text only; inflate gzipped base64 JSON.
_JS_HELPERS = """
function el(tag, text, cls){
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) { e.textContent = String(text); }
  if (cls) { e.className = cls; }
  return e;
}
function inflate(b64){
  var bytes = Uint8Array.from(atob(b64), function(c){ return c.charCodeAt(0); });
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).json();
}
"""

_DEPARTEMENTS_JS = _JS_HELPERS + """
var colors = data.colors, statuses = data.statuses, focus = data.focus;
function style(f){
  var p = f.properties, dim = (p.x === 1);
  var hatched = !dim && data.hatched.indexOf(p.s) >= 0;
  return {className: 'fsdash-departement' + (hatched ? ' fsdash-hachure' : ''), color: dim ? '#999999' : '#3A3A3A',
          weight: (focus && p.c === focus) ? 3 : 0.8,
          fillColor: dim ? '#E5E5E5' : colors[p.s], fillOpacity: dim ? 0.35 : data.opacity};
}
function card(p){
  var box = el('div', null, 'fsdash-dep');
  box.appendChild(el('strong', p.n + ' (' + p.c + ')'));
  box.appendChild(el('div', 'Animateur : ' + statuses[p.s]));
  box.appendChild(el('div', p.k + (p.k > 1 ? ' sites France services' : ' site France services')));
  return box;
}
if (data.fit) {
  map.fitBounds(data.fit, (data.padding && map.getSize().x >= 520) ? data.padding : {padding: [10, 10]});
}
var layer = L.geoJSON(null, {
  style: style,
  onEachFeature: function(f, l){
    l.bindTooltip(function(){ return card(f.properties); }, {sticky: true});
    l.bindPopup(function(){
      var box = card(f.properties);
      var a = el('a', 'Ouvrir la page du département ↗');
      a.href = data.link + encodeURIComponent(f.properties.c);
      a.target = '_blank'; a.rel = 'noopener';
      a.className = 'fsdash-dep-link';
      box.appendChild(a);
      return box;
    });
    l.on('mouseover', function(){ l.setStyle({weight: 2.5}); });
    l.on('mouseout', function(){ layer.resetStyle(l); });
    l.on('add', function(){  // Leaflet makes it a keyboard stop (its tooltip): a named button, Enter opens it
      var p = f.properties, path = l.getElement();
      path.setAttribute('role', 'button');
      path.setAttribute('aria-label', p.n + ' (' + p.c + ') : ' + statuses[p.s]);
      L.DomEvent.on(path, 'keydown', function(e){
        if (e.key === 'Enter' || e.key === ' ') { L.DomEvent.preventDefault(e); l.openPopup(); }
      });
    });
  }
}).addTo(map);
layer.bringToBack();
inflate(data.geometries).then(function(geometries){
  layer.addData({type: 'FeatureCollection', features: geometries.map(function(g, i){
    return {type: 'Feature', geometry: g, properties: data.properties[i]};
  })});
  layer.bringToBack();
});
"""

_LEGEND_JS = _JS_HELPERS + map_legend.LEGEND_JS

# Marker callback for FastMarkerCluster. ``row`` is [lat, lon, kind, i]; the
# details of site i (name, address, format, hours, contact) travel gzipped and
# base64-encoded in one string, decoded once in the browser: popups and tooltips
# are built from them only when asked for.
_SITE_CALLBACK = """(function(){
  var C = %(colors)s, D = null;
  %(helpers)s
  var ready = inflate(%(details)s).then(function(d){ D = d; return d; });
  var ICONS = C.map(function(color, k){
    // a 24 px target (WCAG 2.5.8) around the 14 px disc drawn by CSS
    return L.divIcon({className: 'fsdash-site fsdash-site-' + k, iconSize: [24, 24], popupAnchor: [0, -8],
                      tooltipAnchor: [8, 0], html: ''});
  });
  function popup(d){
    var box = el('div', null, 'fsdash-site');
    box.appendChild(el('strong', d[0]));
    box.appendChild(el('div', d[1]));
    box.appendChild(el('div', d[2]));
    var t = el('table', null, 'fsdash-hours');
    d[3].forEach(function(h, k){
      var tr = el('tr'); tr.appendChild(el('th', %(days)s[k])); tr.appendChild(el('td', h || 'fermé'));
      t.appendChild(tr);
    });
    box.appendChild(t);
    d[4].forEach(function(c){ if (c) { box.appendChild(el('div', c)); } });
    return box;
  }
  function lazy(m, i, make, set){
    return function(){
      if (D) { return make(D[i]); }
      ready.then(function(){ set.call(m, make(D[i])); });
      return el('span', 'Chargement…');
    };
  }
  function named(m, i){  // a marker is a button: its name is the site's
    var e = m.getElement();
    if (!e) { return; }
    if (D) { e.setAttribute('aria-label', D[i][0]); } else { ready.then(function(){ named(m, i); }); }
  }
  return function(row){
    var m = L.marker(new L.LatLng(row[0], row[1]), {icon: ICONS[row[2]], keyboard: true});
    m.on('add', function(){ named(m, row[3]); });
    m.bindPopup(lazy(m, row[3], popup, m.setPopupContent), {maxWidth: 320});
    m.bindTooltip(lazy(m, row[3], function(d){ return el('span', d[0]); }, m.setTooltipContent));
    return m;
  };
})()"""


# Cluster icons in the sites' blue (site_fields.CLUSTER_COLOR), which no facilitator status uses.
_CLUSTER_ICON = """function(cluster){
  var n = cluster.getChildCount(), size = n < 10 ? 30 : (n < 100 ? 36 : 42);
  return L.divIcon({html: '<div><span>' + n + '</span></div>', iconSize: L.point(size, size),
    className: 'marker-cluster fsdash-cluster'});
}"""


def _contact(site) -> list[str]:
    return [
        f"Tél. {site['telephone']}" if site["telephone"] else "",
        site["mail"],
        "Prise de rendez-vous possible" if site["prise_rdv"] == "Oui" else "",
    ]


def site_layer_data(sites: pd.DataFrame) -> tuple[list[list], str]:
    """Compact rows [lat, lon, kind, i] and the gzipped, base64 details of each site.

    Pure function of the frame: callers cache it.
    """
    kinds = list(SITE_COLORS)
    rows, details = [], []
    for i, site in enumerate(sites.to_dict("records")):
        address = " ".join(p for p in (site["adresse"], site["complement_adresse"]) if p)
        town = " ".join(p for p in (site["code_postal"], site["lib_com"]) if p)
        fmt = FORMAT_LABELS.get(site["format_fs"], site["format_fs"])
        rows.append([round(float(site["latitude"]), 5), round(float(site["longitude"]), 5),
                     kinds.index(site["type_fs"]) if site["type_fs"] in kinds else 0, i])
        details.append([
            site["lib_fs"],
            f"{address}, {town}" if address else town,
            f"{site['type_fs']} · format {fmt}" if site["type_fs"] else f"format {fmt}",
            [(site[col] or "").strip() for col in HOURS],
            _contact(site),
        ])
    return rows, pack(details)


def pack(value) -> str:
    """JSON, gzipped, base64: about a quarter of the JSON's size, and no text to escape."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


@dataclass(frozen=True)
class PackedGeometries:
    """Display geometries of the départements, packed once (see ``pack_geometries``)."""

    codes: tuple[str, ...]
    packed: str

    @property
    def digest(self) -> str:
        """Short fingerprint of the geometries, for cache keys."""
        return hashlib.sha1(self.packed.encode("ascii")).hexdigest()


def pack_geometries(features: dict[str, dict]) -> PackedGeometries:
    return PackedGeometries(tuple(features), pack(list(features.values())))


def sites_layer(sites: pd.DataFrame, cluster: bool = True,
                data: tuple[list[list], str] | None = None,
                cluster_radius: int | None = None) -> FastMarkerCluster:
    rows, details = data if data is not None else site_layer_data(sites)
    callback = _SITE_CALLBACK % {
        "colors": json.dumps(list(SITE_COLORS.values())), "details": json.dumps(details),
        "days": json.dumps(list(DAYS)), "helpers": _JS_HELPERS,
    }
    options = {"showCoverageOnHover": False, "chunkedLoading": True, "maxClusterRadius": cluster_radius or 50}
    if not cluster:
        options["disableClusteringAtZoom"] = 1
    layer = FastMarkerCluster(rows, callback=callback, name="Sites France services", options=options,
                              icon_create_function=_CLUSTER_ICON)
    layer.default_js = assets.CLUSTER_JS
    layer.default_css = assets.CLUSTER_CSS
    return layer


def departement_properties(codes, records: pd.DataFrame, site_counts: dict[str, int],
                           shown: set[str] | None = None) -> list[dict]:
    """Short properties per département: c code, n name, s status index, k sites, x dimmed."""
    statut = dict(zip(records["departement"], records["statut"]))
    return [
        {"c": code, "n": DEPARTEMENTS[code].nom, "s": STATUSES.index(statut.get(code, STATUSES[0])),
         "k": int(site_counts.get(code, 0)), "x": 0 if shown is None or code in shown else 1}
        for code in codes
    ]


def base_map(location: tuple[float, float], zoom: int, tiles_url: str | None, tiles_attribution: str) -> folium.Map:
    m = folium.Map(location=location, zoom_start=zoom, tiles=None, control_scale=True,
                   prefer_canvas=False, zoom_snap=0.5)
    m.options["maxZoom"] = MAX_ZOOM
    if tiles_url:
        folium.TileLayer(tiles=tiles_url, attr=tiles_attribution, name="Fond de carte",
                         max_zoom=MAX_ZOOM, overlay=False, control=False).add_to(m)
    # Leaflet alone: popups and tooltips are built in JavaScript, not with folium's
    # jQuery-based Popup, so the page never loads jQuery.
    m.default_js = list(assets.LEAFLET_JS)
    m.default_css = list(assets.LEAFLET_CSS)
    sites = "".join(f".fsdash-site-{i}::before{{background:{SITE_COLORS[kind]};border-color:{SITE_OUTLINES[kind]}}}"
                    for i, kind in enumerate(SITE_COLORS))
    m.get_root().header.add_child(folium.Element(
        "<style>.leaflet-container{background:#F6F6F6}.fsdash-hours th{padding-right:6px;text-align:left}"
        ".fsdash-dep-link{display:inline-block;margin-top:4px;font-weight:bold;color:#000091}"
        f".fsdash-cluster{{background:rgba(0,0,145,.25)}}.fsdash-cluster div{{background:{CLUSTER_COLOR};"
        "color:#fff;font-weight:bold;box-shadow:0 0 0 2px #fff}"
        ".leaflet-marker-icon.fsdash-site{display:flex;align-items:center;justify-content:center}"
        ".leaflet-marker-icon.fsdash-site::before{content:'';width:14px;height:14px;box-sizing:border-box;"
        "border-radius:50%;border:3px solid;box-shadow:0 0 0 1px #fff,0 0 2px 1px rgba(0,0,0,.6)}"
        f"{sites}.fsdash-hachure{{fill:url(#{map_legend.HATCH_ID})}}</style>"
    ))
    return m


def legend(title: str, items: list[tuple[str, str, int | None, bool, str | None]]) -> _Script:
    """Legend control (``map_legend.items``), which also defines the hatching of hatched statuses."""
    return _Script(_LEGEND_JS, {"title": title, "items": [list(i) for i in items], "hatch": map_legend.hatch()})


def build_map(
    geometries: PackedGeometries,
    records: pd.DataFrame,
    sites: pd.DataFrame,
    site_counts: dict[str, int],
    *,
    view: tuple[float, float, int] = (46.6, 2.4, 6),
    shown: set[str] | None = None,
    focus: str | None = None,
    fit: tuple[tuple[float, float], tuple[float, float]] | None = None,
    cluster: bool = True,
    tiles_url: str | None = None,
    tiles_attribution: str = "",
    link: str = "/departement?dep=",
    site_data: tuple[list[list], str] | None = None,
    cluster_radius: int | None = None,
    padding: dict | None = None,
    legend_counts: bool = True,
) -> folium.Map:
    """The map: départements by status (with legend and counts), then the sites.

    ``shown`` restricts the coloured départements (others are greyed);
    ``focus`` outlines one département and ``fit`` fits the view to bounds, with
    Leaflet's fit ``padding`` on a wide enough map (``LEGEND_PADDING`` keeps the
    legend clear); ``cluster_radius`` (pixels, default 50) sets how close sites
    must be to merge into a cluster: a small radius groups only overlapping
    markers. Without ``legend_counts`` the legend shows the colours alone.
    """
    m = base_map(view[:2], view[2], tiles_url, tiles_attribution)
    _Script(_DEPARTEMENTS_JS, {
        "geometries": geometries.packed,
        "properties": departement_properties(geometries.codes, records, site_counts, shown),
        "colors": [STATUS_COLORS[s] for s in STATUSES], "statuses": list(STATUSES),
        "focus": focus, "fit": [list(fit[0]), list(fit[1])] if fit else None, "link": link,
        "padding": padding, "opacity": STATUS_FILL_OPACITY,
        "hatched": [STATUSES.index(s) for s in STATUS_HATCHED],
    }).add_to(m)
    considered = records if shown is None else records[records["departement"].isin(shown)]
    counts = considered["statut"].value_counts()
    legend("Animateur départemental", map_legend.items(counts if legend_counts else None)).add_to(m)
    if len(sites):
        sites_layer(sites, cluster=cluster, data=site_data, cluster_radius=cluster_radius).add_to(m)
    assets.localize(m)
    return m


# Room kept free for the legend (bottom left) when fitting a département on a wide
# enough map (on a narrow one the legend may cover a corner).
LEGEND_PADDING = {"paddingTopLeft": [165, 10], "paddingBottomRight": [10, 10]}


# --------------------------------------------------------------------------- what the browser receives


@dataclass(frozen=True)
class BrowserMap:
    """A folium map as the page's map element runs it (``fsdash.ui.leaflet_map``):
    the script that creates the Leaflet map in the element ``element_id``, the
    style rules of the map, and the Leaflet files to load first (in order)."""

    element_id: str
    script: str
    style: str
    js: tuple[str, ...]
    css: tuple[str, ...]

    @property
    def size(self) -> int:
        """Bytes sent to the browser for this map."""
        return len(self.script.encode("utf-8")) + len(self.style.encode("utf-8"))


def _links(element, attribute: str) -> list[str]:
    found, stack = [], [element]
    while stack:
        item = stack.pop(0)
        for _, link in getattr(item, attribute, ()):
            if link not in found:
                found.append(link)
        stack.extend(getattr(item, "_children", {}).values())
    return found


def browser_map(m: folium.Map, element_id: str) -> BrowserMap:
    """Render ``m`` once into a ``BrowserMap`` whose map lives in ``element_id``.

    Pure function of the map: callers cache the result, so that a rerun with the
    same data builds nothing."""
    root = m.get_root()
    root.render()
    map_id = m.get_name()
    header = root.header.render()
    styles = re.findall(r"<style>(.*?)</style>", header, flags=re.DOTALL)
    style = "\n".join(s.strip() for s in styles if "html, body" not in s and "#map {" not in s)
    script = root.script.render().replace(map_id, element_id)
    return BrowserMap(element_id, script, style.replace(map_id, element_id),
                      tuple(_links(m, "default_js")), tuple(_links(m, "default_css")))
