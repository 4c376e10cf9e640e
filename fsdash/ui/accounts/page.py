"""Accounts page: grant, change and revoke roles by email (administrators only)."""

from __future__ import annotations

import streamlit as st

from fsdash.domain import formatting
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.storage import accounts, rights
from fsdash.ui import auth, cache


def render() -> None:
    user = auth.current_user()
    auth.sidebar_identity(user)
    st.title("Comptes et droits d'accès")
    if not rights.can_manage_accounts(user):
        st.info("Cette page est réservée à l'équipe nationale de l'ANCT (rôle administrateur).",
                icon=":material/lock:")
        return
    engine = cache.db()
    st.caption("Les adresses listées dans la variable FSDASH_ADMINS sont toujours administratrices. "
               + ("Une adresse sans compte est refusée." if accounts.unknown_policy() == "refuser"
                  else "Une adresse sans compte a le rôle « lecteur »."))

    with st.form("compte", clear_on_submit=False):
        st.subheader("Attribuer ou modifier un rôle")
        email = st.text_input("Adresse de courriel", key="compte_email")
        role = st.selectbox("Rôle", list(rights.ROLES), format_func=lambda r: rights.ROLE_LABELS[r], key="compte_role")
        departements = st.multiselect("Départements (rôle préfecture)", list(DEPARTEMENTS),
                                      format_func=lambda c: DEPARTEMENTS[c].label, key="compte_deps")
        if st.form_submit_button("Enregistrer", type="primary"):
            try:
                granted = accounts.grant(engine, user, email, role, departements)
                st.success(f"Compte {granted.email} : {granted.description}.")
            except (accounts.AccountError, rights.AccessDenied) as exc:
                st.error(str(exc))

    listed = accounts.list_accounts(engine)
    st.subheader(f"Comptes ({len(listed)})")
    if listed.empty:
        st.write("Aucun compte pour l'instant.")
    else:
        shown = listed.assign(
            granted_at=listed["granted_at"].map(formatting.moment),
            role=listed["role"].map(rights.ROLE_LABELS),
        )[["email", "role", "departements", "granted_by", "granted_at"]]
        shown.columns = ["Courriel", "Rôle", "Départements", "Attribué par", "Le"]
        st.dataframe(shown, hide_index=True, width="stretch")
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        target = left.selectbox("Révoquer un compte", listed["email"].tolist(), index=None,
                                placeholder="Choisir une adresse", key="revoquer_email")
        if right.button("Révoquer", disabled=target is None, key="revoquer"):
            try:
                accounts.revoke(engine, user, target)
                st.success(f"Compte {target} révoqué.")
                st.rerun()
            except (accounts.AccountError, rights.AccessDenied) as exc:
                st.error(str(exc))

    dated_table("Historique des comptes", accounts.history(engine), "Aucun changement.", {
        "changed_at": "Date", "author": "Auteur", "email": "Compte", "action": "Action", "before": "Avant",
        "after": "Après"})
    dated_table("Actions refusées", accounts.refusals(engine), "Aucune action refusée.", {
        "refused_at": "Date", "email": "Compte", "role": "Rôle", "action": "Action", "target": "Cible"})


def dated_table(title: str, frame, empty: str, columns: dict[str, str]) -> None:
    """``frame``'s ``columns`` under their French names, the first one a moment
    shown in French (or ``empty`` when there is no row)."""
    st.subheader(title)
    if frame.empty:
        st.write(empty)
        return
    first = next(iter(columns))
    shown = frame.assign(**{first: frame[first].map(formatting.moment)})[list(columns)]
    st.dataframe(shown.rename(columns=columns), hide_index=True, width="stretch")
