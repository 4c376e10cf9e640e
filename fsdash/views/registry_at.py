"""The facilitator registry as it was recorded on a past day, rebuilt from its history.

Until the registry holds dated periods (issue 11: the day each status took
effect), the only past the registry knows is its history: every save wrote, per
changed field, its value before and after. Undoing, newest first, the changes
made after a day gives the registry as it stood that evening. That is when a
status was *recorded*, not when it *applied*: the fiches say so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd

from fsdash.domain.formatting import PARIS
from fsdash.domain.record_fields import DATE_FIELDS

NUMBER_FIELDS = ("etp", "financement_annuel")
RECORDED_NOTE = ("Situation reconstituée d'après l'historique des modifications du registre : dates "
                 "d'enregistrement, pas dates d'effet des statuts.")


def end_of_day(day: date) -> datetime:
    """Midnight at the end of ``day`` in Paris, as an aware UTC moment."""
    return datetime.combine(day + timedelta(days=1), time(0), PARIS).astimezone(UTC)


def _moments(values: pd.Series) -> pd.Series:
    """History timestamps as aware UTC (SQLite gives them naive, in UTC)."""
    return pd.to_datetime(values, utc=True)


def typed(field: str, text):
    """A history value (text) back to the record's type."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return None
    if field in NUMBER_FIELDS:
        try:
            return float(text)
        except ValueError:
            return None
    if field in DATE_FIELDS:
        try:
            return date.fromisoformat(str(text)[:10])
        except ValueError:
            return None
    return str(text)


def records_at(records: pd.DataFrame, history: pd.DataFrame, day: date) -> pd.DataFrame:
    """``records`` (``registry.all_records``) as recorded at the end of ``day``,
    given the full ``history`` (``registry.history``). ``updated_at`` and
    ``updated_by`` become those of the last change kept."""
    out = records.copy()
    if history.empty:
        return out
    limit = pd.Timestamp(end_of_day(day))
    changes = history.assign(moment=_moments(history["changed_at"])).sort_values("id", ascending=False)
    later = changes[changes["moment"] >= limit]
    index = {code: i for i, code in zip(out.index, out["departement"])}
    for row in later.itertuples(index=False):
        i = index.get(row.departement)
        if i is not None and row.field in out.columns:
            out.at[i, row.field] = typed(row.field, row.before)
    kept = changes[changes["moment"] < limit].drop_duplicates("departement")  # newest first: the last change
    last = {row.departement: (row.moment.to_pydatetime(), row.author) for row in kept.itertuples(index=False)}
    touched = set(later["departement"])
    for code in touched:
        i = index.get(code)
        if i is None:
            continue
        moment, author = last.get(code, (None, ""))
        out.at[i, "updated_at"] = moment
        out.at[i, "updated_by"] = author
    return out


def status_changes(history: pd.DataFrame, code: str, day: date | None = None) -> list[tuple[datetime, str, str]]:
    """The status changes of ``code`` recorded up to the end of ``day``, oldest
    first: (moment, before, after). Public (no author, no personal field)."""
    if history.empty:
        return []
    rows = history[(history["departement"] == code) & (history["field"] == "statut")]
    rows = rows.assign(moment=_moments(rows["changed_at"])).sort_values("id")
    if day is not None:
        rows = rows[rows["moment"] < pd.Timestamp(end_of_day(day))]
    return [(r.moment.to_pydatetime(), r.before or "", r.after or "") for r in rows.itertuples(index=False)]
