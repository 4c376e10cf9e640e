"""Two dashboard processes on one PostgreSQL: the version rule holds across them.

Both servers show the département 37; the first saves, the second's save (from
the same loaded version) is refused with what changed, and after reloading the
second server shows the first one's change.
"""

import pytest

from fsdash.storage import registry
from fsdash.storage.engine import make_engine
from tests.conftest import SHARED_DATA
from tests.support.browser import StreamlitServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pg_url(postgresql):
    """A database of its own on a PostgreSQL server that answers (whatever the suite's database)."""
    from tests.support.databases import scratch_database

    url, drop = scratch_database(postgresql, "fsdash_multi")
    yield url
    drop()


@pytest.fixture(scope="module")
def servers(pg_url, tmp_path_factory):
    folder = tmp_path_factory.mktemp("multi")
    make_engine(pg_url).dispose()  # migrate once before both start
    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": pg_url, "FSDASH_TILES_URL": "",
           "FSDASH_LOCAL_MODE": "1", "FSDASH_LOCAL_USER": "admin@test.fr", "FSDASH_ADMINS": "admin@test.fr"}
    first = StreamlitServer(env, log=folder / "a.log").start()
    second = StreamlitServer(env, log=folder / "b.log").start()
    yield first, second
    first.stop()
    second.stop()


def open_form(context, server):
    page = context.new_page()
    page.goto(server.link("/departement?dep=37"))
    page.get_by_text("Modifier la fiche de l'animateur").click()
    page.get_by_label("Commentaire").wait_for(timeout=60_000)
    return page


def save_comment(page, text):
    page.get_by_label("Commentaire").fill(text)
    page.get_by_role("button", name="Enregistrer").click()


def test_concurrent_edits_across_two_processes(chromium, servers, pg_url):
    first, second = servers
    assert first.port != second.port
    context = chromium.new_context(viewport={"width": 1400, "height": 1400})
    page_a = open_form(context, first)
    page_b = open_form(context, second)  # both loaded version 1

    save_comment(page_a, "Réunion du réseau le 12 mars (serveur A)")
    engine = make_engine(pg_url)
    for _ in range(100):
        if registry.get_record(engine, "37")["version"] == 2:
            break
        page_a.wait_for_timeout(100)
    record = registry.get_record(engine, "37")
    assert record["version"] == 2 and record["commentaire"].endswith("(serveur A)")

    save_comment(page_b, "Autre texte (serveur B)")
    page_b.get_by_text("modifiée par").first.wait_for(timeout=30_000)
    record = registry.get_record(engine, "37")
    assert record["version"] == 2 and record["commentaire"].endswith("(serveur A)")

    page_b.goto(second.link("/departement?dep=37"))
    page_b.get_by_text("Réunion du réseau le 12 mars (serveur A)").first.wait_for(timeout=30_000)
    engine.dispose()
    context.close()
