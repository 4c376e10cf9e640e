"""Building blocks of the one-page PDF fiches (fpdf2): page, titles, tables, images.

Every fiche is an A4 portrait page in French, with its fonts embedded (subset
TrueType, ``fiche_fonts``), the language and title in its metadata, a footer
with the sources and the generation date, and alternative text on its images.
fpdf2 is imported inside the functions: the dashboard's pages only pay for it
when a fiche is asked for.

An untagged or partly tagged PDF is not an accessible document (RGAA): each
fiche repeats what the pages already show as HTML tables and CSV exports.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from fsdash.domain import formatting
from fsdash.domain.statuses import STATUS_COLORS
from fsdash.views.fiche_fonts import FontSet, font_set

NBSP = "\u00a0"
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 10.0
WIDTH = PAGE_W - 2 * MARGIN
BLUE = (0, 0, 145)  # DSFR « bleu France » #000091
RED = (225, 0, 15)  # DSFR « rouge Marianne » #E1000F
TEXT = (22, 22, 22)  # #161616
GREY = (102, 102, 102)
LIGHT = (246, 246, 246)
RULE = (221, 221, 221)
PT = 0.3528  # millimetres per point
PRODUCER = "Tableau de bord des animateurs départementaux France services (ANCT)"

_BEFORE_PUNCT = re.compile(r" ([:;!?»])")
_AFTER_QUOTE = re.compile(r"« ")


def fr(text) -> str:
    """French typography for PDF lines: no line break between a guillemet or a
    colon and its word (the ordinary spaces there become no-break spaces)."""
    text = "–" if text is None else str(text)
    return _AFTER_QUOTE.sub("«" + NBSP, _BEFORE_PUNCT.sub(NBSP + r"\1", text))


def rgb(colour: str) -> tuple[int, int, int]:
    """``#0072B2`` → (0, 114, 178)."""
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def line_height(size: float, spacing: float = 1.25) -> float:
    """Height of one line of ``size``-point text, in millimetres."""
    return size * PT * spacing


def generated_text(generated_at: datetime) -> str:
    return f"Fiche générée le {formatting.moment(generated_at)}"


def as_of_text(as_of: date) -> str:
    """« situation au 01/12/2026 »."""
    return f"situation au {formatting.day(as_of)}"


# --------------------------------------------------------------------------- document


def new_document(title: str, subject: str, footer_lines: Sequence[str], generated_at: datetime,
                 fonts: FontSet | None = None):
    """An A4 fpdf2 document with the fonts added, metadata set and a footer that
    prints ``footer_lines`` (the sources), the generation date and the page number."""
    from fpdf import FPDF

    fonts = fonts or font_set()
    lines = [fr(line) for line in footer_lines] + [
        f"{generated_text(generated_at)} par le {PRODUCER[0].lower()}{PRODUCER[1:]}."]
    footer_size = 6.5
    footer_height = len(lines) * line_height(footer_size, 1.2) + 3

    class Fiche(FPDF):
        def footer(self) -> None:
            saved = self.l_margin  # a table in a column may break the page with its own margin
            self.set_left_margin(MARGIN)
            self.set_y(-(footer_height + 4))
            self.set_draw_color(*RULE)
            self.line(MARGIN, self.get_y(), PAGE_W - MARGIN, self.get_y())
            self.ln(1)
            self.set_font(fonts.family, "", footer_size)
            self.set_text_color(*GREY)
            for number, line in enumerate(lines):
                last = number == len(lines) - 1
                self.multi_cell(WIDTH - (18 if last else 0), line_height(footer_size, 1.2), line, align="L",
                                new_x="LMARGIN", new_y="NEXT")
            self.set_xy(PAGE_W - MARGIN - 18, self.get_y() - line_height(footer_size, 1.2))
            self.cell(18, line_height(footer_size, 1.2), f"page {self.page_no()}/{{nb}}", align="R")
            self.set_left_margin(saved)

    pdf = Fiche(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=footer_height + 6)
    pdf.set_lang("fr-FR")
    pdf.set_title(title)
    pdf.set_subject(subject)
    pdf.set_author("ANCT – Agence nationale de la cohésion des territoires")
    pdf.set_creator(PRODUCER)
    pdf.set_creation_date(generated_at)
    for style, path in fonts.files.items():
        pdf.add_font(fonts.family, style, str(path))
    pdf.fonts_family = fonts.family  # for the helpers below
    pdf.add_page()
    return pdf


def output(pdf) -> bytes:
    return bytes(pdf.output())


def bottom(pdf) -> float:
    """The lowest y the body may use on this page (above the footer)."""
    return PAGE_H - pdf.b_margin


def font(pdf, size: float, bold: bool = False, colour: tuple[int, int, int] = TEXT) -> None:
    pdf.set_font(pdf.fonts_family, "B" if bold else "", size)
    pdf.set_text_color(*colour)


# --------------------------------------------------------------------------- blocks


def title_block(pdf, title: str, subtitle: str, kicker: str = "Animation départementale France services") -> None:
    """Kicker in red capitals, the title in blue, a grey subtitle, a blue rule."""
    font(pdf, 7.5, True, RED)
    pdf.cell(0, 4, kicker.upper(), new_x="LMARGIN", new_y="NEXT")
    font(pdf, 16, True, BLUE)
    pdf.multi_cell(WIDTH, 7, fr(title), align="L", new_x="LMARGIN", new_y="NEXT")
    font(pdf, 8.5, False, GREY)
    pdf.multi_cell(WIDTH, 4.2, fr(subtitle), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.6)
    pdf.line(MARGIN, pdf.get_y() + 1, PAGE_W - MARGIN, pdf.get_y() + 1)
    pdf.set_line_width(0.2)
    pdf.ln(3)


def heading(pdf, text: str, x: float | None = None, w: float | None = None) -> None:
    """A section heading in blue, underlined."""
    x = MARGIN if x is None else x
    w = WIDTH if w is None else w
    pdf.set_x(x)
    font(pdf, 9.5, True, BLUE)
    pdf.cell(w, 5, fr(text), new_x="LEFT", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.line(x, pdf.get_y(), x + w, pdf.get_y())
    pdf.ln(1)
    pdf.set_x(x)


def paragraph(pdf, text: str, size: float = 8, x: float | None = None, w: float | None = None,
              colour: tuple[int, int, int] = TEXT, bold: bool = False) -> None:
    x = MARGIN if x is None else x
    pdf.set_x(x)
    font(pdf, size, bold, colour)
    pdf.multi_cell(WIDTH if w is None else w, line_height(size), fr(text), align="L", new_x="LEFT", new_y="NEXT")


def status_chip(pdf, status: str, text: str, x: float, w: float) -> None:
    """A swatch of the status colour and its words (never the colour alone)."""
    pdf.set_x(x)
    y = pdf.get_y()
    pdf.set_fill_color(*rgb(STATUS_COLORS.get(status, "#BBBBBB")))
    pdf.set_draw_color(*TEXT)
    pdf.rect(x, y + 0.6, 5, 5, style="DF")
    pdf.set_xy(x + 7, y)
    font(pdf, 11, True, TEXT)
    pdf.multi_cell(w - 7, 6.2, fr(text), new_x="LEFT", new_y="NEXT")
    pdf.set_x(x)


def table(pdf, header: Sequence[str] | None, rows: Sequence[Sequence], widths: Sequence[float],
          align: Sequence[str] | None = None, size: float = 7.5, x: float | None = None,
          bold_first: bool = False, zebra: bool = True) -> None:
    """A compact table (fpdf2 ``table``): blue heading row, light zebra rows.
    ``widths`` in millimetres; ``align`` letters ``L``/``R``/``C`` per column."""
    from fpdf import FontFace
    from fpdf.enums import TableBordersLayout, TableCellFillMode

    x = MARGIN if x is None else x
    align = align or ["L"] * len(widths)
    saved = pdf.l_margin
    pdf.set_left_margin(x)  # fpdf2 starts a left-aligned table at the left margin
    pdf.set_x(x)
    font(pdf, size)
    pdf.set_draw_color(*RULE)
    pdf.set_fill_color(*LIGHT)  # fpdf2 fills zebra rows with the current fill colour
    style = {"LEFT": "LEFT", "L": "LEFT", "R": "RIGHT", "RIGHT": "RIGHT", "C": "CENTER", "CENTER": "CENTER"}
    with pdf.table(
        col_widths=tuple(widths), width=sum(widths), align="LEFT", text_align=tuple(style[a] for a in align),
        first_row_as_headings=header is not None, line_height=line_height(size, 1.2),
        headings_style=FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=BLUE),
        cell_fill_color=LIGHT, cell_fill_mode=TableCellFillMode.ROWS if zebra else TableCellFillMode.NONE,
        borders_layout=TableBordersLayout.HORIZONTAL_LINES, padding=(0.5, 1, 0.5, 1), v_align="TOP",
        gutter_height=0, wrapmode="WORD",
    ) as grid:
        if header is not None:
            grid.row([fr(h) for h in header])
        for row in rows:
            cells = grid.row()
            for number, value in enumerate(row):
                emphasis = FontFace(emphasis="BOLD") if bold_first and number == 0 else None
                cells.cell(fr(value), style=emphasis)
    pdf.set_left_margin(saved)
    pdf.set_x(saved)


def figure_boxes(pdf, figures: Sequence[tuple[str, str, str]], gap: float = 3.0) -> None:
    """A row of headline figures, each with a blue bar on its left: (value in
    large type, label, detail in small type)."""
    w = (WIDTH - gap * (len(figures) - 1)) / len(figures)
    top = pdf.get_y()
    bottoms = []
    for number, (value, label, detail) in enumerate(figures):
        x = MARGIN + number * (w + gap) + 2
        pdf.set_xy(x, top)
        font(pdf, 13, True, BLUE)
        pdf.cell(w - 2, 7, fr(value), new_x="LEFT", new_y="NEXT")
        font(pdf, 7, True)
        pdf.multi_cell(w - 2, line_height(7), fr(label), align="L", new_x="LEFT", new_y="NEXT")
        if detail:
            font(pdf, 6, False, GREY)
            pdf.multi_cell(w - 2, line_height(6), fr(detail), align="L", new_x="LEFT", new_y="NEXT")
        bottoms.append(pdf.get_y())
    pdf.set_fill_color(*BLUE)
    for number in range(len(figures)):
        pdf.rect(MARGIN + number * (w + gap), top + 0.5, 0.8, max(bottoms) - top - 0.5, style="F")
    pdf.set_xy(MARGIN, max(bottoms) + 2)


def key_values(pdf, rows: Sequence[tuple[str, str]], x: float, w: float, label_w: float,
               size: float = 7.5) -> None:
    """Label and value pairs as a two-column table without a heading row."""
    table(pdf, None, rows, (label_w, w - label_w), ("L", "L"), size=size, x=x, bold_first=True)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels, read from a PNG's header."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def png_image(pdf, data: bytes, x: float, y: float, w: float, h: float, alt: str) -> float:
    """A PNG (bytes) fitted into the ``w`` × ``h`` box, with its alternative text;
    returns the height it takes."""
    import io

    width, height = png_size(data)
    scale = min(w / width, h / height)
    pdf.image(io.BytesIO(data), x=x, y=y, w=width * scale, h=height * scale, alt_text=alt)
    return height * scale


def bullet_list(pdf, items: Sequence[str], size: float = 7.5, x: float | None = None,
                w: float | None = None, empty: str = "–") -> None:
    x = MARGIN if x is None else x
    w = WIDTH if w is None else w
    font(pdf, size)
    for item in items or [empty]:
        pdf.set_x(x)
        pdf.multi_cell(w, line_height(size), ("• " + fr(item)) if items else fr(item), align="L", new_x="LEFT",
                       new_y="NEXT")
    pdf.set_x(x)


FITS: tuple[tuple[int, float], ...] = ((2, 7), (2, 6.5), (3, 7), (3, 6.5), (3, 6), (3, 5.5))


def columns_fit(pdf, items: Sequence[str], y_top: float, y_bottom: float,
                fits: Sequence[tuple[int, float]] = FITS, more: str = "… et {n} autres") -> None:
    """``items`` in columns between ``y_top`` and ``y_bottom``, one line each (cut
    to the column's width): the first (columns, size) of ``fits`` where they all
    fit, else the last one with its last line saying how many were left out."""
    for columns, size in fits:
        per_column = int((y_bottom - y_top) // line_height(size, 1.2))
        if per_column * columns >= len(items):
            break
    col_w = WIDTH / columns
    shown = list(items)
    capacity = max(per_column * columns, 1)
    if len(shown) > capacity:
        left_out = len(shown) - (capacity - 1)
        shown = shown[: capacity - 1] + [more.format(n=formatting.number(left_out))]
    per_column = max(-(-len(shown) // columns), 1)
    font(pdf, size)
    height = line_height(size, 1.2)
    for number, item in enumerate(shown):
        column, row = divmod(number, per_column)
        pdf.set_xy(MARGIN + column * col_w, y_top + row * height)
        pdf.cell(col_w - 2, height, _cut(pdf, fr(item), col_w - 2))
    pdf.set_xy(MARGIN, y_top + min(per_column, len(shown)) * height)


def _cut(pdf, text: str, width: float) -> str:
    """``text`` shortened with « … » to fit ``width`` millimetres in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"
