"""Registry of departmental facilitators (animateurs départementaux): storage.

One record per département (and Saint-Martin). Every change writes, in the same
transaction, one history row per changed field (who, when, before, after). Each
record carries a version number: a save names the version it started from and is
refused when someone saved in between.

Every write takes the acting ``rights.User`` and checks its right itself
(``accounts.require``): a prefecture changes its own départements only, whole-
registry imports are for administrators. Exception messages never contain the
facilitator's personal values (they may be logged).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from fsdash.domain import formatting
from fsdash.domain.formatting import now
from fsdash.domain.periods import PERIOD_FIELDS
from fsdash.domain.record_fields import FIELD_LABELS, PERSONAL_FIELDS
from fsdash.domain.territories import CODES, DEPARTEMENTS
from fsdash.inputs.record_values import (
    Change,
    RecordError,
    as_text,
    blank_values,
    check_period,
    parse_date,
    prepare,
)
from fsdash.storage import periods, rights
from fsdash.storage.accounts import require
from fsdash.storage.concurrency import ConcurrentImportError, StorageError, claim_versions, versions  # noqa: F401
from fsdash.storage.rights import User
from fsdash.storage.tables import facilitator_history, facilitator_periods, facilitators, settings_table

IMPORT_ACTION = "importer le registre des animateurs"


class ConcurrentEditError(RuntimeError):
    """Someone saved the record after the version the editor started from."""

    def __init__(self, code: str, expected: int, current: dict, changed: dict[str, tuple]):
        self.code = code
        self.expected = expected
        self.current = current
        self.changed = changed  # field -> (value the editor saw, value saved meanwhile)
        who = current.get("updated_by") or "quelqu'un"
        when_text = formatting.moment(current.get("updated_at"))
        fields = ", ".join(FIELD_LABELS.get(f, f) for f in changed) or "aucun champ visible"
        super().__init__(
            f"Enregistrement refusé : la fiche du département {code} a été modifiée par {who} "
            f"le {when_text} pendant votre saisie (champs : {fields}). Rechargez la fiche et refaites vos changements."
        )


# --------------------------------------------------------------------------- reading


def ensure_rows(engine: Engine) -> None:
    """Create the missing records as « non renseigné » (idempotent, safe to race).

    Run once per engine by ``fsdash.db.create_schema``, not on every read."""
    with engine.begin() as conn:
        present = set(conn.execute(select(facilitators.c.departement)).scalars())
    missing = [c for c in CODES if c not in present]
    if not missing:
        return
    try:
        with engine.begin() as conn:
            conn.execute(insert(facilitators), [_blank(code) for code in missing])
    except IntegrityError:
        pass  # another process created them first


def _blank(code: str) -> dict:
    return {"departement": code, **blank_values(), "version": 1, "updated_at": None, "updated_by": ""}


def _row_dict(row) -> dict:
    record = dict(row._mapping)
    if record.get("updated_at") is not None and record["updated_at"].tzinfo is None:
        record["updated_at"] = record["updated_at"].replace(tzinfo=UTC)
    return record


def get_record(engine: Engine, code: str, day: date | None = None) -> dict:
    """One territory's record as in force on ``day`` (default today): see ``records_at``."""
    if code not in DEPARTEMENTS:
        raise KeyError(f"département inconnu « {code} »")
    record = periods.records_at(engine, day, code).iloc[0].to_dict()
    return {k: (None if not isinstance(v, str) and pd.api.types.is_scalar(v) and pd.isna(v) else v)
            for k, v in record.items()}


def records_at(engine: Engine, day: date | None = None) -> pd.DataFrame:
    """Every record as in force on ``day`` (default today), one row per code, in
    reference order (``periods.records_at``)."""
    return periods.records_at(engine, day)


def all_records(engine: Engine) -> pd.DataFrame:
    """Every record as in force today, one row per code, in reference order."""
    return periods.records_at(engine)


def current_statuses(engine: Engine) -> dict[str, str]:
    frame = all_records(engine)
    return dict(zip(frame["departement"], frame["statut"]))


def history(engine: Engine, code: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """History rows, newest first: changed_at, author, action, departement, field, before, after."""
    query = select(facilitator_history).order_by(facilitator_history.c.id.desc())
    if code is not None:
        query = query.where(facilitator_history.c.departement == code)
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    columns = ["id", "change_id", "departement", "changed_at", "author", "action", "field", "before", "after",
               "date_effet"]
    return pd.DataFrame(rows, columns=columns)


def data_version(engine: Engine) -> tuple:
    """A cheap fingerprint that changes whenever the registry changes (for caches)."""
    with engine.connect() as conn:
        return tuple(conn.execute(
            select(func.count(facilitator_history.c.id), func.max(facilitator_history.c.id))
        ).one()) + periods.fingerprint(conn)


# --------------------------------------------------------------------------- writing


class _VersionMoved(Exception):
    """The record is no longer at the version the editor started from."""


def _check_version(conn, code: str, expected_version: int | None) -> None:
    """Inside the write's transaction (``expected_version`` None: no check)."""
    version = conn.execute(select(facilitators.c.version).where(facilitators.c.departement == code)).scalar_one()
    if expected_version is not None and version != expected_version:
        raise _VersionMoved


# The fields kept on the département's row; the dated ones (``periods.PERIOD_FIELDS``) go to its periods.
RECORD_FIELDS: tuple[str, ...] = ("commentaire", *PERSONAL_FIELDS)
_UNSET = object()


def _start(values: dict, date_effet, errors: dict[str, str]) -> date | None:
    """The period a save is about: ``date_effet`` when given, else the old
    ``date_debut`` field when given, else today."""
    if date_effet is not _UNSET:
        return date_effet
    if "date_debut" in values:
        try:
            return parse_date(values["date_debut"])
        except ValueError as exc:
            errors["date_debut"] = str(exc)
            return None
    return periods.today()


def _stage(conn, code: str, values: dict, date_effet, period_id: int | None,
           replace_unchanged: bool = False) -> tuple[dict, tuple | None, dict[str, str]]:
    """What a save of ``values`` writes, checked: the record-level fields, and the
    period (start, fields) or None when no dated field changes."""
    errors: dict[str, str] = {}
    row = _row_dict(conn.execute(select(facilitators).where(facilitators.c.departement == code)).first())
    record_values = {k: v for k, v in values.items() if k in RECORD_FIELDS}
    after, record_errors = prepare(row, record_values)
    errors.update({k: v for k, v in record_errors.items() if k in record_values})
    period_values = {k: v for k, v in values.items() if k in PERIOD_FIELDS}
    dated = period_values or period_id is not None or "date_debut" in values or date_effet is not _UNSET
    if not dated:
        return after, None, errors
    day = _start(values, date_effet, errors)
    rows = periods.period_rows(conn, code)
    if period_id is not None:
        base = next((r for r in rows if r["id"] == period_id), None)
        if base is None:
            raise periods.PeriodConflictError(code, day)
    else:
        frame = periods.in_force(periods.period_frame(rows), day) if day else None
        same = next((r for r in rows if r["date_effet"] == day), None)
        base = same or (frame.iloc[0].to_dict() if frame is not None and not frame.empty else None)
    merged = {f: (base or periods.BLANK_PERIOD).get(f) for f in PERIOD_FIELDS if f != "etp"} | period_values
    period, period_errors = check_period(merged, day)
    if "date_effet" in period_errors and date_effet is _UNSET and "date_debut" in values:
        period_errors["date_debut"] = period_errors.pop("date_effet")
    errors.update(period_errors)
    unchanged = base is not None and all(as_text(base.get(f)) == as_text(period[f]) for f in PERIOD_FIELDS)
    if period_id is None and unchanged and not replace_unchanged and base.get("date_effet") != day:
        return after, None, errors  # the same as the period in force: nothing new from that day
    return after, (day, period), errors


def write_record_fields(conn, change_id: str, code: str, after: dict, author: str, action: str,
                        when: datetime) -> bool:
    """Write the record-level fields of ``after`` that changed, with their history (caller's transaction)."""
    row = _row_dict(conn.execute(select(facilitators).where(facilitators.c.departement == code)).first())
    fields = [f for f in RECORD_FIELDS if f in after and as_text(row.get(f)) != as_text(after.get(f))]
    if not fields:
        return False
    conn.execute(update(facilitators).where(facilitators.c.departement == code).values(
        **{f: after[f] for f in fields}))
    conn.execute(insert(facilitator_history), [
        {"change_id": change_id, "departement": code, "changed_at": when, "author": author,
         "action": action, "field": f, "before": as_text(row.get(f)), "after": as_text(after.get(f))}
        for f in fields
    ])
    return True


def _save(conn, code: str, values: dict, author: str, action: str, when: datetime, change_id: str, *,
          date_effet=_UNSET, period_id: int | None = None, period_version: int | None = None) -> bool:
    after, period, errors = _stage(conn, code, values, date_effet, period_id)
    if errors:
        raise RecordError(errors)
    changed = False
    if period is not None:
        changed = periods.write_period(conn, code, period[0], period[1], author=author, change_id=change_id,
                                       when=when, expected_version=period_version, period_id=period_id,
                                       touch=False, action=None if action == "modification" else action)
    changed = write_record_fields(conn, change_id, code, after, author, action, when) or changed
    if changed:
        periods.touch_record(conn, code, author, when)
    return changed


def update_record(engine: Engine, code: str, values: dict, user: User, expected_version: int | None,
                  action: str = "modification", *, date_effet=_UNSET, period_id: int | None = None,
                  period_version: int | None = None) -> dict:
    """Save ``values`` for ``code`` and its history, in one transaction, as ``user``.

    The record-level fields (``RECORD_FIELDS``) go to the département's row; the
    dated ones (status, ETP, host, convention, funding) to a period: with
    ``period_id``, that period is corrected (and moved to ``date_effet`` when
    given); otherwise a period starting on ``date_effet`` (default: the old
    ``date_debut`` value when given, else today) is added, replacing the one with
    the same start — unless it would repeat the period already in force.

    Refused (``rights.AccessDenied``, recorded, nothing written) unless ``user``
    may edit ``code``'s record; changing the facilitator's name or contact also
    needs the right to see them. ``expected_version`` is the record version the
    editor loaded (it moves with every save of the département, periods included):
    a save made by someone else since then raises ``ConcurrentEditError``;
    ``period_version`` likewise for the period (``periods.PeriodConflictError``,
    0: no period expected at that date). Invalid values raise ``RecordError`` (keys: field
    names, ``date_effet``). Nothing is written on any error. Returns the record in force today."""
    if code not in DEPARTEMENTS:
        raise KeyError(f"département inconnu « {code} »")
    require(engine, user, rights.can_edit_record(user, code), "modifier la fiche de l'animateur", code)
    if any(f in values for f in PERSONAL_FIELDS):
        require(engine, user, rights.can_see_personal(user, code),
                "modifier les coordonnées de l'animateur", code)
    try:
        with engine.begin() as conn:
            _check_version(conn, code, expected_version)
            _save(conn, code, values, user.signature, action, now(), str(uuid.uuid4()), date_effet=date_effet,
                  period_id=period_id, period_version=period_version)
    except _VersionMoved:
        raise _conflict(engine, code, expected_version, get_record(engine, code)) from None
    except IntegrityError:  # another save created a period with the same start meanwhile
        raise periods.PeriodConflictError(code, None if date_effet is _UNSET else date_effet) from None
    except DBAPIError:
        raise StorageError(f"fiche du département {code}") from None
    return get_record(engine, code)


def add_period(engine: Engine, code: str, date_effet: date | None, values: dict, user: User,
               expected_version: int | None = None, period_version: int | None = None) -> dict:
    """A period of ``code`` « à partir du » ``date_effet`` (``None``: unknown start),
    replacing the one with the same start (see ``update_record``)."""
    return update_record(engine, code, {k: v for k, v in values.items() if k in PERIOD_FIELDS}, user,
                         expected_version, date_effet=date_effet, period_version=period_version)


def correct_period(engine: Engine, period_id: int, values: dict, user: User, period_version: int | None,
                   date_effet=_UNSET, expected_version: int | None = None) -> dict:
    """Correct a past (or planned) period: its fields, and its start when ``date_effet`` is given."""
    code = _period_code(engine, period_id)
    if date_effet is _UNSET:
        date_effet = periods.period_start(engine, period_id)
    return update_record(engine, code, {k: v for k, v in values.items() if k in PERIOD_FIELDS}, user,
                         expected_version, date_effet=date_effet, period_id=period_id, period_version=period_version)


def delete_period(engine: Engine, period_id: int, user: User, period_version: int | None,
                  expected_version: int | None = None) -> dict:
    """Delete one period, as ``user`` (who must be allowed to edit its département).
    Returns the deleted period."""
    code = _period_code(engine, period_id)
    require(engine, user, rights.can_edit_record(user, code), "supprimer une période de la fiche", code)
    try:
        with engine.begin() as conn:
            _check_version(conn, code, expected_version)
            return periods.remove_period(conn, period_id, author=user.signature, change_id=str(uuid.uuid4()),
                                         when=now(), expected_version=period_version)
    except _VersionMoved:
        raise _conflict(engine, code, expected_version, get_record(engine, code)) from None


def _period_code(engine: Engine, period_id: int) -> str:
    code = periods.period_code(engine, period_id)
    if code is None:
        raise periods.PeriodConflictError("?", None)
    return code


def _conflict(engine: Engine, code: str, expected: int, current: dict) -> ConcurrentEditError:
    changed: dict[str, tuple] = {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(facilitator_history)
            .where(facilitator_history.c.departement == code)
            .order_by(facilitator_history.c.id)
        ).all()
    # Versions are not stored per history row; the last (current - expected) saves are the
    # ones made meanwhile: group rows by change_id and keep the newest groups.
    groups: list[str] = []
    for row in rows:
        if not groups or groups[-1] != row.change_id:
            groups.append(row.change_id)
    recent = set(groups[-max(current["version"] - expected, 0):]) if current["version"] > expected else set()
    for row in rows:
        if row.change_id in recent:
            before = changed.get(row.field, (row.before, None))[0]
            changed[row.field] = (before, row.after)
    return ConcurrentEditError(code, expected, current, changed)


def apply_many(engine: Engine, values_by_code: dict[str, dict], user: User, action: str,
               expected_versions: dict[str, int] | None = None, author: str | None = None) -> list[Change]:
    """Apply several records at once, all or nothing, as ``user`` (administrators
    only: it changes any département). The dated fields make a period from the
    row's ``date_debut`` when given, else from today — or from an unknown start for
    a département with no period yet. Raises ``RecordError`` with errors keyed
    ``CODE:field`` when any record is invalid; nothing is written then.

    ``expected_versions``: the record versions the preview showed (``versions``; a
    record's version moves with every save of its département, periods included): a
    département of ``values_by_code`` saved since then raises ``ConcurrentImportError``
    and nothing is written. ``author``: what the history records instead of ``user``."""
    require(engine, user, rights.can_import(user), IMPORT_ACTION, f"{len(values_by_code)} département(s)")
    before = periods.records_at(engine).set_index("departement")
    author, change_id, when = author or user.signature, str(uuid.uuid4()), now()
    try:
        with engine.begin() as conn:
            claim_versions(conn, list(values_by_code), expected_versions)
            errors: dict[str, str] = {}
            known = set(conn.execute(select(facilitator_periods.c.departement)).scalars())
            for code, values in values_by_code.items():
                if code not in DEPARTEMENTS:
                    errors[f"{code}:departement"] = f"département inconnu « {code} »"
                    continue
                start = _UNSET if values.get("date_debut") or code in known else None
                try:
                    _save(conn, code, values, author, action, when, change_id, date_effet=start)
                except RecordError as exc:
                    errors.update({f"{code}:{k}": v for k, v in exc.errors.items()})
            if errors:
                raise RecordError(errors)  # rolls the whole transaction back
            if action == "import":
                clear_demo_flag(conn)  # a whole registry replaces the demonstration state
    except DBAPIError:
        raise StorageError("import du registre") from None
    return changes_since(engine, before, list(values_by_code))


def changes_since(engine: Engine, before: pd.DataFrame, codes: list[str]) -> list[Change]:
    """What changed in today's records of ``codes`` since ``before`` (indexed by code)."""
    after = periods.records_at(engine).set_index("departement")
    changes = []
    for code in codes:
        change = Change(code, before.loc[code].to_dict(), after.loc[code].to_dict())
        if change.fields:
            changes.append(change)
    return changes


def clear_demo_flag(conn) -> None:
    """Lower the demonstration flag (in the caller's transaction)."""
    conn.execute(settings_table.delete().where(settings_table.c.key == "demo"))


def is_demo(engine: Engine) -> bool:
    """Is the registry in its demonstration state (banner on every page)?"""
    with engine.connect() as conn:
        return conn.execute(select(settings_table.c.value).where(settings_table.c.key == "demo")).scalar() == "1"
