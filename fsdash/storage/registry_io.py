"""The facilitator registry to and from a spreadsheet: export, preview and all-or-nothing import.

Exports: the registry as in force on a day (default today), one row per
département; or every period in the long format (``periods_bytes``). Imports:
either format (``statuses_file``).

One row per département. Columns: ``departement``, ``nom`` (for reading only),
``statut``, ``etp``, ``date_debut``, ``structure_porteuse``, ``type_structure``,
``date_convention``, ``financement_annuel``, ``commentaire``, and, for those
allowed to see personal data, ``animateur_nom``, ``animateur_email``,
``animateur_telephone``. CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX,
chosen by the file extension.

Exports are made for an acting ``rights.User``: an administrator may have every
personal value, a prefecture only its own départements' (the others' cells are
empty), a reader none (no personal column at all). Imports change any
département, so they are for administrators (``registry.apply_many`` checks).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from fsdash.domain.formatting import now
from fsdash.domain.periods import PERIOD_FIELDS
from fsdash.domain.record_fields import FIELD_LABELS, PERSONAL_FIELDS
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs import record_values
from fsdash.inputs.spreadsheets import to_csv_bytes, to_xlsx_bytes
from fsdash.inputs.statuses_file import (
    EXPORT_COLUMNS,
    LONG_COLUMNS,
    StatusesFile,
    accepted_values,
    long_accepted_values,
)
from fsdash.storage import accounts, registry, rights
from fsdash.storage import periods as period_store
from fsdash.storage.rights import User
from fsdash.storage.timelines import replace_timeline


def registry_frame(engine: Engine, user: User, personal: bool = True, day: date | None = None) -> pd.DataFrame:
    """The registry as in force on ``day`` (default today), exported for ``user``.
    ``personal``: ask for the personal columns; they come only within the user's
    rights (never for a reader)."""
    frame = registry.records_at(engine, day)
    personal = personal and rights.may_export_personal(user, DEPARTEMENTS)
    columns = list(EXPORT_COLUMNS) + (list(PERSONAL_FIELDS) if personal else [])
    out = frame[columns].copy()
    if personal and not rights.can_export_personal(user):
        out = rights.mask_personal(user, out)
    for column in ("date_debut", "date_convention"):
        out[column] = out[column].map(lambda d: "" if d is None or pd.isna(d) else d.strftime("%d/%m/%Y"))
    return out


def export_bytes(engine: Engine, fmt: str, user: User, personal: bool = True, day: date | None = None) -> bytes:
    """The registry in force on ``day`` as CSV or XLSX for ``user`` (see ``registry_frame``)."""
    frame = registry_frame(engine, user, personal, day)
    if fmt == "xlsx":
        return to_xlsx_bytes({"Animateurs": frame, "Valeurs admises": accepted_values()})
    return to_csv_bytes(frame)


def write_file(engine: Engine, path: Path, user: User, personal: bool = False, day: date | None = None,
               long: bool = False) -> None:
    """The registry in force on ``day`` (or, ``long``, every period) into ``path`` (.csv or .xlsx)."""
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(periods_bytes(engine, fmt) if long else export_bytes(engine, fmt, user, personal, day))
    tmp.replace(path)


def periods_frame(engine: Engine) -> pd.DataFrame:
    """Every period in the long format (public fields only: anyone may have it)."""
    frame = period_store.periods(engine)
    frame.insert(1, "nom", frame["departement"].map(lambda c: DEPARTEMENTS[c].nom))
    out = frame[list(LONG_COLUMNS)].copy()
    for column in ("date_effet", "date_convention"):
        out[column] = out[column].map(lambda d: "" if d is None or pd.isna(d) else d.isoformat())
    return out


def periods_bytes(engine: Engine, fmt: str) -> bytes:
    """Every period as CSV or XLSX, in the long format (``statuses_file``), ready to re-import."""
    frame = periods_frame(engine)
    if fmt == "xlsx":
        return to_xlsx_bytes({"Périodes": frame, "Valeurs admises": long_accepted_values()})
    return to_csv_bytes(frame)


def import_statuses(engine: Engine, parsed: StatusesFile, user: User,
                    expected_versions: dict[str, int] | None = None) -> list[record_values.Change]:
    """Apply a validated file as ``user``, all or nothing: administrators only
    (``rights.AccessDenied`` otherwise, even for a file with errors); raises
    ``ValueError`` when the file has errors. ``expected_versions``: the records'
    versions when the preview was shown (``registry.versions``); a record saved since
    then raises ``registry.ConcurrentImportError`` and nothing is written."""
    accounts.require(engine, user, rights.can_import(user), registry.IMPORT_ACTION, parsed.name)
    if not parsed.ok:
        raise ValueError(
            f"Le fichier « {parsed.name} » contient {len(parsed.errors)} erreur(s) : rien n'a été importé."
        )
    if parsed.long:
        return apply_timelines(engine, parsed, user, "import", expected_versions)
    return registry.apply_many(engine, parsed.values, user, "import", expected_versions)


def apply_timelines(engine: Engine, parsed: StatusesFile, user: User, action: str,
                    expected_versions: dict[str, int] | None = None) -> list[record_values.Change]:
    """A long-format file, all or nothing: each of its départements gets exactly the
    file's periods, and the record-level values given (comment, contacts).
    ``expected_versions``: as for ``registry.apply_many`` (the record version moves
    with every change of the département's periods)."""
    accounts.require(engine, user, rights.can_import(user), registry.IMPORT_ACTION, parsed.name)
    before = registry.records_at(engine).set_index("departement")
    author, change_id, when = user.signature, str(uuid.uuid4()), now()
    try:
        with engine.begin() as conn:
            registry.claim_versions(conn, sorted(set(parsed.timelines or {}) | set(parsed.values)), expected_versions)
            for code, timeline in (parsed.timelines or {}).items():
                replace_timeline(conn, code, timeline, author=author, change_id=change_id, when=when, action=action)
            for code, values in parsed.values.items():
                record = {k: v for k, v in values.items() if k in registry.RECORD_FIELDS}
                if record and registry.write_record_fields(conn, change_id, code, record, author, action, when):
                    period_store.touch_record(conn, code, author, when)
            registry.clear_demo_flag(conn)
    except DBAPIError:
        raise registry.StorageError("import du registre") from None
    return registry.changes_since(engine, before, list(parsed.timelines or {}))


def preview(engine: Engine, parsed: StatusesFile, user: User) -> pd.DataFrame:
    """Per département and field: before → after, for what the import would change;
    personal values shown only where ``user`` may see them. Long format: per period
    (« Statut (période du 01/01/2024) »), periods removed included."""
    if parsed.long:
        return _preview_long(engine, parsed, user)
    current = registry.all_records(engine).set_index("departement")
    rows = []
    for code, values in parsed.values.items():
        for key, after in values.items():
            before = record_values.as_text(None if pd.isna(current.at[code, key]) else current.at[code, key])
            if before != record_values.as_text(after):
                rows.append(_row(user, code, FIELD_LABELS.get(key, key), key, before, after))
    return pd.DataFrame(rows, columns=PREVIEW_COLUMNS)


PREVIEW_COLUMNS = ["departement", "nom", "champ", "avant", "après"]


def _row(user: User, code: str, label: str, key: str, before, after) -> dict:
    before_text, after_text = record_values.as_text(before) or "", record_values.as_text(after) or ""
    return {"departement": code, "nom": DEPARTEMENTS[code].nom, "champ": label,
            "avant": rights.masked(user, code, key, before_text), "après": rights.masked(user, code, key, after_text)}


def _preview_long(engine: Engine, parsed: StatusesFile, user: User) -> pd.DataFrame:
    stored = period_store.periods(engine)
    records = registry.all_records(engine).set_index("departement")
    rows = []
    for code, timeline in (parsed.timelines or {}).items():
        old = {r["date_effet"]: r for r in stored[stored["departement"] == code].to_dict("records")}
        new = dict(timeline)
        for start in sorted(set(old) | set(new), key=lambda d: (d is not None, d or date.min)):
            label = f"période du {period_store.start_label(start)}" if start else "période depuis une date inconnue"
            before, after = old.get(start), new.get(start)
            for key in PERIOD_FIELDS:
                b, a = (before or {}).get(key), (after or {}).get(key)
                b = None if b is not None and not isinstance(b, str) and pd.isna(b) else b
                if record_values.as_text(b) != record_values.as_text(a):
                    rows.append(_row(user, code, f"{FIELD_LABELS.get(key, key)} ({label})", key, b, a))
        for key, after in parsed.values.get(code, {}).items():
            if key in registry.RECORD_FIELDS and record_values.as_text(records.at[code, key]) != \
                    record_values.as_text(after):
                rows.append(_row(user, code, FIELD_LABELS.get(key, key), key, records.at[code, key], after))
    return pd.DataFrame(rows, columns=PREVIEW_COLUMNS)
