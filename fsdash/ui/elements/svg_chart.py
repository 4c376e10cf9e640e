"""The page element of a chart drawn by ``fsdash.views.svg_charts``.

Its markup is published once, where it is made, under a content-derived name (``published``) and
fetched by the browser, which keeps it: a run sends the file's address, the
chosen month and the text alternative, a few hundred bytes. The month under a
click comes back as the trigger ``mois`` (the month's first day, ISO text).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from fsdash.ui.elements.published import publish

_JS = Path(__file__).with_name("svg_chart.js").read_text(encoding="utf-8")
_CSS = """
.fsdash-chart .repere{display:none}
.fsdash-chart g.choisi .repere{display:inline}
.fsdash-chart-box.cliquable g[data-mois]{cursor:pointer}
.fsdash-chart-legend{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0 0 .25rem;padding:0!important;
  font-size:.875rem}
.fsdash-chart-legend li{margin:0;display:flex;align-items:center;gap:.375rem}
.fsdash-chart-legend .cle{display:inline-block;width:.875rem;height:.875rem;border-radius:2px}
"""
_element = st.components.v2.component("fsdash.graphique", js=_JS, css=_CSS, isolate_styles=False)


def published(markup: str) -> str:
    """The address of the chart ``markup``, written once under its content name: call it where the
    markup is made (a builder ``cache.derived`` remembers), not on every run."""
    return publish("graphique", markup.encode("utf-8"), "html")


def show(src: str, *, key: str, label: str, chosen: date | None = None,
         on_month: Callable[[], None] | None = None) -> None:
    """Show the chart at ``src`` (``published``) with its text alternative ``label``; ``chosen`` marks
    a month; with ``on_month``, a click on a month calls it (read the month with ``clicked(key)``)."""
    data = {"src": src, "label": label,
            "chosen": chosen.replace(day=1).isoformat() if chosen else None, "clickable": on_month is not None}
    callbacks = {"on_mois_change": on_month} if on_month is not None else {}
    _element(key=key, data=data, height="content", **callbacks)


def clicked(key: str) -> str | None:
    """In ``on_month``: the month clicked (its first day, ISO text)."""
    state = st.session_state.get(key)
    return state.get("mois") if state is not None else None
