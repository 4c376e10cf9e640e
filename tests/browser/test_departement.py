"""The département page in Debian's chromium: the map painted and fitted, the
sites table, a CSV export, switching département without reloading the map, and
the facilitator record edited by an administrator (local mode) but not offered
to an anonymous reader."""

from __future__ import annotations

import csv
import io

import pytest

from fsdash.domain.territories import normalize
from tests.conftest import REAL_SITES
from tests.support.browser import MAP, StreamlitServer, wait_for_run_end

pytestmark = pytest.mark.browser

# The 37's contour, ((south, west), (north, east)), from the 1,000 m file.
BOUNDS_37 = ((46.737, 0.054), (47.699, 1.363))


def real_count(code: str) -> int:
    with open(REAL_SITES, encoding="utf-8", newline="") as f:
        return sum(1 for row in csv.DictReader(f) if row["insee_dep"] == code)


def map_state(page) -> dict:
    """Zoom, bounds and drawn layers of the Leaflet map kept by the page's map element."""
    return page.evaluate("""(sel) => {
      const box = document.querySelector(sel), map = box.fsdash.map, b = map.getBounds();
      return {zoom: map.getZoom(), south: b.getSouth(), west: b.getWest(), north: b.getNorth(),
              east: b.getEast(), contours: box.querySelectorAll('path.fsdash-departement').length,
              greyed: [...box.querySelectorAll('path.fsdash-departement')]
                       .filter(p => p.getAttribute('fill').toUpperCase() === '#E5E5E5').length,
              focus: [...box.querySelectorAll('path.fsdash-departement')]
                       .filter(p => p.getAttribute('stroke-width') === '3').length,
              markers: box.querySelectorAll('.fsdash-site').length
                       + [...box.querySelectorAll('.marker-cluster')]
                           .reduce((n, c) => n + Number(c.textContent || 0), 0)};
    }""", MAP)


def wait_painted(page, code: str) -> None:
    page.wait_for_function(
        """([sel, n]) => { const d = document.querySelector(sel);
             if (!d || !d.querySelector('path.fsdash-departement')) return false;
             const clustered = [...d.querySelectorAll('.marker-cluster')]
               .reduce((k, c) => k + Number(c.textContent || 0), 0);
             return d.querySelectorAll('.fsdash-site').length + clustered === n; }""",
        arg=[MAP, real_count(code)], timeout=30_000)


@pytest.fixture(scope="module")
def server(module_app_env):
    """One server for the module's tests (none needs a fresh one: the deep-link test, the first,
    is still its first request)."""
    server = StreamlitServer(module_app_env).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def admin_server(module_app_env):
    """Local mode on loopback, as an administrator named in FSDASH_ADMINS, on the same database."""
    env = {**module_app_env, "FSDASH_LOCAL_MODE": "1", "FSDASH_LOCAL_USER": "admin@test.fr",
           "FSDASH_ADMINS": "admin@test.fr"}
    server = StreamlitServer(env).start()
    yield server
    server.stop()


def test_deep_link_paints_the_fitted_map_lists_the_sites_and_exports(server, chromium, tmp_path):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page.goto(server.url + "/departement?dep=37")  # a fresh server's first request: a bookmark
        page.get_by_role("heading", name="Indre-et-Loire (37)", exact=True).wait_for(timeout=30_000)
        wait_painted(page, "37")
        assert "Carte nationale" in page.locator('[data-testid="stSidebarNav"]').inner_text()  # through app.py
        state = map_state(page)
        (south, west), (north, east) = BOUNDS_37
        assert state["south"] <= south and state["west"] <= west and state["north"] >= north and state["east"] >= east
        assert state["zoom"] >= 8  # fitted to the département, not the national view (6)
        # the 37 outlined and coloured, every other département greyed (the same layer as the national map)
        assert state["focus"] == 1 and state["contours"] == 102 and state["greyed"] == 101
        assert state["markers"] == real_count("37") == 32

        table = page.locator("table.fsdash-sortable")  # the sites (an HTML table, sorted in the browser)
        table.scroll_into_view_if_needed()
        assert table.locator("tbody tr").count() == real_count("37")
        assert page.get_by_role("heading", name=f"Sites France services ({real_count('37')})").is_visible()
        communes = ("(t) => { const i = [...t.tHead.rows[0].cells].findIndex(c => c.textContent.trim() === 'Commune');"
                    " return [...t.tBodies[0].rows].map(r => r.cells[i].textContent); }")
        original = table.evaluate(communes)
        table.get_by_role("button", name="Commune", exact=True).click()
        ascending = table.evaluate(communes)
        assert ascending != original and sorted(ascending) == sorted(original)
        assert ascending == sorted(ascending, key=lambda c: normalize(c))  # French order: accents aside
        assert table.locator("th[aria-sort=ascending]").inner_text() == "Commune"
        table.get_by_role("button", name="Commune", exact=True).click()
        assert table.evaluate(communes) == ascending[::-1]
        assert table.locator("th[aria-sort=descending]").inner_text() == "Commune"

        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="Tableau des sites (CSV)").click()
        assert download.value.suggested_filename == "sites-france-services-37.csv"
        path = tmp_path / "sites.csv"
        download.value.save_as(path)
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) == 32
        assert {"Nom", "Commune", "Lundi", "Samedi", "Alerte qualité"} <= set(rows[0])
        assert "France services Chateau Renault" in {r["Nom"] for r in rows}
    finally:
        page.close()


def test_choosing_another_departement_updates_url_and_map_in_place(server, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(server.url + "/departement?dep=indre-et-loire")
        page.get_by_role("heading", name="Indre-et-Loire (37)", exact=True).wait_for(timeout=30_000)
        wait_painted(page, "37")
        assert page.url.endswith("/departement?dep=37")  # the name became the code
        page.evaluate("(sel) => { document.querySelector(sel).dataset.first = '1'; }", MAP)

        box = page.locator(".st-key-departement-choix input")
        box.click()
        box.fill("reunion")  # no accent: resolved by the page, not by the list's filter
        box.press("Enter")
        page.get_by_role("heading", name="La Réunion (974)", exact=True).wait_for(timeout=30_000)
        wait_painted(page, "974")
        assert page.url.endswith("/departement?dep=974")
        assert page.locator(MAP + "[data-first]").count() == 1  # same element: not mounted again…
        assert page.locator("script[src$='/leaflet.js']").count() == 1  # …and Leaflet loaded once
        state = map_state(page)
        assert state["focus"] == 1 and state["greyed"] == 101  # La Réunion outlined, the others greyed
        assert state["south"] <= -21.38 and state["north"] >= -20.87  # the whole island in view…
        assert state["north"] - state["south"] < 1.5 and state["zoom"] >= 9  # …and fitted to it

        page.goto(server.url + "/departement?dep=974")  # the address bar reopens the same view
        page.get_by_role("heading", name="La Réunion (974)", exact=True).wait_for(timeout=30_000)
    finally:
        page.close()


def test_an_administrator_edits_the_record_a_reader_is_not_offered_the_form(admin_server, server, chromium,
                                                                            module_database_url):
    from fsdash.storage import registry
    from fsdash.storage.engine import make_engine

    page = chromium.new_page(viewport={"width": 1400, "height": 1600})
    try:
        page.goto(server.url + "/departement?dep=37")  # anonymous reader
        page.get_by_role("heading", name="Indre-et-Loire (37)", exact=True).wait_for(timeout=30_000)
        page.get_by_text("Modification de la fiche de l'animateur : réservé").wait_for(timeout=30_000)
        wait_for_run_end(page)
        assert page.get_by_text("Modifier la fiche de l'animateur").count() == 0

        page.goto(admin_server.link("/departement?dep=37"))
        page.get_by_role("heading", name="Indre-et-Loire (37)", exact=True).wait_for(timeout=30_000)
        page.get_by_text("Modifier la fiche de l'animateur").click()
        structure = page.get_by_role("textbox", name="Structure porteuse")
        structure.fill("Mairie de Loches")
        name = page.get_by_role("textbox", name="Nom de l'animateur")
        name.fill("Camille Martin")
        page.get_by_role("button", name="Enregistrer").click()
        page.get_by_text("Fiche de l'animateur enregistrée pour Indre-et-Loire (37) le ").wait_for(timeout=30_000)
    finally:
        page.close()
    engine = make_engine(module_database_url)
    record = registry.get_record(engine, "37")
    engine.dispose()
    assert (record["structure_porteuse"], record["animateur_nom"], record["updated_by"]) == (
        "Mairie de Loches", "Camille Martin", "admin@test.fr")


def test_the_timeline_of_a_departement_is_drawn_with_its_periods(app_env, chromium):
    """The demo's 37: no facilitator, half time, full time from 01/01/2024; a reader sees
    the strip, the periods without their authors, and the contribution month by month."""
    from fsdash.storage import demo
    from fsdash.storage.engine import make_engine
    from fsdash.storage.rights import operator

    engine = make_engine(app_env["FSDASH_DATABASE_URL"])
    demo.load_demo(engine, operator("test"))
    engine.dispose()
    server = StreamlitServer(app_env).start()
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(server.url + "/departement?dep=37")
        heading = page.get_by_role("heading", name="Chronologie de l'animateur")
        heading.wait_for(timeout=30_000)
        heading.scroll_into_view_if_needed()
        charts = page.locator(".fsdash-chart-box[data-ready='1']")
        charts.nth(1).wait_for(timeout=20_000)
        assert charts.count() == 2  # the strip and the contribution month by month
        assert charts.first.locator("svg[role='img']").get_attribute("aria-label").startswith("Frise des périodes")
        assert charts.nth(1).locator("g[data-mois]").count() > 24  # 2023 to the end of this year
        assert not page.locator("[data-testid='stVegaLiteChart']").count()
        table = page.locator("table", has_text="Enregistré par")
        text = table.inner_text()
        assert "01/01/2024" in text and "temps plein" in text and "en vigueur" in text
        assert "(masqué)" in text  # a reader does not see who recorded the periods
    finally:
        page.close()
        server.stop()


def test_a_first_visit_fetches_its_own_details_only_and_the_search_its_file(server, chromium):
    """The sites' details are one file per département: a bookmark of the 37 fetches the 37's
    (its markers' names, popups and tooltips); the search, once used, its own file (names,
    communes, postcodes), then the details of the site chosen."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})  # a new context: an empty cache
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "/fsdash/" in request.url else None)

    def details():
        return [url.split("/details-")[1].split("-")[0] for url in fetched if "/details-" in url]

    try:
        page.goto(server.url + "/departement?dep=37")
        page.get_by_role("heading", name="Indre-et-Loire (37)", exact=True).wait_for(timeout=30_000)
        wait_painted(page, "37")
        marker = page.locator(f"{MAP} .fsdash-site[aria-label='France services Chateau Renault']")
        marker.wait_for(timeout=15_000)  # named from the details
        with open(REAL_SITES, encoding="utf-8", newline="") as f:
            names_37 = {row["lib_fs"] for row in csv.DictReader(f) if row["insee_dep"] == "37"}
        labels = page.locator(f"{MAP} .fsdash-site").evaluate_all("(ms) => ms.map(m => m.getAttribute('aria-label'))")
        assert labels and set(labels) <= names_37
        page.wait_for_timeout(500)  # nothing else comes
        assert details() == ["37"], fetched
        assert not any("/search-" in url for url in fetched)

        popup = page.locator(f"{MAP} .leaflet-popup-content")
        marker.click()
        if not popup.is_visible():  # a first click right after the fit may go to the map alone
            page.wait_for_timeout(500)
            if not popup.is_visible():
                marker.click()
        popup.wait_for(timeout=10_000)
        text = popup.inner_text()
        assert "France services Chateau Renault" in text and "5 Rue du Four Brûlé, 37110 Château-Renault" in text
        assert "Lun." in text and "09:00 - 12:00 / 13:30 - 17:00" in text and "fermé" in text  # closed on Saturday
        assert details() == ["37"]

        # the search reads all of France (its own file) and finds a site of the 87
        search = page.get_by_role("combobox", name="Rechercher sur la carte")
        search.focus()
        page.keyboard.type("limoges")
        option = page.locator(f"{MAP} [role=option]", has_text="Limoges").first
        option.wait_for(timeout=15_000)
        page.keyboard.press("Enter")
        card = page.locator(f"{MAP} .leaflet-popup-content .fsdash-site-card", has_text="Limoges")
        card.wait_for(timeout=15_000)  # (the 37's popup, closed, may still be fading out)
        assert "Limoges" in card.inner_text() and "Lun." in card.inner_text()
        assert details() == ["37", "87"]  # the chosen site's département, not all of France
        assert sum("/search-" in url for url in fetched) == 1
    finally:
        page.close()
