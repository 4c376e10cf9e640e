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
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from fsdash.domain import formatting
from fsdash.domain.formatting import now
from fsdash.domain.record_fields import FIELD_LABELS, PERSONAL_FIELDS
from fsdash.domain.territories import CODES, DEPARTEMENTS
from fsdash.inputs.record_values import Change, RecordError, as_text, blank_values, prepare
from fsdash.storage import rights
from fsdash.storage.accounts import require
from fsdash.storage.rights import User
from fsdash.storage.tables import facilitator_history, facilitators, settings_table

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


class StorageError(RuntimeError):
    """The database refused a write: a French message that quotes no value (the
    database's own message may hold personal data; it is not chained)."""

    def __init__(self, what: str):
        super().__init__(f"La base de données a refusé l'enregistrement ({what}) : rien n'a été enregistré. "
                         "Vérifiez la longueur et le format des valeurs, puis réessayez.")


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


def get_record(engine: Engine, code: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(facilitators).where(facilitators.c.departement == code)).first()
    if row is None:
        raise KeyError(f"département inconnu « {code} »")
    return _row_dict(row)


def all_records(engine: Engine) -> pd.DataFrame:
    """Every record, one row per code, in reference order."""
    with engine.connect() as conn:
        rows = [_row_dict(r) for r in conn.execute(select(facilitators))]
    frame = pd.DataFrame(rows).set_index("departement").reindex(list(CODES)).reset_index()
    frame["nom"] = frame["departement"].map(lambda c: DEPARTEMENTS[c].nom)
    frame["region"] = frame["departement"].map(lambda c: DEPARTEMENTS[c].region)
    return frame


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
    columns = ["id", "change_id", "departement", "changed_at", "author", "action", "field", "before", "after"]
    return pd.DataFrame(rows, columns=columns)


def data_version(engine: Engine) -> tuple:
    """A cheap fingerprint that changes whenever the registry changes (for caches)."""
    with engine.connect() as conn:
        return tuple(conn.execute(
            select(func.count(facilitator_history.c.id), func.max(facilitator_history.c.id))
        ).one())


# --------------------------------------------------------------------------- writing


class _VersionMoved(Exception):
    pass


def _write(conn, change_id: str, code: str, before: dict, after: dict, author: str, action: str,
           expected_version: int | None, when: datetime) -> bool | None:
    """Write the changed fields and their history; False when nothing changed,
    None when the record is no longer at ``expected_version``."""
    fields = Change(code, before, after).fields
    if not fields:
        return False
    query = update(facilitators).where(facilitators.c.departement == code)
    if expected_version is not None:
        query = query.where(facilitators.c.version == expected_version)
    values = {f: after[f] for f in fields}
    values.update(version=facilitators.c.version + 1, updated_at=when, updated_by=author)
    result = conn.execute(query.values(**values))
    if result.rowcount != 1:
        return None  # version moved on
    conn.execute(insert(facilitator_history), [
        {"change_id": change_id, "departement": code, "changed_at": when, "author": author,
         "action": action, "field": f, "before": as_text(before.get(f)), "after": as_text(after.get(f))}
        for f in fields
    ])
    return True


def update_record(engine: Engine, code: str, values: dict, user: User,
                  expected_version: int | None, action: str = "modification") -> dict:
    """Save ``values`` for ``code`` and its history, in one transaction, as ``user``.

    Refused (``rights.AccessDenied``, recorded, nothing written) unless ``user``
    may edit ``code``'s record; changing the facilitator's name or contact also
    needs the right to see them. ``expected_version`` is the version the editor
    loaded; a save made by someone else since then raises ``ConcurrentEditError``
    and writes nothing. Invalid values raise ``RecordError``. Returns the saved record.
    """
    if code not in DEPARTEMENTS:
        raise KeyError(f"département inconnu « {code} »")
    require(engine, user, rights.can_edit_record(user, code), "modifier la fiche de l'animateur", code)
    if any(f in values for f in PERSONAL_FIELDS):
        require(engine, user, rights.can_see_personal(user, code),
                       "modifier les coordonnées de l'animateur", code)
    author = user.signature
    try:
        with engine.begin() as conn:
            row = conn.execute(select(facilitators).where(facilitators.c.departement == code)).first()
            current = _row_dict(row)
            if expected_version is not None and current["version"] != expected_version:
                raise _VersionMoved
            after, errors = prepare(current, values)
            if errors:
                raise RecordError(errors)
            outcome = _write(conn, str(uuid.uuid4()), code, current, after, author, action, expected_version, now())
            if outcome is None:
                raise _VersionMoved
    except _VersionMoved:
        raise _conflict(engine, code, expected_version, get_record(engine, code)) from None
    except DBAPIError:
        raise StorageError(f"fiche du département {code}") from None
    return get_record(engine, code)


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


IMPORT_ACTION = "importer le registre des animateurs"


class ConcurrentImportError(RuntimeError):
    """Records saved by someone else between an import's preview and its confirmation."""

    def __init__(self, codes: list[str]):
        self.codes = sorted(codes)
        super().__init__("Import refusé, rien n'a été modifié : le registre a été modifié depuis l'aperçu "
                         f"(département(s) {', '.join(self.codes)}). Vérifiez l'aperçu mis à jour, puis "
                         "confirmez de nouveau.")


def versions(engine: Engine) -> dict[str, int]:
    """Each record's version: what an import's preview saw, for a conditional write."""
    with engine.connect() as conn:
        return {r.departement: r.version for r in conn.execute(select(facilitators.c.departement,
                                                                      facilitators.c.version))}


def apply_many(engine: Engine, values_by_code: dict[str, dict], user: User, action: str,
               expected_versions: dict[str, int] | None = None, author: str | None = None) -> list[Change]:
    """Apply several records at once, all or nothing, as ``user`` (administrators
    only: it changes any département). Raises ``RecordError`` with errors keyed
    ``CODE:field`` when any record is invalid; nothing is written then.

    ``expected_versions``: the versions the preview showed (``versions``); a record of
    ``values_by_code`` saved since then raises ``ConcurrentImportError`` and nothing
    is written (each write is also conditional on its version, in the same transaction).
    ``author``: what the history records instead of ``user`` (the demonstration data)."""
    require(engine, user, rights.can_import(user), IMPORT_ACTION, f"{len(values_by_code)} département(s)")
    author = author or user.signature
    change_id = str(uuid.uuid4())
    when = now()
    changes: list[Change] = []
    try:
        with engine.begin() as conn:
            current = {r.departement: _row_dict(r) for r in conn.execute(select(facilitators))}
            errors: dict[str, str] = {}
            prepared = {}
            for code, values in values_by_code.items():
                if code not in current:
                    errors[f"{code}:departement"] = f"département inconnu « {code} »"
                    continue
                after, errs = prepare(current[code], values)
                errors.update({f"{code}:{k}": v for k, v in errs.items()})
                prepared[code] = after
            if errors:
                raise RecordError(errors)
            expected = expected_versions or {}
            moved = [c for c in prepared if c in expected and current[c]["version"] != expected[c]]
            if expected_versions is not None:
                moved += [c for c in prepared if c not in expected]
            if moved:
                raise ConcurrentImportError(moved)
            for code, after in prepared.items():
                written = _write(conn, change_id, code, current[code], after, author, action, expected.get(code), when)
                if written is None:
                    raise ConcurrentImportError([code])  # saved between our read and our write: roll back
                if written:
                    changes.append(Change(code, current[code], after))
            if action == "import":
                clear_demo_flag(conn)  # a whole registry replaces the demonstration state
    except DBAPIError:
        raise StorageError("import du registre") from None
    return changes


def clear_demo_flag(conn) -> None:
    """Lower the demonstration flag (in the caller's transaction)."""
    conn.execute(settings_table.delete().where(settings_table.c.key == "demo"))


def is_demo(engine: Engine) -> bool:
    """Is the registry in its demonstration state (banner on every page)?"""
    with engine.connect() as conn:
        return conn.execute(select(settings_table.c.value).where(settings_table.c.key == "demo")).scalar() == "1"
