"""The facilitator registry as a spreadsheet file: reading and checking it, and its template.

One row per département. Columns: ``departement``, ``nom`` (for reading only),
``statut``, ``etp``, ``date_debut``, ``structure_porteuse``, ``type_structure``,
``date_convention``, ``financement_annuel``, ``commentaire``, and optionally
``animateur_nom``, ``animateur_email``, ``animateur_telephone``. CSV (comma or
semicolon, UTF-8 or Windows-1252) or XLSX. Reading never raises for bad content:
every problem is listed with its row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from fsdash.domain.record_fields import FIELDS
from fsdash.domain.statuses import HOST_KINDS, NON_RENSEIGNE, STATUSES
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs import record_values
from fsdash.inputs.sites import Problem
from fsdash.inputs.spreadsheets import SpreadsheetError, read_table, to_csv_bytes, to_xlsx_bytes

EXPORT_COLUMNS: tuple[str, ...] = (
    "departement", "nom", "statut", "etp", "date_debut", "structure_porteuse", "type_structure",
    "date_convention", "financement_annuel", "commentaire",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("departement", "statut")
# A registry has one row per département (102): a file much longer is not one.
MAX_ROWS = 500
# Errors listed at most; the rest are counted, not listed.
MAX_LISTED_ERRORS = 50


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


def template_bytes(fmt: str) -> bytes:
    """A blank file: every code with an empty status, and the accepted values."""
    frame = pd.DataFrame({c: "" for c in EXPORT_COLUMNS}, index=range(len(DEPARTEMENTS)))
    frame["departement"] = list(DEPARTEMENTS)
    frame["nom"] = [d.nom for d in DEPARTEMENTS.values()]
    frame["statut"] = NON_RENSEIGNE
    if fmt == "xlsx":
        return to_xlsx_bytes({"Animateurs": frame, "Valeurs admises": accepted_values()})
    return to_csv_bytes(frame)


def accepted_values() -> pd.DataFrame:
    rows = [
        ("departement", "code du département : 01…95, 2A, 2B, 971…976, 978 (obligatoire)"),
        ("nom", "nom du département (ignoré à l'import)"),
        ("statut", " ; ".join(STATUSES) + " (obligatoire)"),
        ("etp", "0 pour « aucun », « recrutement en cours » et « non renseigné », 0,5 pour « mi-temps », "
                "1 pour « temps plein » (vide : déduit du statut)"),
        ("date_debut", "date JJ/MM/AAAA, postérieure ou égale à la date de convention"),
        ("structure_porteuse", "nom de la structure qui emploie l'animateur"),
        ("type_structure", " ; ".join(HOST_KINDS)),
        ("date_convention", "date de signature de la convention tripartite, JJ/MM/AAAA"),
        ("financement_annuel", "montant annuel en euros, positif ou nul"),
        ("commentaire", "texte libre"),
        ("animateur_nom / animateur_email / animateur_telephone",
         "données personnelles, facultatives ; colonnes absentes : valeurs inchangées"),
    ]
    return pd.DataFrame(rows, columns=["colonne", "valeurs admises"])


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
        header, table = read_table(data, name, max_rows=MAX_ROWS)
    except SpreadsheetError as exc:
        result.errors.append(Problem(None, None, str(exc)))
        return result
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        result.errors.append(Problem(1, None, "colonne(s) obligatoire(s) absente(s) : " + ", ".join(missing) + "."))
        return result
    known = [h for h in header if h in FIELDS or h in ("departement", "nom")]
    blank = record_values.blank_values()
    for number, cells in enumerate(table, start=2):
        if len(result.errors) >= MAX_LISTED_ERRORS:
            result.errors.append(Problem(number, None, f"lecture arrêtée après {MAX_LISTED_ERRORS} erreurs : "
                                                       "corrigez celles-ci et envoyez de nouveau le fichier."))
            break
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
        values = {h: row[h] for h in known if h in FIELDS}
        if isinstance(values.get("etp"), str) and values["etp"].strip() == "":
            values.pop("etp")
        if isinstance(values.get("statut"), str):
            values["statut"] = values["statut"].strip()
        record, errors = record_values.prepare(blank, values)
        for column, message in errors.items():  # printed by the command line: no personal value
            result.errors.append(Problem(number, column, record_values.redact(column, message) + "."))
        result.rows[code] = number
        result.values[code] = {k: record[k] for k in values} | {"etp": record["etp"]}
    if not result.values and not result.errors:
        result.errors.append(Problem(None, None, f"Le fichier « {name} » ne contient aucune ligne de données."))
    return result


