"""The one-page PDF fiche of a département (« fiche territoriale »).

Its facilitator's status (and the status changes recorded), the facilitator
card as the reader may see it, key figures beside its région and the nation, a
map of its sites, the sites' summary, the sources and the generation date.

``departement_fiche`` is a pure function of the data the département page
already holds (and the command line reads): it returns the PDF's bytes. Who
reads it decides what it holds: the facilitator's name and contact, and the
author of the last change, only for those allowed (``rights.can_see_personal``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.formatting import PARIS
from fsdash.domain.site_fields import FORMAT_LABELS
from fsdash.domain.statuses import NON_RENSEIGNE
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.storage import rights
from fsdash.storage.rights import User
from fsdash.views import fiche_pdf as pdfkit
from fsdash.views.departement import card_rows, compare, departement_sites, figures_of, record_etp
from fsdash.views.fiche_fonts import FontSet, font_set

PREFIX = re.compile(r"^(espace\s+)?france\s*services?\s*[-–:]?\s*(d(?:e|u|es)\s+|d')?", re.IGNORECASE)
RESERVED = "Nom et coordonnées de l'animateur : réservés à l'ANCT et à la préfecture du département."
LEFT_W, GAP = 102.0, 4.0
RIGHT_X = pdfkit.MARGIN + LEFT_W + GAP
RIGHT_W = pdfkit.PAGE_W - pdfkit.MARGIN - RIGHT_X


def _missing(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value))


def visible_record(record: dict, user: User) -> dict:
    """The record as ``user`` may see it: personal values blanked, the last editor masked
    (NaN and NaT, as a row of a records frame holds them, become None)."""
    return rights.visible_record(user, {field: None if _missing(value) else value for field, value in record.items()})


def region_codes(code: str) -> list[str]:
    region = DEPARTEMENTS[code].region_code
    return [c for c, d in DEPARTEMENTS.items() if d.region_code == region]


def figure_rows(code: str, sites: pd.DataFrame, records: pd.DataFrame) -> tuple[list[str], list[tuple]]:
    """Key figures of ``code`` beside its région and France (all sites, all records)."""
    comparison = compare(code, sites, records)
    members = region_codes(code)
    etp = record_etp(records)
    in_region = records["departement"].isin(members)
    region = figures_of(sites[sites["insee_dep"].isin(members)], float(etp[in_region].sum()),
                        territories=int(in_region.sum()))
    d, n = comparison.departement, comparison.national
    name = DEPARTEMENTS[code].nom

    def share(value):
        return formatting.percent(value, 1) if value is not None else "–"

    def ratio(value):
        return formatting.number(value, 1) if value is not None else "–"

    def count(f, fmt):
        return f"{formatting.number(f.by_format.get(fmt, 0))} ({share(f.format_share(fmt))})"

    header = ["Indicateur", name, f"Région {DEPARTEMENTS[code].region}", "France entière"]
    rows = [
        ("Sites France services", formatting.number(d.sites),
         f"{formatting.number(region.sites)} (moy. {ratio(region.sites_per_territory)})",
         f"{formatting.number(n.sites)} (moy. {ratio(n.sites_per_territory)})"),
        ("Rang pour le nombre de sites", comparison.rank.text(), "–", "–"),
        *[(f"Format {label}", count(d, fmt), count(region, fmt), count(n, fmt))
          for fmt, label in FORMAT_LABELS.items()],
        ("Part des sites itinérants", share(d.itinerant_share), share(region.itinerant_share),
         share(n.itinerant_share)),
        ("ETP d'animation", formatting.etp(d.etp), formatting.etp(region.etp), formatting.etp(n.etp)),
        ("Sites par ETP d'animation", ratio(d.sites_per_etp), ratio(region.sites_per_etp), ratio(n.sites_per_etp)),
    ]
    return header, rows


def sites_summary(sites: pd.DataFrame, flagged_ids: set) -> str:
    """« 58 sites : 49 principaux, 9 antennes ; formats : fixe 50, bus (itinérant) 3… »."""
    if sites.empty:
        return "Aucun site France services dans ce territoire."
    types = sites["type_fs"].value_counts()
    formats = sites["format_fs"].value_counts()
    parts = [f"{formatting.number(len(sites))} site(s)"]
    kinds = [f"{types.get('Principal', 0)} principal(aux)", f"{types.get('Antenne', 0)} antenne(s)"]
    parts.append(" : " + ", ".join(kinds))
    parts.append(" ; formats : " + ", ".join(f"{FORMAT_LABELS.get(f, f)} {n}" for f, n in formats.items()))
    if flagged_ids:
        parts.append(f" ; {len(flagged_ids)} site(s) à plus de 2 km hors du contour (coordonnées à vérifier)")
    return "".join(parts) + "."


def short_name(name: str) -> str:
    """A site's name without the « France services » every name starts with."""
    text = str(name).strip()
    trimmed = PREFIX.sub("", text)
    return trimmed[:1].upper() + trimmed[1:] if trimmed else text


def site_lines(sites: pd.DataFrame, flagged_ids: set) -> list[str]:
    """« Nom – Commune », antennas and sites to check said in words."""
    lines = []
    for site in sites.itertuples(index=False):
        name = short_name(site.lib_fs)
        text = f"{name} – {site.lib_com}" if getattr(site, "lib_com", "") else name
        if site.type_fs == "Antenne":
            text += " (antenne)"
        if site.id_fs in flagged_ids:
            text += " (à vérifier)"
        lines.append(text)
    return lines


def status_text(record: dict) -> str:
    status = record.get("statut") or NON_RENSEIGNE
    etp = record.get("etp")
    if etp is None or (isinstance(etp, float) and pd.isna(etp)):
        return status
    return f"{status} · {formatting.etp(float(etp))} ETP"


def departement_fiche(code: str, record: dict, records: pd.DataFrame, sites: pd.DataFrame, user: User,
                      sources: Sequence[str], generated_at: datetime, *, as_of: date | None = None,
                      contours=None, flagged: pd.DataFrame | None = None,
                      status_changes: Sequence[tuple[date | None, str, str]] = (),
                      notices: Sequence[str] = (), fonts: FontSet | None = None) -> bytes:
    """The PDF fiche of ``code`` for ``user``, as bytes.

    ``record``: the département's registry record, unmasked (masked here for
    ``user``); ``records``: every record (figures of the région and the nation);
    ``sites``: every valid site; ``sources``: citations with their extract dates;
    ``as_of``: the day the situation describes (default: the generation day);
    ``contours``: the contours file, GeoDataFrame or geometries (no map without);
    ``flagged``: sites outside their contour (``id_fs``); ``status_changes``:
    (date of effect or ``None``, before, after) of its successive statuses
    (``domain.periods.changes``); ``notices``: lines shown
    in red under the title (demonstration data, site list of another day...).
    """
    departement = DEPARTEMENTS[code]
    as_of = as_of or generated_at.astimezone(PARIS).date()
    fonts = fonts or font_set()
    show_personal = rights.can_see_personal(user, code)
    shown = visible_record(record, user)
    own_sites = departement_sites(sites, code)
    flagged_ids = set(flagged["id_fs"]) & set(own_sites["id_fs"]) if flagged is not None and len(flagged) else set()
    map_png = None
    if contours is not None or len(own_sites):
        from fsdash.views import static_map
        from fsdash.views.fiche_fonts import use_in_matplotlib

        map_png = static_map.departement_map_png(
            static_map.as_contours(contours), code, own_sites, shown.get("statut"),
            width_mm=RIGHT_W, height_mm=78, family=use_in_matplotlib(fonts))

    title = f"{departement.nom} ({code})"
    pdf = pdfkit.new_document(f"Fiche territoriale – {title}", "Animation départementale France services",
                              sources, generated_at, fonts)
    pdfkit.title_block(pdf, title, f"Région {departement.region} · {pdfkit.as_of_text(as_of)} · "
                                   f"{pdfkit.generated_text(generated_at)}",
                       kicker="Fiche territoriale · animation départementale France services")
    for notice in notices:
        pdfkit.paragraph(pdf, notice, size=7.5, colour=pdfkit.RED)
    if notices:
        pdf.ln(1)

    top = pdf.get_y()
    pdfkit.heading(pdf, "Animateur départemental", x=pdfkit.MARGIN, w=LEFT_W)
    pdfkit.status_chip(pdf, shown.get("statut") or NON_RENSEIGNE, status_text(shown), pdfkit.MARGIN, LEFT_W)
    pdf.ln(1)
    rows = [r for r in card_rows(shown, show_personal) if r[0] not in ("Statut", "Temps de travail")]
    pdfkit.key_values(pdf, rows, pdfkit.MARGIN, LEFT_W, 38, size=7)
    if not show_personal:
        pdfkit.paragraph(pdf, RESERVED, size=6.5, x=pdfkit.MARGIN, w=LEFT_W, colour=pdfkit.GREY)
    if status_changes:
        pdf.ln(1)
        pdfkit.paragraph(pdf, "Statuts successifs (dates d'effet)", size=7, x=pdfkit.MARGIN, w=LEFT_W, bold=True)
        shown_changes = list(status_changes)[-4:]
        pdfkit.bullet_list(pdf, [f"{formatting.day(d) if d else 'date inconnue'} : {b or '–'} → {a or '–'}"
                                 for d, b, a in shown_changes], size=6.5, x=pdfkit.MARGIN, w=LEFT_W)
    left_bottom = pdf.get_y()

    pdf.set_xy(RIGHT_X, top)
    pdfkit.heading(pdf, "Carte des sites", x=RIGHT_X, w=RIGHT_W)
    if map_png is not None:
        y = pdf.get_y()
        used = pdfkit.png_image(
            pdf, map_png, RIGHT_X, y, RIGHT_W, 78,
            f"Carte de {departement.nom} : contour du département, départements voisins en gris, "
            f"{len(own_sites)} sites France services (ronds : principaux, triangles : antennes).")
        pdf.set_xy(RIGHT_X, y + used + 1)
    else:
        pdfkit.paragraph(pdf, "Pas de contour ni de site à cartographier.", size=7, x=RIGHT_X, w=RIGHT_W)
    pdf.set_xy(pdfkit.MARGIN, max(left_bottom, pdf.get_y()) + 2)

    pdfkit.heading(pdf, "Chiffres clés")
    header, figures = figure_rows(code, sites, records)
    pdfkit.table(pdf, header, figures, (58, 38, 47, 47), ("L", "R", "R", "R"), size=7)
    pdf.ln(2)

    pdfkit.heading(pdf, f"Sites France services ({formatting.number(len(own_sites))})")
    pdfkit.paragraph(pdf, sites_summary(own_sites, flagged_ids), size=7)
    pdf.ln(0.5)
    end = pdfkit.bottom(pdf) - pdfkit.line_height(6.5)
    pdfkit.columns_fit(pdf, site_lines(own_sites, flagged_ids), pdf.get_y(), end,
                       more="… et {n} autres sites (voir l'export CSV)")
    pdf.set_xy(pdfkit.MARGIN, end)
    pdfkit.paragraph(pdf, "Horaires, adresses, téléphones et courriels de chaque site : exports CSV et XLSX de la "
                          "page du département.", size=6.5, colour=pdfkit.GREY)
    return pdfkit.output(pdf)
