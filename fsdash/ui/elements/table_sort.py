"""Click-to-sort for the pages' HTML tables (``fsdash.html_table`` with
``sortable=True``): a hidden ``st.components.v2`` element whose code installs one
click listener per browser tab. Sorting happens in the browser, with no rerun."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_JS = Path(__file__).with_name("table_sort.js").read_text(encoding="utf-8")
KEY = "fsdash-tri"
_element = st.components.v2.component("fsdash.tri", js=_JS, css=f".st-key-{KEY}{{display:none}}",
                                      isolate_styles=False)


def enable() -> None:
    """Make the page's sortable tables sortable (call once per page)."""
    _element(key=KEY, height=0)
