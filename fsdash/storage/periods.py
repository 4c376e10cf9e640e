"""The registry's time axis in the database: each département's dated periods.

A period (``facilitator_periods``) carries the dated fields of
``fsdash.domain.periods.PERIOD_FIELDS`` from its ``date_effet`` until the next
period of the same département starts (``date_effet`` NULL: « depuis une date
inconnue », before any other). The record-level fields (facilitator's name and
contact, comment) stay on the ``facilitators`` row.

Reading: ``periods`` (the timelines), ``records_at`` (the registry as in force on a
day, one row per territory, the shape of ``registry.all_records``).

Writing: ``write_period`` and ``remove_period`` work inside the caller's
transaction; ``registry.update_record``, ``registry.delete_period`` and the imports
check the rights and call them. Every write records, per changed field, a history
row with the period's ``date_effet``, and raises the département's record version
(the form's concurrency check) and the period's own version.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, update

from fsdash.domain import formatting
from fsdash.domain.formatting import PARIS, now
from fsdash.domain.periods import (
    PERIOD_COLUMNS,
    PERIOD_FIELDS,
    UNKNOWN_START_LABEL,
    in_force,
    ordered,
    records_in_force,
)
from fsdash.domain.record_fields import FIELD_LABELS
from fsdash.domain.statuses import NON_RENSEIGNE
from fsdash.domain.territories import CODES, DEPARTEMENTS
from fsdash.inputs.record_values import RecordError, as_text
from fsdash.storage.tables import facilitator_history, facilitator_periods, facilitators

PERIOD_EXTRA: tuple[str, ...] = ("id", "version", "recorded_at", "recorded_by")
# What ``records_at`` adds to a record: which period is in force, and its version.
RECORD_PERIOD_COLUMNS: tuple[str, ...] = ("date_effet", "periode_id", "periode_version")

ADDED = "période ajoutée"
REPLACED = "période remplacée"
CORRECTED = "période corrigée"
DELETED = "période supprimée"
PERIOD_ACTIONS: tuple[str, ...] = (ADDED, REPLACED, CORRECTED, DELETED)


def today() -> date:
    """Today in Paris: the default day of every reading and of a new period."""
    return now().astimezone(PARIS).date()


def start_label(day: date | None) -> str:
    """« 01/01/2024 », or « depuis une date inconnue »."""
    return UNKNOWN_START_LABEL if day is None else f"{day:%d/%m/%Y}"


class PeriodConflictError(RuntimeError):
    """The period was changed or deleted by someone else since the editor loaded it."""

    def __init__(self, code: str, day: date | None):
        self.code = code
        self.date_effet = day
        super().__init__(
            f"Enregistrement refusé : la période du {start_label(day)} du département {code} a été modifiée "
            "ou supprimée par quelqu'un d'autre pendant votre saisie. Rechargez la fiche et refaites vos changements."
        )


# --------------------------------------------------------------------------- reading


def _aware(moment):
    if isinstance(moment, datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def period_frame(rows: list[dict]) -> pd.DataFrame:
    """Period rows (dicts from the table) as a timeline for ``fsdash.domain.periods``."""
    return _frame(rows)


def period_code(engine: Engine, period_id: int) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(facilitator_periods.c.departement)
                            .where(facilitator_periods.c.id == period_id)).scalar()


def period_start(engine: Engine, period_id: int) -> date | None:
    with engine.connect() as conn:
        return conn.execute(select(facilitator_periods.c.date_effet)
                            .where(facilitator_periods.c.id == period_id)).scalar()


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = [*PERIOD_COLUMNS, *PERIOD_EXTRA]
    frame = pd.DataFrame(rows, columns=columns).astype({"date_effet": object, "date_convention": object})
    # Aware UTC moments (SQLite gives them naive, in UTC), converted at once rather than one by one.
    frame["recorded_at"] = pd.to_datetime(frame["recorded_at"], utc=True)
    return frame


def periods(engine: Engine, code: str | None = None) -> pd.DataFrame:
    """Every period (of ``code`` only when given), by département then start (an
    unknown start first): ``PERIOD_COLUMNS`` plus id, version, recorded_at,
    recorded_by. ``date_effet`` and ``date_convention`` are ``date`` or ``None``."""
    query = select(facilitator_periods)
    if code is not None:
        query = query.where(facilitator_periods.c.departement == code)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    frame = ordered(_frame(rows))
    return frame.astype({"date_effet": object, "date_convention": object}).replace({pd.NaT: None})


def records_at(engine: Engine, day: date | None = None, code: str | None = None) -> pd.DataFrame:
    """The registry as in force on ``day`` (default today): one row per territory in
    reference order, the columns of ``registry.all_records`` — the record-level
    fields as stored, the dated fields from the period in force (« non renseigné »
    and empty where none), ``date_debut`` the start of that period — plus
    ``date_effet``, ``periode_id`` and ``periode_version``. Personal fields
    included: masking is the caller's job (``storage.rights``). With ``code``, that
    territory's row only, reading only its rows (a page's form reads one record on
    every run)."""
    day = day or today()
    record_query, period_query = select(facilitators), select(facilitator_periods)
    if code is not None:
        record_query = record_query.where(facilitators.c.departement == code)
        period_query = period_query.where(facilitator_periods.c.departement == code)
    with engine.connect() as conn:
        records = [dict(r._mapping) for r in conn.execute(record_query)]
        timeline = _frame([dict(r._mapping) for r in conn.execute(period_query)])
    codes = list(CODES) if code is None else [code]
    frame = (pd.DataFrame(records, columns=[c.name for c in facilitators.columns]).set_index("departement")
             .reindex(codes).reset_index())
    frame["updated_at"] = frame["updated_at"].map(_aware)
    frame["nom"] = frame["departement"].map(lambda c: DEPARTEMENTS[c].nom)
    frame["region"] = frame["departement"].map(lambda c: DEPARTEMENTS[c].region)
    return records_in_force(frame, timeline, day)


def fingerprint(conn) -> tuple:
    """What changes whenever a period changes (``registry.data_version``)."""
    return tuple(conn.execute(select(func.count(facilitator_periods.c.id), func.max(facilitator_periods.c.id),
                                     func.sum(facilitator_periods.c.version))).one())


# --------------------------------------------------------------------------- writing (caller's transaction)


def _history(conn, change_id: str, code: str, day: date | None, before: dict, after: dict, author: str,
             action: str, when: datetime, fields) -> int:
    rows = [{"change_id": change_id, "departement": code, "changed_at": when, "author": author, "action": action,
             "field": f, "before": as_text(before.get(f)), "after": as_text(after.get(f)), "date_effet": day}
            for f in fields if as_text(before.get(f)) != as_text(after.get(f))]
    if rows:
        conn.execute(insert(facilitator_history), rows)
    return len(rows)


def touch_record(conn, code: str, author: str, when: datetime) -> None:
    """Raise the département's record version: the form's concurrency check covers its periods."""
    conn.execute(update(facilitators).where(facilitators.c.departement == code)
                 .values(version=facilitators.c.version + 1, updated_at=when, updated_by=author))


def period_rows(conn, code: str) -> list[dict]:
    query = select(facilitator_periods).where(facilitator_periods.c.departement == code)
    return [dict(r._mapping) for r in conn.execute(query)]


def _same_start(rows: list[dict], day: date | None, but: int | None = None) -> dict | None:
    return next((r for r in rows if r["date_effet"] == day and r["id"] != but), None)


def write_period(conn, code: str, date_effet: date | None, period: dict, *, author: str, change_id: str,
                 when: datetime, expected_version: int | None = None, period_id: int | None = None,
                 touch: bool = True, action: str | None = None) -> bool:
    """Write a checked ``period`` (``check_period``) of ``code`` starting on ``date_effet``.

    Without ``period_id``: add it, replacing the period with the same ``date_effet``
    if any (``expected_version``: that period's version, 0 when none was expected).
    With ``period_id``: correct that period (``expected_version`` its version),
    possibly moving its start — refused (``RecordError`` on ``date_effet``) onto the
    start of another period. Raises ``PeriodConflictError`` when the versions moved.
    ``action`` names the operation in the history (default: ``ADDED``, ``REPLACED``
    or ``CORRECTED``). Returns whether anything changed."""
    rows = period_rows(conn, code)
    if period_id is None:
        target = _same_start(rows, date_effet)
        if expected_version is not None and (target["version"] if target else 0) != expected_version:
            raise PeriodConflictError(code, date_effet)
        action_done = REPLACED if target else ADDED
    else:
        target = next((r for r in rows if r["id"] == period_id), None)
        if target is None or (expected_version is not None and target["version"] != expected_version):
            raise PeriodConflictError(code, target["date_effet"] if target else date_effet)
        if _same_start(rows, date_effet, but=period_id) is not None:
            raise RecordError({"date_effet": f"une autre période commence déjà le {start_label(date_effet)} : "
                                             "corrigez-la plutôt, ou choisissez une autre date"})
        action_done = CORRECTED
    values = {f: period[f] for f in PERIOD_FIELDS}
    if target is None:
        conn.execute(insert(facilitator_periods).values(
            departement=code, date_effet=date_effet, version=1, recorded_at=when, recorded_by=author, **values))
        before = _in_force_before(rows, date_effet)
    else:
        before = {**{f: target[f] for f in PERIOD_FIELDS}, "date_effet": target["date_effet"]}
        if all(as_text(before[f]) == as_text(values[f]) for f in PERIOD_FIELDS) and before["date_effet"] == date_effet:
            return False
        result = conn.execute(update(facilitator_periods)
                              .where(facilitator_periods.c.id == target["id"],
                                     facilitator_periods.c.version == target["version"])
                              .values(date_effet=date_effet, version=target["version"] + 1, recorded_at=when,
                                      recorded_by=author, **values))
        if result.rowcount != 1:
            raise PeriodConflictError(code, date_effet)
    after = {**values, "date_effet": date_effet}
    fields = ("date_effet", *PERIOD_FIELDS)
    _history(conn, change_id, code, date_effet, before, after, author, action_done if action is None else action,
             when, fields)
    if touch:
        touch_record(conn, code, author, when)
    return True


BLANK_PERIOD = {"statut": NON_RENSEIGNE, "etp": 0.0, "structure_porteuse": "", "type_structure": "",
                "date_convention": None, "financement_annuel": None}


def _in_force_before(rows: list[dict], day: date | None) -> dict:
    """What was in force on ``day`` before a period was added there (history's « before »;
    its ``date_effet`` left empty: the new period starts its own)."""
    current = in_force(_frame(rows), day) if day is not None and rows else None
    found = current.iloc[0].to_dict() if current is not None and not current.empty else BLANK_PERIOD
    return {f: found.get(f) for f in PERIOD_FIELDS} | {"date_effet": None}


def remove_period(conn, period_id: int, *, author: str, change_id: str, when: datetime,
                  expected_version: int | None = None) -> dict:
    """Delete one period (its fields go to the history, « after » empty). Returns it."""
    row = conn.execute(select(facilitator_periods).where(facilitator_periods.c.id == period_id)).first()
    if row is None:
        raise PeriodConflictError("?", None)
    target = dict(row._mapping)
    if expected_version is not None and target["version"] != expected_version:
        raise PeriodConflictError(target["departement"], target["date_effet"])
    result = conn.execute(delete(facilitator_periods).where(facilitator_periods.c.id == period_id,
                                                           facilitator_periods.c.version == target["version"]))
    if result.rowcount != 1:
        raise PeriodConflictError(target["departement"], target["date_effet"])
    _history(conn, change_id, target["departement"], target["date_effet"], target, {}, author, DELETED, when,
             PERIOD_FIELDS)
    touch_record(conn, target["departement"], author, when)
    return target


def describe(period: dict) -> str:
    """« à partir du 01/01/2024 : temps plein » (public fields only), for lists and messages."""
    start = period.get("date_effet")
    head = UNKNOWN_START_LABEL if start is None else f"à partir du {start:%d/%m/%Y}"
    text = f"{head} : {period.get('statut')}"
    if period.get("financement_annuel") not in (None, "") and not pd.isna(period.get("financement_annuel")):
        text += f" ({formatting.euros(period['financement_annuel'])})"
    return text


LABELS = FIELD_LABELS | {"date_effet": "À partir du"}
