"""The simulator's results: headline figures, charts, tables by département, région and year, exports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fsdash.budget import results, simulator
from fsdash.budget.assumptions import month_label
from fsdash.domain import formatting
from fsdash.ui import cache, charts
from fsdash.views.html_table import html_table
from fsdash.views.simulation import cost_chart, posts_chart


def unknown(result: simulator.Result) -> None:
    """How many territories are « non renseigné » on the horizon, and what the simulation does with them."""
    t = result.totals
    if t["unknown_territories"]:
        st.info(results.unknown_text(t) + " Choix dans le panneau « Hypothèses » : « Territoires non renseignés ».",
                icon=":material/help:")
    else:
        st.caption(results.unknown_text(t))


def headline(result: simulator.Result) -> None:
    t, a = result.totals, result.assumptions
    horizon = f"{month_label(a.start)} – {month_label(a.end)}"
    st.markdown(f"**Dans ce scénario**, de {month_label(a.start)} à {month_label(a.end)} :")
    row = st.container(horizontal=True)  # one row of figures, wrapping when the page is narrow
    row.metric("Coût pour l'État sur l'horizon", formatting.euros(t["state"]), help=horizon, width="content")
    row.metric("Écart avec la référence (État)", results.signed_euros(t["diff_state"]), width="content",
               help=f"Référence : {results.reference_text(t)}, soit {formatting.euros(t['baseline_state'])} "
                    "pour l'État sur l'horizon.")
    row.metric("Coût pour les structures porteuses", formatting.euros(t["host"]), width="content",
               help=f"Coût employeur supposé ({formatting.euros(a.employer_cost)} pour 1 ETP) moins la "
                    "contribution de l'État, jamais négatif.")
    row.metric("Première année entièrement à temps plein", results.first_full_text(t), width="content")
    st.caption(_per_site_text(t))


def _per_site_text(t: dict) -> str:
    full = (f"Dans ce scénario, tous les postes sont à temps plein dès {month_label(t['first_full_month'])}. "
            if t["first_full_month"] else "Dans ce scénario, les postes ne sont jamais tous à temps plein sur "
                                          "l'horizon. ")
    if t["state_per_site"] is None:
        return full + "Coût par site France services indisponible : la liste des sites est absente."
    return (full + f"Coût pour l'État par site France services sur l'horizon : "
            f"{formatting.euros(t['state_per_site'])} ({formatting.number(t['sites'])} sites de la liste actuelle).")


DEP_COLUMNS = ["code", "nom", "region", "statut", "switch", "full_time_from", "state", "host", "total",
               "baseline_state", "diff_state", "sites", "state_per_site"]
REGION_COLUMNS = ["region", "departements", "state", "host", "total", "baseline_state", "diff_state", "sites",
                  "state_per_site"]
MONTH_COLUMNS = ("Mois de bascule", "Temps plein à partir de")


def _html(frame: pd.DataFrame, caption: str) -> str:
    """A results table as plain HTML: amounts in euros, months in words, « – » where there is none."""
    money = [c for c in frame.columns if str(c).endswith("(€)")]
    numbers = [c for c in frame.columns if c in ("Départements", "Sites France services",
                                                 "Postes à temps plein en fin d'année")]
    formats = {c: formatting.euros for c in money}
    formats |= {c: (lambda v: month_label(v) if isinstance(v, str) else "–") for c in MONTH_COLUMNS
                if c in frame.columns}
    formats |= {c: formatting.number for c in numbers}
    return html_table(frame, caption, numeric=tuple(money + numbers), formats=formats, wide=True)


def _by_departement(result: simulator.Result) -> str:
    return _html(results.area_table(result.per_departement[DEP_COLUMNS]), "Résultats par département")


def _by_region(result: simulator.Result) -> str:
    return _html(results.area_table(result.per_region[REGION_COLUMNS]), "Résultats par région")


def _by_year(result: simulator.Result) -> str:
    return _html(results.yearly_table(result), "Résultats par année")


def tables(result: simulator.Result) -> None:
    """The results' tables, made once per result (``cache.derived``): a scenario opened again costs nothing."""
    by_dep, by_region, by_year = st.tabs(["Par département", "Par région", "Par année"])
    with by_dep:
        st.html(cache.derived(result, _by_departement))
    with by_region:
        st.html(cache.derived(result, _by_region))
    with by_year:
        st.html(cache.derived(result, _by_year))


def exports(result: simulator.Result) -> None:
    st.subheader("Exporter ce scénario")
    columns = st.columns(4)
    columns[0].download_button("Classeur XLSX", lambda: results.export_xlsx(result), on_click="ignore",
                               help="Une feuille par tableau : hypothèses, résultats annuels, par département, "
                                    "par région.", file_name="simulation-budgetaire.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    for column, (sheet, file_name) in zip(columns[1:], [("Hypothèses", "hypotheses"),
                                                         ("Résultats annuels", "resultats-annuels"),
                                                         ("Par département", "par-departement")]):
        column.download_button(f"{sheet} (CSV)", lambda s=sheet: results.export_csv(result, s),
                               file_name=f"simulation-{file_name}.csv", mime="text/csv", on_click="ignore")


def _chart_specs(result: simulator.Result) -> tuple[dict, dict]:
    """Both charts' specs with their rows as Arrow bytes, made once per result (``cache.derived``)."""
    return charts.arrow_spec(cost_chart(result)), charts.arrow_spec(posts_chart(result))


def chart_section(result: simulator.Result) -> None:
    cost, posts = cache.derived(result, _chart_specs)
    left, right = st.columns(2)
    left.subheader("Coût par an")
    left.vega_lite_chart(cost, width="stretch")
    right.subheader("Postes à temps plein")
    right.vega_lite_chart(posts, width="stretch")
