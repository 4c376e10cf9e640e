"""The registry as recorded on a past day, rebuilt from its history (fsdash.views.registry_at)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from fsdash.views.registry_at import end_of_day, records_at, status_changes


def records() -> pd.DataFrame:
    return pd.DataFrame({
        "departement": ["37", "41"],
        "statut": ["temps plein", "mi-temps"],
        "etp": [1.0, 0.5],
        "date_debut": [date(2025, 6, 1), None],
        "animateur_nom": ["Camille", ""],
        "updated_at": [datetime(2026, 3, 1, 10, tzinfo=UTC), datetime(2025, 1, 5, 10, tzinfo=UTC)],
        "updated_by": ["B", "A"],
    })


def history() -> pd.DataFrame:
    rows = [  # id, code, moment, author, field, before, after
        (1, "37", datetime(2025, 1, 5, 10), "A", "statut", "non renseigné", "mi-temps"),
        (2, "37", datetime(2025, 1, 5, 10), "A", "etp", "0", "0.5"),
        (3, "41", datetime(2025, 1, 5, 10), "A", "statut", "non renseigné", "mi-temps"),
        (4, "37", datetime(2026, 2, 28, 23, 30), "B", "statut", "mi-temps", "temps plein"),  # 1 March in Paris
        (5, "37", datetime(2026, 2, 28, 23, 30), "B", "etp", "0.5", "1"),
        (6, "37", datetime(2026, 2, 28, 23, 30), "B", "date_debut", None, "2025-06-01"),
        (7, "37", datetime(2026, 3, 1, 10), "B", "animateur_nom", "", "Camille"),
    ]
    return pd.DataFrame([{"id": i, "change_id": str(i), "departement": c, "changed_at": m, "author": a,
                          "action": "modification", "field": f, "before": b, "after": v}
                         for i, c, m, a, f, b, v in rows])


def test_end_of_day_is_paris_midnight():
    assert end_of_day(date(2026, 2, 28)) == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)  # winter: UTC+1


def test_changes_after_the_day_are_undone_newest_first_with_types_restored():
    past = records_at(records(), history(), date(2026, 2, 28))
    row = past.set_index("departement").loc["37"]
    assert row["statut"] == "mi-temps" and row["etp"] == 0.5 and pd.isna(row["date_debut"])
    assert row["animateur_nom"] == ""
    assert row["updated_at"] == datetime(2025, 1, 5, 10, tzinfo=UTC) and row["updated_by"] == "A"
    untouched = past.set_index("departement").loc["41"]
    assert untouched["statut"] == "mi-temps" and untouched["updated_by"] == "A"


def test_before_any_change_everything_is_unknown_and_today_changes_nothing():
    early = records_at(records(), history(), date(2024, 12, 31)).set_index("departement")
    assert list(early["statut"]) == ["non renseigné", "non renseigné"]
    assert pd.isna(early.loc["37", "updated_at"]) and early.loc["37", "updated_by"] == ""
    now = records_at(records(), history(), date(2026, 3, 1))
    pd.testing.assert_frame_equal(now, records())


def test_status_changes_are_public_and_dated():
    changes = status_changes(history(), "37")
    assert [(b, a) for _, b, a in changes] == [("non renseigné", "mi-temps"), ("mi-temps", "temps plein")]
    assert status_changes(history(), "37", date(2026, 2, 28))[-1][2] == "mi-temps"
