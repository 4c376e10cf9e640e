"""The national map as a person sees it, in Debian's chromium."""

import shutil
from datetime import date

import pytest

from tests.conftest import REAL_CONTOURS, REAL_SITES
from tests.support.browser import MAP, StreamlitServer, map_element, wait_for_map, wait_for_run_end

pytestmark = pytest.mark.browser

LEAFLET = f"document.querySelector('{MAP}').fsdash.map"  # the element keeps its Leaflet map
CENTER = f"() => {LEAFLET}.getCenter()"
INJECTED = '<img src=x onerror="window.__pwned=1">France services piégée'


@pytest.fixture(scope="module")
def server(tmp_path_factory, module_database_url):
    """The app on a copy of the real data where one Saint-Martin site carries an injected name."""
    folder = tmp_path_factory.mktemp("data")
    text = REAL_SITES.read_text(encoding="utf-8")
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith('"') and ',"978",' in line)
    fields = lines[index].split(",")
    original_name = fields[2]
    lines[index] = lines[index].replace(original_name, '"' + INJECTED.replace('"', '""') + '"', 1)
    (folder / "liste-fs.csv").write_text("\n".join(lines), encoding="utf-8")
    shutil.copy(REAL_CONTOURS, folder / REAL_CONTOURS.name)
    env = {"FSDASH_DATA_DIR": str(folder), "FSDASH_DATABASE_URL": module_database_url,
           "FSDASH_TILES_URL": ""}
    with StreamlitServer(env, log=folder / "streamlit.log") as running:
        yield running


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    yield page
    context.close()


def test_map_is_painted_with_contours_regions_insets_and_sites(page, server):
    page.goto(server.url + "/")
    wait_for_map(page)
    element = map_element(page)
    main = element.locator(".fsdash-map-canvas")
    assert main.locator("path.fsdash-departement").count() == 102
    assert main.locator("path.fsdash-region").count() >= 18  # the régions' borders over the départements
    assert element.get_attribute("data-sites") == "2845"
    # At the national zoom the sites are dots drawn under the clicks: no cluster bubble
    # whose count could read as a département number, no marker to hit instead of a département.
    assert element.locator(".marker-cluster, .fsdash-site").count() == 0
    legend = element.locator(".fsdash-legend").inner_text()
    assert "non renseigné (102)" in legend
    page.get_by_text("Sites France services affichés").wait_for()
    assert "2 845" in page.locator(".fsdash-figures dd").first.inner_text().replace("\u202f", " ")
    # the table equivalent to the map, as HTML (the one by région follows it)
    rows = page.locator(".fsdash-table", has=page.locator("caption", has_text="départements et territoires")
                        ).locator("tbody tr")
    assert rows.count() == 102
    link = page.get_by_role("link", name="Indre-et-Loire", exact=True)
    assert link.get_attribute("href") == "/departement?dep=37"


def test_overseas_insets_are_in_view_with_metropolitan_france_and_clickable(page, server):
    page.goto(server.url + "/")
    wait_for_map(page)
    wait_for_run_end(page)  # nothing above the map still arriving (a late element moves it down)
    element = map_element(page)
    insets = element.locator(".fsdash-inset")
    assert insets.count() == 6
    names = [insets.nth(i).locator(".fsdash-inset-title").inner_text() for i in range(6)]
    assert names == ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte", "Saint-Martin"]
    # The map's box and its insets' boxes, measured in one go (the same layout).
    box, *boxes = element.evaluate("""(map) => [map, ...map.querySelectorAll('.fsdash-inset')].map(e => {
        const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; })""")
    for b in boxes:  # every inset is on screen at the same time as metropolitan France
        assert box["x"] <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"]
        assert box["y"] <= b["y"] and b["y"] + b["height"] <= box["y"] + box["height"]
    for i in range(6):
        assert insets.nth(i).locator("path.fsdash-departement").count() == 1  # coloured by status
    insets.nth(3).locator(".fsdash-inset-title").click()  # La Réunion
    popup = element.locator(".fsdash-map-canvas .leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "La Réunion (974)" in popup.inner_text()
    center = page.evaluate(CENTER)
    assert -21.5 < center["lat"] < -20.8 and 55.1 < center["lng"] < 55.9


def test_a_departement_is_clickable_in_its_middle_and_shows_one_popup(page, server):
    page.set_viewport_size({"width": 1400, "height": 1000})  # the map reaches below the fold
    page.goto(server.url + "/")
    wait_for_map(page)
    element = map_element(page)
    # Limoges, in the middle of Haute-Vienne, where a cluster bubble used to catch the click.
    point = page.evaluate(f"() => {LEAFLET}.latLngToContainerPoint([45.83, 1.26])")
    # The page scrolled so that Limoges sits just above the fold and the map's bottom below
    # it: focusing the pressed département must not scroll the page between the press and
    # the release (the click was lost that way).
    canvas = element.locator(".fsdash-map-canvas").bounding_box()
    viewport = page.viewport_size["height"]
    element.evaluate("""(node, dy) => {
        let box = node.parentElement;
        while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== "visible")) {
            box = box.parentElement;
        }
        (box || document.scrollingElement).scrollBy({top: dy, behavior: "instant"});
    }""", canvas["y"] + point["y"] - (viewport - 40))
    canvas = element.locator(".fsdash-map-canvas").bounding_box()
    assert canvas["y"] + canvas["height"] > viewport  # the map's bottom is below the fold
    page.mouse.move(canvas["x"] + point["x"], canvas["y"] + point["y"])
    element.locator(".leaflet-tooltip").first.wait_for(timeout=10_000)
    page.mouse.click(canvas["x"] + point["x"], canvas["y"] + point["y"])
    popup = element.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "Haute-Vienne (87)" in popup.inner_text()
    # the popup replaces the tooltip (which fades out, then leaves the page)
    page.wait_for_function(f"() => !document.querySelector('{MAP} .leaflet-tooltip')", timeout=5_000)
    link = popup.locator("a.fsdash-dep-link")
    assert link.get_attribute("target") is None  # same tab
    assert link.evaluate("a => a.href").endswith("/departement?dep=87")
    # from the zoom of a département, sites are markers and codes label the départements
    page.evaluate(f"() => {{ {LEAFLET}.setView([45.83, 1.26], 9); }}")
    element.locator(".fsdash-site, .marker-cluster").first.wait_for(timeout=10_000)
    assert "87 Haute-Vienne" in element.locator(".fsdash-label-text").all_inner_texts()


def test_search_moves_the_map_and_opens_the_popup_with_the_keyboard(page, server):
    page.goto(server.url + "/")
    wait_for_map(page)
    element = map_element(page)
    search = element.get_by_role("combobox", name="Rechercher sur la carte")
    search.focus()
    page.keyboard.type("haute vienne")
    element.get_by_role("option").first.wait_for(timeout=10_000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    popup = element.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "Haute-Vienne (87)" in popup.inner_text()
    # a commune, accents and case aside: its France services opens in a popup
    search.fill("")
    search.focus()
    page.keyboard.type("LIMOGES")
    options = element.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    assert any("Limoges" in text for text in options.all_inner_texts())
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.fsdash-map .leaflet-popup-content .fsdash-site-card')",
                           timeout=15_000)
    assert "Limoges" in element.locator(".leaflet-popup-content:has(.fsdash-site-card)").inner_text()
    center = page.evaluate(CENTER)
    assert 45.7 < center["lat"] < 46.0 and 1.1 < center["lng"] < 1.4


def test_overseas_selector_moves_the_map_and_site_popup_is_text(page, server):
    page.goto(server.url + "/")
    wait_for_map(page)
    page.evaluate(f"() => {{ {LEAFLET}.fsdashFirst = true; }}")  # tag this Leaflet map
    page.get_by_role("radio", name="Saint-Martin").click()
    element = map_element(page)
    center, previous = None, None
    for _ in range(100):  # until the map has arrived and stopped moving
        center = page.evaluate(CENTER)
        if 17.9 < center["lat"] < 18.2 and center == previous:
            break
        previous = center
        page.wait_for_timeout(200)
    assert 17.9 < center["lat"] < 18.2 and -63.2 < center["lng"] < -62.9, center
    assert page.evaluate(f"() => {LEAFLET}.fsdashFirst === true")  # moved, not built again
    # at Saint-Martin's zoom the few sites stand alone as markers
    element.locator(".fsdash-site").first.wait_for(state="attached", timeout=30_000)
    assert "territoire=Saint-Martin" in page.url
    markers = element.locator(".fsdash-site")
    box = element.bounding_box()
    visible = []
    for i in range(markers.count()):
        b = markers.nth(i).bounding_box()
        if b and box["x"] < b["x"] < box["x"] + box["width"] and box["y"] < b["y"] < box["y"] + box["height"]:
            visible.append(markers.nth(i))
    assert 1 <= len(visible) <= 10  # Saint-Martin's sites, not the rest of France
    texts = []
    for marker in visible:
        page.evaluate(f"() => {LEAFLET}.closePopup()")
        popup = element.locator(".leaflet-popup-content")
        marker.click()
        # In chromium the first click on a marker right after the map has moved is sometimes
        # taken by the map alone; a person clicks again, so does the test.
        if not popup.is_visible():
            page.wait_for_timeout(500)
            if not popup.is_visible():
                marker.click()
        popup.wait_for(timeout=10_000)
        texts.append(popup.inner_text())
    assert any(INJECTED in t for t in texts), texts
    assert all("Lun." in t and "Sam." in t for t in texts)  # opening hours in every popup
    assert element.locator(".leaflet-popup-content img").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")  # the map runs in the page itself


def test_departement_popup_links_to_its_page(page, server):
    page.goto(server.url + "/?territoire=La+R%C3%A9union")
    wait_for_map(page)
    element = map_element(page)
    element.locator("path.fsdash-departement").first.wait_for(state="attached")
    page.evaluate(f"() => {LEAFLET}.eachLayer(l => {{ if (l.feature && l.feature.properties.c === '974') {{"
                  " l.openPopup(); } })")
    link = element.locator("a.fsdash-dep-link")
    link.wait_for(timeout=10_000)
    assert link.evaluate("a => a.href").endswith("/departement?dep=974")
    assert "La Réunion (974)" in element.locator(".leaflet-popup-content").inner_text()


def test_table_downloads_as_a_french_csv(page, server, tmp_path):
    """The table equivalent to the map, as spreadsheet software in French opens it."""
    import csv
    import io

    page.goto(server.url + "/")
    button = page.get_by_role("button", name="Télécharger le tableau (CSV)")
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as download:
        button.click()
    assert download.value.suggested_filename == f"animateurs-departements-{date.today().isoformat()}.csv"
    path = tmp_path / "table.csv"
    download.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with byte-order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 102 and sum(int(r["Sites"]) for r in rows) == 2845
    by_code = {r["Code"]: r for r in rows}
    assert by_code["37"]["Département"] == "Indre-et-Loire" and by_code["978"]["Région"] == "Saint-Martin"


# --------------------------------------------------------------------------- the network on a date (issue 11)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The app on the real data with the demonstration timeline."""
    from fsdash.storage import demo
    from fsdash.storage.engine import make_engine
    from fsdash.storage.rights import operator

    folder = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'db.sqlite'}"
    engine = make_engine(url)
    demo.load_demo(engine, operator("test"))
    engine.dispose()
    env = {"FSDASH_DATA_DIR": str(REAL_SITES.parent), "FSDASH_DATABASE_URL": url, "FSDASH_TILES_URL": ""}
    with StreamlitServer(env, log=folder / "streamlit.log") as running:
        yield running


def coloured(page, status: str) -> int:
    """Départements of the main map filled with ``status``'s colour."""
    from fsdash.domain.statuses import STATUS_COLORS

    return map_element(page).locator(f".fsdash-map-canvas path.fsdash-departement[fill='{STATUS_COLORS[status]}']"
                                     ).count()


def test_the_date_in_the_address_colours_the_map_and_a_new_date_recolours_it(page, demo_server):
    page.goto(demo_server.url + "/?date=2023-06-30")
    wait_for_map(page)
    page.wait_for_function("(n) => document.querySelectorAll(\".fsdash-map-canvas path.fsdash-departement"
                           "[fill='#149054']\").length === n", arg=73, timeout=20_000)
    assert coloured(page, "mi-temps") == 73 and coloured(page, "temps plein") == 0
    assert "mi-temps (73)" in map_element(page).locator(".fsdash-legend").inner_text()
    mounted = page.evaluate(f"() => {{ window.__map = {LEAFLET}; return true; }}")
    assert mounted
    page.get_by_label("jour, Situation au").click()  # the day, month and year segments, typed in turn
    page.keyboard.type("01012024")
    page.get_by_role("heading", name="Animateurs départementaux France services").click()  # leaving it commits
    page.wait_for_url("**date=2024-01-01**", timeout=20_000)
    page.wait_for_function("() => document.querySelectorAll(\".fsdash-map-canvas path.fsdash-departement"
                           "[fill='#005C44']\").length === 101", timeout=20_000)
    assert coloured(page, "mi-temps") == 0
    assert page.evaluate(f"() => window.__map === {LEAFLET}")  # restyled in place, not rebuilt
    assert "temps plein (101)" in map_element(page).locator(".fsdash-legend").inner_text()


CHART = ".fsdash-chart-box[data-ready='1']"


def test_the_progression_chart_is_drawn(page, demo_server):
    page.goto(demo_server.url + "/?date=2025-06-30")
    wait_for_map(page)
    chart = page.locator(CHART).first
    chart.wait_for(timeout=20_000)
    assert page.get_by_text("Progression du réseau").is_visible()
    assert "73 départements couverts (registre : 73)" in page.get_by_text("Traits pointillés").inner_text()
    svg = chart.locator("svg")
    assert svg.get_attribute("role") == "img" and "fin juin 2023 : 73" in svg.get_attribute("aria-label")
    assert chart.locator("g.choisi").get_attribute("data-mois") == "2025-06-01"  # the month shown
    shown = "(g) => [...g.querySelectorAll('.repere')].map(l => getComputedStyle(l).display)"
    assert chart.locator("g.choisi").evaluate(shown) == ["inline"]  # its red rule, and only its
    assert set(chart.evaluate(f"(c) => [...c.querySelectorAll('g:not(.choisi)')].flatMap({shown})")) == {"none"}
    assert chart.locator("g[data-mois]").count() > 24 and chart.locator("rect[fill='#005C44']").count() > 12
    assert not page.locator("[data-testid='stVegaLiteChart']").count()  # no Vega on this page


def test_a_click_on_a_month_of_the_progression_shows_the_map_at_its_end(page, demo_server):
    page.goto(demo_server.url + "/?date=2025-06-30")
    wait_for_map(page)
    chart = page.locator(CHART).first
    chart.wait_for(timeout=20_000)
    month = chart.locator("g[data-mois='2023-09-01'] rect.zone")
    month.scroll_into_view_if_needed()
    box = month.bounding_box()  # a person's click in that month's column (on its bar, if any)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8)
    page.wait_for_url("**date=2023-09-30**", timeout=20_000)
    page.locator(f"{CHART} g.choisi[data-mois='2023-09-01']").wait_for(timeout=20_000)
    page.wait_for_function("() => document.querySelectorAll(\".fsdash-map-canvas path.fsdash-departement"
                           "[fill='#149054']\").length > 0", timeout=20_000)  # half time, as in 2023
