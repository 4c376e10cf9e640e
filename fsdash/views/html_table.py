"""Plain HTML tables for the pages: light for the browser (no data-grid widget
to load and lay out) and read cell by cell by screen readers.

Every value goes through ``html.escape``; a column can link each row to a page
of the dashboard; a sortable table gets a button in each header, which the page
element ``fsdash.ui.table_sort`` turns into click-to-sort (the table stays a
plain, readable table without it). The caller shows the result with ``st.html``.
The tables' style (``CSS``) is part of the page chrome's style sheet
(``fsdash.ui.chrome``), sent once per page run rather than once per table.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

from fsdash.domain import formatting

CSS = """
.fsdash-table-box{max-height:30rem;overflow:auto;border:1px solid rgba(49,51,63,.2);border-radius:.5rem}
.fsdash-table{border-collapse:separate;border-spacing:0;width:100%;font-size:.875rem}
.fsdash-table caption{text-align:left;padding:.4rem .6rem;color:#666666}
.fsdash-table th,.fsdash-table td{padding:.3rem .6rem;border-bottom:1px solid rgba(49,51,63,.1);text-align:left;
  background:#fff;vertical-align:top}
.fsdash-table thead th{position:sticky;top:0;z-index:2;background:#F0F2F6;font-weight:600;white-space:nowrap}
.fsdash-table.wide td{white-space:nowrap}
.fsdash-table.wide th:first-child,.fsdash-table.wide td:first-child{position:sticky;left:0;z-index:1;
  white-space:normal;min-width:15rem;box-shadow:1px 0 0 rgba(49,51,63,.15)}
.fsdash-table.wide thead th:first-child{z-index:3}
.fsdash-table td.n,.fsdash-table th.n{text-align:right;font-variant-numeric:tabular-nums}
.fsdash-table tr.warn td{background:#FFE9E6}
.fsdash-table th button{all:unset;cursor:pointer}
.fsdash-table th button:focus-visible{outline:2px solid #000091}
.fsdash-table th[aria-sort=ascending] button::after{content:" ▲" / ""}
.fsdash-table th[aria-sort=descending] button::after{content:" ▼" / ""}
"""


def html_table(frame: pd.DataFrame, caption: str, *, numeric: tuple[str, ...] = (),
               formats: dict[str, Callable[[object], str]] | None = None,
               link: tuple[str, Callable[[dict], str]] | None = None,
               sortable: bool = False, sort_values: dict[str, Callable[[object], str]] | None = None,
               warn: Callable[[dict], bool] | None = None, wide: bool = False) -> str:
    """``frame`` as an HTML table with its ``caption`` (which also names the
    scrolling region).

    ``numeric`` columns are right-aligned (and sorted as numbers); ``formats``
    turn a column's values into text; ``link`` = (column, row → address) makes
    that column's cells links. With ``sortable``, ``sort_values`` give a
    column's sort key when its text does not sort (dates); ``warn`` marks the
    rows to highlight; a ``wide`` table keeps each cell on one line and its
    first column in view when it scrolls sideways.
    """
    formats = formats or {}
    sort_values = sort_values or {}
    link_column, address = link if link else (None, None)

    def kind(column: str) -> str:
        return ' class="n"' if column in numeric else ""

    def cell(column: str, row: dict) -> str:
        value = row[column]
        missing = value is None or (not isinstance(value, (list, tuple)) and pd.isna(value))
        if column in numeric and not missing and isinstance(value, float) and value.is_integer():
            value = int(value)  # a count read back as float (a column with gaps) still shows « 3 »
        if column in formats:
            text = html.escape(formats[column](value))
        elif missing:
            text = "–"  # as formatting.number and formatting.day show nothing
        elif column in numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
            text = formatting.number(value, 0 if isinstance(value, int) else 2)
            text = text.rstrip("0").rstrip(",") if "," in text else text  # 1,5 not 1,50
        else:
            text = html.escape(str(value))
        if column == link_column:
            text = f'<a href="{html.escape(address(row), quote=True)}">{text}</a>'
        key = ""
        if sortable and column in sort_values:
            key = f' data-v="{html.escape(sort_values[column](value), quote=True)}"'
        elif sortable and column in numeric:
            key = f' data-v="{"" if missing else html.escape(str(value), quote=True)}"'
        return f"<td{kind(column)}{key}>{text}</td>"

    def header(column: str) -> str:
        label = html.escape(str(column))
        if sortable:
            return f'<th scope="col"{kind(column)} aria-sort="none"><button type="button">{label}</button></th>'
        return f'<th scope="col"{kind(column)}>{label}</th>'

    def row_html(row: dict) -> str:
        marked = ' class="warn"' if warn is not None and warn(row) else ""
        return f"<tr{marked}>" + "".join(cell(c, row) for c in frame.columns) + "</tr>"

    classes = " ".join(["fsdash-table"] + (["fsdash-sortable"] if sortable else [])
                       + (["wide"] if wide else []))
    head = "".join(header(c) for c in frame.columns)
    # Rows as dicts: several times faster than ``iterrows`` (no Series per row).
    body = "".join(row_html(row) for row in frame.to_dict("records"))
    label = html.escape(caption, quote=True)
    return (f'<div class="fsdash-table-box" role="region" aria-label="{label}" tabindex="0">'
            f'<table class="{classes}"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
