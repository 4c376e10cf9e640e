"""« Points d'attention » on hand-made periods."""

from datetime import UTC, date, datetime

import pandas as pd

from fsdash.views import attention
from tests.views.test_timeline import period, periods, records

DAY = date(2025, 6, 30)


def test_vacancy_counts_the_whole_run_without_a_facilitator():
    story = periods(
        period("01", date(2024, 1, 1), "temps plein"),
        period("01", date(2025, 1, 10), "aucun"),
        period("01", date(2025, 3, 1), "recrutement en cours"),  # same run: since 10/01/2025
        period("02", date(2024, 1, 1), "temps plein"),
        period("02", date(2025, 5, 1), "recrutement en cours"),  # two months: not yet
        period("03", None, "aucun"),  # since an unknown date: counted
    )
    assert attention.vacant_since(story, DAY) == {"01": date(2025, 1, 10), "02": date(2025, 5, 1), "03": None}
    assert attention.long_vacancies(story, DAY) == {"01", "03"}
    assert attention.long_vacancies(story, date(2025, 8, 2)) == {"01", "02", "03"}
    assert attention.long_vacancies(story, date(2024, 6, 1)) == {"03"}


def test_stale_records_by_the_history_up_to_the_day():
    history = pd.DataFrame({"departement": ["01", "01", "02"],
                            "changed_at": [datetime(2024, 1, 5), datetime(2025, 7, 1), datetime(2025, 3, 1)]})
    updates = attention.last_updates(history, DAY)
    assert updates["01"] == pd.Timestamp(2024, 1, 5)  # the July change is after the day
    assert attention.stale({"01", "02", "03"}, updates, DAY) == {"01", "03"}  # 03: never recorded


def test_full_time_without_convention_and_funding_off_the_flat_rate():
    on = records().assign(statut=["temps plein", "temps plein", "mi-temps"],
                          date_convention=[date(2024, 2, 1), date(2025, 9, 1), None],
                          financement_annuel=[50_000.0, 45_000.0, 25_000.0])
    assert attention.without_convention(on, DAY) == {"02"}  # signed after the day shown
    assert attention.off_flat_rate(on) == {"02"}


def test_flags_and_selection_on_one_day():
    story = periods(period("01", date(2024, 1, 1), "temps plein"), period("02", None, "aucun"))
    on = records().assign(statut=["temps plein", "aucun", "non renseigné"])  # as in force on DAY
    history = pd.DataFrame({"departement": ["01"], "changed_at": [datetime(2025, 6, 1)]})
    found = attention.flags(on, story, history, DAY)
    assert list(found) == [c.key for c in attention.CHECKS]
    assert found == {"vacance": {"02"}, "fiche": {"02", "03"}, "convention": {"01"}, "financement": set()}
    assert attention.selected(found, []) is None
    assert attention.selected(found, ["vacance", "convention"]) == {"01", "02"}


def test_thresholds_are_stated():
    assert "3 mois" in attention.BY_KEY["vacance"].label
    assert "6 mois" in attention.BY_KEY["fiche"].label
    assert "50\u202f000 €" in attention.BY_KEY["financement"].threshold


def test_sentences_for_the_fiche():
    found = {"vacance": {"23", "48"}, "fiche": set(), "convention": {str(n) for n in range(10, 20)},
             "financement": set()}
    lines = attention.sentences(found)
    assert lines[0] == "Sans animateur ou en recrutement depuis plus de 3 mois : 2 (23, 48)."
    assert lines[1].startswith("Temps plein sans convention signée : 10 (10, 11,") and lines[1].endswith("…).")


def test_last_updates_read_moments_with_a_zone_as_postgresql_gives_them():
    history = pd.DataFrame({"departement": ["01", "01", "02"],
                            "changed_at": [datetime(2025, 5, 31, 23, 30, tzinfo=UTC),  # 1 June in Paris
                                           datetime(2025, 7, 1, tzinfo=UTC),
                                           datetime(2025, 3, 1, tzinfo=UTC)]})
    updates = attention.last_updates(history, date(2025, 6, 1))
    assert set(updates) == {"01", "02"}
    assert updates["01"] == pd.Timestamp(2025, 6, 1, 1, 30)
