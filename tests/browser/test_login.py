"""Login through a real OpenID Connect provider on loopback (oidc-provider-mock), in chromium.

A prefecture sees its facilitator's email on its own page and not on another
département's; a reader sees no email anywhere and no edit form; every file the
département and data pages offer, downloaded through the browser by each, holds
no personal value it may not see.
"""

import re
from pathlib import Path

import pytest

from fsdash.storage import accounts, registry, rights
from fsdash.storage.engine import make_engine
from tests.conftest import SHARED_DATA
from tests.support.browser import StreamlitServer, downloaded_text, free_port, wait_for_run_end
from tests.support.oidc import mock_provider, provider_login, set_claims, write_secrets

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider():
    with mock_provider() as url:
        yield url


# The personal values of each département's facilitator, as the dashboard may never show them
# to someone without the right (names, emails, phones).
PERSONAL = {
    "37": {"animateur_nom": "Jeanne Martin", "animateur_email": "anim37@example.fr",
           "animateur_telephone": "02 47 11 22 33"},
    "41": {"animateur_nom": "Paul Durand", "animateur_email": "anim41@example.fr",
           "animateur_telephone": "02 54 44 55 66"},
}


@pytest.fixture(scope="module")
def server(provider, tmp_path_factory, module_database_url):
    folder = tmp_path_factory.mktemp("login")
    database_url = module_database_url
    engine = make_engine(database_url)
    admin = rights.operator("test")
    registry.update_record(engine, "37", {"statut": "mi-temps", **PERSONAL["37"]}, admin, None)
    registry.update_record(engine, "41", {"statut": "temps plein", **PERSONAL["41"]}, admin, None)
    accounts.grant(engine, admin, "pref37@test.fr", rights.PREFECTURE, ["37"])
    accounts.grant(engine, admin, "pref41@test.fr", rights.PREFECTURE, ["41"])
    engine.dispose()
    port = free_port()
    secrets_file = write_secrets(folder / "secrets.toml", provider, port)
    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": database_url, "FSDASH_TILES_URL": ""}
    with StreamlitServer(env, port=port, log=folder / "streamlit.log",
                         args=["--secrets.files", str(secrets_file)]) as running:
        yield running


def authorize(chromium, server, subject, wait_for):
    context = chromium.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.goto(server.url + "/")
    page.get_by_role("button", name="Se connecter").click()
    provider_login(page, subject)
    page.get_by_text(wait_for).first.wait_for(timeout=60_000)
    return context, page


def login(chromium, server, subject, provider=None):
    if provider:
        set_claims(provider, subject)
    return authorize(chromium, server, subject, f"Connecté : {subject}")


def open_departement(page, server, code):
    page.goto(f"{server.url}/departement?dep={code}")
    page.get_by_text("Animateur départemental").first.wait_for(timeout=60_000)
    wait_for_run_end(page)  # the run's last element: whatever is absent now will not come
    assert page.get_by_text("Historique de la fiche").count() >= 1  # the section before the footer is there
    return page.locator('[data-testid="stMain"]').inner_text()


def test_prefecture_sees_its_own_facilitator_contact_only(chromium, server, provider):
    context, page = login(chromium, server, "pref37@test.fr", provider)
    own = open_departement(page, server, "37")
    assert "anim37@example.fr" in own and "Jeanne Martin" in own
    page.get_by_text("Modifier la fiche de l'animateur").first.wait_for(timeout=30_000)
    assert page.get_by_text("Modifier la fiche de l'animateur").count() == 1
    assert "Comptes et accès" not in page.locator('[data-testid="stSidebarNav"]').inner_text()
    other = open_departement(page, server, "41")
    assert "anim41@example.fr" not in other and "Paul Durand" not in other
    assert page.get_by_text("Modifier la fiche de l'animateur").count() == 0
    assert "anim41@example.fr" not in page.content()
    context.close()


def test_reader_sees_no_email_anywhere_and_no_form(chromium, server, provider):
    context, page = login(chromium, server, "quelqu.un@example.fr", provider)
    assert "lecteur" in page.locator('[data-testid="stSidebar"]').inner_text()
    for code in ("37", "41"):
        text = open_departement(page, server, code)
        assert "@example.fr" not in text.replace("quelqu.un@example.fr", "")
        assert page.get_by_text("Modifier la fiche de l'animateur").count() == 0
        html = page.content()
        assert "anim37@example.fr" not in html and "anim41@example.fr" not in html
    context.close()


def test_an_unverified_email_is_refused(chromium, server, provider):
    set_claims(provider, "pref37-unverified", email="pref37@test.fr", email_verified=False)
    context, page = authorize(chromium, server, "pref37-unverified", "Accès refusé")
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "n'a pas vérifié cette adresse" in text and "Jeanne Martin" not in page.content()
    context.close()


def test_a_known_email_from_another_subject_is_refused(chromium, server, provider):
    set_claims(provider, "pref41-first", email="pref41@test.fr", given_name="Léa", usual_name="Roux")
    context, page = authorize(chromium, server, "pref41-first", "Connecté : Léa Roux")
    link = page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Loir-et-Cher (41)")
    link.wait_for(timeout=30_000)  # the département in words, a link to its page
    assert link.get_attribute("href").endswith("departement?dep=41")
    context.close()
    set_claims(provider, "pref41-other", email="pref41@test.fr", given_name="Léa", usual_name="Roux")
    context, page = authorize(chromium, server, "pref41-other", "Accès refusé")
    assert "liée à une autre identité" in page.locator('[data-testid="stMain"]').inner_text()
    logout = page.get_by_role("button", name="Se déconnecter")
    logout.wait_for(timeout=30_000)  # drawn in the same run as the message, not always in the same frame
    assert logout.count() == 1
    context.close()


# --------------------------------------------------------------------------- downloads per role


def squeezed(text: str) -> str:
    """Lower case without any space: « 02 54 44 55 66 » and « 02\u202f54… » alike."""
    return re.sub(r"\s+", "", text.lower())


def download_everything(page, address: str) -> dict[str, str]:
    """Open ``address``, click every download button it offers (in each tab), save each file
    through chromium, and return the text of each by file name."""
    page.goto(address)
    wait_for_run_end(page)
    files: dict[str, str] = {}
    tabs = page.get_by_role("tab").all_inner_texts() or [None]
    for tab in tabs:
        if tab is not None:
            page.get_by_role("tab", name=tab).click()
        buttons = page.locator('[data-testid="stDownloadButton"] button:visible')
        for index in range(buttons.count()):
            label = buttons.nth(index).inner_text()
            try:
                with page.expect_download(timeout=120_000) as info:
                    buttons.nth(index).click()
                download = info.value
            except Exception as exc:
                raise AssertionError(f"{address}, tab {tab}: « {label} » gave no file") from exc
            assert download.failure() is None, download.suggested_filename
            name = download.suggested_filename
            assert name not in files, f"two buttons give {name}"
            files[name] = downloaded_text(name, Path(download.path()).read_bytes())
            wait_for_run_end(page)  # a button that reruns the page: let the run finish
    return files


# Every file the pages offer (file name → offered to both roles); a new button must be added here.
DEPARTEMENT_FILES = {"sites-france-services-{code}.csv", "sites-france-services-{code}.xlsx",
                     "fiche-departement-{code}.pdf", "historique-fiche-{code}.csv", "historique-fiche-{code}.xlsx",
                     "periodes-animateur-{code}.csv"}
DONNEES_FILES = {"liste-fs-20240801-version-1.csv", "liste-fs-20240801-version-1.xlsx", "registre-animateurs.csv",
                 "registre-animateurs.xlsx", "modele-registre-animateurs.csv", "modele-registre-animateurs.xlsx",
                 "verifications-version-1.csv", "periodes-animateurs.csv", "periodes-animateurs.xlsx",
                 "modele-periodes-animateurs.csv", "modele-periodes-animateurs.xlsx"}


@pytest.mark.parametrize(("subject", "own"), [("quelqu.un@example.fr", None), ("pref37@test.fr", "37")])
def test_every_download_of_the_departement_and_data_pages_keeps_others_personal_data_out(
        chromium, server, subject, own):
    """As a reader and as the prefecture of the 37, through the browser: every file the pages of
    the 37, of the 41 and the data page offer, searched for the personal values of each
    département the user has no right to (all of them for a reader)."""
    context, page = login(chromium, server, subject)
    context.set_default_timeout(120_000)  # the machine is shared: patient, not flaky
    files: dict[str, str] = {}
    for code in ("37", "41"):
        got = download_everything(page, f"{server.url}/departement?dep={code}")
        assert set(got) == {name.format(code=code) for name in DEPARTEMENT_FILES}
        files |= got
    got = download_everything(page, f"{server.url}/donnees")
    assert set(got) == DONNEES_FILES
    files |= got
    context.close()

    forbidden = {squeezed(v): code for code, values in PERSONAL.items() if code != own for v in values.values()}
    leaks = [(name, code) for name, text in files.items() for value, code in forbidden.items()
             if value in squeezed(text)]
    assert leaks == []
    assert all(len(text) > 50 for text in files.values())  # each file read has content
    if own is not None:  # what the prefecture may see is there: the search finds what it looks for
        for value in PERSONAL[own].values():
            assert squeezed(value) in squeezed(files["registre-animateurs.csv"])
            assert squeezed(value) in squeezed(files[f"fiche-departement-{own}.pdf"])
