"""The département chosen in the address (``?dep=37``), and the selector bound to it."""

from __future__ import annotations

import streamlit as st

from fsdash.domain.territories import CODES, DEPARTEMENTS, Departement, find_departement, search_departements
from fsdash.ui.common import md

PARAM = "dep"
CHOICE_KEY = "departement-choix"
CHOICE_MESSAGE_KEY = "departement-choix-message"


def label(code: str) -> str:
    return DEPARTEMENTS[code].label if code in DEPARTEMENTS else str(code)


def _on_choice() -> None:
    """Selector callback: resolve the typed code or name and put it in the URL."""
    value = st.session_state.get(CHOICE_KEY)
    if not value:
        return
    hits = search_departements(str(value))
    if len(hits) == 1:
        st.query_params[PARAM] = hits[0].code
        st.session_state.pop(CHOICE_MESSAGE_KEY, None)
    else:
        st.session_state[CHOICE_MESSAGE_KEY] = (str(value), [h.code for h in hits])


def _ambiguity(query: str, codes: list[str], where: str) -> str:
    if not codes:
        return (f"Aucun département ne correspond à « {md(query)} »{where}. "
                "Tapez un code ou un nom : 37, Indre, Réunion, 2A…")
    shown = ", ".join(md(label(c)) for c in codes[:12]) + (" …" if len(codes) > 12 else "")
    return f"Plusieurs départements correspondent à « {md(query)} »{where} : {shown}. Précisez votre choix."


def selector() -> Departement | None:
    """The département chosen in the URL (``?dep=``), with the selector bound to it."""
    raw = (st.query_params.get(PARAM) or "").strip()
    departement = find_departement(raw) if raw else None
    if departement is not None:
        if raw != departement.code:
            st.query_params[PARAM] = departement.code  # « 2a », « indre » → the canonical code
        st.session_state[CHOICE_KEY] = departement.code
    elif st.session_state.get(CHOICE_KEY) not in DEPARTEMENTS:
        st.session_state[CHOICE_KEY] = None
    st.selectbox(
        "Département", CODES, index=None, format_func=label, key=CHOICE_KEY, on_change=_on_choice,
        accept_new_options=True, placeholder="Code ou nom : 37, Indre, Réunion, 2A…",
        help="Tapez un code ou un nom (accents et majuscules indifférents) puis Entrée. "
             "L'adresse de la page change avec le choix : ajoutez-la à vos favoris.",
    )
    message = st.session_state.pop(CHOICE_MESSAGE_KEY, None)
    if message:
        st.warning(_ambiguity(message[0], message[1], ""), icon=":material/search_off:")
    if raw and departement is None:
        st.error(_ambiguity(raw, [d.code for d in search_departements(raw)], " dans l'adresse de la page"),
                 icon=":material/error:")
    elif not raw:
        st.info("Choisissez un département ci-dessus pour voir ses sites, son animateur et ses chiffres.",
                icon=":material/location_city:")
    return departement
