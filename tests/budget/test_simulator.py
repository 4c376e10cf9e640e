"""Budget engine: every rule checked against amounts computed by hand."""

from __future__ import annotations

import dataclasses
import io
import random

import numpy as np
import pandas as pd
import pytest

from fsdash.budget import assumptions, results
from fsdash.budget.assumptions import AssumptionError, Assumptions
from fsdash.budget.simulator import simulate
from fsdash.domain.statuses import AUCUN, MI_TEMPS, NON_RENSEIGNE, RECRUTEMENT, STATUS_ETP, TEMPS_PLEIN
from fsdash.domain.territories import CODES, DEPARTEMENTS

DEPS = [c for c in CODES if c != "978"]
BRETAGNE = ("22", "29", "35", "56")


def worked_example_statuses() -> dict[str, str]:
    """The issue's example: the 101 départements, 73 at half-time and 28 with none."""
    return {c: ("mi-temps" if i < 73 else "aucun") for i, c in enumerate(DEPS)}


def yearly_state(result) -> dict[int, float]:
    return dict(zip(result.yearly["year"], result.yearly["state"]))


def yearly(result, column: str) -> dict[int, float]:
    return dict(zip(result.yearly["year"], result.yearly[column]))


# --------------------------------------------------------------------------- worked example


def test_worked_example_state_cost_per_year_and_total():
    result = simulate(worked_example_statuses(), Assumptions(start="2023-01", end="2027-12", switch="2024-01"))
    assert yearly_state(result) == {
        2023: 73 * 25_000,  # 1,825,000
        2024: 73 * 50_000 + 28 * 50_000 * 9 / 12,  # 4,700,000
        2025: 101 * 50_000,
        2026: 101 * 50_000,
        2027: 101 * 50_000,
    }
    assert yearly_state(result)[2024] == 4_700_000
    assert result.totals["state"] == 21_675_000
    assert result.totals["baseline_state"] == 9_125_000
    assert result.totals["diff_state"] == 12_550_000
    assert set(result.yearly["baseline_state"]) == {1_825_000}


def test_worked_example_posts_and_first_full_year():
    result = simulate(worked_example_statuses(), Assumptions())
    posts = dict(zip(result.monthly["month"], result.monthly["full_time"]))
    assert posts["2023-12"] == 0
    assert posts["2024-01"] == posts["2024-03"] == 73
    assert posts["2024-04"] == posts["2027-12"] == 101
    vacant = dict(zip(result.monthly["month"], result.monthly["vacant"]))
    assert (vacant["2023-12"], vacant["2024-01"], vacant["2024-03"], vacant["2024-04"]) == (0, 28, 28, 0)
    assert result.totals["first_full_month"] == "2024-04"
    assert result.totals["first_full_year"] == 2025
    assert list(result.yearly["full_time_end"]) == [0, 101, 101, 101, 101]


def test_defaults_are_the_issue_defaults():
    a = Assumptions()
    assert (a.start, a.end, a.switch, a.delay_months) == ("2023-01", "2027-12", "2024-01", 3)
    assert (a.half_amount, a.full_amount, a.pay_vacancy) == (25_000, 50_000, False)
    assert a.employer_cost == 45_000


# --------------------------------------------------------------------------- worked example on a timeline


def dated_periods() -> pd.DataFrame:
    """Four départements, dated periods over 2023–2025 (a period counts from the first month
    whose first day it is in force on: 15 September counts from October)."""
    from datetime import date

    rows = [
        ("01", date(2021, 3, 1), "mi-temps"), ("01", date(2024, 1, 1), "temps plein"),
        ("02", None, "aucun"), ("02", date(2023, 9, 15), "mi-temps"), ("02", date(2024, 1, 1), "temps plein"),
        ("02", date(2025, 4, 1), "recrutement en cours"),
        ("02", date(2025, 7, 1), "temps plein"),  # planned after the cut-off: not in the reference
        ("03", date(2022, 6, 15), "mi-temps"),
        ("04", date(2019, 5, 1), "aucun"),
    ]
    return pd.DataFrame(rows, columns=["departement", "date_effet", "statut"])


FOUR = ["01", "02", "03", "04"]
TIMELINE = Assumptions(start="2023-01", end="2025-12", switch=None, delay_months=3, cutoff="2025-06-30")


def test_worked_example_on_a_timeline_what_happened():
    # Contributions: 25,000 € a year at half time (2,083.33 a month), 50,000 € at full time.
    # Cut-off 30/06/2025: from July 2025 each keeps its status of that day.
    # 01: half 2023 (25,000); full 2024 (50,000) and 2025 (50,000)
    # 02: none Jan–Sep 2023; half Oct–Dec 2023 = 3 × 25,000 / 12 = 6,250; full 2024 = 50,000;
    #     2025: full Jan–Mar = 3 × 50,000 / 12 = 12,500, then recruiting (the July period is after the cut-off)
    # 03: half all along: 25,000 a year
    # 04: none all along: 0
    expected = {
        2023: 25_000 + 6_250 + 25_000 + 0,  # 56,250
        2024: 50_000 + 50_000 + 25_000 + 0,  # 125,000
        2025: 50_000 + 12_500 + 25_000 + 0,  # 87,500
    }
    result = simulate(dated_periods(), TIMELINE, codes=FOUR)
    assert yearly(result, "baseline_state") == expected
    assert yearly_state(result) == expected  # no switch, no change: the scenario is what happened
    assert result.totals["baseline_state"] == 268_750
    assert result.totals["diff_state"] == 0
    assert result.per_departement["statut"].tolist() == ["temps plein", "recrutement en cours", "mi-temps", "aucun"]


def test_worked_example_on_a_timeline_switch_in_july_2023():
    a = dataclasses.replace(TIMELINE, switch="2023-07")
    # 01: Jan–Jun 2023 half = 6 × 25,000 / 12 = 12,500; Jul–Dec full = 6 × 50,000 / 12 = 25,000
    #     → 37,500; 2024 and 2025 full: 50,000 each
    # 02: none Jan–Sep 2023 stays as recorded (0); half Oct–Dec, after the switch, counts as full:
    #     3 × 50,000 / 12 = 12,500; 2024: 50,000; 2025: Jan–Mar full 12,500, the recorded vacancy
    #     Apr–Jun stays (0); recruiting at the cut-off: recruited 3 months after July 2025 (the
    #     switch is past), full time Oct–Dec = 12,500 → 25,000
    # 03: like 01 in 2023 (37,500), then full: 50,000 and 50,000
    # 04: none at the cut-off: recruited October 2025: 3 × 50,000 / 12 = 12,500 in 2025
    expected = {
        2023: 37_500 + 12_500 + 37_500 + 0,  # 87,500
        2024: 50_000 + 50_000 + 50_000 + 0,  # 150,000
        2025: 50_000 + 25_000 + 50_000 + 12_500,  # 137,500
    }
    result = simulate(dated_periods(), a, codes=FOUR)
    assert yearly_state(result) == expected
    assert yearly(result, "baseline_state") == {2023: 56_250, 2024: 125_000, 2025: 87_500}
    assert yearly(result, "diff_state") == {2023: 31_250, 2024: 25_000, 2025: 50_000}
    assert result.totals["state"] == 375_000
    assert result.totals["diff_state"] == 375_000 - 268_750
    per = result.per_departement.set_index("code")
    assert per.loc["04", "full_time_from"] == "2025-10"
    assert per.loc["02", "state"] == 12_500 + 50_000 + 25_000


# --------------------------------------------------------------------------- starting shares


def test_status_shares_match_the_registry():
    from fsdash.domain.statuses import STATUS_ETP

    assert STATUS_ETP == {
        "mi-temps": 0.5, "temps plein": 1.0, "aucun": 0.0, "recrutement en cours": 0.0, "non renseigné": 0.0,
    }


def test_every_zero_status_is_recruited_after_the_delay_and_full_time_stays():
    statuses = {"01": "temps plein", "02": "aucun", "03": "recrutement en cours", "04": "non renseigné"}
    a = Assumptions(start="2024-01", end="2024-12", switch="2024-01", delay_months=3)
    result = simulate(statuses, a)
    per = result.per_departement.set_index("code")
    assert per.loc["01", "state"] == 50_000
    assert per.loc["01", "baseline_state"] == 50_000
    for code in ("02", "03"):
        assert per.loc[code, "state"] == 50_000 * 9 / 12
        assert per.loc[code, "baseline_state"] == 0
        assert per.loc[code, "full_time_from"] == "2024-04"
    # unknown is not « none »: left out by default, and said so
    assert "04" not in per.index
    assert result.totals["unknown_codes"][0] == "04"
    # counted as « aucun » on request: recruited like the others
    counted = simulate(statuses, dataclasses.replace(a, unknown_treatment="aucun")).per_departement.set_index("code")
    assert counted.loc["04", "state"] == 50_000 * 9 / 12
    assert counted.loc["04", "statut"] == "aucun"


def test_status_spelling_is_tolerated():
    result = simulate({"1": "Mi-Temps", "2a": "TEMPS PLEIN", "03": "non renseigne"}, Assumptions(switch=None))
    per = result.per_departement.set_index("code")
    assert list(per.index) == ["01", "2A"]  # 03 is unknown: left out
    assert per.loc["01", "statut"] == "mi-temps"
    assert per.loc["2A", "start_share"] == 1.0


def test_territories_keep_reference_order_and_978_is_simulated_when_it_has_a_post():
    a = Assumptions(start="2024-01", end="2024-12", switch="2024-01", delay_months=0)
    result = simulate({"978": "recrutement en cours", "2B": "mi-temps", "01": "mi-temps"}, a)
    assert list(result.per_departement["code"]) == ["01", "2B", "978"]
    per = result.per_departement.set_index("code")
    assert per.loc["978", "state"] == 50_000
    assert per.loc["978", "region"] == "Saint-Martin"
    # no post recorded in Saint-Martin: not a territory of the simulation
    without = simulate({"978": "aucun", "2B": "mi-temps"}, a)
    assert list(without.per_departement["code"]) == ["2B"]
    assert "978" not in without.totals["unknown_codes"]


def test_no_switch_keeps_everyone_as_they_are():
    statuses = {"01": "mi-temps", "02": "aucun", "03": "temps plein"}
    result = simulate(statuses, Assumptions(start="2023-01", end="2024-12", switch=None))
    assert yearly_state(result) == {2023: 75_000, 2024: 75_000}
    assert result.totals["diff_state"] == 0
    assert result.totals["first_full_year"] is None
    assert pd.isna(result.per_departement.set_index("code").loc["02", "full_time_from"])


# --------------------------------------------------------------------------- switch months, waves


def test_per_departement_month_overrides_the_global_switch():
    a = Assumptions(start="2024-01", end="2024-12", switch="2024-01", per_departement={"35": "2024-07"})
    per = simulate({"35": "mi-temps", "56": "mi-temps"}, a).per_departement.set_index("code")
    assert per.loc["35", "state"] == 6 * 25_000 / 12 + 6 * 50_000 / 12  # 37,500
    assert per.loc["56", "state"] == 50_000
    assert per.loc["35", "switch"] == "2024-07"


def test_waves_by_region_and_departement_with_precedence():
    # Global switch 2026-01; Bretagne in wave 1 (2025-01); Ille-et-Vilaine in wave 2 (2024-07)
    # beats its région's wave; Finistère has its own month (2024-01), which beats every wave.
    statuses = dict.fromkeys(BRETAGNE, "mi-temps") | {"01": "mi-temps", "44": "aucun"}
    a = Assumptions(start="2024-01", end="2026-12", switch="2026-01",
                    waves=[(["Bretagne"], "2025-01"), (["35", "R52"], "2024-07")],
                    per_departement={"29": "2024-01"}, delay_months=2)
    per = simulate(statuses, a).per_departement.set_index("code")
    assert per["switch"].to_dict() == {
        "01": "2026-01", "22": "2025-01", "29": "2024-01", "35": "2024-07", "44": "2024-07", "56": "2025-01",
    }
    assert per.loc["22", "state"] == 25_000 + 50_000 + 50_000
    assert per.loc["29", "state"] == 3 * 50_000
    assert per.loc["35", "state"] == 25_000 * 6 / 12 + 50_000 * 30 / 12  # 137,500
    assert per.loc["01", "state"] == 25_000 + 25_000 + 50_000
    assert per.loc["44", "state"] == 50_000 * 28 / 12  # Pays de la Loire, recruited 2024-09: 4 + 12 + 12 months
    assert per.loc["44", "full_time_from"] == "2024-09"


def test_waves_only_leave_the_others_as_they_are():
    statuses = {"35": "mi-temps", "01": "mi-temps", "02": "aucun"}
    a = Assumptions(start="2024-01", end="2024-12", switch=None, waves=[(["R53"], "2024-04")])
    per = simulate(statuses, a).per_departement.set_index("code")
    assert per.loc["35", "state"] == 3 * 25_000 / 12 + 9 * 50_000 / 12
    assert per.loc["01", "state"] == 25_000
    assert per.loc["02", "state"] == 0


@pytest.mark.parametrize("token", [
    "Bretagne", "bretagne", "R53", "r53", "BRETAGNE",
])
def test_region_designations(token):
    codes, is_departement = assumptions.resolve_zone(token)
    assert codes == BRETAGNE and not is_departement


@pytest.mark.parametrize(("token", "codes"), [
    ("Provence-Alpes-Côte d'Azur", ("04", "05", "06", "13", "83", "84")),
    ("provence alpes cote d azur", ("04", "05", "06", "13", "83", "84")),
    ("Île-de-France", ("75", "77", "78", "91", "92", "93", "94", "95")),
    ("Corse", ("2A", "2B")),
    ("R978", ("978",)),
])
def test_region_names_and_codes(token, codes):
    assert assumptions.resolve_zone(token) == (codes, False)


@pytest.mark.parametrize(("token", "code"), [("11", "11"), ("7", "07"), ("2a", "2A"), (" 974 ", "974")])
def test_bare_codes_are_departements(token, code):
    # « 11 » is Aude, not Île-de-France: région codes need the R prefix.
    assert assumptions.resolve_zone(token) == ((code,), True)


# --------------------------------------------------------------------------- vacancy, host cost


def test_vacancy_toggle_pays_the_contribution_until_recruitment():
    statuses = {"02": "aucun"}
    a = Assumptions(start="2024-01", end="2024-12", switch="2024-01", delay_months=3)
    unpaid = simulate(statuses, a)
    paid = simulate(statuses, dataclasses.replace(a, pay_vacancy=True))
    assert unpaid.totals["state"] == 50_000 * 9 / 12
    assert paid.totals["state"] == 50_000
    assert paid.totals["host"] == 0  # nobody to pay during the vacancy
    # the post is still vacant: no full-time post before April
    assert list(paid.monthly["full_time"][:4]) == [0, 0, 0, 1]
    assert list(paid.monthly["vacant"][:4]) == [1, 1, 1, 0]


def test_vacancy_before_the_switch_is_never_paid():
    a = Assumptions(start="2023-01", end="2024-12", switch="2024-01", delay_months=3, pay_vacancy=True)
    result = simulate({"02": "aucun"}, a)
    assert yearly_state(result) == {2023: 0, 2024: 50_000}
    assert result.totals["baseline_state"] == 0


def test_host_cost_is_employer_cost_for_the_share_minus_contribution():
    a = Assumptions(start="2023-01", end="2024-12", switch="2024-01", employer_cost=60_000)
    result = simulate({"01": "mi-temps"}, a)
    assert yearly(result, "host") == {2023: 30_000 - 25_000, 2024: 60_000 - 50_000}
    assert yearly(result, "baseline_host") == {2023: 5_000, 2024: 5_000}
    assert yearly(result, "total") == {2023: 30_000, 2024: 60_000}
    assert result.totals["diff_host"] == 5_000
    assert result.totals["diff_total"] == 25_000 + 5_000


def test_host_cost_is_never_below_zero():
    # 40,000 € for 1 ETP: 20,000 − 25,000 and 40,000 − 50,000 are floored at zero.
    a = Assumptions(start="2023-01", end="2024-12", switch="2024-01", employer_cost=40_000)
    result = simulate({"01": "mi-temps", "02": "temps plein"}, a)
    assert result.totals["host"] == 0
    assert result.totals["baseline_host"] == 0
    # 52,000 €: 1,000 for a half-time year, 2,000 for a full-time year
    a = Assumptions(start="2023-01", end="2024-12", switch="2024-01", employer_cost=52_000)
    result = simulate({"01": "mi-temps"}, a)
    assert yearly(result, "host") == {2023: 1_000, 2024: 2_000}


def test_host_cost_counts_only_months_with_a_post():
    a = Assumptions(start="2024-01", end="2024-12", switch="2024-01", delay_months=3, employer_cost=62_000)
    result = simulate({"02": "aucun"}, a)
    assert result.totals["host"] == 12_000 * 9 / 12


def test_editable_contributions():
    a = Assumptions(half_amount=30_000, full_amount=60_000)
    result = simulate(worked_example_statuses(), a)
    assert yearly_state(result)[2023] == 73 * 30_000
    assert yearly_state(result)[2024] == 73 * 60_000 + 28 * 60_000 * 9 / 12
    assert result.totals["baseline_state"] == 5 * 73 * 30_000


def test_zero_delay_and_delay_past_the_horizon():
    now = simulate({"02": "aucun"}, Assumptions(start="2024-01", end="2024-12", delay_months=0))
    assert now.totals["state"] == 50_000
    never = simulate({"02": "aucun"}, Assumptions(start="2024-01", end="2024-12", delay_months=12))
    assert never.totals["state"] == 0
    assert never.per_departement["full_time_from"].tolist() == [None]
    assert never.totals["first_full_month"] is None


def test_partial_years_count_their_months_only():
    result = simulate({"01": "mi-temps"}, Assumptions(start="2023-07", end="2024-06", switch="2024-01"))
    assert list(result.yearly["months"]) == [6, 6]
    assert yearly_state(result) == {2023: 25_000 / 2, 2024: 50_000 / 2}
    assert yearly(result, "baseline_state") == {2023: 12_500, 2024: 12_500}


# --------------------------------------------------------------------------- per area, per site


def test_per_region_sums_its_departements():
    statuses = dict.fromkeys(BRETAGNE, "mi-temps") | {"01": "aucun"}
    result = simulate(statuses, Assumptions(start="2024-01", end="2024-12", switch="2024-01", delay_months=6))
    regions = result.per_region.set_index("region")
    assert list(result.per_region["region"]) == ["Auvergne-Rhône-Alpes", "Bretagne"]
    assert regions.loc["Bretagne", "state"] == 4 * 50_000
    assert regions.loc["Bretagne", "baseline_state"] == 4 * 25_000
    assert regions.loc["Bretagne", "departements"] == 4
    assert regions.loc["Auvergne-Rhône-Alpes", "state"] == 25_000


def test_cost_per_site():
    statuses = {"22": "mi-temps", "29": "mi-temps", "01": "temps plein"}
    sites = {"22": 10, "29": 30}  # Ain's sites unknown: counted as none
    a = Assumptions(start="2024-01", end="2024-12", switch=None)
    result = simulate(statuses, a, sites)
    per = result.per_departement.set_index("code")
    assert per.loc["22", "state_per_site"] == 2_500
    assert per.loc["29", "state_per_site"] == 25_000 / 30
    assert per.loc["01", "sites"] == 0 and np.isnan(per.loc["01", "state_per_site"])
    assert result.per_region.set_index("region").loc["Bretagne", "state_per_site"] == 50_000 / 40
    assert result.totals["sites"] == 40
    assert result.totals["state_per_site"] == 100_000 / 40


def test_cost_per_site_unknown_without_sites():
    result = simulate({"22": "mi-temps"}, Assumptions())
    assert result.totals["sites"] is None and result.totals["state_per_site"] is None
    assert result.per_departement["state_per_site"].isna().all()
    assert result.per_region["sites"].isna().all()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("changes", "fragments"), [
    ({"switch": "2029-01"}, ["passage à temps plein", "janvier 2029", "hors de l'horizon"]),
    ({"switch": "2022-12"}, ["décembre 2022", "hors de l'horizon"]),
    ({"switch": "2024-13"}, ["« 2024-13 »", "AAAA-MM"]),
    ({"start": "janvier"}, ["début de l'horizon", "« janvier »"]),
    ({"start": "2028-01"}, ["janvier 2028", "décembre 2027"]),
    ({"half_amount": -1_000}, ["0,5 ETP", "négatif"]),
    ({"full_amount": -50_000}, ["1 ETP", "négatif", "-50\u202f000\u202f€"]),
    ({"employer_cost": -1}, ["coût employeur", "négatif"]),
    ({"full_amount": "beaucoup"}, ["« beaucoup »"]),
    ({"full_amount": float("nan")}, ["1 ETP", "montant valide"]),
    ({"delay_months": -2}, ["délai de recrutement", "négatif", "-2 mois"]),
    ({"delay_months": 2.5}, ["délai de recrutement", "entier"]),
    ({"waves": [(["99"], "2024-06")]}, ["vague 1", "« 99 »", "inconnu"]),
    ({"waves": [(["35"], "2024-06"), (["Bretagn"], "2024-06")]}, ["vague 2", "« Bretagn »"]),
    ({"waves": [(["35"], "2031-06")]}, ["vague 1", "juin 2031", "hors de l'horizon"]),
    ({"waves": [([], "2024-06")]}, ["vague 1", "aucun département"]),
    ({"waves": [(["35"], "2024-06"), (["35"], "2025-01")]}, ["35 – Ille-et-Vilaine", "deux vagues"]),
    ({"waves": [(["Bretagne"], "2024-06"), (["R53"], "2025-01")]}, ["22 – Côtes-d'Armor", "deux vagues"]),
    ({"per_departement": {"20": "2024-06"}}, ["« 20 »", "inconnu"]),
    ({"per_departement": {"35": "2030-01"}}, ["35 – Ille-et-Vilaine", "janvier 2030", "hors de l'horizon"]),
])
def test_bad_assumptions_get_a_french_message_naming_them(changes, fragments):
    with pytest.raises(AssumptionError) as caught:
        simulate(worked_example_statuses(), Assumptions(**changes))
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_same_month_in_two_waves_is_accepted():
    a = Assumptions(switch=None, waves=[(["35"], "2024-06"), (["Bretagne"], "2024-06")])
    assert simulate({"35": "mi-temps"}, a).per_departement["switch"].tolist() == ["2024-06"]


@pytest.mark.parametrize(("statuses", "fragments"), [
    ({}, ["aucun département"]),
    ({"99": "mi-temps"}, ["« 99 »", "inconnu"]),
    ({"35": "demi-temps"}, ["35 – Ille-et-Vilaine", "« demi-temps »", "mi-temps"]),
])
def test_bad_starting_situation(statuses, fragments):
    with pytest.raises(AssumptionError) as caught:
        simulate(statuses, Assumptions())
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_assumption_error_is_a_value_error():
    assert issubclass(AssumptionError, ValueError)


# --------------------------------------------------------------------------- vectorised = naive


def month_number(text: str) -> int:
    """``'2024-03'`` as a count of months since year 0, by hand (not the engine's ``parse_month``)."""
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def zone_codes(token: str) -> tuple[list[str], bool]:
    """The codes a wave zone of ``random_assumptions`` names, and whether it is a département:
    read from the reference table, not from the engine's zone resolution."""
    if token in DEPARTEMENTS:
        return [token], True
    region_code = token.removeprefix("R") if token.startswith("R") else None
    return [c for c, d in DEPARTEMENTS.items() if d.region_code == region_code or d.region == token], False


def literal_switch_months(a: Assumptions) -> dict[str, int]:
    """Each territory's switch month by the stated precedence: its own month, else the month of a
    wave naming it, else of a wave naming its région, else the global switch."""
    months: dict[str, int] = {}
    for code in DEPARTEMENTS:
        by_departement = [m for zones, m in a.waves for z in zones if code in zone_codes(z)[0] and zone_codes(z)[1]]
        by_region = [m for zones, m in a.waves for z in zones if code in zone_codes(z)[0] and not zone_codes(z)[1]]
        chosen = (a.per_departement or {}).get(code) or next(iter(by_departement + by_region), None) or a.switch
        if chosen is not None:
            months[code] = month_number(chosen)
    return months


def literal_rules(statuses: dict[str, str], a: Assumptions) -> tuple[dict, dict, dict, dict]:
    """The rules applied literally, month by month, territory by territory: State and host cost per
    year, vacant and full-time posts per month."""
    shares = {NON_RENSEIGNE: 0.0, AUCUN: 0.0, RECRUTEMENT: 0.0, MI_TEMPS: 0.5, TEMPS_PLEIN: 1.0}
    assert set(shares) >= set(statuses.values()), "a status the test does not know"
    switch = literal_switch_months(a)
    rate = {0.0: 0.0, 0.5: a.half_amount, 1.0: a.full_amount}
    state: dict[int, float] = {}
    host: dict[int, float] = {}
    vacant: dict[str, int] = {}
    full: dict[str, int] = {}
    for month in range(month_number(a.start), month_number(a.end) + 1):
        label = f"{month // 12}-{month % 12 + 1:02d}"
        vacant[label] = full[label] = 0
        for code, status in statuses.items():
            if code == "978" and status in (AUCUN, NON_RENSEIGNE):
                continue  # Saint-Martin is simulated only when the registry gives it a post
            if status == NON_RENSEIGNE and a.unknown_treatment == "exclure":
                continue  # unknown is never costed silently: left out by default
            share, is_vacant = shares[status], False
            own = switch.get(code)
            if own is not None and shares[status] == 0.5 and month >= own:
                share = 1.0
            if own is not None and shares[status] == 0.0:
                share = 1.0 if month >= own + a.delay_months else 0.0
                is_vacant = own <= month < own + a.delay_months
            paid = a.full_amount if is_vacant and a.pay_vacancy else rate[share]
            state[month // 12] = state.get(month // 12, 0.0) + paid / 12
            host[month // 12] = host.get(month // 12, 0.0) + max(a.employer_cost * share - paid, 0.0) / 12
            vacant[label] += is_vacant
            full[label] += share == 1.0
    return state, host, vacant, full


def random_assumptions(rng: random.Random) -> Assumptions:
    months = assumptions.month_range("2023-01", "2030-12")
    wave_zones = [["Bretagne", "R84"], ["35", "13"], ["Occitanie"], ["978", "2A"]]
    return Assumptions(
        start="2023-01", end="2030-12",
        switch=rng.choice([None, *months]),
        waves=[(zones, rng.choice(months)) for zones in rng.sample(wave_zones, rng.randint(0, 3))],
        per_departement={c: rng.choice(months) for c in rng.sample(DEPS, rng.randint(0, 5))},
        delay_months=rng.randint(0, 14),
        half_amount=rng.choice([25_000, 20_000, 31_000]),
        full_amount=rng.choice([50_000, 45_000, 61_000]),
        pay_vacancy=rng.random() < 0.5,
        unknown_treatment=rng.choice(["exclure", "aucun"]),
    )


@pytest.mark.parametrize("seed", range(12))
def test_vectorised_engine_equals_the_literal_rules(seed):
    rng = random.Random(seed)
    statuses = {c: rng.choice(list(STATUS_ETP)) for c in CODES}
    a = random_assumptions(rng)
    result = simulate(statuses, a)
    state, host, vacant, full = literal_rules(statuses, a)
    assert yearly_state(result) == pytest.approx(state, abs=1e-6)
    assert yearly(result, "host") == pytest.approx(host, abs=1e-6)
    assert dict(zip(result.monthly["month"], result.monthly["vacant"])) == vacant
    assert dict(zip(result.monthly["month"], result.monthly["full_time"])) == full


# --------------------------------------------------------------------------- helpers, round trip, exports


def test_month_helpers():
    assert assumptions.month_label("2024-01") == "janvier 2024"
    assert assumptions.month_label("2027-08") == "août 2027"
    assert assumptions.month_text(assumptions.parse_month("2024-12")) == "2024-12"
    assert assumptions.month_range("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_zone_labels_and_options():
    assert assumptions.zone_label("R53") == "Région Bretagne"
    assert assumptions.zone_label("35") == "35 – Ille-et-Vilaine"
    options = assumptions.zone_options()
    assert options[0] == "R84"  # Auvergne-Rhône-Alpes comes first
    assert len(options) == 19 + 102


def test_assumptions_round_trip_through_json_dict():
    import json

    a = Assumptions(start="2023-06", end="2030-12", switch=None, per_departement={"35": "2025-01"},
                    waves=[(["Bretagne", "13"], "2024-06")], delay_months=5, half_amount=20_000,
                    full_amount=55_000, employer_cost=48_000, pay_vacancy=True)
    back = Assumptions.from_dict(json.loads(json.dumps(a.to_dict())))
    assert back == a
    assert Assumptions.from_dict({"delay_months": 4, "unknown": 1}) == Assumptions(delay_months=4)


def test_from_dict_rejects_malformed_waves():
    with pytest.raises(AssumptionError, match="vagues"):
        Assumptions.from_dict({"waves": [{"month": "2024-01"}]})


def test_xlsx_export_has_one_sheet_per_table():
    result = simulate(worked_example_statuses(), Assumptions())
    sheets = pd.read_excel(io.BytesIO(results.export_xlsx(result)), sheet_name=None)
    assert list(sheets)[:3] == ["Hypothèses", "Résultats annuels", "Par département"]
    hypotheses = dict(zip(sheets["Hypothèses"]["Hypothèse"], sheets["Hypothèses"]["Valeur"]))
    assert hypotheses["Passage à temps plein (tous départements)"] == "janvier 2024"
    years = sheets["Résultats annuels"].astype({"Année": str}).set_index("Année")
    assert years.loc["Total", "Coût État (€)"] == 21_675_000
    assert years.loc["2024", "Coût État (€)"] == 4_700_000
    assert years.loc["Total", "Écart État (€)"] == 12_550_000
    assert len(sheets["Par département"]) == 101


def test_csv_export_is_for_french_spreadsheets():
    result = simulate(worked_example_statuses(), Assumptions())
    raw = results.export_csv(result, "Résultats annuels")
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    assert frame.columns[0] == "Année"
    assert frame.set_index("Année").loc["Total", "Coût État (€)"] == 21_675_000
    departements = pd.read_csv(io.BytesIO(results.export_csv(result, "Par département")), sep=";",
                               decimal=",", dtype={"Code": str}, encoding="utf-8-sig")
    assert departements["Code"].tolist() == DEPS


def test_result_tables_cover_every_territory_and_month():
    result = simulate(dict.fromkeys(CODES, "mi-temps"), Assumptions(start="2023-01", end="2032-12"))
    assert len(result.per_departement) == 102
    assert len(result.monthly) == 120
    assert result.per_region["departements"].sum() == 102
    assert set(result.per_departement["nom"]) == {d.nom for d in DEPARTEMENTS.values()}
