"""Whole timelines at once: a département's periods replaced by a new list, in the
caller's transaction (the long-format import, the demonstration data).

Periods whose start is in the new list are kept and corrected where they differ;
the others are deleted; the new starts are added. Every change leaves history
rows with the period's ``date_effet``; the record version moves when anything did.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, insert, update

from fsdash.domain.periods import PERIOD_FIELDS
from fsdash.inputs.record_values import as_text
from fsdash.storage.periods import BLANK_PERIOD, period_rows, touch_record
from fsdash.storage.tables import facilitator_history, facilitator_periods


def replace_timeline(conn, code: str, new: list[tuple[date | None, dict]], *, author: str, change_id: str,
                     when: datetime, action: str) -> bool:
    """Make ``code``'s timeline exactly ``new`` (start, checked period fields), with
    history rows labelled ``action``. Returns whether anything changed."""
    old = {row["date_effet"]: row for row in period_rows(conn, code)}
    wanted = dict(new)
    history: list[dict] = []

    def record(day, field, before, after):
        if as_text(before) != as_text(after):
            history.append({"change_id": change_id, "departement": code, "changed_at": when, "author": author,
                            "action": action, "field": field, "before": as_text(before), "after": as_text(after),
                            "date_effet": day})

    gone = [row["id"] for day, row in old.items() if day not in wanted]
    for day, row in old.items():
        if day not in wanted:
            for f in PERIOD_FIELDS:
                record(day, f, row[f], None)
    if gone:
        conn.execute(delete(facilitator_periods).where(facilitator_periods.c.id.in_(gone)))
    added = []
    for day, period in wanted.items():
        values = {f: period[f] for f in PERIOD_FIELDS}
        row = old.get(day)
        if row is None:
            added.append({"departement": code, "date_effet": day, "version": 1, "recorded_at": when,
                          "recorded_by": author, **values})
            record(day, "date_effet", None, day)
            for f in PERIOD_FIELDS:
                record(day, f, BLANK_PERIOD[f], values[f])
        elif any(as_text(row[f]) != as_text(values[f]) for f in PERIOD_FIELDS):
            conn.execute(update(facilitator_periods).where(facilitator_periods.c.id == row["id"]).values(
                version=row["version"] + 1, recorded_at=when, recorded_by=author, **values))
            for f in PERIOD_FIELDS:
                record(day, f, row[f], values[f])
    if added:
        conn.execute(insert(facilitator_periods), added)
    if history:
        conn.execute(insert(facilitator_history), history)
    changed = bool(gone or added or history)
    if changed:
        touch_record(conn, code, author, when)
    return changed
