"""The data page in Debian's chromium: upload a modified site list, read the
difference, confirm, and see the national map's site count change."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REAL_CONTOURS, REAL_SITES
from tests.support.browser import StreamlitServer
from tests.support.site_lists import modified_real_list

pytestmark = pytest.mark.browser

INJECTED = '<img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def server(tmp_path_factory, module_database_url):
    folder = tmp_path_factory.mktemp("data")
    shutil.copy(REAL_SITES, folder / REAL_SITES.name)
    shutil.copy(REAL_CONTOURS, folder / REAL_CONTOURS.name)
    # Local mode on loopback, as an administrator (FSDASH_ADMINS): the steward imports.
    env = {"FSDASH_DATA_DIR": str(folder), "FSDASH_DATABASE_URL": module_database_url,
           "FSDASH_TILES_URL": "", "FSDASH_LOCAL_MODE": "1", "FSDASH_LOCAL_USER": "admin@test.fr",
           "FSDASH_ADMINS": "admin@test.fr"}
    with StreamlitServer(env, log=folder / "streamlit.log") as running:
        yield running


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    page.set_default_timeout(120_000)  # the machine is shared: be patient, not flaky
    yield page
    context.close()


def metric_text(page, label: str) -> str:
    """A figure's text: an st.metric (data page) or an HTML figure (map page)."""
    box = page.locator('[data-testid="stMetric"], .fsdash-figures > div').filter(has_text=label).first
    box.wait_for()
    return box.inner_text().replace("\u202f", " ").replace("\xa0", " ")


def wait_for_metric(page, label: str, value: str) -> None:
    for _ in range(300):
        if re.search(rf"\b{re.escape(value)}\b", metric_text(page, label)):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{label}: {metric_text(page, label)!r}, expected {value}")


def test_upload_difference_confirm_and_the_map_follows(page, server, tmp_path):
    data, expected = modified_real_list()
    data = data.replace(b"France services renomm\xc3\xa9e par le test",
                        ("France services renommée " + INJECTED.replace('"', '""')).encode("utf-8"))
    upload = tmp_path / "liste-fs-modifiee.csv"
    upload.write_bytes(data)

    # The map shows the list as found on first start.
    page.goto(server.link("/"))
    wait_for_metric(page, "Sites France services affichés", "2 845")

    page.goto(server.link("/donnees"))
    page.get_by_role("heading", name="Données").first.wait_for()
    wait_for_metric(page, "Sites dans la version courante", "2 845")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "admin@test.fr" in sidebar.inner_text() and "administrateur" in sidebar.inner_text()

    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Nouvelle liste des sites")
    uploader.locator('input[type="file"]').set_input_files(str(upload))

    wait_for_metric(page, "Sites supprimés", "3")
    assert re.search(r"\b3\b", metric_text(page, "Sites modifiés"))
    assert re.search(r"\b0\b", metric_text(page, "Sites ajoutés"))
    summary = (page.locator('[data-testid="stMarkdownContainer"]')
               .filter(has_text="Différence avec la version courante").first.inner_text())
    assert "3 sites supprimés, 3 sites modifiés (déplacés de plus de 100 m : 2 ; renommés : 1)" in summary
    page.get_by_text("Sites supprimés (3)").first.wait_for()
    page.get_by_text("Déplacés de plus de 100 m (2 site(s), 2 champ(s))").first.wait_for()
    assert page.evaluate("window.__pwned") is None

    page.get_by_role("button", name="Confirmer l'import").click()
    page.get_by_text("Version n° 2 importée").wait_for()
    wait_for_metric(page, "Sites dans la version courante", "2 842")
    assert page.evaluate("window.__pwned") is None

    # The current version downloads as a spreadsheet-ready CSV, built on click.
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger la version courante (CSV)").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 1 + 2842 and rows[0][:3] == ["id_fs", "insee_dep", "lib_fs"]

    page.goto(server.link("/"))
    wait_for_metric(page, "Sites France services affichés", "2 842")
