"""The département page's sections: the facilitator card, key figures, the sites, the history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.territories import Departement
from fsdash.inputs.quality import WHO_CORRECTS
from fsdash.inputs.spreadsheets import to_csv_bytes, to_xlsx_bytes
from fsdash.storage import registry, rights
from fsdash.storage.rights import User
from fsdash.ui import cache, fiches
from fsdash.ui.common import md
from fsdash.ui.elements import table_sort
from fsdash.views import departement as stats
from fsdash.views.html_figures import Figure, html_figures
from fsdash.views.html_table import html_table

RESERVED = "réservé à l'ANCT et à la préfecture du département"


def facilitator_card(record: dict, show_personal: bool) -> None:
    with st.container(border=True):
        st.subheader("Animateur départemental")
        rows = stats.card_rows(record, show_personal)
        st.markdown("\n".join(f"- **{label}** : {md(value)}" for label, value in rows))
        if not show_personal:
            st.caption(f"Nom et coordonnées de l'animateur : accès {RESERVED}.")


def figures_section(departement: Departement, comparison: stats.Comparison) -> None:
    d, n = comparison.departement, comparison.national
    st.subheader("Chiffres clés")
    rank = comparison.rank
    na = "–"
    st.html(html_figures([
        Figure("Sites France services", formatting.number(d.sites), f"France entière : {formatting.number(n.sites)}"),
        Figure("Rang pour le nombre de sites", rank.ordinal,
               f"sur {rank.total} territoires" + (", ex æquo" if rank.tied else "") + " ; 1er = le plus de sites"),
        Figure("Part de sites itinérants",
               formatting.percent(d.itinerant_share, 1) if d.itinerant_share is not None else na,
               f"formats bus et itinérante ; France entière : {formatting.percent(n.itinerant_share, 1)}"),
        Figure("Sites par ETP d'animation",
               formatting.number(d.sites_per_etp, 1) if d.sites_per_etp is not None else na,
               "sites ÷ temps de l'animateur (0 ETP : sans objet) ; France entière : "
               + (formatting.number(n.sites_per_etp, 1) if n.sites_per_etp is not None else na)),
    ], f"Chiffres clés de {departement.nom}"))
    # A plain HTML table: lighter for the browser than st.table or a data grid.
    st.html(html_table(comparison.frame(departement.nom),
                       f"{departement.nom} et la France entière : chiffres clés des sites France services"))


def sites_section(departement: Departement, table: pd.DataFrame, fiche_pdf) -> None:
    code = departement.code
    st.subheader(f"Sites France services ({formatting.number(len(table))})")
    warnings = int((table[stats.QUALITY_COLUMN] != "").sum())
    if warnings:
        st.warning(f"**{warnings} site(s) de {md(departement.nom)} ont des données à vérifier** (colonne "
                   f"« Alerte qualité », lignes en rouge) : horaires illisibles, coordonnées hors du département, "
                   f"contacts absents… {WHO_CORRECTS} Le détail est aussi sur la page Données, onglet « Qualité "
                   f"des données » ([vérifications de ce département](donnees?qualite={code})).",
                   icon=":material/warning:")
    query = st.text_input("Rechercher dans les sites", key=f"recherche-{code}",
                          placeholder="nom, commune, téléphone, horaires…")
    shown = stats.search_table(table, query)
    if query:
        st.caption(f"{formatting.number(len(shown))} site(s) sur {formatting.number(len(table))} "
                   f"contiennent « {md(query)} ».")
    table_sort.enable()
    # Made once per table and département when nothing is searched (cache.derived).
    st.html(cache.derived(table, _sites_html, departement.nom, warnings) if not query
            else _sites_html(shown, departement.nom, warnings))
    columns = st.columns(3)
    suffix = f" – {formatting.number(len(shown))} site(s) filtré(s)" if query else ""
    columns[0].download_button(
        f"Tableau des sites (CSV){suffix}", lambda: to_csv_bytes(shown), file_name=f"sites-france-services-{code}.csv",
        mime="text/csv", icon=":material/download:", on_click="ignore", key=f"csv-{code}",
    )
    columns[1].download_button(
        f"Tableau des sites (XLSX){suffix}", lambda: to_xlsx_bytes({f"Sites {code}": shown}),
        file_name=f"sites-france-services-{code}.xlsx", icon=":material/download:", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx-{code}",
    )
    fiches.departement_button(columns[2], code, fiche_pdf)  # the PDF fiche, built on click


def _sites_html(table: pd.DataFrame, name: str, warnings: int) -> str:
    """The sites as a plain HTML table, sorted in the browser (fsdash.ui.table_sort): read cell by
    cell by screen readers, and without the data-grid widget, which delayed the painted map by
    about a quarter of a second."""
    order = ["Nom"] + ([stats.QUALITY_COLUMN] if warnings else []) + [
        c for c in stats.TABLE_COLUMNS if c not in ("Nom", stats.QUALITY_COLUMN)]
    return html_table(
        table[order], f"Sites France services de {name} : cliquez sur un en-tête pour trier"
                      + (" ; lignes en rouge : alerte qualité" if warnings else ""),
        sortable=True, wide=True, warn=(lambda row: bool(row[stats.QUALITY_COLUMN])) if warnings else None,
        formats={"Labellisation": formatting.day},
        sort_values={"Labellisation": lambda d: "" if pd.isna(d) else d.strftime("%Y-%m-%d")},
    )


def history_section(code: str, user: User) -> None:
    """The record's history as ``user`` may see it: without the rows of personal
    fields, and without the authors' names, unless allowed (``fsdash.access``)."""
    st.subheader("Historique de la fiche")
    history = rights.visible_history(user, registry.history(cache.db(), code))
    table = stats.history_table(history, rights.can_see_personal(user, code))
    if table.empty:
        st.caption("Aucune modification enregistrée pour ce département.")
        return
    full = rights.can_see_history(user, code)
    table["Auteur"] = table["Auteur"].map(lambda name: rights.author(user, name, code))
    st.html(html_table(table, f"Historique de la fiche ({len(table)} changement(s), le plus récent en premier)"))
    left, right = st.columns(2)  # the history as the reader may see it (masked the same way), made on click
    left.download_button("Historique (CSV)", lambda: to_csv_bytes(table), file_name=f"historique-fiche-{code}.csv",
                         mime="text/csv", icon=":material/download:", on_click="ignore", key=f"historique-csv-{code}")
    right.download_button("Historique (XLSX)",  # « Date » as a date and time a spreadsheet sorts
                          lambda: to_xlsx_bytes({f"Historique {code}": table.assign(
                              Date=stats.history_moments(history))}),  # made on click, like the file
                          file_name=f"historique-fiche-{code}.xlsx", icon=":material/download:", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"historique-xlsx-{code}")
    if not full:
        st.caption(f"Changements des coordonnées de l'animateur et auteurs des modifications : accès {RESERVED}.")
