"""The facilitator registry as a spreadsheet: export and all-or-nothing import.

One row per département. Columns: ``departement``, ``nom`` (for reading only),
``statut``, ``etp``, ``date_debut``, ``structure_porteuse``, ``type_structure``,
``date_convention``, ``financement_annuel``, ``commentaire``, and, for those
allowed to see personal data, ``animateur_nom``, ``animateur_email``,
``animateur_telephone``. CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX,
chosen by the file extension.

Exports are made for an acting ``access.User``: an administrator may have every
personal value, a prefecture only its own départements' (the others' cells are
empty), a reader none (no personal column at all). Imports change any
département, so they are for administrators (``registry.apply_many`` checks).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs.sites import Problem
from fsdash.inputs.spreadsheets import to_csv_bytes, to_xlsx_bytes
from fsdash.storage import access, registry
from fsdash.storage.access import User

EXPORT_COLUMNS: tuple[str, ...] = (
    "departement", "nom", "statut", "etp", "date_debut", "structure_porteuse", "type_structure",
    "date_convention", "financement_annuel", "commentaire",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("departement", "statut")
MASKED = "(masqué)"


class StatusesFileError(ValueError):
    """The file cannot be read at all; French message."""


@dataclass
class StatusesFile:
    name: str
    values: dict[str, dict] = field(default_factory=dict)  # code -> field values
    rows: dict[str, int] = field(default_factory=dict)  # code -> row number in the file
    errors: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def statuses(self) -> dict[str, str]:
        return {code: values["statut"] for code, values in self.values.items()}


# --------------------------------------------------------------------------- export


def may_export_personal(user: User) -> bool:
    """Does ``user`` get personal columns at all: administrators (every
    département) and prefectures (their own départements' values only)?"""
    return access.can_export_personal(user) or any(access.can_see_personal(user, c) for c in DEPARTEMENTS)


def registry_frame(engine: Engine, user: User, personal: bool = True) -> pd.DataFrame:
    """The registry as exported for ``user``. ``personal``: ask for the personal
    columns; they come only within the user's rights (never for a reader)."""
    frame = registry.all_records(engine)
    personal = personal and may_export_personal(user)
    columns = list(EXPORT_COLUMNS) + (list(registry.PERSONAL_FIELDS) if personal else [])
    out = frame[columns].copy()
    if personal and not access.can_export_personal(user):
        out = access.mask_personal(user, out)
    for column in ("date_debut", "date_convention"):
        out[column] = out[column].map(lambda d: "" if d is None or pd.isna(d) else d.strftime("%d/%m/%Y"))
    return out


def export_bytes(engine: Engine, fmt: str, user: User, personal: bool = True) -> bytes:
    """The registry as CSV or XLSX for ``user`` (see ``registry_frame``)."""
    frame = registry_frame(engine, user, personal)
    if fmt == "xlsx":
        return to_xlsx_bytes({"Animateurs": frame, "Valeurs admises": accepted_values()})
    return to_csv_bytes(frame)


def template_bytes(fmt: str) -> bytes:
    """A blank file: every code with an empty status, and the accepted values."""
    frame = pd.DataFrame({c: "" for c in EXPORT_COLUMNS}, index=range(len(DEPARTEMENTS)))
    frame["departement"] = list(DEPARTEMENTS)
    frame["nom"] = [d.nom for d in DEPARTEMENTS.values()]
    frame["statut"] = registry.NON_RENSEIGNE
    if fmt == "xlsx":
        return to_xlsx_bytes({"Animateurs": frame, "Valeurs admises": accepted_values()})
    return to_csv_bytes(frame)


def accepted_values() -> pd.DataFrame:
    rows = [
        ("departement", "code du département : 01…95, 2A, 2B, 971…976, 978 (obligatoire)"),
        ("nom", "nom du département (ignoré à l'import)"),
        ("statut", " ; ".join(registry.STATUSES) + " (obligatoire)"),
        ("etp", "0 pour « aucun », « recrutement en cours » et « non renseigné », 0,5 pour « mi-temps », "
                "1 pour « temps plein » (vide : déduit du statut)"),
        ("date_debut", "date JJ/MM/AAAA, postérieure ou égale à la date de convention"),
        ("structure_porteuse", "nom de la structure qui emploie l'animateur"),
        ("type_structure", " ; ".join(registry.HOST_KINDS)),
        ("date_convention", "date de signature de la convention tripartite, JJ/MM/AAAA"),
        ("financement_annuel", "montant annuel en euros, positif ou nul"),
        ("commentaire", "texte libre"),
        ("animateur_nom / animateur_email / animateur_telephone",
         "données personnelles, facultatives ; colonnes absentes : valeurs inchangées"),
    ]
    return pd.DataFrame(rows, columns=["colonne", "valeurs admises"])


def write_file(engine: Engine, path: Path, user: User, personal: bool = False) -> None:
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(export_bytes(engine, fmt, user, personal))
    tmp.replace(path)


# --------------------------------------------------------------------------- import


def _read_table(data: bytes, name: str) -> tuple[list[str], list[list[str]]]:
    if not data.strip():
        raise StatusesFileError(f"Le fichier « {name} » est vide.")
    if data[:4] == b"PK\x03\x04":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook
            raise StatusesFileError(f"Le fichier « {name} » n'est pas un classeur XLSX lisible.") from None
        sheet = book.worksheets[0]
        table = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
        if not table:
            raise StatusesFileError(f"Le fichier « {name} » est vide.")
        return [str(h).strip().lower() for h in table[0]], table[1:]
    if b"\x00" in data[:4096]:
        raise StatusesFileError(f"Le fichier « {name} » n'est ni un CSV ni un classeur XLSX.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    header_line = text.split("\n", 1)[0]
    separator = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True))
    except csv.Error as exc:
        raise StatusesFileError(f"Le fichier « {name} » n'est pas un CSV lisible : {exc}.") from None
    if not table:
        raise StatusesFileError(f"Le fichier « {name} » est vide.")
    return [h.strip().lower() for h in table[0]], table[1:]


def _code(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    code = str(raw).strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    return code


def read_statuses(data: bytes, name: str = "fichier") -> StatusesFile:
    """Parse and validate a statuses file; never raises for bad content."""
    result = StatusesFile(name)
    try:
        header, table = _read_table(data, name)
    except StatusesFileError as exc:
        result.errors.append(Problem(None, None, str(exc)))
        return result
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        result.errors.append(Problem(1, None, "colonne(s) obligatoire(s) absente(s) : " + ", ".join(missing) + "."))
        return result
    known = [h for h in header if h in registry.FIELDS or h in ("departement", "nom")]
    blank = registry.blank_values()
    for number, cells in enumerate(table, start=2):
        if all(str(c).strip() == "" for c in cells):
            continue
        row = dict(zip(header, list(cells) + [""] * (len(header) - len(cells))))
        code = _code(row["departement"])
        if code not in DEPARTEMENTS:
            result.errors.append(Problem(number, "departement", f"département inconnu « {row['departement']} »."))
            continue
        if code in result.rows:
            result.errors.append(Problem(number, "departement",
                                         f"département {code} en double (déjà ligne {result.rows[code]})."))
            continue
        values = {h: row[h] for h in known if h in registry.FIELDS}
        if isinstance(values.get("etp"), str) and values["etp"].strip() == "":
            values.pop("etp")
        if isinstance(values.get("statut"), str):
            values["statut"] = values["statut"].strip()
        record, errors = registry.prepare(blank, values)
        for column, message in errors.items():  # printed by the command line: no personal value
            result.errors.append(Problem(number, column, registry.redact(column, message) + "."))
        result.rows[code] = number
        result.values[code] = {k: record[k] for k in values} | {"etp": record["etp"]}
    if not result.values and not result.errors:
        result.errors.append(Problem(None, None, f"Le fichier « {name} » ne contient aucune ligne de données."))
    return result


def import_statuses(engine: Engine, parsed: StatusesFile, user: User) -> list[registry.Change]:
    """Apply a validated file as ``user``, all or nothing: administrators only
    (``access.AccessDenied`` otherwise, even for a file with errors); raises
    ``ValueError`` when the file has errors."""
    access.require(engine, user, access.can_import(user), registry.IMPORT_ACTION, parsed.name)
    if not parsed.ok:
        raise ValueError(
            f"Le fichier « {parsed.name} » contient {len(parsed.errors)} erreur(s) : rien n'a été importé."
        )
    return registry.apply_many(engine, parsed.values, user, "import")


def preview(engine: Engine, parsed: StatusesFile, user: User) -> pd.DataFrame:
    """Per département and field: before → after, for what the import would change;
    personal values shown only where ``user`` may see them."""
    current = registry.all_records(engine).set_index("departement")
    rows = []
    for code, values in parsed.values.items():
        hidden = not access.can_see_personal(user, code)
        for key, after in values.items():
            before = registry.as_text(None if pd.isna(current.at[code, key]) else current.at[code, key])
            if before != registry.as_text(after):
                before_text, after_text = before or "", registry.as_text(after) or ""
                if hidden and key in registry.PERSONAL_FIELDS:
                    before_text, after_text = (MASKED if before_text else ""), (MASKED if after_text else "")
                rows.append({"departement": code, "nom": DEPARTEMENTS[code].nom,
                             "champ": registry.FIELD_LABELS.get(key, key), "avant": before_text,
                             "après": after_text})
    return pd.DataFrame(rows, columns=["departement", "nom", "champ", "avant", "après"])
