"""A prefecture's visit from end to end, in chromium, through a real OpenID login (issue 16).

The prefecture of Haute-Vienne (87) opens its bookmark ``/departement?dep=87``, signs in
at the provider and comes back to that page; it tries each bad value in the edit form
(a French message under the field at fault, nothing saved), saves a good record, finds
it in the history, downloads its exports and checks them as its meeting would (street
addresses, dates as dates, nobody else's personal data), then finds its département on
the national map with the map's search and clicks it.

The form is found by its labels only, so that reworking its layout does not break the
journey (see ``FORM`` below for what each step expects of it).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from datetime import date, datetime

import openpyxl
import pypdf
import pytest
from playwright.sync_api import Error as PlaywrightError

from fsdash.inputs import record_values
from fsdash.storage import accounts, registry, rights
from fsdash.storage.demo import load_demo
from fsdash.storage.engine import make_engine
from tests.conftest import SHARED_DATA
from tests.support.browser import MAP, StreamlitServer, free_port
from tests.support.oidc import mock_provider, provider_login, set_claims, write_secrets

pytestmark = pytest.mark.browser

PREFECTURE = "pref87@test.fr"
OWN = {"animateur_nom": "Aline Dupuis", "animateur_email": "aline.dupuis@haute-vienne.example",
       "animateur_telephone": "05 55 00 00 87"}
# Personal data of other départements: never in a page, its HTML or a file of the prefecture.
OTHERS = {
    "86": {"animateur_nom": "Bernard Vienne", "animateur_email": "bernard.vienne@vienne.example",
           "animateur_telephone": "05 49 00 00 86"},
    "23": {"animateur_nom": "Chloé Creuse", "animateur_email": "chloe.creuse@creuse.example",
           "animateur_telephone": "05 55 00 00 23"},
}
LEAFLET = "document.querySelector('.fsdash-map').fsdash.map"

# The edit form, by label. Each bad value must give a French message under its own field
# and save nothing. Dates run from 2019 to two years ahead (``record_values.date_range``).
SAVE = "Enregistrer"
SAVED = re.compile(r"Fiche de l'animateur (enregistrée|corrigée) pour Haute-Vienne \(87\)")  # after a save
CONVENTION = "Date de signature de la convention (JJ/MM/AAAA)"
START = "À partir du (JJ/MM/AAAA)"
PHONE = "Téléphone de l'animateur"
FIRST, LAST = record_values.date_range(date.today())
BAD_PHONES = [
    # (field, typed value, a piece of the expected French message)
    (PHONE, "12 34", "téléphone"),  # too short
    (PHONE, "05 55 ab cd ef", "téléphone"),  # letters
]
# Dates are typed as text that fsdash reads (a calendar widget dropped an out-of-range date
# with an English tooltip, and turned 31/02/2025 into 28/02/2025).
BAD_DATES = [
    (CONVENTION, f"15/02/{LAST.year + 13}", f"{LAST:%d/%m/%Y}"),  # beyond the horizon
    (CONVENTION, "31/12/2018", f"{FIRST:%d/%m/%Y}"),  # before the function existed
    (CONVENTION, "31/02/2025", "illisible"),  # no such day
    (START, f"15/02/{LAST.year + 13}", f"{LAST:%d/%m/%Y}"),
]
GOOD = {"Structure porteuse": "Préfecture de la Haute-Vienne (test)", PHONE: "+33 5 55 12 34 56",
        CONVENTION: "15/03/2024"}


@pytest.fixture(scope="module")
def journey(tmp_path_factory):
    """The app with the demonstration registry, 87's and two neighbours' facilitators named,
    an account for the prefecture of 87, and a mock OpenID provider."""
    folder = tmp_path_factory.mktemp("journey")
    database_url = f"sqlite:///{folder / 'db.sqlite'}"
    engine = make_engine(database_url)
    admin = rights.operator("test")
    load_demo(engine, admin)
    registry.update_record(engine, "87", {"statut": "mi-temps", **OWN}, admin, None)
    for code, values in OTHERS.items():
        registry.update_record(engine, code, {"statut": "temps plein", **values}, admin, None)
    accounts.grant(engine, admin, PREFECTURE, rights.PREFECTURE, ["87"])
    engine.dispose()
    with mock_provider() as provider:
        set_claims(provider, PREFECTURE, name="Préfecture de la Haute-Vienne")
        port = free_port()
        secrets_file = write_secrets(folder / "secrets.toml", provider, port)
        env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": database_url, "FSDASH_TILES_URL": ""}
        with StreamlitServer(env, port=port, log=folder / "streamlit.log",
                             args=["--secrets.files", str(secrets_file)]) as server:
            yield server, database_url, folder


def saved(database_url: str) -> tuple[dict, int]:
    """87's record and the number of its history rows, as stored."""
    engine = make_engine(database_url)
    try:
        return registry.get_record(engine, "87"), len(registry.history(engine, "87"))
    finally:
        engine.dispose()


def settle(page, ms: int = 1500) -> None:
    """Let the run finish (Streamlit's status widget gone) and its last elements arrive."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(ms)


def no_personal_data_of_others(text: str, where: str) -> None:
    for code, values in OTHERS.items():
        for value in values.values():
            assert value not in text, f"{where}: personal data of {code}"


# --------------------------------------------------------------------------- steps


def bookmark_then_login(page, server) -> None:
    page.goto(server.url + "/departement?dep=87")
    page.get_by_role("heading", name="Haute-Vienne (87)", exact=True).wait_for(timeout=60_000)
    assert OWN["animateur_nom"] not in page.content()  # not signed in yet: no personal data
    page.wait_for_function("() => window.__fsdashLoginReturn === true", timeout=60_000)  # (see below)
    page.get_by_role("button", name="Se connecter").click()
    provider_login(page, PREFECTURE)
    # Back from the provider at the root, then on to the bookmark by itself.
    page.wait_for_url("**/departement?dep=87", timeout=60_000)
    page.get_by_role("heading", name="Haute-Vienne (87)", exact=True).wait_for(timeout=60_000)
    page.get_by_text(OWN["animateur_email"]).first.wait_for(timeout=60_000)  # signed in: its facilitator
    sidebar = page.locator('[data-testid="stSidebar"]')
    link = sidebar.get_by_role("link", name="Haute-Vienne (87)")
    link.wait_for(timeout=30_000)  # its département in the sidebar, a link to its page
    assert link.count() == 1 and link.get_attribute("href").endswith("departement?dep=87")


def open_form(page) -> None:
    page.get_by_text("Modifier la fiche de l'animateur").first.click()
    page.get_by_role("button", name=SAVE).wait_for(timeout=30_000)


def widget(page, label: str):
    """The form's widget labelled ``label`` (text, date or number input), label and box."""
    label_element = page.locator('[data-testid="stWidgetLabel"]').get_by_text(label, exact=True)
    kinds = ("stTextInput", "stDateInput", "stNumberInput", "stTextArea")
    return page.locator(", ".join(f'[data-testid="stMain"] [data-testid="{k}"]' for k in kinds)).filter(
        has=label_element).first


def type_into(page, label: str, value: str) -> None:
    """Type ``value`` as a person would: over the text of a box, or into the day, month
    and year of a date field (``31/02/2025`` is typed 3, 1, 0, 2, 2, 0, 2, 5)."""
    element = widget(page, label)
    element.wait_for(timeout=30_000)
    if element.get_attribute("data-testid") == "stDateInput":
        day = element.locator('[role="spinbutton"][data-type="day"]')
        day.focus()  # (a click may land on the fixed header over it)
        page.keyboard.type(value.replace("/", ""))
    else:
        box = element.locator("input, textarea").first
        box.click()
        box.press("Control+A")
        box.type(value)
    page.keyboard.press("Tab")


def error_under(page, label: str, word: str) -> str:
    """The error shown right under the field ``label`` (and only there): its text."""
    box = widget(page, label).bounding_box()
    alerts = page.locator('[data-testid="stMain"] [data-testid="stAlert"]')
    alerts.first.wait_for(timeout=30_000)
    found = []
    for i in range(alerts.count()):
        alert = alerts.nth(i)
        b = alert.bounding_box()
        if b and 0 <= b["y"] - (box["y"] + box["height"]) < 90 and b["x"] < box["x"] + box["width"] \
                and box["x"] < b["x"] + b["width"]:
            found.append(alert.inner_text())
    assert len(found) == 1, (label, found)
    text = found[0]
    assert word.lower() in text.lower(), (label, text)
    for english in ("Error", "outside allowed range", "Invalid", "must be"):
        assert english not in text, (label, text)
    return text


def refused_under_their_field(page, database_url: str, bad_values: list) -> list[str]:
    """Each bad value in turn, from the saved record: what went wrong for each (a message
    missing or elsewhere, English, or the value saved all the same); empty when all is well."""
    before = saved(database_url)
    failures = []
    for label, value, word in bad_values:
        try:
            type_into(page, label, value)
            page.get_by_role("button", name=SAVE).click()
            settle(page, 500)
            error_under(page, label, word)
            assert page.get_by_text(SAVED).count() == 0
        except (AssertionError, PlaywrightError) as exc:
            failures.append(f"{label} = {value!r}: {str(exc).splitlines()[0][:200]}")
        now = saved(database_url)
        if now != before:  # nothing saved, in any case
            changed = {k: v for k, v in now[0].items() if before[0].get(k) != v and k not in ("version", "updated_at")}
            failures.append(f"{label} = {value!r}: saved all the same: {changed}")
            before = now
        page.reload()  # start again from the saved record for the next bad value
        page.get_by_role("heading", name="Haute-Vienne (87)", exact=True).wait_for(timeout=60_000)
        open_form(page)
    return failures


def save_and_see_history(page, database_url: str) -> None:
    record, history_rows = saved(database_url)
    for label, value in GOOD.items():
        type_into(page, label, value)
    page.get_by_role("button", name=SAVE).click()
    page.get_by_text(SAVED).first.wait_for(timeout=30_000)
    after, rows_after = saved(database_url)
    assert after["structure_porteuse"] == GOOD["Structure porteuse"]
    assert after["date_convention"] == date(2024, 3, 15)
    assert PREFECTURE in after["updated_by"] and rows_after > history_rows  # « Name <email> »
    settle(page)
    history = page.locator("table", has=page.locator("caption", has_text="Historique de la fiche"))
    history.wait_for(timeout=30_000)
    text = history.inner_text()
    assert GOOD["Structure porteuse"] in text and PREFECTURE in text


def download(page, name: str, folder) -> bytes:
    with page.expect_download(timeout=60_000) as event:
        page.get_by_role("button", name=name).first.click()
    path = folder / event.value.suggested_filename
    event.value.save_as(path)
    return path.read_bytes()


def exports_are_complete(page, folder) -> None:
    sites_csv = download(page, "Tableau des sites (CSV)", folder).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(sites_csv), delimiter=";"))
    assert len(rows) > 10 and all(r["Code postal"].startswith("87") for r in rows)
    assert sum(bool(r["Adresse"].strip()) for r in rows) == len(rows)  # a street address on every row
    assert any(ch.isdigit() for ch in rows[0]["Adresse"])  # « 12 rue … », not only a commune
    no_personal_data_of_others(sites_csv, "sites CSV")

    book = openpyxl.load_workbook(io.BytesIO(download(page, "Tableau des sites (XLSX)", folder)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    labelled = [row[header.index("Labellisation")] for row in sheet.iter_rows(min_row=2)]
    dated = [c for c in labelled if c.value is not None]
    assert dated and all(c.is_date and isinstance(c.value, datetime | date) for c in dated)
    assert all(c.number_format == "DD/MM/YYYY" for c in dated)  # a day, not « 2024-08-01 00:00:00 »
    addresses = [row[header.index("Adresse")].value for row in sheet.iter_rows(min_row=2)]
    assert all(addresses)
    no_personal_data_of_others(" ".join(str(c.value) for r in sheet.iter_rows() for c in r), "sites XLSX")

    history_csv = download(page, "Historique (CSV)", folder).decode("utf-8-sig")
    assert GOOD["Structure porteuse"] in history_csv and PREFECTURE in history_csv
    no_personal_data_of_others(history_csv, "history CSV")
    book = openpyxl.load_workbook(io.BytesIO(download(page, "Historique (XLSX)", folder)))
    sheet = book.worksheets[0]
    cells = [c for r in sheet.iter_rows() for c in r]
    assert any(GOOD["Structure porteuse"] == c.value for c in cells)
    header = [c.value for c in sheet[1]]
    when = [row[header.index("Date")] for row in sheet.iter_rows(min_row=2)]
    assert when and all(c.is_date and isinstance(c.value, datetime) for c in when)  # sortable moments
    assert when[0].value.date() == date.today()  # the save just made comes first
    no_personal_data_of_others(" ".join(str(c.value) for c in cells), "history XLSX")
    fiche = pypdf.PdfReader(io.BytesIO(download(page, "Fiche du département (PDF)", folder)))
    text = " ".join(p.extract_text() for p in fiche.pages)
    assert "Haute-Vienne" in text and fiche.get_num_pages() == 1  # the one-page fiche for its meetings
    no_personal_data_of_others(text, "PDF fiche")
    no_personal_data_of_others(page.content(), "page 87")


def map_at_rest(page) -> None:
    """Wait until the map has stopped moving (a search flies to its result)."""
    previous = None
    for _ in range(50):
        view = page.evaluate(f"() => [{LEAFLET}.getCenter(), {LEAFLET}.getZoom()]")
        if view == previous:
            return
        previous = view
        page.wait_for_timeout(250)


def national_map_search_and_click(page, server) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Carte nationale").click()
    # The national map, not the département's still on the screen while the page changes.
    element = page.locator(f".st-key-carte-nationale {MAP}")
    page.locator(f".st-key-carte-nationale {MAP}[data-ready][data-sites]").wait_for(timeout=60_000)
    search = element.get_by_role("combobox", name="Rechercher sur la carte")
    search.click()
    page.keyboard.type("haute vienne")
    element.get_by_role("option", name="Haute-Vienne").first.wait_for(timeout=15_000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    popup = element.locator(".leaflet-popup-content")
    popup.wait_for(timeout=15_000)
    assert "Haute-Vienne (87)" in popup.inner_text()
    # Zoomed out to the whole country as a person would (the « − » button), a click in the
    # middle of the département picks it: sites are dots under the clicks at that zoom.
    page.evaluate(f"() => {{ {LEAFLET}.closePopup(); }}")
    map_at_rest(page)
    while page.evaluate(f"() => {LEAFLET}.getZoom()") > 6:
        zoom = page.evaluate(f"() => {LEAFLET}.getZoom()")
        element.locator(".leaflet-control-zoom-out").click()
        page.wait_for_function(f"(z) => {LEAFLET}.getZoom() < z", arg=zoom, timeout=10_000)
        map_at_rest(page)
    element.scroll_into_view_if_needed()
    point = page.evaluate(f"() => {LEAFLET}.latLngToContainerPoint([45.83, 1.26])")
    canvas = element.locator(".fsdash-map-canvas").bounding_box()
    page.mouse.click(canvas["x"] + point["x"], canvas["y"] + point["y"])
    # one popup (the search's, closed, may still be fading out for a moment)
    page.wait_for_function("() => document.querySelectorAll('.fsdash-map .leaflet-popup-content').length === 1",
                           timeout=15_000)
    assert "Haute-Vienne (87)" in popup.inner_text()
    no_personal_data_of_others(page.content(), "national page")
    popup.locator("a.fsdash-dep-link").click()  # to its page, in the same tab
    page.wait_for_url("**/departement?dep=87", timeout=60_000)
    page.get_by_role("heading", name="Haute-Vienne (87)", exact=True).wait_for(timeout=60_000)


@contextlib.contextmanager
def prefecture_form(chromium, journey, bad_values: list):
    """A prefecture's tab: its bookmark, the login, the form open, and ``bad_values`` each
    refused under its own field; yields the page, closes the tab."""
    server, database_url, _ = journey
    context = chromium.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    try:
        page = context.new_page()
        bookmark_then_login(page, server)
        open_form(page)
        failures = refused_under_their_field(page, database_url, bad_values)
        assert not failures, "not refused under their field:\n" + "\n".join(failures)
        yield page
    finally:
        context.close()


def test_a_prefecture_from_its_bookmark_to_a_saved_record_its_exports_and_the_map(chromium, journey):
    server, database_url, folder = journey
    with prefecture_form(chromium, journey, BAD_PHONES) as page:
        save_and_see_history(page, database_url)
        exports_are_complete(page, folder)
        national_map_search_and_click(page, server)


def test_a_prefecture_logging_in_from_the_home_page_lands_on_its_departement(chromium, journey):
    server, _, _ = journey
    context = chromium.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        # The page's element that remembers where the login started is in place (a person
        # clicking within its first instants would land on the map: see the closing note).
        page.wait_for_function("() => window.__fsdashLoginReturn === true", timeout=60_000)
        page.get_by_role("button", name="Se connecter").click()
        provider_login(page, PREFECTURE)
        page.wait_for_url("**/departement?dep=87", timeout=60_000)
        page.get_by_role("heading", name="Haute-Vienne (87)", exact=True).wait_for(timeout=60_000)
        # Then the home page is the map again: only the login lands on the département.
        page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Carte nationale").click()
        page.get_by_role("heading", name="Animateurs départementaux France services").wait_for(timeout=60_000)
        settle(page)
        assert page.url.rstrip("/") == server.url
    finally:
        context.close()


def test_bad_dates_are_refused_under_their_field(chromium, journey):
    with prefecture_form(chromium, journey, BAD_DATES):
        pass  # each bad date refused under its field, nothing saved (checked by prefecture_form)
