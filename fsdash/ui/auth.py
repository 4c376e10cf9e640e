"""Who is using the dashboard: OpenID Connect login, local mode, or anonymous reader.

- Production: ``st.login`` against an OpenID Connect provider (ProConnect for
  the State), configured in ``.streamlit/secrets.toml`` (section ``[auth]``).
  The identity's email is matched to the accounts (``fsdash.access``).
- Local mode, for one person on their own machine: only when
  ``FSDASH_LOCAL_MODE`` says so explicitly *and* the server listens on loopback;
  the identity is ``FSDASH_LOCAL_USER`` (its role comes from the accounts or
  ``FSDASH_ADMINS`` like anyone's), and the sidebar says who it believes you are.
- Otherwise: an anonymous reader (``lecteur``). Nothing falls back to admin.
"""

from __future__ import annotations

import ipaddress
import os

import streamlit as st

from fsdash.storage import accounts, rights
from fsdash.storage.rights import User
from fsdash.ui import cache, links

TRUE = ("1", "true", "oui", "yes", "on")


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, OSError, ValueError):
        return False


def listens_on_loopback() -> bool:
    address = (st.get_option("server.address") or "").strip()
    if address in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # empty means every interface


def local_mode_requested() -> bool:
    return os.environ.get("FSDASH_LOCAL_MODE", "").strip().lower() in TRUE


def local_mode() -> bool:
    return local_mode_requested() and listens_on_loopback()


def _logged_in_email() -> tuple[str, str] | None:
    try:
        if st.user.is_logged_in and st.user.get("email"):
            return str(st.user.get("email")), str(st.user.get("name") or "")
    except (AttributeError, KeyError):
        return None
    return None


def current_user() -> User:
    """The acting user for this run (stops the page for a refused identity)."""
    engine = cache.db()
    identity = _logged_in_email()
    if identity:
        try:
            user = accounts.resolve_user(engine, *identity)
        except accounts.AccountError:
            user = None
        if user is None:
            st.error(f"Le compte {identity[0]} n'a pas accès à ce tableau de bord. "
                     "Demandez un accès à l'équipe nationale de l'ANCT.", icon=":material/block:")
            st.button("Se déconnecter", on_click=st.logout)
            st.stop()
        return user
    if local_mode():
        email = os.environ.get("FSDASH_LOCAL_USER", "local@localhost")
        user = accounts.resolve_user(engine, email) or rights.ANONYMOUS
        return User(user.email, user.role, user.departements, name=user.name, source="mode local")
    return rights.ANONYMOUS


def sidebar_identity(user: User) -> None:
    """Who the dashboard believes you are, and the login or logout button."""
    with st.sidebar:
        st.divider()
        if user.source == "mode local":
            st.caption(f"Mode local sans connexion : vous êtes **{user.email}**, {user.description}.")
        elif user is rights.ANONYMOUS or user.email == rights.ANONYMOUS.email:
            if auth_configured():
                st.caption("Vous consultez en lecture seule.")
                st.button("Se connecter", on_click=st.login, icon=":material/login:", key="login")
            else:
                st.caption("Lecture seule : la connexion n'est pas configurée sur ce serveur.")
            if local_mode_requested() and not listens_on_loopback():
                st.caption("FSDASH_LOCAL_MODE est ignoré : le serveur n'écoute pas sur la boucle locale.")
        else:
            st.caption(f"Connecté : **{user.email}**, {user.description}.")
            links.own_departement_links(user)  # each of a prefecture's départements, a link to its page
            st.button("Se déconnecter", on_click=st.logout, icon=":material/logout:", key="logout")
