"""The page's map element: the map of ``fsdash/views/maps.js`` run by Leaflet in the page.

An ``st.components.v2`` element rather than a frame: Leaflet loads once per browser
tab and no frame stands between the data and the painted map. The map's module,
its style and its data layers are files with content-derived names
(``published``), fetched by address and kept by the browser; a run of the page
sends only what may change (statuses, filters, view), a few kilobytes, and the
mounted map is updated in place.

Before it, in the map's place, the map's first picture (``views.map_picture``): an
image that the browser draws as soon as the run arrives, without waiting for the
element's code, Leaflet and the layers; the live map is drawn over it and the
picture is then hidden (``fsdash/ui/chrome.css``). It is sent with the session's
first view of the map (and again whenever the map shows that view): later runs,
whose map is already drawn, send none.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

import streamlit as st

from fsdash.domain.frontend import map_files
from fsdash.ui.elements.published import FOLDER, publish
from fsdash.views import map_picture, maps

_JS = Path(__file__).with_name("leaflet_map.js").read_text(encoding="utf-8")
_element = st.components.v2.component("fsdash.carte", js=_JS, isolate_styles=False)
PICTURE_KEY = "fsdash-apercu-"  # + "ajuste-" for a map fitted to bounds, + the map's key (chrome.css)


@st.cache_resource(show_spinner=False)
def _files() -> dict:
    """Leaflet's files (vendored) and the map's own module and style, published once per process."""
    vendor_js, vendor_css = map_files()
    return {
        "js": vendor_js,
        "css": [*vendor_css, publish("map", maps.style().encode("utf-8"), "css")],
        "module": publish("map", maps.script().encode("utf-8"), "js"),
    }


@functools.lru_cache(maxsize=8)
def _layer(url: str) -> dict:
    """A published layer read back (its name is its content: read once)."""
    return json.loads(gzip.decompress((FOLDER / url.rsplit("/", 1)[-1]).read_bytes()))


@st.cache_resource(show_spinner=False, max_entries=64)
def _picture(spec_json: str, height: int) -> str:
    """The address of the map's first picture for this spec (made and published once per process)."""
    spec = json.loads(spec_json)
    layers = spec["layers"]
    regions = _layer(layers["regions"]) if layers.get("regions") else None
    svg = map_picture.picture(spec, _layer(layers["contours"]), regions, _layer(layers["points"]),
                              height - 20 if spec.get("fit") else height)
    return publish("apercu", svg.encode("utf-8"), "svg")


def show(spec: dict, *, key: str, height: int) -> None:
    """Show the map described by ``spec`` (``views.maps.map_spec``), its first picture before it."""
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    first = st.session_state.setdefault(f"_fsdash_first_view_{key}", spec_json)
    with st.container(key=f"fsdash-carte-{key}"):
        with st.container(key=PICTURE_KEY + ("ajuste-" if spec.get("fit") else "") + key):
            if spec_json == first:
                st.markdown(f"![]({_picture(spec_json, height)})")
        _element(key=key, height="content", data={**spec, "files": _files(), "height": height})
