"""AppTest of the national page on a date: the « Situation au » control, the progression
chart, the points d'attention filters and the summary by région."""

import re
from datetime import date

import pytest

from fsdash.domain.statuses import STATUSES
from fsdash.storage import registry
from fsdash.storage.engine import get_engine
from fsdash.ui.elements import svg_chart
from fsdash.ui.national import timeline as page_timeline
from tests.pages.test_national import ADMIN_USER, departement_table, map_data, metric, run_page
from tests.support.charts import charts
from tests.support.html_tables import html_table_with

TODAY = date.today()


@pytest.fixture
def story(page_env) -> str:
    """A small timeline: 37 half time from 2023-03-01, full time from 2024-01-01 (convention
    signed); 41 half time from 2023-09-01; 18 no facilitator since 2023-01-01, recruiting
    from 2024-06-01; 36 full time since an unknown date, funded 40 000 €."""
    engine = get_engine(page_env)
    add = registry.add_period
    add(engine, "37", date(2023, 3, 1), {"statut": "mi-temps"}, ADMIN_USER)
    add(engine, "37", date(2024, 1, 1), {"statut": "temps plein", "date_convention": date(2024, 1, 15)}, ADMIN_USER)
    add(engine, "41", date(2023, 9, 1), {"statut": "mi-temps"}, ADMIN_USER)
    add(engine, "18", date(2023, 1, 1), {"statut": "aucun"}, ADMIN_USER)
    add(engine, "18", date(2024, 6, 1), {"statut": "recrutement en cours"}, ADMIN_USER)
    add(engine, "36", None, {"statut": "temps plein", "financement_annuel": 40_000}, ADMIN_USER)
    return page_env


def statuses_on_map(at) -> dict[str, str]:
    data = map_data(at)
    from fsdash.ui import cache

    codes = cache.map_layers(cache.site_data()).codes
    return {code: STATUSES[value[0]] for code, value in zip(codes, data["statuses"])}


def legend_counts(at) -> dict[str, int]:
    return {item[0]: item[2] for item in map_data(at)["legend"]["items"] if item[0] in STATUSES}


def test_the_date_in_the_address_drives_map_legend_figures_and_table(story):
    then = run_page(date="2023-06-30")
    assert then.date_input(key="date").value == date(2023, 6, 30)
    on_map = statuses_on_map(then)
    assert (on_map["37"], on_map["41"], on_map["18"], on_map["36"]) == ("mi-temps", "non renseigné", "aucun",
                                                                        "temps plein")
    assert legend_counts(then)["mi-temps"] == 1
    assert metric(then, "À mi-temps") == "1 départ."
    assert metric(then, "Animateur à temps plein") == "1 départ."
    table = departement_table(then).set_index("Code")
    assert table.loc["37", "Statut de l'animateur"] == "mi-temps"
    assert "au 30/06/2023" in table.attrs["caption"]
    assert any(b.proto.label == "Télécharger le tableau (CSV)" for b in then.get("download_button"))

    now = run_page()
    assert now.date_input(key="date").value == TODAY and "date" not in now.query_params
    on_map = statuses_on_map(now)
    assert (on_map["37"], on_map["41"], on_map["18"]) == ("temps plein", "mi-temps", "recrutement en cours")
    assert metric(now, "Animateur à temps plein") == "2 départ."


def test_changing_the_date_sends_only_new_statuses_to_the_map(story):
    at = run_page()
    before = map_data(at)
    at.date_input(key="date").set_value(date(2023, 6, 30)).run()
    after = map_data(at)
    assert after["layers"] == before["layers"] and after["files"] == before["files"]  # no layer rebuilt
    assert after["statuses"] != before["statuses"]
    assert metric(at, "À mi-temps") == "1 départ."


def test_progression_chart_with_milestones_and_planned_months(story):
    registry.add_period(get_engine(story), "41", date(TODAY.year + 1, 3, 1), {"statut": "temps plein"}, ADMIN_USER)
    at = run_page()
    found = charts(at)
    assert len(found) == 1, "no progression chart"
    chart = found[0]
    markup = chart["markup"]
    assert "juin 2023 : 73 départements couverts (mi-temps)" in markup
    assert "janvier 2024 : tous les départements à temps plein" in markup
    months = re.findall(r'<g data-mois="([0-9-]+)">', markup)
    assert months[0] == "2023-01-01"  # the first recorded period's month
    assert months[-1] == f"{TODAY.year + 1}-03-01"  # up to the planned period
    assert "(prévu)</title>" in markup and 'opacity="0.4"' in markup  # planned months, lighter
    assert chart["chosen"] == TODAY.replace(day=1).isoformat() and chart["clickable"]
    assert "fin juin 2023" in chart["label"]  # the text alternative says what the chart shows


def test_a_month_chosen_on_the_chart_sets_the_date(monkeypatch):
    state = {page_timeline.CHART_KEY: {"mois": "2023-06-01"}}
    monkeypatch.setattr(page_timeline.st, "session_state", state)
    monkeypatch.setattr(svg_chart.st, "session_state", state)
    page_timeline._chosen_month()
    assert state[page_timeline.DATE_KEY] == date(2023, 6, 30)


def test_points_d_attention_count_and_filter(story):
    at = run_page(date="2024-12-31")
    pills = at.button_group(key="alerte")
    labels = " | ".join(pills.proto.options[i].content for i in range(len(pills.proto.options)))
    assert "depuis plus de 3 mois : 1" in labels  # 18: no facilitator, then recruiting, since 2023
    assert "Temps plein sans convention signée : 1" in labels  # 36
    assert "Financement différent du forfait : 1" in labels  # 36: 40 000 € for full time
    pills.set_value(["vacance"]).run()
    assert departement_table(at)["Code"].tolist() == ["18"]
    assert map_data(at)["shown"] == ["18"]
    at.button_group(key="alerte").set_value(["vacance", "financement"]).run()
    assert sorted(departement_table(at)["Code"]) == ["18", "36"]
    assert at.query_params["alerte"] == ["vacance", "financement"]  # keys, not labels with counts
    assert departement_table(run_page(date="2024-12-31", alerte="convention"))["Code"].tolist() == ["36"]
    thresholds = next(c.value for c in at.caption if c.value.startswith("Seuils"))
    assert "plus de 3 mois" in thresholds and "6 mois" in thresholds and "50\u202f000 €" in thresholds


def test_region_summary_on_the_date(story):
    at = run_page(date="2024-02-01")
    table = html_table_with(at, "Contribution État / an")
    centre = table.set_index("Région").loc["Centre-Val de Loire"]
    assert (centre["Temps plein"], centre["Mi-temps"], centre["Aucun"]) == ("2", "1", "1")
    assert centre["Contribution État / an"] == "125\u202f000\u202f€"
    assert "au 01/02/2024" in table.attrs["caption"]
    assert table.iloc[-1]["Région"] == "France entière"


def test_the_demo_story_on_its_milestones(page_env):
    from fsdash.storage import demo

    demo.load_demo(get_engine(page_env), ADMIN_USER)
    june = run_page(date="2023-06-30")
    assert legend_counts(june)["mi-temps"] == 73 and legend_counts(june)["aucun"] == 29  # 28 + Saint-Martin
    assert list(statuses_on_map(june).values()).count("mi-temps") == 73
    regions = html_table_with(june, "Contribution État / an").set_index("Région")
    assert regions.loc["France entière", "Mi-temps"] == "73"
    assert regions.loc["France entière", "Contribution État / an"] == "1\u202f825\u202f000\u202f€"
    january = run_page(date="2024-01-01")
    assert legend_counts(january)["temps plein"] == 101
    assert metric(january, "Contribution État / an") == "5\u202f050\u202f000\u202f€"
    caption = next(c.value for c in january.caption if c.value.startswith("Territoires par statut"))
    assert "registre : 73)" in caption and "registre : 101 couverts" in caption
    vacancy = run_page(date="2025-06-30", alerte="vacance")  # 23 vacant since 01/03/2025
    assert departement_table(vacancy)["Code"].tolist() == ["23", "978"]
