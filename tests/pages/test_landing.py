"""After the OpenID login, through app.py (AppTest): back to the bookmark, or to one's own
département. The browser's part (the address kept in the tab across the provider's round
trip) is played here by setting what the element hands back (``landing.ADDRESS_KEY``);
tests/browser/test_journey.py does the real round trip."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from fsdash.storage import accounts
from fsdash.storage.engine import make_engine
from fsdash.storage.rights import PREFECTURE, operator
from fsdash.ui import landing
from tests.conftest import PROJECT_ROOT

PREF_87 = {"is_logged_in": True, "email": "pref87@test.fr", "name": "Préfecture 87"}
PREF_LIMOUSIN = {"is_logged_in": True, "email": "limousin@test.fr", "name": "Préfecture Limousin"}
READER = {"is_logged_in": True, "email": "quelqu.un@test.fr", "name": "Quelqu'un"}


@pytest.fixture
def accounts_db(page_env):
    engine = make_engine(page_env)
    accounts.grant(engine, operator("test"), PREF_87["email"], PREFECTURE, ["87"])
    accounts.grant(engine, operator("test"), PREF_LIMOUSIN["email"], PREFECTURE, ["87", "23"])
    yield engine
    engine.dispose()


def arrive(user: dict, address: str | None, query: dict | None = None) -> AppTest:
    """A first run of the app at the root (where the login comes back) as ``user``, the
    browser handing back ``address`` (``None``: nothing remembered)."""
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    at.user = user
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if address is not None:
        at.session_state[landing.ADDRESS_KEY] = address
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def title(at: AppTest) -> str:
    return at.title[0].value


def page_links(where) -> list[tuple[str, str, str]]:
    """(label, page, query) of the page links in ``where`` (``at.main``, ``at.sidebar``)."""
    return [(e.proto.label, e.proto.page, e.proto.query_string) for e in where.get("page_link")]


def test_the_bookmark_is_reopened_after_login(accounts_db):
    at = arrive(PREF_87, "/departement?dep=37")
    assert title(at) == "Indre-et-Loire (37)"
    assert at.query_params["dep"] == "37"


@pytest.mark.parametrize("address", ["/", "/carte", "//ailleurs.example/departement?dep=37"])
def test_a_prefecture_with_one_departement_lands_on_it(accounts_db, address):
    at = arrive(PREF_87, address)
    assert title(at) == "Haute-Vienne (87)"
    assert at.query_params["dep"] == "87"
    assert ("Haute-Vienne (87)", "departement", "dep=87") in page_links(at.sidebar)  # a link in the sidebar


def test_a_prefecture_with_several_gets_their_links(accounts_db):
    at = arrive(PREF_LIMOUSIN, "/")
    assert title(at) == "Animateurs départementaux France services"  # still the home page
    expected = [("Creuse (23)", "departement", "dep=23"), ("Haute-Vienne (87)", "departement", "dep=87")]
    assert page_links(at.main) == expected
    assert page_links(at.sidebar)[-2:] == expected
    assert any("Vos départements" in m.value for m in at.markdown)


@pytest.mark.parametrize("user, address", [
    (READER, "/"),  # nothing of its own: the home page
    (PREF_87, None),  # already signed in, a new tab at the root: no login, no move
    ({"is_logged_in": False}, "/departement?dep=37"),  # not signed in (login refused or abandoned)
    (READER, "https://ailleurs.example/departement?dep=37"),  # not an address of the app: ignored
])
def test_no_move_without_a_login_or_a_reason(accounts_db, user, address):
    at = arrive(user, address)
    assert title(at) == "Animateurs départementaux France services"
    assert "dep" not in at.query_params


def test_departement_menu_opens_ones_own(accounts_db):
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=90)
    at.user = PREF_87
    at.switch_page("pages/departement.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert title(at) == "Haute-Vienne (87)"
