"""Headline figures as plain HTML (a description list), shown with ``st.html``.

Lighter for the browser than a row of ``st.metric`` (no widget bundle, no
tooltip machinery), and read as label/value pairs by screen readers; the
explanation of a figure is printed under it instead of hiding in a tooltip.
Every text goes through ``html.escape``. The style (``CSS``) is part of the page
chrome's style sheet (``fsdash.ui.chrome``), sent once per page run."""

from __future__ import annotations

import html
from dataclasses import dataclass

CSS = """/* Streamlit indents lists shown with st.html: not this one. Greys of the DSFR, 4.5:1 and more. */
.fsdash-figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.75rem 1.25rem;
  margin:0;padding:0!important}
.fsdash-figures>div{min-width:0}
.fsdash-figures dt{font-size:.875rem;color:#3A3A3A}
.fsdash-figures dd{margin:0;padding:0}
.fsdash-figures dd.value{font-size:2rem;line-height:1.25;white-space:nowrap}
.fsdash-figures dd.note{font-size:.75rem;color:#666666}
"""


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str = ""


def html_figures(figures: list[Figure], label: str) -> str:
    """The figures side by side; ``label`` names the group for screen readers."""
    items = "".join(
        f'<div><dt>{html.escape(f.label)}</dt><dd class="value">{html.escape(f.value)}</dd>'
        + (f'<dd class="note">{html.escape(f.note)}</dd>' if f.note else "") + "</div>"
        for f in figures
    )
    return f'<dl class="fsdash-figures" aria-label="{html.escape(label, quote=True)}">{items}</dl>'
