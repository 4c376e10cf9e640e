"""Accessibility in Debian's chromium: axe-core on every page and its main states
(no serious or critical violation beyond the known issues of the accessibility
statement, fsdash/ui/accessibility/statement.py), and a keyboard-only journey from
the national map to a saved facilitator record, with a visible focus all along."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from fsdash.storage import demo, registry, rights
from fsdash.storage.engine import make_engine
from tests.conftest import SHARED_DATA
from tests.support import axe
from tests.support.browser import MAP, StreamlitServer, wait_for_map

pytestmark = pytest.mark.browser

ADMIN = "admin@test.fr"


@pytest.fixture(scope="module")
def app(tmp_path_factory, module_database_url):
    """The dashboard on the real data and a fresh database, as an administrator (local mode)."""
    folder = tmp_path_factory.mktemp("a11y")
    url = module_database_url
    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": url, "FSDASH_TILES_URL": "",
           "FSDASH_LOCAL_MODE": "1", "FSDASH_LOCAL_USER": ADMIN, "FSDASH_ADMINS": ADMIN}
    with StreamlitServer(env, log=folder / "streamlit.log") as server:
        engine = make_engine(url)
        yield server, engine
        engine.dispose()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def visit(page, server, path: str) -> None:
    page.goto(server.link(path))
    axe.settle(page)


def test_national_page_without_and_with_a_filter(app, page):
    server, _ = app
    visit(page, server, "/")
    wait_for_map(page)
    axe.check(page, "carte nationale")
    visit(page, server, "/?statut=aucun&region=Bretagne")
    wait_for_map(page)
    axe.check(page, "carte nationale filtrée")
    page.locator('[data-testid="stSidebar"] .st-key-type input').click()  # a list of choices open
    axe.open_list(page)
    axe.check(page, "carte nationale, liste des types de site ouverte")


def test_demo_data_on_the_national_and_departement_pages(app, page):
    server, engine = app
    demo.load_demo(engine, rights.operator())
    try:
        visit(page, server, "/")
        wait_for_map(page)
        page.get_by_text("Données de démonstration").first.wait_for()
        axe.check(page, "carte nationale, démonstration")
        visit(page, server, "/departement?dep=01")
        axe.check(page, "département, démonstration")
    finally:
        demo.clear_demo(engine, rights.operator())


def test_departement_page_with_its_form_open(app, page):
    server, _ = app
    visit(page, server, "/departement?dep=37")
    page.locator(MAP).locator(".fsdash-site, .marker-cluster").first.wait_for()
    axe.check(page, "département")
    page.get_by_text("Modifier la fiche de l'animateur").click()
    page.locator('[data-testid="stForm"]').wait_for()
    axe.settle(page)
    axe.check(page, "département, fiche en modification")
    choice = page.locator('[data-testid="stForm"] [data-testid="stSelectbox"] input').first
    listbox = page.locator('[role="listbox"]:not(.fsdash-search-list)').first
    for _ in range(3):  # a key pressed while the form is still being drawn opens nothing: again
        choice.focus()  # (a click may land on the fixed header over it)
        page.keyboard.press("ArrowDown")
        try:
            listbox.wait_for(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            continue
    axe.open_list(page)
    axe.check(page, "département, liste des statuts ouverte")
    page.keyboard.press("Escape")
    start = page.get_by_role("textbox", name="À partir du (JJ/MM/AAAA)")
    start.fill("demain")
    page.get_by_role("button", name="Enregistrer").click()
    page.locator('[data-testid="stForm"] [data-testid="stAlert"]').first.wait_for()
    axe.check(page, "département, date refusée sous son champ")


def test_simulator(app, page):
    from urllib.parse import urlencode

    server, _ = app
    # « non renseigné » territories counted as without a facilitator: results and charts even on a fresh
    # registry (left out, the default, a fresh registry has nothing to simulate)
    visit(page, server, "/simulation?" + urlencode({"non_renseignes": "les compter comme sans animateur "
                                                                      "(recrutés comme eux)"}))
    page.locator(".vega-embed, [data-testid='stVegaLiteChart']").first.wait_for()
    axe.check(page, "simulation")
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        summary.click()
    axe.settle(page)
    axe.check(page, "simulation, panneaux dépliés")


def test_each_tab_of_the_data_page(app, page):
    server, _ = app
    visit(page, server, "/donnees")
    tabs = page.get_by_role("tab")
    assert tabs.count() == 4
    for index in range(4):
        tabs.nth(index).click()
        page.wait_for_timeout(1500)
        axe.check(page, f"données, onglet {tabs.nth(index).inner_text()}")


@pytest.mark.parametrize("path", ["/comptes", "/confidentialite", "/accessibilite", "/mentions-legales"])
def test_text_pages(app, page, path):
    server, _ = app
    visit(page, server, path)
    axe.check(page, path)


def test_missing_official_data_page(chromium, tmp_path, database_url):
    env = {"FSDASH_DATA_DIR": str(tmp_path), "FSDASH_DATABASE_URL": database_url,
           "FSDASH_TILES_URL": ""}
    with StreamlitServer(env) as server:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            visit(page, server, "/")
            assert page.get_by_role("heading", name="Données officielles absentes").is_visible()
            axe.check(page, "données officielles absentes")
        finally:
            context.close()


# ----------------------------------------------------------------------------- keyboard only

FOCUS = """() => { const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 60),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1,
          inMap: !!e.closest('.fsdash-map'),
          inTable: !!e.closest('.fsdash-table-box'), href: e.getAttribute('href') || ''}; }"""


def focused(page) -> dict:
    return page.evaluate(FOCUS)


def tab_until(page, test, limit: int = 400, key: str = "Tab") -> dict:
    """Press ``key`` until the focused element passes ``test``; every stop must show its focus."""
    trail = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        trail.append(f"{now['tag']} {now['text'][:40]!r}")
        if now["tag"] != "BODY":  # the document itself, between the page and the browser's own controls
            assert now["outline"], f"focus not visible on {now}"
        if test(now):
            return now
    raise AssertionError(f"not reached after {limit} presses of {key}; last stops: " + " | ".join(trail[-40:]))


def test_keyboard_journey_from_the_map_to_a_saved_record(app, page):
    server, engine = app
    before = registry.get_record(engine, "01")
    visit(page, server, "/")
    wait_for_map(page)

    skip = tab_until(page, lambda f: True)  # the first stop: the skip links, shown when focused
    assert skip["text"] == "Contenu" and page.get_by_role("link", name="Contenu").is_visible()

    tab_until(page, lambda f: f["inMap"])  # the map: arrows move it
    center = page.evaluate(f"() => document.querySelector('{MAP}').fsdash.map.getCenter()")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"(c) => document.querySelector('{MAP}').fsdash.map.getCenter().lng > c.lng + 0.1",
                           arg=center)
    contour = tab_until(page, lambda f: f["inMap"])  # then each département, named with its status
    assert contour["tag"] == "path" and contour["text"].endswith(") : non renseigné")
    page.locator(".leaflet-tooltip").first.wait_for()  # its card shows on focus

    tab_until(page, lambda f: f["inTable"])  # the table of départements
    link = tab_until(page, lambda f: f["href"] == "/departement?dep=01")
    assert link["text"] == "Ain"
    page.keyboard.press("Enter")  # its page
    page.get_by_role("heading", name="Ain (01)", exact=True).wait_for(timeout=60_000)
    axe.settle(page)

    tab_until(page, lambda f: "Modifier la fiche" in f["text"])
    page.keyboard.press("Enter")  # open the form
    page.locator('[data-testid="stForm"]').wait_for()
    axe.settle(page)
    tab_until(page, lambda f: f["tag"] == "INPUT" and "Statut" in f["text"])  # the form's first field
    page.keyboard.type("temps plein")
    page.keyboard.press("Enter")
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"].endswith("Enregistrer"))
    page.keyboard.press("Enter")
    page.get_by_text("Fiche de l'animateur enregistrée pour Ain (01)").wait_for(timeout=60_000)

    after = registry.get_record(engine, "01")
    assert after["statut"] == "temps plein" and after["version"] == before["version"] + 1
