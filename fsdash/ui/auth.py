"""Who is using the dashboard: OpenID Connect login, local mode, or anonymous reader.

- Production: ``st.login`` against an OpenID Connect provider (ProConnect for
  the State), configured in ``.streamlit/secrets.toml`` (section ``[auth]``). The
  claims must pass ``domain.identity.check_claims`` (verified email, the configured
  issuer) and the subject must be the one of the email's first login
  (``accounts.resolve_user``); the email is then matched to the accounts.
- Local mode, for one person on their own machine: only when every condition of
  ``domain.local_mode.refusal`` holds for the request (asked for, no login
  configured, loopback only, no proxy header, a loopback ``Host``, the secret token
  of ``run.sh`` in the first address). The identity is ``FSDASH_LOCAL_USER``.
- Otherwise: an anonymous reader (``lecteur``). Nothing falls back to admin.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from fsdash.domain import identity, local_mode
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.storage import accounts, rights
from fsdash.storage.rights import User
from fsdash.ui import cache

TOKEN_KEY = "_fsdash_local_token"
_TOKEN_JS = Path(__file__).with_name("elements").joinpath("local_token.js").read_text(encoding="utf-8")
_token_element = st.components.v2.component("fsdash.jeton", js=_TOKEN_JS, css=".st-key-fsdash-jeton{display:none}",
                                            isolate_styles=False)
DEPARTEMENT_PAGE = "pages/departement.py"


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, OSError, ValueError):
        return False


def _metadata_url() -> str | None:
    try:
        section = st.secrets["auth"]
        url = section.get("server_metadata_url")
        if not url:  # one provider named under [auth.NAME]
            url = next((v.get("server_metadata_url") for v in section.values() if hasattr(v, "get")), None)
        return url
    except (FileNotFoundError, KeyError, OSError, ValueError, AttributeError):
        return None


def _headers() -> dict[str, str]:
    try:
        return dict(st.context.headers or {})
    except (AttributeError, RuntimeError):
        return {}


def _given_token() -> str | None:
    """The token of the address (``?jeton=``), kept in the session and taken out of the address."""
    token = st.query_params.get(local_mode.TOKEN_PARAMETER)
    if token:
        st.session_state[TOKEN_KEY] = token
        del st.query_params[local_mode.TOKEN_PARAMETER]
    return st.session_state.get(TOKEN_KEY)


def keep_local_token() -> None:
    """In local mode, once per run from ``app.py``: the tab keeps the console's token, so that
    following a link (a new session) stays in local mode (``elements/local_token.js``)."""
    if not local_mode.requested(os.environ.get("FSDASH_LOCAL_MODE")) or auth_configured():
        return
    kept = _given_token()
    result = _token_element(key="fsdash-jeton", height=0, data={"keep": kept}, on_jeton_change=lambda: None)
    handed = getattr(result, "jeton", None) if result is not None else None
    if not kept and isinstance(handed, str) and handed:
        st.session_state[TOKEN_KEY] = handed  # checked like a token of the address (local_mode.refusal)


def local_mode_refusal() -> str | None:
    """Why local mode does not apply to this visitor (None: it does)."""
    return local_mode.refusal(
        mode=os.environ.get("FSDASH_LOCAL_MODE"), login_configured=auth_configured(),
        server_address=st.get_option("server.address"), headers=_headers(),
        expected_token=os.environ.get("FSDASH_LOCAL_TOKEN"), given_token=_given_token())


def _claims() -> dict | None:
    try:
        if not st.user.is_logged_in:
            return None
        return dict(st.user.to_dict())
    except (AttributeError, KeyError):
        return None


def _refuse(reason: str) -> None:
    st.title("Accès refusé")
    st.error(f"Vous êtes connecté, mais {reason}.", icon=":material/block:")
    st.markdown("Pour obtenir un accès, écrivez à l'équipe nationale de l'ANCT en indiquant votre adresse "
                "professionnelle et votre préfecture. Vous pouvez aussi vous déconnecter et consulter le "
                "tableau de bord en lecture seule.")
    st.button("Se déconnecter", on_click=st.logout, icon=":material/logout:", key="refused_logout")
    st.stop()


def _checked_identity(claims: dict) -> tuple[str, str, str | None]:
    """(email, name, subject) of a login; the page stops for untrustworthy claims.

    Without a login configured, Streamlit cannot sign anyone in: the only
    logged-in users then are the ones a test gives ``AppTest`` (no issuer to check)."""
    name = identity.display_name(claims)
    if not auth_configured():
        return str(claims.get("email") or ""), name, None
    try:
        issuer = cache.oidc_issuer(_metadata_url() or "")
    except (OSError, ValueError):
        issuer = None
    try:
        email, subject = identity.check_claims(
            claims, issuer, identity.trust_email(os.environ.get("FSDASH_OIDC_TRUST_EMAIL")))
    except identity.IdentityRefused as exc:
        _refuse(str(exc))
    return email, name, subject


def current_user() -> User:
    """The acting user for this run (stops the page for a refused identity)."""
    engine = cache.db()
    claims = _claims()
    if claims and claims.get("email"):
        email, name, subject = _checked_identity(claims)
        try:
            user = accounts.resolve_user(engine, email, name, subject)
        except accounts.SubjectMismatch as exc:
            _refuse(str(exc))
        except accounts.AccountError:
            user = None
        if user is None:
            _refuse(f"le compte {email} n'a pas accès à ce tableau de bord")
        return user
    if local_mode_refusal() is None:
        email = os.environ.get("FSDASH_LOCAL_USER", "local@localhost")
        user = accounts.resolve_user(engine, email) or rights.ANONYMOUS
        return User(user.email, user.role, user.departements, name=user.name, source="mode local")
    return rights.ANONYMOUS


def departement_label(code: str) -> str:
    """« Haute-Vienne (87) »."""
    known = DEPARTEMENTS.get(code)
    return f"{known.nom} ({code})" if known else code


def _who(user: User) -> str:
    name = user.name if user.name and user.name != user.email else ""
    return f"**{name}** ({user.email})" if name else f"**{user.email}**"


def _role_in_words(user: User) -> None:
    """The role, and for a prefecture each of its départements as a link to its page."""
    if user.role != rights.PREFECTURE:
        st.caption(f"Rôle : {rights.ROLE_LABELS.get(user.role, user.role)}.")
        return
    st.caption("Rôle : préfecture, pour :")
    for code in sorted(user.departements):
        try:
            st.page_link(DEPARTEMENT_PAGE, label=departement_label(code), icon=":material/location_city:",
                         query_params={"dep": code})
        except StreamlitPageNotFoundError:  # a page run on its own (no navigation): a plain link
            st.markdown(f"[{departement_label(code)}](departement?dep={code})")


def sidebar_identity(user: User) -> None:
    """Who the dashboard believes you are, and the login or logout button."""
    with st.sidebar:
        st.divider()
        if user.source == "mode local":
            st.caption(f"Mode local sans connexion : vous êtes {_who(user)}.")
            _role_in_words(user)
        elif user is rights.ANONYMOUS or user.email == rights.ANONYMOUS.email:
            if auth_configured():
                st.caption("Vous consultez en lecture seule.")
                st.button("Se connecter", on_click=st.login, icon=":material/login:", key="login")
            else:
                st.caption("Lecture seule : la connexion n'est pas configurée sur ce serveur.")
            reason = local_mode_refusal() if local_mode.requested(os.environ.get("FSDASH_LOCAL_MODE")) else None
            if reason:
                st.caption(f"Mode local refusé : {reason}.")
        else:
            st.caption(f"Connecté : {_who(user)}.")
            _role_in_words(user)
            st.button("Se déconnecter", on_click=st.logout, icon=":material/logout:", key="logout")
