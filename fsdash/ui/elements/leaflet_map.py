"""The page's map element: a folium map run by Leaflet in the page itself.

An ``st.components.v2`` element rather than a frame: Leaflet loads once per
browser tab, no frame document or handshake stands between the data and the
painted map, and the element keeps its Leaflet map for as long as the script
built by ``fsdash.maps.browser_map`` is unchanged (Streamlit only calls the
element again when its data changes). A new ``view`` (latitude, longitude, zoom)
moves the mounted map without rebuilding it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from fsdash.views.maps import BrowserMap

_JS = Path(__file__).with_name("leaflet_map.js").read_text(encoding="utf-8")
# The map makes its own stacking context: Leaflet's panes and controls (z-index
# up to 1000) stay under Streamlit's menus and popovers.
_CSS = ".fsdash-map{position:relative;isolation:isolate;z-index:0}.fsdash-map>div{width:100%;height:100%}"
_element = st.components.v2.component("fsdash.carte", js=_JS, css=_CSS, isolate_styles=False)


def show(browser_map: BrowserMap, *, key: str, height: int, label: str,
         view: tuple[float, float, float] | None = None) -> None:
    """Show ``browser_map`` (``label`` names it for screen readers)."""
    _element(key=key, height=height, data={
        "id": browser_map.element_id, "script": browser_map.script, "style": browser_map.style,
        "js": list(browser_map.js), "css": list(browser_map.css), "height": height, "label": label,
        "view": list(view) if view else None,
    })

