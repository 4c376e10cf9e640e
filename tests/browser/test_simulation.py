"""The simulator in chromium: charts drawn, XLSX export downloaded and readable."""

import io

import openpyxl
import pytest

from fsdash.storage import rights
from fsdash.storage.engine import make_engine
from tests.support.browser import StreamlitServer
from tests.support.registry_state import load_june_2023_state

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sim")
    url = f"sqlite:///{folder / 'db.sqlite'}"
    engine = make_engine(url)
    load_june_2023_state(engine, rights.operator("test"))
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
    # demo registry: 73 half-time + 29 without facilitator, switch 01/2024, delay 3 months:
    # 2023 = 73 x 25,000; 2024 = 73 x 50,000 + 29 x 50,000 x 9/12; 2025-2027 = 102 x 50,000
    total = 73 * 25_000 + (73 * 50_000 + 29 * 50_000 * 9 // 12) + 3 * 102 * 50_000
    assert total == 21_862_500
    metric = page.locator('[data-testid="stMetric"]').first.inner_text().replace("\u202f", " ")
    assert "21 862 500 €" in metric
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Classeur XLSX").click()
    path = tmp_path / "scenario.xlsx"
    download_info.value.save_as(path)
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert book.sheetnames[:3] == ["Hypothèses", "Résultats annuels", "Par département"]
    assert book["Par département"].max_row >= 103  # header + 102 territories
    context.close()
