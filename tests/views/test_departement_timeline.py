"""A département's timeline on hand-made periods: table, authors masked, strip, contribution."""

import re
from datetime import date, datetime

from fsdash.views import departement_timeline as dt
from fsdash.views import svg_charts
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
    markup = dt.strip_chart(mine, TODAY)
    first = re.search(r'<rect x="([0-9.]+)"', markup)
    assert float(first.group(1)) == svg_charts.LEFT  # drawn from the start of 2023
    assert "Du depuis une date inconnue" in markup and "01/2023" in markup


def test_strip_marks_planned_periods():
    markup = dt.strip_chart(dt.of(STORY, "37"), TODAY)
    phases = re.findall(r"<title>Du [^<]*\((terminée|en vigueur|prévu)\)</title>", markup)
    assert phases == ["terminée", "en vigueur", "prévu"]
    assert re.findall(r'opacity="([0-9.]+)"><title>', markup) == ["0.9", "1.0", "0.4"]
    assert markup.count('stroke="#E1000F"') == 1  # today, 01/06/2025, inside the span


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
    chart = dt.contribution_chart(monthly)
    last = re.findall(r'<g data-mois="([0-9-]+)">(.*?)</g>', chart)[-1]
    assert last[0] == "2025-12-01" and "(prévu)" not in last[1]  # recruiting: no contribution, no bar
    assert "08/2025 – temps plein : 4\u202f167\u202f€ (prévu)" in chart
