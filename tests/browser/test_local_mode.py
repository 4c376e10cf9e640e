"""Local mode on a real server: granted with the token printed at start, kept while the visitor
moves between pages; refused without the token and through a proxy (headers the script sees
as ``st.context.headers``). Each condition alone: tests/domain/test_local_mode.py."""

import pytest

from tests.conftest import SHARED_DATA
from tests.support.browser import StreamlitServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("local")
    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": f"sqlite:///{folder / 'db.sqlite'}",
           "FSDASH_TILES_URL": "", "FSDASH_LOCAL_MODE": "1", "FSDASH_LOCAL_USER": "admin@test.fr",
           "FSDASH_ADMINS": "admin@test.fr"}
    with StreamlitServer(env, log=folder / "streamlit.log") as running:
        yield running


def sidebar(page, path_url, wait_for):
    page.goto(path_url)
    page.get_by_text(wait_for).first.wait_for(timeout=60_000)
    return page.locator('[data-testid="stSidebar"]').inner_text()


def test_the_token_of_the_console_grants_local_mode_for_the_session(server, chromium):
    page = chromium.new_page()
    try:
        text = sidebar(page, server.link("/confidentialite"), "Mode local sans connexion")
        assert "admin@test.fr" in text and "administrateur" in text
        assert "jeton" not in page.url  # taken out of the address once kept
        page.locator('[data-testid="stSidebarNav"]').get_by_text("Données personnelles").click()
        page.get_by_text("Mode local sans connexion").wait_for(timeout=30_000)
        assert "Comptes et accès" in page.locator('[data-testid="stSidebarNav"]').inner_text()
    finally:
        page.close()


def test_a_link_followed_in_the_same_tab_stays_in_local_mode_and_another_tab_does_not(server, chromium):
    # A link of the page (the département table, the map's popup) is a full page load: a new
    # session, whose address no longer carries the token. The tab keeps it (sessionStorage).
    context = chromium.new_context()
    page = context.new_page()
    try:
        sidebar(page, server.link("/confidentialite"), "Mode local sans connexion")
        page.wait_for_function("() => sessionStorage.getItem('fsdash-jeton')", timeout=30_000)  # kept by the tab
        text = sidebar(page, server.url + "/departement?dep=37", "Mode local sans connexion")
        assert "administrateur" in text
        page.get_by_text("Modifier la fiche de l'animateur").wait_for(timeout=60_000)  # the form is offered
        other = context.new_page()  # a tab of its own: nothing kept
        text = sidebar(other, server.url + "/departement?dep=37", "Mode local refusé")
        assert "Mode local sans connexion" not in text
    finally:
        context.close()


def test_without_the_token_the_visitor_is_a_reader(server, chromium):
    page = chromium.new_page()
    try:
        text = sidebar(page, server.url + "/confidentialite", "Mode local refusé")
        assert "ne porte pas le jeton" in text and "Mode local sans connexion" not in text
        assert "Comptes et accès" not in page.locator('[data-testid="stSidebarNav"]').inner_text()
        text = sidebar(page, server.url + "/confidentialite?jeton=devine-0123456789abcdef", "Mode local refusé")
        assert "Mode local sans connexion" not in text
    finally:
        page.close()


def test_through_a_proxy_the_token_is_not_enough(server, chromium):
    context = chromium.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
    page = context.new_page()
    try:
        text = sidebar(page, server.link("/confidentialite"), "Mode local refusé")
        assert "intermédiaire" in text and "Mode local sans connexion" not in text
    finally:
        context.close()
