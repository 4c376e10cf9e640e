"""The national page's time: the « Situation au » date (``?date=2023-06-30``) and the
progression chart, whose months can be clicked to show the map on that month."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain import periods as period_rules
from fsdash.ui import cache
from fsdash.ui.elements import svg_chart
from fsdash.views import timeline

DATE_KEY = "date"
CHART_KEY = "progression"


def _chosen_month() -> None:
    """The chart's click: show the map at the end of the clicked month (today for the current one)."""
    month = timeline.month_of(svg_chart.clicked(CHART_KEY))
    if month is not None:
        st.session_state[DATE_KEY] = timeline.month_day(month, cache.today())


def date_control(today: date) -> date:
    """The day the page shows, bound to the address (absent: today)."""
    # A click on the chart sets this widget's state (``_chosen_month``): Streamlit logs once per
    # process that the widget also has a default; with value="today" the click no longer applied.
    chosen = st.date_input(
        "Situation au", value=today, min_value=period_rules.FIRST_DAY, max_value=period_rules.last_day(today),
        key=DATE_KEY, bind="query-params", format="DD/MM/YYYY",
        help="La carte, les chiffres, les points d'attention, les tableaux et leurs exports montrent le réseau "
             "tel qu'en vigueur ce jour-là (d'après les dates d'effet du registre). Une date future montre ce "
             "qui est prévu.",
    )
    return chosen if isinstance(chosen, date) else today


def _progression_view(progress: pd.DataFrame, day: date, today: date) -> tuple[str, str, str]:
    """The chart's address (``svg_chart.published``), its text alternative and its caption: made once
    per progression table and days (``cache.derived``), not on every run."""
    june, january = (timeline.covered(progress, m.month) for m in timeline.MILESTONES)
    first, last = progress["mois"].min(), progress["mois"].max()
    alt = (f"Territoires par statut de l'animateur, mois par mois, de {first:%m/%Y} à {last:%m/%Y}. Territoires "
           f"couverts (mi-temps ou temps plein) fin juin 2023 : {june} ; fin janvier 2024 : {january}"
           + (f" ; au {formatting.day(day)} : {timeline.covered(progress, day)}."
              if first.date() <= day.replace(day=1) <= last.date() else "."))
    caption = (
        "Territoires par statut de l'animateur, mois par mois (situation en fin de mois ; mois en cours : "
        f"aujourd'hui, {formatting.day(today)}). Barres claires : « {period_rules.PLANNED_LABEL} » (périodes "
        "enregistrées à venir). Traits pointillés : jalons du programme — juin 2023, 73 départements couverts "
        f"(registre : {june}) ; janvier 2024, tous à temps plein (registre : {january} couverts). Trait rouge : "
        "le mois affiché. Cliquez sur un mois pour afficher la carte à sa fin."
    )
    return svg_chart.published(timeline.progression_chart(progress)), alt, caption


def progression_section(progress: pd.DataFrame, day: date, today: date) -> None:
    st.subheader("Progression du réseau")
    if progress.empty:
        st.caption("Aucune période enregistrée dans le registre.")
        return
    src, alt, caption = cache.derived(progress, _progression_view, day, today)
    svg_chart.show(src, key=CHART_KEY, label=alt, chosen=day, on_month=_chosen_month)
    st.caption(caption)
