"""Login through a real OpenID Connect provider on loopback (oidc-provider-mock), in chromium.

A prefecture sees its facilitator's email on its own page and not on another
département's; a reader sees no email anywhere and no edit form.
"""

import json
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest

from fsdash.storage import accounts, registry, rights
from fsdash.storage.engine import make_engine
from tests.conftest import SHARED_DATA
from tests.support.browser import StreamlitServer, free_port

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def provider():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/.well-known/openid-configuration", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("oidc-provider-mock did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("login")
    database_url = f"sqlite:///{folder / 'db.sqlite'}"
    engine = make_engine(database_url)
    admin = rights.operator("test")
    registry.update_record(engine, "37", {"statut": "mi-temps", "animateur_nom": "Jeanne Martin",
                                          "animateur_email": "anim37@example.fr"}, admin, None)
    registry.update_record(engine, "41", {"statut": "temps plein", "animateur_nom": "Paul Durand",
                                          "animateur_email": "anim41@example.fr"}, admin, None)
    accounts.grant(engine, admin, "pref37@test.fr", rights.PREFECTURE, ["37"])
    accounts.grant(engine, admin, "pref41@test.fr", rights.PREFECTURE, ["41"])
    engine.dispose()
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(16)}"
client_id = "fsdash-test"
client_secret = "{secrets.token_hex(8)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": database_url, "FSDASH_TILES_URL": ""}
    with StreamlitServer(env, port=port, log=folder / "streamlit.log",
                         args=["--secrets.files", str(secrets_file)]) as running:
        yield running


def set_claims(provider, subject, **claims):
    """The provider's user ``subject`` with these claims (its email verified unless told)."""
    claims = {"email": subject, "email_verified": True, **claims}
    request = urllib.request.Request(f"{provider}/users/{subject}", data=json.dumps(claims).encode(),
                                     headers={"Content-Type": "application/json"}, method="PUT")
    urllib.request.urlopen(request, timeout=10).close()


def authorize(chromium, server, subject, wait_for):
    context = chromium.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.goto(server.url + "/")
    page.get_by_role("button", name="Se connecter").click()
    page.locator("input[name=sub]").fill(subject)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text(wait_for).first.wait_for(timeout=60_000)
    return context, page


def login(chromium, server, subject, provider=None):
    if provider:
        set_claims(provider, subject)
    return authorize(chromium, server, subject, f"Connecté : {subject}")


def open_departement(page, server, code):
    page.goto(f"{server.url}/departement?dep={code}")
    page.get_by_text("Animateur départemental").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # let the last elements of the run arrive
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
    assert page.get_by_role("button", name="Se déconnecter").count() == 1
    context.close()
