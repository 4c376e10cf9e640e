"""The page's map element: the map of ``fsdash/views/maps.js`` run by Leaflet in the page.

An ``st.components.v2`` element rather than a frame: Leaflet loads once per browser
tab and no frame stands between the data and the painted map. The map's module,
its style and its data layers are files with content-derived names
(``published``), fetched by address and kept by the browser; a run of the page
sends only what may change (statuses, filters, view), a few kilobytes, and the
mounted map is updated in place.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from fsdash.domain.frontend import map_files
from fsdash.ui.elements.published import publish
from fsdash.views import maps

_JS = Path(__file__).with_name("leaflet_map.js").read_text(encoding="utf-8")
_element = st.components.v2.component("fsdash.carte", js=_JS, isolate_styles=False)


@st.cache_resource(show_spinner=False)
def _files() -> dict:
    """Leaflet's files (vendored) and the map's own module and style, published once per process."""
    vendor_js, vendor_css = map_files()
    return {
        "js": vendor_js,
        "css": [*vendor_css, publish("map", maps.style().encode("utf-8"), "css")],
        "module": publish("map", maps.script().encode("utf-8"), "js"),
    }


def show(spec: dict, *, key: str, height: int) -> None:
    """Show the map described by ``spec`` (``views.maps.map_spec``)."""
    _element(key=key, height="content", data={**spec, "files": _files(), "height": height})
