"""Read back the pages' HTML tables (``fsdash.html_table`` shown with ``st.html``)
from an AppTest run: one frame per table, with its caption in ``attrs``."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self.cell: str | None = None
        self.caption: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "rows": [], "warn": [], "links": []})
        elif tag == "caption":
            self.caption = ""
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
            self.tables[-1]["warn"].append("warn" in (attrs.get("class") or ""))
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "a":
            self.tables[-1]["links"].append(attrs["href"])

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        elif self.caption is not None:
            self.caption += data

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append(self.cell)
            self.cell = None
        elif tag == "caption":
            self.tables[-1]["caption"], self.caption = self.caption, None


def html_tables(at) -> list[pd.DataFrame]:
    """Every HTML table of the page, in order; ``attrs``: caption, warn (rows
    highlighted), links (addresses in the table)."""
    parser = _Tables()
    for element in at.get("html"):
        if "fsdash-table" in element.proto.body:
            parser.feed(element.proto.body)
    frames = []
    for table in parser.tables:
        header, *rows = table["rows"]
        frame = pd.DataFrame(rows, columns=header)
        frame.attrs.update(caption=table["caption"], warn=table["warn"][1:], links=table["links"])
        frames.append(frame)
    return frames


def html_table_with(at, column: str) -> pd.DataFrame:
    """The page's (first) HTML table that has ``column``."""
    return next(t for t in html_tables(at) if column in t.columns)


class _Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures: list[dict] = []
        self.part: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "dt":
            self.figures.append({"label": "", "value": "", "note": ""})
            self.part = "label"
        elif tag == "dd":
            self.part = dict(attrs).get("class")

    def handle_data(self, data):
        if self.part in ("label", "value", "note"):
            self.figures[-1][self.part] += data

    def handle_endtag(self, tag):
        if tag in ("dt", "dd"):
            self.part = None


def html_figures(at) -> list[dict]:
    """The headline figures of the page (``fsdash.html_figures``), in order:
    dicts with label, value and note."""
    parser = _Figures()
    for element in at.get("html"):
        if "fsdash-figures" in element.proto.body:
            parser.feed(element.proto.body)
    return parser.figures
