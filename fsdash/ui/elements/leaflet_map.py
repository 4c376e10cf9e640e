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
whose map is already drawn, send none. A page that knows its first view from its
address alone makes the map's place (``place``) before its widgets: the picture
then reaches the browser ahead of them.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from fsdash.domain.frontend import map_files
from fsdash.ui.elements import published
from fsdash.ui.elements.published import publish
from fsdash.views import map_picture, maps

_JS = Path(__file__).with_name("leaflet_map.js").read_text(encoding="utf-8")
_element = st.components.v2.component("fsdash.carte", js=_JS, isolate_styles=False)
PICTURE_KEY = "fsdash-apercu-"  # + "ajuste-" for a map fitted to bounds, + the map's key (chrome.css)
_FIRST_VIEW = "_fsdash_first_view_"  # + the map's key: the spec (JSON) of the session's first view
# Streamlit sends what a run has queued when its script thread lets the server's event loop run:
# without a pause, a picture put in early leaves with the widgets that follow it, whose code the
# browser then fetches and runs first (the picture was painted about 0.2 s after the page's title;
# 0.1 s with the pause, README « Servir beaucoup de monde »). Only a session's first run pauses.
FLUSH_SECONDS = 0.05


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
    return maps.unpack(published.read(url))


@st.cache_resource(show_spinner=False, max_entries=64)
def _picture(spec_json: str, height: int) -> str:
    """The address of the map's first picture for this spec (made and published once per process)."""
    spec = json.loads(spec_json)
    layers = spec["layers"]
    regions = _layer(layers["regions"]) if layers.get("regions") else None
    svg = map_picture.picture(spec, _layer(layers["contours"]), regions, _layer(layers["points"]), height)
    return publish("apercu", svg.encode("utf-8"), "svg")


@dataclass
class Place:
    """The map's place on the page (``place``): its block, and the slot of its first picture."""

    bloc: object  # st.container
    slot: object  # st.empty, in the picture's container
    picture: str | None = None  # the spec (JSON) whose picture the slot holds


def _spec_json(spec: dict) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"))


def picture(spec: dict, height: int) -> str:
    """The address of the first picture of the map ``spec`` describes, ``height`` pixels high."""
    return _picture(_spec_json(spec), height)


def place(key: str, height: int, *, fit: bool, first_view: Callable[[], dict | None] | None = None) -> Place:
    """Make the map's place where the map goes. On the session's first run, ``first_view`` gives the
    spec of the map it will show when the page knows it from its address alone (before drawing its
    widgets; else None): its picture is put in at once and sent to the browser before the rest of
    the run (``FLUSH_SECONDS``)."""
    bloc = st.container(key=f"fsdash-carte-{key}")
    with bloc, st.container(key=PICTURE_KEY + ("ajuste-" if fit else "") + key):
        slot = st.empty()
    spot = Place(bloc, slot)
    view = first_view() if first_view is not None and _FIRST_VIEW + key not in st.session_state else None
    if view is not None:
        spec_json = _spec_json(view)
        st.session_state[_FIRST_VIEW + key] = spec_json
        slot.markdown(f"![]({_picture(spec_json, height)})")
        spot.picture = spec_json
        time.sleep(FLUSH_SECONDS)
    return spot


def show(spec: dict, *, key: str, height: int, at: Place | None = None) -> None:
    """Show the map described by ``spec`` (``views.maps.map_spec``), its first picture before it, in
    its place ``at`` (made here when not given)."""
    spot = at or place(key, height, fit=bool(spec.get("fit")))
    spec_json = _spec_json(spec)
    first = st.session_state.setdefault(_FIRST_VIEW + key, spec_json)
    if spec_json == first and spot.picture != spec_json:
        spot.slot.markdown(f"![]({_picture(spec_json, height)})")
    elif spec_json != first and spot.picture is not None:
        spot.slot.empty()  # the address said one view, the widgets another: no picture of the wrong one
    with spot.bloc:
        _element(key=key, height="content", data={**spec, "files": _files(), "height": height})
