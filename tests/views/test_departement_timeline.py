"""A département's timeline on hand-made periods: table, authors masked, strip, contribution."""

from datetime import date, datetime

from fsdash.views import departement_timeline as dt
from tests.views.test_timeline import period, periods

TODAY = date(2025, 6, 1)
STORY = periods(
    period("37", date(2023, 3, 1), "mi-temps", financement_annuel=25_000.0,
           recorded_by="prefecture@test.fr", recorded_at=datetime(2023, 3, 2, 9, 0)),
    period("37", date(2024, 1, 1), "temps plein", date_convention=date(2024, 2, 1)),
    period("37", date(2025, 9, 1), "recrutement en cours"),
    period("41", None, "aucun"),
).assign(recorded_by=["prefecture@test.fr", "anct@test.fr", "anct@test.fr", ""],
         recorded_at=[datetime(2023, 3, 2, 9, 0), datetime(2024, 1, 3), datetime(2025, 5, 20), None])


def test_table_has_dates_phases_and_authors_masked_for_others():
    mine = dt.of(STORY, "37")
    table = dt.timeline_table(mine, TODAY, show_authors=True)
    assert list(table["Du"]) == ["01/03/2023", "01/01/2024", "01/09/2025"]
    assert list(table["Au"]) == ["31/12/2023", "31/08/2025", ""]
    assert list(table["Période"]) == ["terminée", "en vigueur", "prévu"]
    assert list(table["Contribution État / an"]) == ["25\u202f000\u202f€", "50\u202f000\u202f€", "0\u202f€"]
    assert table.loc[0, "Enregistré par"] == "prefecture@test.fr"
    assert table.loc[0, "Enregistré le"].startswith("02/03/2023")
    assert table.loc[1, "Convention signée le"] == "01/02/2024"
    hidden = dt.timeline_table(mine, TODAY, show_authors=False)
    assert set(hidden["Enregistré par"]) == {"(masqué)"}


def test_unknown_start_is_said_and_drawn_from_2023():
    mine = dt.of(STORY, "41")
    assert dt.timeline_table(mine, TODAY, True).loc[0, "Du"] == "depuis une date inconnue"
    assert dt.span(mine, TODAY) == (date(2023, 1, 1), date(2025, 12, 31))
    spec = dt.strip_spec(mine, TODAY)
    assert spec["layer"][0]["data"]["values"][0]["debut"] == "2023-01-01"


def test_strip_marks_planned_periods():
    spec = dt.strip_spec(dt.of(STORY, "37"), TODAY)
    phases = [v["periode"] for v in spec["layer"][0]["data"]["values"]]
    assert phases == ["terminée", "en vigueur", "prévu"]
    assert spec["layer"][1]["data"]["values"][0]["jour"] == "2025-06-01"


def test_contribution_month_by_month_and_by_year():
    monthly = dt.monthly_contribution(dt.of(STORY, "37"), "37", TODAY)
    assert monthly["mois"].min().date() == date(2023, 3, 1)
    assert monthly["mois"].max().date() == date(2025, 12, 1)
    yearly = dt.yearly_contribution(monthly).set_index("Année")
    assert yearly.loc["2023", "Contribution État"] == round(10 * 25_000 / 12, 2)
    assert yearly.loc["2024", "Contribution État"] == 50_000
    # 2025: January to August at full time, then recruiting (nothing); July and August planned
    assert yearly.loc["2025", "Contribution État"] == round(8 * 50_000 / 12, 2)
    assert yearly.loc["2025", "dont prévu"] == round(2 * 50_000 / 12, 2)
    assert dt.contribution_spec(monthly)["data"]["values"][-1]["periode"] == "prévu"
