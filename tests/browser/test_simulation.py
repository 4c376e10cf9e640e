"""The simulator in chromium: charts drawn without a warning in the console, XLSX export
downloaded and readable."""

import io
from urllib.parse import urlencode

import openpyxl
import pytest

from fsdash.domain.territories import CODES
from fsdash.storage import demo, rights
from fsdash.storage.engine import make_engine
from tests.support.browser import StreamlitServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory, module_database_url):
    folder = tmp_path_factory.mktemp("sim")
    url = module_database_url
    engine = make_engine(url)
    demo.load_demo(engine, rights.operator("test"))
    engine.dispose()
    from tests.conftest import SHARED_DATA

    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": url, "FSDASH_TILES_URL": ""}
    with StreamlitServer(env, log=folder / "streamlit.log") as running:
        yield running


# The programme's horizon and switch (the page's defaults follow today's date)
PROGRAMME = "?" + urlencode({"debut": "janvier 2023", "fin": "décembre 2027", "bascule": "janvier 2024"})
AFTER_2024 = "?" + urlencode({"debut": "janvier 2024", "fin": "décembre 2026", "bascule": "janvier 2024"})


def charts_drawn(page) -> None:
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(1).wait_for(timeout=30_000)
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg .mark-rect, '
                 '[data-testid="stVegaLiteChart"] svg .mark-line').first.wait_for(timeout=30_000)


def test_charts_log_no_infinite_extent(chromium, server):
    """Vega's « Infinite extent » warnings came from stacked bars (``Montant_start``/``_end``) and
    scales computed on empty data; the charts now have neither (fsdash.views.simulation)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.goto(server.url + "/simulation" + PROGRAMME)
    page.get_by_text("Coût pour l'État sur l'horizon").wait_for(timeout=60_000)
    charts_drawn(page)
    # a rerun redraws both charts: change the delay, then the employer cost (host series appear)
    for label, value in (("Délai de recrutement", "6"), ("Coût employeur chargé", "60000")):
        field = page.get_by_role("spinbutton", name=label)
        field.fill(value)
        field.press("Enter")
        page.wait_for_timeout(2_500)
        charts_drawn(page)
    page.wait_for_timeout(1_000)
    context.close()
    vega = [m for m in messages if "extent" in m.lower() or "WARN" in m]
    assert not vega, vega


def test_charts_render_and_xlsx_export_opens(chromium, server, tmp_path):
    context = chromium.new_context(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    page = context.new_page()
    page.goto(server.url + "/simulation" + AFTER_2024)
    page.get_by_text("Coût pour l'État sur l'horizon").wait_for(timeout=60_000)
    # two Vega-Lite charts, drawn (canvas or SVG marks present)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(1).wait_for(timeout=30_000)
    assert charts.count() >= 2
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg .mark-rect, '
                 '[data-testid="stVegaLiteChart"] svg .mark-line').first.wait_for(timeout=30_000)
    # demo timeline: the 101 départements at full time from 01/01/2024 (Saint-Martin has no post);
    # 10 vacant months in 2025 (23: March–June, 48: June–August, 976: September–November)
    yearly = {2024: 101 * 50_000, 2025: 101 * 50_000 - 10 * 50_000 / 12, 2026: 101 * 50_000}
    total = sum(yearly.values())
    assert round(total) == 15_108_333
    metric = page.locator('[data-testid="stMetric"]').first.inner_text().replace("\u202f", " ")
    assert "15 108 333 €" in metric  # the page's headline figure, in French
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Classeur XLSX").click()
    path = tmp_path / "scenario.xlsx"
    download_info.value.save_as(path)
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames[:3] == ["Hypothèses", "Résultats annuels", "Par département"]
    rows = list(book["Résultats annuels"].iter_rows(values_only=True))
    column = rows[0].index("Coût État (€)")
    by_year = {str(r[0]): r[column] for r in rows[1:]}
    assert by_year == pytest.approx({**{str(y): v for y, v in yearly.items()}, "Total": total}, abs=0.01)
    departements = list(book["Par département"].iter_rows(values_only=True))
    assert len(departements) == 1 + 101  # header + the 101 départements, exactly (no post in Saint-Martin)
    assert [str(r[0]) for r in departements[1:]] == [c for c in CODES if c != "978"]
    context.close()
