"""No English left where a person reads or hears it (issue 16): the six pages, their
lists and uploaders, the map's scale, as chromium shows them to an administrator."""

from __future__ import annotations

import pytest

from tests.support.browser import StreamlitServer, wait_for_map

pytestmark = pytest.mark.browser

ENGLISH = ("Add:", "Choose an option", "Choose options", "Drag and drop", "Browse files", "per file", "Upload",
           "Error:", "Date set outside", "No results", "Press Enter", "Select all", "Clear all", "Running...")
PAGES = ("/", "/departement?dep=87", "/simulation", "/donnees", "/comptes", "/confidentialite")
SEEN = """() => [document.body.innerText,
  ...[...document.querySelectorAll('[aria-label],[title],[placeholder]')].flatMap(
     e => ['aria-label', 'title', 'placeholder'].map(a => e.getAttribute(a) || ''))].join('\\n')"""


@pytest.fixture(scope="module")
def server(module_database_url):
    from tests.conftest import SHARED_DATA

    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": module_database_url,
           "FSDASH_TILES_URL": "", "FSDASH_LOCAL_MODE": "1", "FSDASH_LOCAL_USER": "admin@localhost",
           "FSDASH_ADMINS": "admin@localhost"}
    with StreamlitServer(env) as running:
        yield running


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


@pytest.mark.parametrize("path", PAGES)
def test_no_english_on_the_page(server, chromium, path):
    page = chromium.new_page(viewport={"width": 1400, "height": 1200})
    try:
        page.goto(server.link(path))
        page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
        page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=30_000)
        page.wait_for_function("() => document.documentElement.lang === 'fr'", timeout=30_000)  # chrome's script ran
        page.wait_for_timeout(500)  # the labels are translated as they appear
        assert english_in(page.evaluate(SEEN)) == []
        if path.startswith("/departement"):
            box = page.locator(".st-key-departement-choix input")
            box.click()
            box.fill("Vien")  # a typed name that is not an option: Streamlit offers to « Add » it
            page.get_by_role("option").first.wait_for(timeout=10_000)
            page.wait_for_timeout(300)
            options = page.get_by_role("option").all_inner_texts()
            assert english_in(" ".join(options)) == [] and any("Vien" in o for o in options)
        if path in ("/", "/departement?dep=87"):
            wait_for_map(page)
            scale = page.locator(".leaflet-control-scale").inner_text()
            assert scale.strip().endswith(("km", " m")) and "mi" not in scale  # no miles
    finally:
        page.close()
