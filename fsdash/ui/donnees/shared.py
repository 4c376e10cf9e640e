"""What the data page's tabs share: messages shown after an action, the problems table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

FLASH = "donnees_flash"
MAX_UPLOAD_MB = 100  # the widget's limit; the site list's own limit is site_imports.MAX_IMPORT_BYTES
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RESERVED = "réservé à l'équipe nationale (ANCT)"


def flash(kind: str, text: str) -> None:
    """A message shown once, after the rerun that follows an action."""
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        kind, text = message
        {"success": st.success, "info": st.info, "error": st.error, "warning": st.warning}[kind](text)


def bump(key: str) -> None:
    """A new key for an uploader empties it."""
    st.session_state[key] = st.session_state.get(key, 0) + 1


def problems_table(problems) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Ligne": p.row, "Colonne": p.column or "", "Niveau": p.level, "Message": p.message} for p in problems],
        columns=["Ligne", "Colonne", "Niveau", "Message"],
    ).astype({"Ligne": "Int64"})
