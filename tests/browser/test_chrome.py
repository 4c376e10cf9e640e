"""The State's chrome in Debian's chromium: the DSFR header and footer, lang="fr",
skip links, Marianne, a page that does not move when the header comes, the State's
marks switched off and a base URL path, and the pages on a phone-sized screen."""

from __future__ import annotations

import pytest

from fsdash.domain.sources import CONTOURS, REGISTRY, SITES
from fsdash.ui.chrome import HEADER_HEIGHTS
from tests.conftest import SHARED_DATA
from tests.support import axe
from tests.support.browser import MAP, StreamlitServer, wait_for_map

pytestmark = pytest.mark.browser

# Records where the title is when it first appears, to compare with where it ends.
FIRST_TITLE = """(() => {
  const look = () => { const h = document.querySelector('h1');
    if (h && window.__firstTitle === undefined) { window.__firstTitle = h.getBoundingClientRect().top; }
    if (window.__firstTitle === undefined) { requestAnimationFrame(look); } };
  requestAnimationFrame(look);
})();"""

# What sticks out of the screen on the right, outside the boxes that scroll sideways on purpose.
OVERFLOW = """() => {
  const W = innerWidth, out = [];
  const scrolls = (e) => { for (let p = e.parentElement; p && p.tagName !== 'MAIN'; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
  for (const e of document.querySelectorAll('main *, #fsdash-chrome *')) {
    const r = e.getBoundingClientRect();
    if (r.width && r.right > W + 1 && !scrolls(e)) out.push(e.tagName + ' ' + String(e.className).slice(0, 60));
  }
  const main = document.querySelector('main');
  return {page: document.documentElement.scrollWidth, width: W, main: main.scrollWidth - main.clientWidth,
          out: out.slice(0, 10)};
}"""


class BasePathServer(StreamlitServer):
    """The app served under ``--server.baseUrlPath fsdash``: its address ends in /fsdash."""

    @property
    def url(self) -> str:
        return super().url + "/fsdash"


def header_height(page) -> str:
    """The header's height, as chrome.HEADER_HEIGHTS writes it (the room reserved before it comes)."""
    height = page.evaluate("() => document.getElementById('fsdash-chrome').offsetHeight")
    return f"{height}px"


def top(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top")


@pytest.fixture(scope="module")
def server(tmp_path_factory, module_database_url):
    folder = tmp_path_factory.mktemp("chrome")
    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": module_database_url,
           "FSDASH_TILES_URL": ""}
    with StreamlitServer(env, log=folder / "streamlit.log") as running:
        yield running


def test_header_footer_language_and_skip_link(server, chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(FIRST_TITLE)
    page = context.new_page()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if "/app/static/" in r.url and r.status >= 400 else None)
    try:
        page.goto(server.url + "/")
        axe.settle(page)
        wait_for_map(page)
        assert page.evaluate("() => document.documentElement.lang") == "fr"
        assert page.title() == "Carte nationale – Animateurs France services"
        banner = page.get_by_role("banner")  # one: Streamlit's empty toolbar is not another
        assert banner.count() == 1
        assert "RÉPUBLIQUE" in banner.inner_text().upper() and "Animateurs France services" in banner.inner_text()
        assert banner.locator(".fr-logo").is_visible()
        assert page.evaluate("() => document.body.firstElementChild.id") == "fsdash-chrome"  # above the sidebar
        assert header_height(page) == HEADER_HEIGHTS[True][0]
        # the content stays where it was first painted: the header's room was reserved
        assert abs(page.evaluate("() => window.__firstTitle") - top(page, "h1")) <= 2
        assert page.evaluate("() => document.fonts.check('700 16px Marianne')")
        assert page.locator("h1").evaluate("e => getComputedStyle(e).fontFamily").startswith("Marianne")
        assert page.locator('[aria-label="Barre latérale"]').count() == 1
        assert page.locator('[aria-label="App pages"], [aria-label="Sidebar"]').count() == 0

        footer = page.get_by_role("contentinfo")
        assert footer.get_by_role("link", name="Accessibilité : non conforme").get_attribute("href") == "accessibilite"
        assert footer.get_by_role("link", name="Mentions légales").get_attribute("href") == "mentions-legales"
        assert footer.get_by_role("link", name="Données personnelles").get_attribute("href") == "confidentialite"
        text = footer.inner_text()
        for citation in (SITES.citation, CONTOURS.citation, REGISTRY.citation):
            assert citation in text
        assert "extrait du 01/08/2024" in text

        page.keyboard.press("Tab")  # the skip links come first, and take the focus to the content
        skip = page.get_by_role("link", name="Contenu")
        assert skip.is_visible() and page.evaluate("() => document.activeElement.textContent") == "Contenu"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
        assert not failed, failed
    finally:
        context.close()


def test_without_the_state_marks_under_a_base_url_path(chromium, database_url):
    """FSDASH_STATE_MARKS=0: the service's name, not the Republic's block; Marianne and the
    styles still load when the app is served under server.baseUrlPath (relative URLs)."""
    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": database_url,
           "FSDASH_TILES_URL": "", "FSDASH_STATE_MARKS": "0"}
    with BasePathServer(env, args=["--server.baseUrlPath", "fsdash"]) as running:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        static = []
        page.on("response", lambda r: static.append((r.url, r.status)) if "/app/static/" in r.url else None)
        try:
            page.goto(running.url + "/confidentialite")
            axe.settle(page)
            assert page.get_by_role("banner").inner_text().strip().startswith("Animateurs France services")
            assert page.locator(".fr-logo").count() == 0
            assert header_height(page) == HEADER_HEIGHTS[False][0]
            assert page.locator('a[href*="gouv.fr"]').count() == 0
            legal = page.get_by_role("contentinfo").get_by_role("link", name="Mentions légales")
            assert legal.evaluate("a => a.href").endswith("/fsdash/mentions-legales")
            page.wait_for_function("() => document.fonts.check('700 16px Marianne')")
            assert static and all(url.startswith(running.url + "/app/static/") and status == 200
                                  for url, status in static), static
        finally:
            context.close()


@pytest.mark.parametrize("path", ["/", "/departement?dep=37"])
def test_a_phone_screen(server, chromium, path):
    """390 × 844: the page never scrolls sideways, map and figures come before the tables,
    and the filters are one tap away (Streamlit's sidebar button)."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server.url + path)
        axe.settle(page)
        wait_for_map(page)
        assert header_height(page) == HEADER_HEIGHTS[True][1]
        overflow = page.evaluate(OVERFLOW)
        assert overflow["page"] <= overflow["width"] and overflow["main"] <= 0 and not overflow["out"], overflow
        figures, map_top, table = top(page, ".fsdash-figures"), top(page, MAP), top(page, ".fsdash-table-box")
        assert map_top < 1.5 * 844 and map_top < table and figures < table
        if path == "/":
            assert figures < 844  # the headline figures on the first screen
        page.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button'
                     ).first.tap()
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"], '
                     '[data-testid="stSidebar"] [data-testid="stSidebarNav"]').first.wait_for(state="visible")
    finally:
        context.close()
