"""The network on any date: registry in force, progression, milestones, régions (hand-made periods)."""

import re
from datetime import date

import pandas as pd

from fsdash.domain import periods as period_rules
from fsdash.domain.periods import PERIOD_COLUMNS
from fsdash.views import timeline

TODAY = date(2026, 12, 1)


def period(code, start, statut, **fields) -> dict:
    etp = {"mi-temps": 0.5, "temps plein": 1.0}.get(statut, 0.0)
    return {"departement": code, "date_effet": start, "statut": statut, "etp": etp, "structure_porteuse": None,
            "type_structure": None, "date_convention": None, "financement_annuel": None, **fields}


def periods(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(PERIOD_COLUMNS))


def records(codes=("01", "02", "03")) -> pd.DataFrame:
    return pd.DataFrame({"departement": list(codes), "region": ["Auvergne-Rhône-Alpes", "Hauts-de-France",
                                                                 "Auvergne-Rhône-Alpes"][:len(codes)],
                         "statut": "temps plein", "etp": 1.0, "structure_porteuse": "x", "type_structure": None,
                         "date_convention": None, "financement_annuel": None, "animateur_nom": "A"})


STORY = periods(
    period("01", None, "mi-temps"),
    period("01", date(2024, 1, 1), "temps plein", structure_porteuse="Mairie"),
    period("02", date(2023, 9, 15), "mi-temps"),
    period("02", date(2027, 3, 1), "temps plein"),
)


def test_progression_counts_each_month_at_its_end_and_marks_planned_months():
    progress = timeline.progression(STORY, TODAY, codes=("01", "02", "03"))
    first = progress["mois"].min()
    assert first == pd.Timestamp("2023-09-01")  # the first recorded period's month
    assert progress["mois"].max() == pd.Timestamp("2027-03-01")  # the last planned one
    # 02 starts on 15/09/2023: counted at the end of September.
    assert timeline.covered(progress, date(2023, 9, 1)) == 2
    dec = progress[progress["mois"] == pd.Timestamp("2026-12-01")]
    assert not dec["prevu"].any()  # the current month is observed (as today)
    assert progress[progress["mois"] == pd.Timestamp("2027-01-01")]["prevu"].all()
    march = progress[progress["mois"] == pd.Timestamp("2027-03-01")].set_index("statut")["departements"]
    assert march["temps plein"] == 2 and march["non renseigné"] == 1
    assert set(progress.groupby("mois")["departements"].sum()) == {3}


def test_month_day_is_the_month_end_or_today():
    assert timeline.month_day(date(2023, 6, 1), TODAY) == date(2023, 6, 30)
    assert timeline.month_day(date(2026, 12, 1), TODAY) == TODAY
    assert timeline.month_day(date(2027, 2, 1), TODAY) == date(2027, 2, 28)


def test_progression_chart_stacks_statuses_per_month_with_milestones_and_planned_months():
    progress = timeline.progression(STORY, TODAY, codes=("01", "02", "03"))
    markup = timeline.progression_chart(progress)
    months = re.findall(r'<g data-mois="([0-9-]+)">(.*?)</g>', markup)
    assert [m for m, _ in months] == [d.strftime("%Y-%m-%d") for d in sorted(set(progress["mois"]))]
    for month, bars in months:  # each month's bars add up to the three territories, one title per status shown
        titles = re.findall(r"<title>[0-9/]+ – ([^:]+) : (\d+) territoire", bars)
        expected = progress[(progress["mois"] == month) & (progress["departements"] > 0)]
        assert {(s.strip(), int(n)) for s, n in titles} == set(zip(expected["statut"], expected["departements"]))
    planned = [m for m, bars in months if "(prévu)" in bars]
    assert planned and all(m > TODAY.isoformat() for m in planned)
    inside = [m for m in timeline.MILESTONES if m.month.isoformat() in dict(months)]
    assert inside and markup.count('stroke-dasharray="6 4"') == len(inside)  # the milestones in the span
    assert all(m.label in markup for m in inside)


def test_month_of_reads_the_chart_selection():
    assert timeline.month_of("2023-06-01T00:00:00") == date(2023, 6, 1)
    assert timeline.month_of(1685577600000) == date(2023, 6, 1)  # epoch ms of 2023-06-01
    assert timeline.month_of("n'importe quoi") is None
    assert timeline.month_of(None) is None


def test_parse_day_defaults_to_today():
    assert timeline.parse_day("2023-06-30", TODAY) == date(2023, 6, 30)
    assert timeline.parse_day("30/06/2023", TODAY) == TODAY
    assert timeline.parse_day(None, TODAY) == TODAY


def test_region_summary_counts_statuses_sites_and_flat_contributions():
    on = records().assign(statut=["temps plein", "mi-temps", "non renseigné"])  # as in force on 01/02/2024
    table = timeline.region_summary(on, {"01": 10, "02": 4, "03": 1}).set_index("Région")
    ara = table.loc["Auvergne-Rhône-Alpes"]
    assert (ara["Temps plein"], ara["Non renseigné"], ara["Territoires"], ara["Sites"]) == (1, 1, 2, 11)
    assert ara["Contribution État / an"] == 50_000
    assert table.loc["Hauts-de-France", "Contribution État / an"] == 25_000
    assert table.loc["France entière", "Contribution État / an"] == 75_000
    assert table.loc["France entière", "Territoires"] == 3


def test_fiche_progression_stops_at_the_day_shown():
    points = timeline.fiche_progression(timeline.progression(STORY, TODAY, codes=("01", "02", "03")),
                                        date(2024, 1, 15))
    assert points[0][0] == date(2023, 9, 1) and points[-1][0] == date(2024, 1, 1)
    assert points[-1][1]["temps plein"] == 1 and sum(points[-1][1].values()) == 3


def test_records_on_a_day_agree_with_the_registry_read_at_that_day(engine):
    """The page's in-memory reading equals ``registry.records_at`` column for column (demo timeline,
    before its start, its milestones, a vacancy, a planned period)."""
    from fsdash.storage import demo, registry
    from fsdash.storage import periods as stored
    from fsdash.storage.rights import operator

    demo.load_demo(engine, operator("test"))
    registry.add_period(engine, "37", date(date.today().year + 1, 2, 1), {"statut": "mi-temps",
                                                                          "financement_annuel": 30_000}, operator("t"))
    records, story = registry.all_records(engine), stored.periods(engine)
    for day in (date(2019, 6, 1), date(2023, 6, 30), date(2024, 1, 1), date(2025, 4, 1),
                date(date.today().year + 1, 3, 1)):
        expected = registry.records_at(engine, day)
        got = period_rules.records_in_force(records, story, day)  # from the tables the pages cache
        pd.testing.assert_frame_equal(got[expected.columns], expected, check_dtype=False)
