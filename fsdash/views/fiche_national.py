"""The national one-page PDF fiche: the map of France with the overseas
territories « rapprochés », headline figures, the statuses (their progression
once the registry is dated), the points of attention, a table by région.

``national_fiche`` is a pure function of the data the national page holds; it
computes no point of attention and no progression itself: both are arguments
(``attention``: sentences another module provides; ``progression``: (day,
counts by status) from the dated registry). Public data only: no facilitator's
name or contact, whoever reads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.formatting import PARIS
from fsdash.domain.statuses import AUCUN, MI_TEMPS, NON_RENSEIGNE, RECRUTEMENT, STATUS_COLORS, STATUSES, TEMPS_PLEIN
from fsdash.domain.territories import normalize
from fsdash.views import fiche_pdf as pdfkit
from fsdash.views.departement import record_etp
from fsdash.views.fiche_fonts import FontSet, font_set
from fsdash.views.national import STATE_CONTRIBUTION, headline

MAP_W = 122.0
SIDE_X = pdfkit.MARGIN + MAP_W + 4
SIDE_W = pdfkit.PAGE_W - pdfkit.MARGIN - SIDE_X
NO_PROGRESSION = ("La progression dans le temps s'affichera quand le registre sera daté (date d'effet de chaque "
                  "statut) ; en attendant, les départements par statut à la date de la fiche.")
NO_ATTENTION = "Aucun point d'attention transmis pour cette date."


def headline_figures(records: pd.DataFrame, sites: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The row of headline figures: (value, label, detail)."""
    h = headline(records, sites)
    vacant = h.by_status[RECRUTEMENT] + h.by_status[AUCUN]
    return [
        (formatting.number(h.sites), "Sites France services", ""),
        (str(h.by_status[TEMPS_PLEIN]), "Animateurs à temps plein",
         f"{formatting.percent(h.full_time_share)} des {h.departements} territoires"),
        (str(h.by_status[MI_TEMPS]), "Animateurs à mi-temps", ""),
        (str(vacant), "Postes vacants ou absents",
         f"recrutement en cours : {h.by_status[RECRUTEMENT]} ; aucun : {h.by_status[AUCUN]} ; "
         f"non renseigné : {h.by_status[NON_RENSEIGNE]}"),
        (formatting.euros(h.annual_contribution), "Contribution de l'État par an",
         f"forfait : {formatting.euros(STATE_CONTRIBUTION[0.5])} par mi-temps, "
         f"{formatting.euros(STATE_CONTRIBUTION[1.0])} par temps plein"),
    ]


def region_rows(records: pd.DataFrame, sites: pd.DataFrame) -> list[tuple]:
    """One row per région: départements, by status, ETP, sites."""
    counts = sites["insee_dep"].value_counts()
    frame = records.assign(etp_value=record_etp(records), sites=records["departement"].map(counts).fillna(0))
    rows = []
    for region, group in sorted(frame.groupby("region"), key=lambda item: normalize(item[0])):
        by = group["statut"].value_counts()
        rows.append((region, str(len(group)), str(int(by.get(TEMPS_PLEIN, 0))), str(int(by.get(MI_TEMPS, 0))),
                     str(int(by.get(RECRUTEMENT, 0) + by.get(AUCUN, 0))), str(int(by.get(STATUSES[0], 0))),
                     formatting.etp(float(group["etp_value"].sum())), formatting.number(int(group["sites"].sum()))))
    return rows


def status_bars(pdf, counts: Mapping[str, int], x: float, w: float) -> None:
    """Départements by status as bars drawn in the PDF (labels and counts are text)."""
    label_w, count_w = 30.0, 9.0
    bar_w = w - label_w - count_w
    most = max(max(counts.values(), default=0), 1)
    height = 4.2
    for status in reversed(STATUSES):
        n = int(counts.get(status, 0))
        y = pdf.get_y()
        pdf.set_xy(x, y)
        pdfkit.font(pdf, 7)
        pdf.cell(label_w, height, status)
        if n:
            pdf.set_fill_color(*pdfkit.rgb(STATUS_COLORS[status]))
            pdf.rect(x + label_w, y + 0.6, bar_w * n / most, height - 1.2, style="F")
        pdf.set_xy(x + label_w + bar_w, y)
        pdf.cell(count_w, height, str(n), align="R")
        pdf.set_xy(x, y + height)


def national_fiche(records: pd.DataFrame, sites: pd.DataFrame, sources: Sequence[str], generated_at: datetime, *,
                   as_of: date | None = None, contours=None,
                   progression: Sequence[tuple[date, Mapping[str, int]]] | None = None,
                   attention: Sequence[str] = (), notices: Sequence[str] = (),
                   fonts: FontSet | None = None) -> bytes:
    """The national PDF fiche, as bytes.

    ``records``: every registry record at ``as_of`` (statuses, ETP; personal
    columns are never read); ``sites``: every valid site; ``contours``: the
    contours file or a GeoDataFrame (no map without); ``progression``: (day,
    counts by status), oldest first, once the registry is dated; ``attention``:
    the points of attention, one sentence each.
    """
    as_of = as_of or generated_at.astimezone(PARIS).date()
    fonts = fonts or font_set()
    statuses = dict(zip(records["departement"], records["statut"]))
    map_png = None
    if contours is not None:
        from fsdash.views import static_map
        from fsdash.views.fiche_fonts import use_in_matplotlib
        from fsdash.views.static_map import as_contours

        family = use_in_matplotlib(fonts)
        layout = (static_map.layout_of_file(contours) if isinstance(contours, (str, Path))
                  else static_map.france_layout(as_contours(contours)))  # a file's layout is kept
        map_png = static_map.national_map_png(layout, statuses, sites,
                                              width_mm=MAP_W, height_mm=110, family=family)

    pdf = pdfkit.new_document("Fiche nationale – animateurs départementaux France services",
                              "Animation départementale France services", sources, generated_at, fonts)
    pdfkit.title_block(pdf, "France entière",
                       f"Métropole et outre-mer · {pdfkit.as_of_text(as_of)} · {pdfkit.generated_text(generated_at)}",
                       kicker="Fiche nationale · animateurs départementaux France services")
    for notice in notices:
        pdfkit.paragraph(pdf, notice, size=7.5, colour=pdfkit.RED)
    if notices:
        pdf.ln(1)

    pdfkit.figure_boxes(pdf, headline_figures(records, sites))
    top = pdf.get_y()
    pdfkit.heading(pdf, "Carte des départements par statut de l'animateur", x=pdfkit.MARGIN, w=MAP_W)
    if map_png is not None:
        y = pdf.get_y()
        used = pdfkit.png_image(
            pdf, map_png, pdfkit.MARGIN, y, MAP_W, 125,
            "Carte de France des départements colorés selon le statut de l'animateur départemental, territoires "
            "d'outre-mer rapprochés en encadrés à gauche, sites France services en points.")
        pdf.set_xy(pdfkit.MARGIN, y + used + 1)
        pdfkit.paragraph(pdf, "Outre-mer rapproché : chaque territoire à sa propre échelle. Hachures : pas "
                              "d'animateur en poste (aucun, recrutement en cours, non renseigné).",
                         size=6, x=pdfkit.MARGIN, w=MAP_W, colour=pdfkit.GREY)
    else:
        pdfkit.paragraph(pdf, "Contours des départements absents : pas de carte.", size=7, x=pdfkit.MARGIN, w=MAP_W)
    map_bottom = pdf.get_y()

    pdf.set_xy(SIDE_X, top)
    if progression:
        from fsdash.views.fiche_charts import progression_png
        from fsdash.views.fiche_fonts import use_in_matplotlib

        pdfkit.heading(pdf, "Progression", x=SIDE_X, w=SIDE_W)
        y = pdf.get_y()
        used = pdfkit.png_image(pdf, progression_png(progression, SIDE_W, 50, family=use_in_matplotlib(fonts)),
                                SIDE_X, y, SIDE_W, 50, "Départements par statut de l'animateur au fil du temps.")
        pdf.set_xy(SIDE_X, y + used + 1)
    else:
        pdfkit.heading(pdf, "Départements par statut", x=SIDE_X, w=SIDE_W)
        status_bars(pdf, records["statut"].value_counts().to_dict(), SIDE_X, SIDE_W)
        pdfkit.paragraph(pdf, NO_PROGRESSION, size=6, x=SIDE_X, w=SIDE_W, colour=pdfkit.GREY)
    pdfkit.paragraph(pdf, f"ETP d'animation au total : {formatting.etp(float(record_etp(records).sum()))}.",
                     size=6.8, x=SIDE_X, w=SIDE_W)
    pdf.ln(3)
    pdfkit.heading(pdf, "Points d'attention", x=SIDE_X, w=SIDE_W)
    pdfkit.bullet_list(pdf, list(attention), size=6.8, x=SIDE_X, w=SIDE_W, empty=NO_ATTENTION)

    pdf.set_xy(pdfkit.MARGIN, max(map_bottom, pdf.get_y()) + 2)
    pdfkit.heading(pdf, "Par région")
    header = ["Région", "Territoires", "Temps plein", "Mi-temps", "Vacants ou absents", "Non renseignés", "ETP",
              "Sites"]
    pdfkit.table(pdf, header, region_rows(records, sites), (46, 18, 20, 18, 26, 24, 16, 22),
                 ("L", "R", "R", "R", "R", "R", "R", "R"), size=6.5)
    return pdfkit.output(pdf)
