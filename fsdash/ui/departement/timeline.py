"""The département page's timeline: its periods as a strip and a table (who recorded
each, for those allowed to see it), and the State's contribution month by month."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain import periods as period_rules
from fsdash.inputs.spreadsheets import to_csv_bytes
from fsdash.storage import rights
from fsdash.storage.rights import User
from fsdash.ui import cache
from fsdash.ui.elements import svg_chart
from fsdash.views import departement_timeline as views
from fsdash.views.html_table import html_table

RESERVED = "réservé à l'ANCT et à la préfecture du département"


def _timeline_view(periods: pd.DataFrame, code: str, name: str, today: date, show_authors: bool) -> dict | None:
    """What the section shows, made once per periods table, département, day and reader kind
    (``cache.derived``): the strip's and the monthly chart's addresses (``svg_chart.published``),
    the table and its HTML, the yearly table."""
    mine = views.of(periods, code)
    if mine.empty:
        return None
    table = views.timeline_table(mine, today, show_authors)
    monthly = views.monthly_contribution(mine, code, today)
    yearly = views.yearly_contribution(monthly)
    return {
        "strip": svg_chart.published(views.strip_chart(mine, today)),
        "table": table,
        "table_html": html_table(
            table, f"Périodes de {name} : statut de l'animateur à partir de chaque date d'effet, le plus ancien en "
                   f"premier ; « {period_rules.PLANNED_LABEL} » : à venir",
            numeric=("ETP",), formats={"ETP": formatting.etp}, wide=True),
        "monthly": svg_chart.published(views.contribution_chart(monthly)),
        "yearly_html": html_table(
            yearly, f"Contribution forfaitaire de l'État par année pour {name} (statut en vigueur le 1er de chaque "
                    "mois, un douzième du forfait annuel)",
            numeric=("Contribution État", "dont prévu"),
            formats={"Contribution État": formatting.euros, "dont prévu": formatting.euros}),
    }


def timeline_section(code: str, name: str, periods: pd.DataFrame, user: User, today: date) -> None:
    st.subheader("Chronologie de l'animateur")
    show_authors = rights.can_see_history(user, code)
    view = cache.derived(periods, _timeline_view, code, name, today, show_authors)
    if view is None:
        st.caption("Aucune période enregistrée : le statut de ce département est « non renseigné ».")
        return
    svg_chart.show(view["strip"], key=f"frise-{code}",
                   label=f"Frise des périodes de {name} : statut de l'animateur dans le temps (détail dans le tableau)")
    st.caption(f"Frise des périodes aux couleurs des statuts de la carte (détail dans le tableau) ; plus claire : "
               f"« {period_rules.PLANNED_LABEL} » ; trait rouge : aujourd'hui, {formatting.day(today)}.")
    st.html(view["table_html"])
    st.caption("Deux dates à ne pas confondre : « Du » est la date d'effet de la période ; « Enregistré le » est "
               "le jour où elle a été saisie dans le registre."
               + ("" if show_authors else f" Auteurs des saisies : accès {RESERVED}."))
    table = view["table"]
    st.download_button("Périodes (CSV)", lambda: to_csv_bytes(table), file_name=f"periodes-animateur-{code}.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore", key=f"periodes-csv-{code}")

    st.markdown("**Contribution forfaitaire de l'État au poste, mois par mois**")
    svg_chart.show(view["monthly"], key=f"contribution-{code}",
                   label=f"Contribution forfaitaire de l'État au poste de {name}, mois par mois (totaux par année "
                         "dans le tableau)")
    st.html(view["yearly_html"])
