"""The simulator in chromium: charts drawn, XLSX export downloaded and readable."""

import io

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


def test_charts_render_and_xlsx_export_opens(chromium, server, tmp_path):
    context = chromium.new_context(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
    page = context.new_page()
    page.goto(server.url + "/simulation")
    page.get_by_text("Coût pour l'État sur l'horizon").wait_for(timeout=60_000)
    # two Vega-Lite charts, drawn (canvas or SVG marks present)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(1).wait_for(timeout=30_000)
    assert charts.count() >= 2
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg .mark-rect, '
                 '[data-testid="stVegaLiteChart"] svg .mark-line').first.wait_for(timeout=30_000)
    # demo registry: 73 half-time + 29 without facilitator, switch 01/2024, delay 3 months
    yearly = {2023: 73 * 25_000, 2024: 73 * 50_000 + 29 * 50_000 * 9 // 12,
              2025: 102 * 50_000, 2026: 102 * 50_000, 2027: 102 * 50_000}
    total = sum(yearly.values())
    metric = page.locator('[data-testid="stMetric"]').first.inner_text().replace("\u202f", " ")
    assert f"{total:,} €".replace(",", " ") in metric  # the page's headline figure, in French
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Classeur XLSX").click()
    path = tmp_path / "scenario.xlsx"
    download_info.value.save_as(path)
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames[:3] == ["Hypothèses", "Résultats annuels", "Par département"]
    rows = list(book["Résultats annuels"].iter_rows(values_only=True))
    column = rows[0].index("Coût État (€)")
    by_year = {str(r[0]): r[column] for r in rows[1:]}
    assert by_year == {**{str(y): v for y, v in yearly.items()}, "Total": total}
    departements = list(book["Par département"].iter_rows(values_only=True))
    assert len(departements) == 1 + 102  # header + 102 territories, exactly
    assert [str(r[0]) for r in departements[1:]] == list(CODES)
    context.close()
