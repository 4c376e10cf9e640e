"""The national page's sections on the date shown: the « points d'attention »
counters (which filter the map and the table) and the summary by région."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from fsdash.domain import formatting
from fsdash.inputs.spreadsheets import to_csv_bytes
from fsdash.ui import cache
from fsdash.views import attention
from fsdash.views.html_table import html_table

ATTENTION_KEY = "alerte"


def attention_filter(found: dict[str, frozenset[str]], day: date) -> set[str] | None:
    """One counter per check, clickable as a filter (kept in the address: ``?alerte=vacance``);
    the départements flagged by the chosen checks, ``None`` when none is chosen."""
    counts = {c.key: len(found.get(c.key, ())) for c in attention.CHECKS}
    # Kept in the address by hand, as keys (``?alerte=vacance&alerte=fiche``): a bound
    # widget would store the labels, whose counts change with the date.
    if ATTENTION_KEY not in st.session_state:
        st.session_state[ATTENTION_KEY] = [k for k in st.query_params.get_all(ATTENTION_KEY) if k in attention.BY_KEY]
    chosen = st.pills(
        f"Points d'attention au {formatting.day(day)}", [c.key for c in attention.CHECKS], selection_mode="multi",
        key=ATTENTION_KEY, format_func=lambda key: f"{attention.BY_KEY[key].label} : {counts[key]}",
        help="Choisir un ou plusieurs points d'attention limite la carte et le tableau aux départements concernés.",
    ) or []
    if list(chosen) != st.query_params.get_all(ATTENTION_KEY):
        if chosen:
            st.query_params[ATTENTION_KEY] = list(chosen)
        else:
            del st.query_params[ATTENTION_KEY]
    st.caption("Seuils : " + " ; ".join(c.threshold for c in attention.CHECKS) + ".")
    return attention.selected(found, chosen)


def _region_html(summary: pd.DataFrame, day: date) -> str:
    counts = [c for c in summary.columns if c not in ("Région", "Sites", "Contribution État / an")]
    return html_table(
        summary, f"Territoires par statut de l'animateur, sites France services et contribution forfaitaire de "
                 f"l'État par an, par région, au {formatting.day(day)}",
        numeric=(*counts, "Sites", "Contribution État / an"),
        formats={"Contribution État / an": formatting.euros, "Sites": formatting.number},
    )


def region_section(summary: pd.DataFrame, day: date) -> None:
    st.subheader(f"Par région au {formatting.day(day)}")
    st.html(cache.derived(summary, _region_html, day))  # made once per summary and day
    st.download_button(
        "Télécharger le tableau par région (CSV)", lambda: to_csv_bytes(summary),
        file_name=f"animateurs-regions-{day.isoformat()}.csv", mime="text/csv", icon=":material/download:",
        on_click="ignore", key="csv-regions",
    )
