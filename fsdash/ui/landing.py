"""Back to the page one had open, after the OpenID login (``/departement?dep=87`` stays
``/departement?dep=87``), and a prefecture's way straight to its own département.

Streamlit's login (``st.login``) leaves the app for the provider and always comes back
to the root, in a new session: nothing of the old session survives. The address is
kept by the browser tab itself: a hidden ``st.components.v2`` element
(``elements/login_return.js``) writes it to the tab's ``sessionStorage`` when
« Se connecter » is clicked, and hands it back once, on the first signed-in run
(no cookie, nothing in the server's memory, so any server process may answer).
What to do with it is decided by ``fsdash.views.landing`` (pure) and applied here,
in ``app.py``, before the page runs:

- the page that was open is reopened with its query (a bookmark is honoured);
- otherwise a prefecture with one département goes to its page, one with several
  finds the short list of its départements at the top of the home page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from fsdash.domain.territories import DEPARTEMENTS
from fsdash.storage.rights import User
from fsdash.views import landing

ELEMENT_KEY = "fsdash-retour"
ADDRESS_KEY = "_fsdash_login_address"  # the address handed back by the browser (tests may set it)
CHOICES_KEY = "_fsdash_login_choices"  # codes offered at the top of the home page
LOGIN_BUTTON = ".st-key-login button"  # auth.sidebar_identity's « Se connecter » (key="login")
DEPARTEMENT_SCRIPT = "pages/departement.py"

_JS = Path(__file__).with_name("elements").joinpath("login_return.js").read_text(encoding="utf-8")
_element = st.components.v2.component("fsdash.retour", js=_JS, css=f".st-key-{ELEMENT_KEY}{{display:none}}",
                                      isolate_styles=False)


def _remembered(signed_in: bool) -> str | None:
    """Mount the element; the address it hands back on this run, if any."""
    result = _element(key=ELEMENT_KEY, height=0, data={"collect": signed_in, "button": LOGIN_BUTTON},
                      on_adresse_change=lambda: None)
    value = getattr(result, "adresse", None) if result is not None else None
    return st.session_state.pop(ADDRESS_KEY, None) or value


def _signed_in() -> bool:
    """Back from the OpenID login (whether or not the account is then accepted)?"""
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError):
        return False


def _here(page) -> landing.Target:
    return landing.Target(page.url_path, {k: st.query_params[k] for k in st.query_params})


def follow_login(page, pages: list, home: str, user: User) -> None:
    """In ``app.py`` after ``st.navigation`` (``page``: the page about to run, ``pages``: all
    of them, ``home``: the home page's own url path, ``user``: who is there): after a
    login, go where ``fsdash.views.landing`` says."""
    signed_in = _signed_in()
    address = _remembered(signed_in)
    if page.url_path:
        st.session_state.pop(CHOICES_KEY, None)  # the list was for the landing only
    if not address or not signed_in:
        return
    by_path = {p.url_path: p for p in pages}  # the home page's is ""
    wanted = landing.parse_address(str(address), set(by_path) - {""}, st.get_option("server.baseUrlPath") or "",
                                   home)
    decision = landing.landing(user, wanted)
    if decision.action == landing.GO and decision.target != _here(page) and decision.target.page in by_path:
        st.switch_page(by_path[decision.target.page], query_params=decision.target.query)
    if decision.action == landing.CHOOSE:
        st.session_state[CHOICES_KEY] = [d.code for d in decision.choices]


def choices() -> None:
    """The short list of a prefecture's départements, at the top of the home page after its login."""
    codes = st.session_state.get(CHOICES_KEY)
    if not codes:
        return
    with st.container(border=True, key="fsdash-vos-departements"):
        st.markdown("**Vos départements** : ouvrez la page de l'un d'eux.")
        for code in codes:
            if code in DEPARTEMENTS:
                known = DEPARTEMENTS[code]
                st.page_link(DEPARTEMENT_SCRIPT, label=f"{known.nom} ({code})", icon=":material/location_city:",
                             query_params=landing.departement_target(code).query)

