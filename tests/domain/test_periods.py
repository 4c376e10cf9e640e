"""Timeline rules: which period is in force on a day, and month by month."""

from datetime import date, datetime

import pandas as pd

from fsdash.domain import periods
from fsdash.domain.statuses import AUCUN, MI_TEMPS, NON_RENSEIGNE, TEMPS_PLEIN


def timeline() -> pd.DataFrame:
    rows = [
        # 37: unknown start at half time, full time from 2024, a vacancy planned in 2027.
        ("37", None, MI_TEMPS),
        ("37", date(2024, 1, 1), TEMPS_PLEIN),
        ("37", date(2027, 3, 1), AUCUN),
        # 87: nothing before mid-2023.
        ("87", date(2023, 7, 15), MI_TEMPS),
    ]
    return pd.DataFrame([{"departement": c, "date_effet": d, "statut": s} for c, d, s in rows])


def test_in_force_takes_the_latest_started_period_and_an_unknown_start_counts_as_always():
    t = timeline()
    on = periods.in_force(t, date(2023, 6, 30)).set_index("departement")["statut"].to_dict()
    assert on == {"37": MI_TEMPS}  # 87 had nothing yet; 37's unknown start is in force
    on = periods.in_force(t, date(2023, 7, 15)).set_index("departement")["statut"].to_dict()
    assert on == {"37": MI_TEMPS, "87": MI_TEMPS}  # date_effet is the first day it applies
    on = periods.in_force(t, date(2027, 3, 1)).set_index("departement")["statut"].to_dict()
    assert on == {"37": AUCUN, "87": MI_TEMPS}


def test_planned_periods_are_those_starting_after_the_day():
    future = periods.planned(timeline(), date(2026, 12, 1))
    assert list(zip(future["departement"], future["date_effet"])) == [("37", date(2027, 3, 1))]


def test_monthly_reads_the_first_of_each_month_and_unknown_where_nothing_applies():
    months = periods.month_starts(date(2023, 6, 10), date(2024, 1, 31))
    assert len(months) == 8
    grid = periods.monthly(timeline(), ["37", "87", "2A"], months)
    assert len(grid) == 8 * 3
    at = grid.set_index(["mois", "departement"])["statut"]
    assert at[(pd.Timestamp("2023-07-01"), "87")] == NON_RENSEIGNE  # starts on the 15th
    assert at[(pd.Timestamp("2023-08-01"), "87")] == MI_TEMPS
    assert at[(pd.Timestamp("2023-12-01"), "37")] == MI_TEMPS
    assert at[(pd.Timestamp("2024-01-01"), "37")] == TEMPS_PLEIN
    assert (grid[grid["departement"] == "2A"]["statut"] == NON_RENSEIGNE).all()
    assert grid.set_index(["mois", "departement"])["etp"][(pd.Timestamp("2024-01-01"), "37")] == 1.0


def test_date_rules_in_french():
    today = date(2026, 12, 1)
    assert periods.date_problem(date(2018, 12, 31), today).startswith("La date d'effet doit être postérieure")
    assert periods.date_problem(date(2028, 12, 1), today) is None
    assert "01/12/2028" in periods.date_problem(date(2028, 12, 2), today)
    assert periods.date_problem(None, today) is None
    assert periods.last_day(date(2024, 2, 29)) == date(2026, 2, 28)


def test_empty_timeline():
    months = periods.month_starts(date(2024, 1, 1), date(2024, 3, 1))
    grid = periods.monthly(periods.empty(), ["01"], months)
    assert list(grid["statut"]) == [NON_RENSEIGNE] * 3
    assert periods.in_force(periods.empty(), date(2024, 1, 1)).empty
    assert periods.first_start(timeline()) == date(2023, 7, 15)


def test_changes_are_the_successive_statuses_up_to_a_day():
    t = timeline()
    assert periods.changes(t, "37") == [(None, "", MI_TEMPS), (date(2024, 1, 1), MI_TEMPS, TEMPS_PLEIN),
                                        (date(2027, 3, 1), TEMPS_PLEIN, AUCUN)]
    assert periods.changes(t, "37", date(2026, 12, 1)) == [(None, "", MI_TEMPS),
                                                           (date(2024, 1, 1), MI_TEMPS, TEMPS_PLEIN)]
    assert periods.changes(t, "2A") == []


def test_a_day_is_read_from_whatever_a_date_column_holds():
    """``as_day``: the one reading of a period's date, for the registry in force, the changes and the
    simulator's reference (dates from the database, pandas Timestamps, gaps of a reindexed frame)."""
    assert periods.as_day(date(2024, 1, 1)) == date(2024, 1, 1)
    assert periods.as_day(datetime(2024, 1, 1, 15, 30)) == date(2024, 1, 1)
    assert periods.as_day(pd.Timestamp("2023-06-30")) == date(2023, 6, 30)
    for missing in (None, float("nan"), pd.NaT, pd.NA, ""):
        assert periods.as_day(missing) is None, missing
