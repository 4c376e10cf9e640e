"""Plain HTML tables for the pages: light for the browser (no data-grid widget
to load and lay out) and read cell by cell by screen readers.

Every value goes through ``html.escape``; a column can link each row to a page
of the dashboard. The caller shows the result with ``st.html``.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

STYLE = """<style>
.fsdash-table-box{max-height:30rem;overflow:auto;border:1px solid rgba(49,51,63,.2);border-radius:.5rem}
.fsdash-table{border-collapse:collapse;width:100%;font-size:.875rem}
.fsdash-table caption{text-align:left;padding:.4rem .6rem;color:rgba(49,51,63,.7)}
.fsdash-table th,.fsdash-table td{padding:.3rem .6rem;border-bottom:1px solid rgba(49,51,63,.1);text-align:left}
.fsdash-table thead th{position:sticky;top:0;background:#F0F2F6;font-weight:600}
.fsdash-table td.n,.fsdash-table th.n{text-align:right;font-variant-numeric:tabular-nums}
.fsdash-table tbody tr:hover{background:rgba(0,0,145,.05)}
</style>"""


def html_table(frame: pd.DataFrame, caption: str, *, numeric: tuple[str, ...] = (),
               formats: dict[str, Callable[[object], str]] | None = None,
               link: tuple[str, Callable[[pd.Series], str]] | None = None) -> str:
    """``frame`` as an HTML table with its ``caption`` (which also names the
    scrolling region). ``numeric`` columns are right-aligned; ``formats`` turn a
    column's values into text; ``link`` = (column, row → address) makes that
    column's cells links."""
    formats = formats or {}
    link_column, address = link if link else (None, None)

    def cell(column: str, row: pd.Series) -> str:
        value = row[column]
        text = html.escape(formats[column](value) if column in formats else ("" if pd.isna(value) else str(value)))
        if column == link_column:
            text = f'<a href="{html.escape(address(row), quote=True)}">{text}</a>'
        return f"<td{kind(column)}>{text}</td>"

    def kind(column: str) -> str:
        return ' class="n"' if column in numeric else ""

    head = "".join(f'<th scope="col"{kind(c)}>{html.escape(str(c))}</th>' for c in frame.columns)
    body = "".join("<tr>" + "".join(cell(c, row) for c in frame.columns) + "</tr>" for _, row in frame.iterrows())
    label = html.escape(caption, quote=True)
    return (f'{STYLE}<div class="fsdash-table-box" role="region" aria-label="{label}" tabindex="0">'
            f'<table class="fsdash-table"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
