"""The simulator on dated periods: cut-off, unknown territories, territories kept,
contribution changes and returns to half time. Expected euros computed by hand."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from fsdash.budget import assumptions
from fsdash.budget.assumptions import AssumptionError, Assumptions
from fsdash.budget.simulator import simulate
from fsdash.domain import periods as timeline


def periods(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["departement", "date_effet", "statut"])


def yearly(result, column: str = "state") -> dict[int, float]:
    return dict(zip(result.yearly["year"], result.yearly[column]))


YEAR_2024 = Assumptions(start="2024-01", end="2024-12", switch=None, cutoff="2024-12-31")


# --------------------------------------------------------------------------- cut-off


def test_the_cut_off_defaults_to_today_for_a_dated_timeline():
    data = periods(("01", date(2024, 1, 1), "mi-temps"), ("01", date(2024, 7, 1), "temps plein"))
    a = dataclasses.replace(YEAR_2024, cutoff=None)
    # today 15/03/2024: the July period is planned, not in the reference: 12 months at half time
    before = simulate(data, a, codes=["01"], today=date(2024, 3, 15))
    assert before.totals["baseline_state"] == 25_000
    assert before.totals["cutoff"] == "2024-03-15"
    # today 01/07/2024: what happened includes it: 6 × 25,000 / 12 + 6 × 50,000 / 12
    after = simulate(data, a, codes=["01"], today=date(2024, 7, 1))
    assert after.totals["baseline_state"] == 12_500 + 25_000


def test_undated_statuses_are_a_starting_situation():
    # no date at all: the reference is their status quo from the start of the horizon,
    # and a territory without a facilitator is recruited from the switch on
    data = periods(("01", None, "aucun"))
    a = Assumptions(start="2024-01", end="2024-12", switch="2024-01", delay_months=3)
    result = simulate(data, a, codes=["01"], today=date(2026, 12, 1))
    assert result.totals["state"] == 9 * 50_000 / 12
    assert result.totals["cutoff"] == "2023-12-31"


def test_recruitment_after_the_cut_off_with_the_vacancy_paid():
    data = periods(("01", date(2023, 1, 1), "aucun"))
    a = Assumptions(start="2024-01", end="2024-12", switch="2024-03", delay_months=2, cutoff="2024-05-31",
                    pay_vacancy=True)
    result = simulate(data, a, codes=["01"])
    # none recorded Jan–May (0, even after the switch, even with the vacancy paid); the
    # recruitment starts in June (after the cut-off): vacancy June–July paid at full rate,
    # then filled from August: 7 × 50,000 / 12
    assert result.totals["state"] == pytest.approx(7 * 50_000 / 12)
    assert result.monthly["vacant"].tolist() == [0] * 5 + [1, 1] + [0] * 5
    assert result.monthly["full_time"].tolist() == [0] * 7 + [1] * 5


def test_switch_none_and_no_change_gives_exactly_what_happened():
    data = periods(("01", date(2023, 6, 1), "mi-temps"), ("02", date(2024, 2, 1), "recrutement en cours"),
                   ("02", date(2023, 1, 1), "temps plein"), ("03", None, "aucun"))
    a = Assumptions(start="2023-01", end="2027-12", switch=None, cutoff="2025-01-01", pay_vacancy=True)
    result = simulate(data, a)
    assert result.totals["diff_state"] == 0 and result.totals["diff_host"] == 0
    assert (result.yearly["state"] == result.yearly["baseline_state"]).all()


# --------------------------------------------------------------------------- unknown territories


def test_unknown_is_counted_and_left_out_by_default():
    data = periods(("01", date(2024, 7, 1), "mi-temps"), ("02", None, "mi-temps"))
    result = simulate(data, YEAR_2024)
    # 101 départements: 01 unknown Jan–Jun, 99 unknown all year; Saint-Martin has no post
    assert result.totals["unknown_territories"] == 100
    assert result.totals["left_out"] == 99
    assert result.per_departement["code"].tolist() == ["01", "02"]
    assert result.totals["state"] == 6 * 25_000 / 12 + 25_000
    assert result.monthly["unknown"].tolist() == [1] * 6 + [0] * 6


def test_unknown_counted_as_without_a_facilitator():
    data = periods(("01", date(2024, 7, 1), "mi-temps"), ("02", None, "mi-temps"))
    a = dataclasses.replace(YEAR_2024, switch="2024-01", delay_months=0, cutoff="2024-03-31",
                            unknown_treatment="aucun")
    result = simulate(data, a)
    per = result.per_departement.set_index("code")
    assert len(per) == 101 and result.totals["left_out"] == 0
    # 03: unknown all along, now « aucun »: recruited right after the cut-off (April): 9 months
    assert per.loc["03", "state"] == 9 * 50_000 / 12
    # 01: unknown on the cut-off day (its period starts in July, after it): recruited in April too
    assert per.loc["01", "state"] == 9 * 50_000 / 12
    assert per.loc["02", "state"] == 50_000


def test_everything_unknown_is_a_french_message_not_zero():
    with pytest.raises(AssumptionError, match="non renseignés"):
        simulate(timeline.empty(), YEAR_2024)


def test_saint_martin_only_when_the_registry_gives_it_a_post():
    def codes(rows):
        return simulate(periods(*rows), dataclasses.replace(YEAR_2024, unknown_treatment="aucun")).per_departement[
            "code"].tolist()

    assert "978" not in codes([("978", None, "aucun")])
    assert codes([("978", None, "aucun"), ("978", date(2024, 2, 1), "mi-temps")])[-1] == "978"


def test_the_full_periods_table_is_accepted():
    data = timeline.empty()
    data.loc[0] = {"departement": "35", "date_effet": date(2023, 1, 1), "statut": "temps plein", "etp": 1.0,
                   "structure_porteuse": "Conseil départemental", "type_structure": "conseil départemental",
                   "date_convention": date(2022, 12, 1), "financement_annuel": 50_000.0}
    assert simulate(data, YEAR_2024).totals["state"] == 50_000


# --------------------------------------------------------------------------- new assumptions


def test_a_change_of_the_flat_contributions_from_a_month():
    data = periods(("01", None, "temps plein"), ("02", None, "mi-temps"))
    a = Assumptions(start="2025-01", end="2026-12", switch=None, contribution_changes=[("2026-01", 20_000, 45_000)])
    result = simulate(data, a)
    # 2025 unchanged: 50,000 + 25,000; 2026: 45,000 + 20,000; the reference keeps 75,000
    assert yearly(result) == {2025: 75_000, 2026: 65_000}
    assert yearly(result, "baseline_state") == {2025: 75_000, 2026: 75_000}
    assert result.totals["diff_state"] == -10_000


def test_a_return_to_half_time_for_chosen_zones():
    data = periods(*[(c, None, "mi-temps") for c in ("22", "29", "01")])
    a = Assumptions(start="2024-01", end="2025-12", switch="2024-01",
                    half_time_returns=[(["Bretagne"], "2025-07")])
    per = simulate(data, a).per_departement.set_index("code")
    # Bretagne: full 2024 and Jan–Jun 2025, then half: 50,000 + 25,000 + 12,500
    assert per.loc["22", "state"] == per.loc["29", "state"] == 87_500
    assert per.loc["01", "state"] == 100_000


def test_new_assumptions_round_trip_and_old_scenarios_still_open():
    a = Assumptions(cutoff="2025-06-30", unknown_treatment="aucun", contribution_changes=[("2026-01", 0, 45_000)],
                    half_time_returns=[(["R53", "13"], "2027-01")])
    assert Assumptions.from_dict(a.to_dict()) == a
    old = {"start": "2023-01", "end": "2027-12", "switch": "2024-01", "delay_months": 3}
    assert Assumptions.from_dict(old).contribution_changes == []


@pytest.mark.parametrize(("changes", "fragment"), [
    ({"cutoff": "30/06/2025"}, "AAAA-MM-JJ"),
    ({"unknown_treatment": "ignorer"}, "« ignorer »"),
    ({"contribution_changes": [("2026-13", 0, 45_000)]}, "changement de contributions 1"),
    ({"contribution_changes": [("2026-01", 0, -1)]}, "négatif"),
    ({"half_time_returns": [(["Bretagn"], "2026-01")]}, "« Bretagn »"),
    ({"half_time_returns": [([], "2026-01")]}, "retour à mi-temps 1"),
])
def test_bad_new_assumptions_are_refused_in_french(changes, fragment):
    with pytest.raises(AssumptionError, match=fragment):
        assumptions.make_plan(Assumptions(**changes))


def test_defaults_follow_today():
    a = assumptions.for_today(date(2026, 12, 1))
    assert (a.start, a.end, a.switch) == ("2026-01", "2030-12", "2027-01")
    assert assumptions.for_today(date(2027, 3, 31)).switch == "2027-04"


@pytest.mark.parametrize("seed", range(5))
def test_the_month_grid_follows_the_periods_contract(seed):
    """``budget.timeline.status_grid`` (NumPy) equals ``domain.periods.monthly`` (the contract)."""
    import random

    from fsdash.budget import timeline as tl
    from fsdash.domain.statuses import STATUSES
    from fsdash.domain.territories import CODES

    rng = random.Random(seed)
    rows = []
    for code in rng.sample(list(CODES), 40):
        days = rng.sample(range(0, 3000), rng.randint(1, 5))
        if rng.random() < 0.3:
            rows.append((code, None, rng.choice(STATUSES)))
        rows += [(code, date(2019, 1, 1) + pd.Timedelta(days=d), rng.choice(STATUSES)) for d in days]
    data = periods(*rows)
    codes = list(CODES)
    cutoff = date(2023, 5, 17)
    start = assumptions.parse_month("2019-06")
    grid = tl.status_grid(tl.checked(data), codes, start, 100, cutoff)
    known = data[[d is None or d <= cutoff for d in data["date_effet"]]]
    expected = timeline.monthly(known, codes, pd.date_range("2019-06-01", periods=100, freq="MS"))
    assert [STATUSES[s] for s in grid.T.ravel()] == expected["statut"].tolist()
