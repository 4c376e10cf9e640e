"""A record's and a period's values: phone numbers, date limits, period checks (issue 11, issue 16 item 1)."""

from datetime import date

import pytest

from fsdash.inputs.record_values import check_period, date_range, date_range_problem, phone_problem, prepare


@pytest.mark.parametrize("phone", [
    "", "05 55 12 34 56", "0555123456", "05.55.12.34.56", "05-55-12-34-56", "+33 5 55 12 34 56",
    "+33555123456", "+33 (0)5 55 12 34 56", "+262 262 12 34 56", "+590 590 12 34 56", "06 12 34 56 78",
])
def test_french_numbers_are_accepted(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", [
    "12 34", "5 55 12 34 56", "05 55 12 34 5", "00 55 12 34 56", "+44 20 7946 0958", "+33 05 55 12 34 56",
    "téléphone", "05 55 12 34 56 78",
])
def test_other_numbers_are_refused_with_the_expected_form(phone):
    message = phone_problem(phone)
    assert message.startswith("numéro de téléphone invalide") and "+33 5 55 12 34 56" in message


def test_dates_range_from_2019_to_two_years_ahead():
    assert date_range(date(2026, 12, 1)) == (date(2019, 1, 1), date(2028, 12, 1))
    assert date_range(date(2024, 2, 29)) == (date(2019, 1, 1), date(2026, 2, 28))
    assert date_range_problem(date(2028, 12, 1), date(2026, 12, 1)) is None
    assert "du 01/01/2019 au 01/12/2028" in date_range_problem(date(2041, 2, 15), date(2026, 12, 1))


def test_a_record_convention_beyond_the_horizon_is_refused_under_its_own_field():
    """Issue 16: a convention dated 2040 put the error under « Date de début », and
    without a start date it was accepted."""
    _, errors = prepare({}, {"statut": "temps plein", "date_convention": "15/02/2040"}, date(2026, 12, 1))
    assert set(errors) == {"date_convention"}
    _, errors = prepare({}, {"statut": "temps plein", "date_debut": "2024-01-01",
                             "date_convention": "15/02/2040"}, date(2026, 12, 1))
    assert set(errors) == {"date_convention"}


def test_a_period_follows_its_status_and_checks_its_start():
    period, errors = check_period({"statut": "temps plein", "financement_annuel": "50 000"}, date(2024, 1, 1),
                                  date(2026, 12, 1))
    assert errors == {} and period["etp"] == 1.0 and period["financement_annuel"] == 50000.0
    _, errors = check_period({"statut": "mi-temps", "etp": "1"}, date(2018, 12, 31), date(2026, 12, 1))
    assert set(errors) == {"etp", "date_effet"}
    _, errors = check_period({"statut": "aucun"}, None, date(2026, 12, 1))  # unknown start
    assert errors == {}
