"""The facilitator registry to and from a spreadsheet: export, preview and all-or-nothing import.

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

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from fsdash.domain.record_fields import FIELD_LABELS, PERSONAL_FIELDS
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs import record_values
from fsdash.inputs.spreadsheets import to_csv_bytes, to_xlsx_bytes
from fsdash.inputs.statuses_file import EXPORT_COLUMNS, StatusesFile, accepted_values
from fsdash.storage import accounts, registry, rights
from fsdash.storage.rights import User


def registry_frame(engine: Engine, user: User, personal: bool = True) -> pd.DataFrame:
    """The registry as exported for ``user``. ``personal``: ask for the personal
    columns; they come only within the user's rights (never for a reader)."""
    frame = registry.all_records(engine)
    personal = personal and rights.may_export_personal(user, DEPARTEMENTS)
    columns = list(EXPORT_COLUMNS) + (list(PERSONAL_FIELDS) if personal else [])
    out = frame[columns].copy()
    if personal and not rights.can_export_personal(user):
        out = rights.mask_personal(user, out)
    for column in ("date_debut", "date_convention"):
        out[column] = out[column].map(lambda d: "" if d is None or pd.isna(d) else d.strftime("%d/%m/%Y"))
    return out


def export_bytes(engine: Engine, fmt: str, user: User, personal: bool = True) -> bytes:
    """The registry as CSV or XLSX for ``user`` (see ``registry_frame``)."""
    frame = registry_frame(engine, user, personal)
    if fmt == "xlsx":
        return to_xlsx_bytes({"Animateurs": frame, "Valeurs admises": accepted_values()})
    return to_csv_bytes(frame)


def write_file(engine: Engine, path: Path, user: User, personal: bool = False) -> None:
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(export_bytes(engine, fmt, user, personal))
    tmp.replace(path)


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
    return registry.apply_many(engine, parsed.values, user, "import", expected_versions)


def preview(engine: Engine, parsed: StatusesFile, user: User) -> pd.DataFrame:
    """Per département and field: before → after, for what the import would change;
    personal values shown only where ``user`` may see them."""
    current = registry.all_records(engine).set_index("departement")
    rows = []
    for code, values in parsed.values.items():
        for key, after in values.items():
            before = record_values.as_text(None if pd.isna(current.at[code, key]) else current.at[code, key])
            if before != record_values.as_text(after):
                before_text, after_text = before or "", record_values.as_text(after) or ""
                before_text, after_text = (rights.masked(user, code, key, before_text),
                                           rights.masked(user, code, key, after_text))
                rows.append({"departement": code, "nom": DEPARTEMENTS[code].nom,
                             "champ": FIELD_LABELS.get(key, key), "avant": before_text,
                             "après": after_text})
    return pd.DataFrame(rows, columns=["departement", "nom", "champ", "avant", "après"])
