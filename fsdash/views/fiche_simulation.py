"""The PDF of a simulation scenario: its assumptions, its yearly results, the
charts, and the difference against the reference (what happened up to the
cut-off date, then the status quo: everyone keeps their last status).

``simulation_fiche`` is a pure function of a ``simulator.Result`` (what the
simulator page and ``python -m fsdash simulate`` already compute). Every figure
the charts draw is also in a table. Long assumption lists (many waves or
per-département dates) continue on a second page rather than being cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fsdash.budget.assumptions import EMPLOYER_COST_NOTE, month_label
from fsdash.budget.results import (
    assumptions_table,
    first_full_text,
    reference_text,
    signed_euros,
    situation_text,
    unknown_text,
)
from fsdash.budget.simulator import Result
from fsdash.domain import formatting
from fsdash.views import fiche_pdf as pdfkit
from fsdash.views.fiche_fonts import FontSet, font_set

LEFT_W, GAP = 100.0, 4.0
RIGHT_X = pdfkit.MARGIN + LEFT_W + GAP
RIGHT_W = pdfkit.PAGE_W - pdfkit.MARGIN - RIGHT_X
CHART_W = (pdfkit.WIDTH - GAP) / 2
RULES = ("Règles : contribution forfaitaire de l'État par an pour chaque poste selon son temps de travail, comptée "
         "mois par mois ; le reste du coût employeur est à la charge de la structure porteuse, jamais négatif. "
         "Référence : ce que le registre a enregistré jusqu'à la date d'arrêt, puis le statu quo (chacun garde son "
         "dernier statut). Scénario : à partir du mois de bascule, chaque mois à mi-temps compte à temps plein ; les "
         "vacances et mois non renseignés enregistrés restent tels quels. " + EMPLOYER_COST_NOTE)


def totals_rows(result: Result) -> list[tuple[str, str]]:
    t = result.totals
    rows = [
        ("Coût pour l'État sur l'horizon", formatting.euros(t["state"])),
        ("Référence : coût pour l'État", formatting.euros(t["baseline_state"])),
        ("Écart avec la référence (État)", signed_euros(t["diff_state"])),
        ("Coût pour les structures porteuses", formatting.euros(t["host"])),
        ("Écart avec la référence (structures)", signed_euros(t["diff_host"])),
        ("Coût total", formatting.euros(t["total"])),
        ("Écart total avec la référence", signed_euros(t["diff_total"])),
        ("Première année entièrement à temps plein", first_full_text(t)),
    ]
    if t.get("state_per_site") is not None:
        rows.append(("Coût pour l'État par site France services",
                     f"{formatting.euros(t['state_per_site'])} ({formatting.number(t['sites'])} sites)"))
    return rows


def _change(value: float, whom: str) -> str:
    """« 3 000 € de plus à l'État », « rien de plus ni de moins aux structures porteuses »."""
    if round(value) == 0:
        return f"rien de plus ni de moins {whom}"
    return f"{formatting.euros(abs(value))} {'de plus' if value > 0 else 'de moins'} {whom}"


def difference_text(result: Result) -> str:
    """The difference against the baseline, in one French sentence."""
    t = result.totals
    a = result.assumptions
    horizon = f"de {month_label(a.start)} à {month_label(a.end)}"
    if round(t["diff_state"]) == 0 and round(t["diff_host"]) == 0:
        return f"Dans ce scénario, {horizon}, le coût est le même que celui de la référence."
    state = _change(t["diff_state"], "à l'État")
    host = _change(t["diff_host"], "aux structures porteuses")
    return (f"Dans ce scénario, {horizon}, par rapport à la référence, il en coûte {state} et {host} "
            f"(écart total : {signed_euros(t['diff_total'])}).")


def yearly_rows(result: Result) -> tuple[list[str], list[tuple]]:
    """Yearly results (scenario, baseline, difference) and a total row, as French text."""
    header = ["Année", "Coût État", "Structures", "Total", "Référence État", "Référence total", "Écart État",
              "Écart total", "Temps plein fin d'année"]
    y = result.yearly
    rows = [
        (str(int(r.year)), formatting.euros(r.state), formatting.euros(r.host), formatting.euros(r.total),
         formatting.euros(r.baseline_state), formatting.euros(r.baseline_total), signed_euros(r.diff_state),
         signed_euros(r.diff_total), str(int(r.full_time_end)))
        for r in y.itertuples(index=False)
    ]
    rows.append(("Total", *(formatting.euros(y[c].sum()) for c in ("state", "host", "total", "baseline_state",
                                                                   "baseline_total")),
                 signed_euros(y["diff_state"].sum()), signed_euros(y["diff_total"].sum()), "–"))
    return header, rows


def simulation_fiche(result: Result, sources: Sequence[str], generated_at: datetime, *, name: str | None = None,
                     notices: Sequence[str] = (), fonts: FontSet | None = None) -> bytes:
    """The PDF of a scenario's result, as bytes. ``name``: the saved scenario's
    name, if any; ``sources``: the registry and site list used, with their dates."""
    from fsdash.views.fiche_charts import cost_chart_png, posts_chart_png
    from fsdash.views.fiche_fonts import use_in_matplotlib

    fonts = fonts or font_set()
    family = use_in_matplotlib(fonts)
    cost_png = cost_chart_png(result.yearly, CHART_W, 58, family=family)
    posts_png = posts_chart_png(result.monthly, CHART_W, 58, family=family)
    a = result.assumptions
    title = f"Scénario « {name} »" if name else "Simulation budgétaire"
    pdf = pdfkit.new_document(f"{title} – coût des animateurs départementaux France services",
                              "Simulation budgétaire", sources, generated_at, fonts)
    pdfkit.title_block(pdf, title, f"Horizon {month_label(a.start)} – {month_label(a.end)} · référence : "
                                   f"{reference_text(result.totals)} ({situation_text(result.per_departement)}) · "
                                   f"{pdfkit.generated_text(generated_at)}",
                       kicker="Simulation budgétaire · animateurs départementaux France services")
    for notice in [*notices, unknown_text(result.totals)]:
        pdfkit.paragraph(pdf, notice, size=7.5, colour=pdfkit.RED)
    pdfkit.paragraph(pdf, "Hypothèses de travail, pas des chiffres officiels.", size=7.5, colour=pdfkit.RED, bold=True)
    pdf.ln(1)

    top = pdf.get_y()
    pdfkit.heading(pdf, "Résultats sur l'horizon", x=pdfkit.MARGIN, w=LEFT_W)
    pdfkit.key_values(pdf, totals_rows(result), pdfkit.MARGIN, LEFT_W, 58, size=7)
    pdf.ln(1)
    pdfkit.paragraph(pdf, difference_text(result), size=7, x=pdfkit.MARGIN, w=LEFT_W, bold=True)
    left_bottom = pdf.get_y()
    pdf.set_xy(RIGHT_X, top)
    pdfkit.heading(pdf, "Hypothèses", x=RIGHT_X, w=RIGHT_W)
    rows = [tuple(r) for r in assumptions_table(a).itertuples(index=False)]
    pdfkit.key_values(pdf, rows, RIGHT_X, RIGHT_W, 50, size=6.5)
    pdf.set_xy(pdfkit.MARGIN, max(left_bottom, pdf.get_y()) + 2)

    pdfkit.heading(pdf, "Résultats par année et écart avec la référence")
    header, yearly = yearly_rows(result)
    pdfkit.table(pdf, header, yearly, (13, 23, 22, 23, 23, 23, 22, 22, 19), ("L",) + ("R",) * 8, size=6.5)
    pdf.ln(2)

    if pdf.get_y() + 70 > pdfkit.bottom(pdf):
        pdf.add_page()
    y = pdf.get_y()
    pdfkit.heading(pdf, "Coût par an", x=pdfkit.MARGIN, w=CHART_W)
    used = pdfkit.png_image(pdf, cost_png, pdfkit.MARGIN, y + 6, CHART_W, 58,
                            "Graphique en barres : coût annuel pour l'État et pour les structures porteuses, scénario "
                            "et référence, par année (valeurs dans le tableau par année).")
    pdf.set_xy(pdfkit.MARGIN + CHART_W + GAP, y)
    pdfkit.heading(pdf, "Postes à temps plein", x=pdfkit.MARGIN + CHART_W + GAP, w=CHART_W)
    used = max(used, pdfkit.png_image(
        pdf, posts_png, pdfkit.MARGIN + CHART_W + GAP, y + 6, CHART_W, 58,
        "Graphique en escalier : nombre de postes à temps plein chaque mois, scénario (trait plein) et référence "
        "(tirets)."))
    pdf.set_xy(pdfkit.MARGIN, y + 6 + used + 2)
    pdfkit.paragraph(pdf, RULES, size=6, colour=pdfkit.GREY)
    return pdfkit.output(pdf)
