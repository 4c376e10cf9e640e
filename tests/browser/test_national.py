"""The national map as a person sees it, in Debian's chromium."""

import shutil

import pytest

from tests.conftest import REAL_CONTOURS, REAL_SITES
from tests.support.browser import MAP, StreamlitServer, map_element, wait_for_map

pytestmark = pytest.mark.browser

LEAFLET = f"document.querySelector('{MAP}').fsdash.map"  # the element keeps its Leaflet map
CENTER = f"() => {LEAFLET}.getCenter()"
INJECTED = '<img src=x onerror="window.__pwned=1">France services piégée'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
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
    env = {"FSDASH_DATA_DIR": str(folder), "FSDASH_DATABASE_URL": f"sqlite:///{folder / 'db.sqlite'}",
           "FSDASH_TILES_URL": ""}
    with StreamlitServer(env, log=folder / "streamlit.log") as running:
        yield running


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1400})
    page = context.new_page()
    yield page
    context.close()


def test_map_is_painted_with_contours_and_clusters(page, server):
    page.goto(server.url + "/")
    wait_for_map(page)
    element = map_element(page)
    element.locator(".marker-cluster").first.wait_for(timeout=30_000)
    assert element.locator("path.fsdash-departement").count() == 102
    assert element.locator(".marker-cluster").count() > 20
    legend = element.locator(".fsdash-legend").inner_text()
    assert "non renseigné (102)" in legend
    page.get_by_text("Sites France services affichés").wait_for()
    assert "2 845" in page.locator(".fsdash-figures dd").first.inner_text().replace("\u202f", " ")
    rows = page.locator(".fsdash-table tbody tr")  # the table equivalent to the map, as HTML
    assert rows.count() == 102
    link = page.get_by_role("link", name="Indre-et-Loire", exact=True)
    assert link.get_attribute("href") == "/departement?dep=37"


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
    assert link.get_attribute("href") == "/departement?dep=974"
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
    assert download.value.suggested_filename == "animateurs-departements.csv"
    path = tmp_path / "table.csv"
    download.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with byte-order mark
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 102 and sum(int(r["Sites"]) for r in rows) == 2845
    by_code = {r["Code"]: r for r in rows}
    assert by_code["37"]["Département"] == "Indre-et-Loire" and by_code["978"]["Région"] == "Saint-Martin"
