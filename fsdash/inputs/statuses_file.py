"""The facilitator registry as a spreadsheet file: reading and checking it, and its templates.

Two formats. The long format (a ``date_effet`` column) has one row per period:
``departement``, ``statut``, ``date_effet`` (AAAA-MM-JJ; empty: « depuis une date
inconnue », at most one per département), the other period columns optional,
several rows per département; each département in the file gets exactly the
file's periods. Otherwise, one row per département. Columns: ``departement``, ``nom`` (for reading only),
``statut``, ``etp``, ``date_debut``, ``structure_porteuse``, ``type_structure``,
``date_convention``, ``financement_annuel``, ``commentaire``, and optionally
``animateur_nom``, ``animateur_email``, ``animateur_telephone``. CSV (comma or
semicolon, UTF-8 or Windows-1252) or XLSX. Reading never raises for bad content:
every problem is listed with its row and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from fsdash.domain.periods import PERIOD_COLUMNS, PERIOD_FIELDS, in_force
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
LONG_COLUMNS: tuple[str, ...] = ("departement", "nom", "date_effet", *PERIOD_FIELDS)
LONG_REQUIRED: tuple[str, ...] = ("departement", "statut", "date_effet")
# A registry has one row per département (102), a few periods each in the long format:
# a file much longer is not one.
MAX_ROWS = 2000
# Errors listed at most; the rest are counted, not listed.
MAX_LISTED_ERRORS = 50


@dataclass
class StatusesFile:
    name: str
    values: dict[str, dict] = field(default_factory=dict)  # code -> field values
    rows: dict[str, int] = field(default_factory=dict)  # code -> row number in the file
    errors: list[Problem] = field(default_factory=list)
    # Long format: code -> [(date_effet, period fields)], in the file's order; None for the one-row format.
    timelines: dict[str, list[tuple[date | None, dict]]] | None = None

    @property
    def long(self) -> bool:
        return self.timelines is not None

    def periods_frame(self) -> pd.DataFrame:
        """The long format's periods as a ``fsdash.domain.periods`` timeline (empty otherwise)."""
        rows = [{"departement": code, "date_effet": start, **fields}
                for code, timeline in (self.timelines or {}).items() for start, fields in timeline]
        return pd.DataFrame(rows, columns=list(PERIOD_COLUMNS)).astype({"date_effet": object})

    @property
    def ok(self) -> bool:
        return not self.errors

    def statuses(self) -> dict[str, str]:
        return {code: values.get("statut", NON_RENSEIGNE) for code, values in self.values.items()}


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


def _stopped(result: StatusesFile, number: int) -> bool:
    """Past ``MAX_LISTED_ERRORS`` errors, reading stops (with a last message saying so)."""
    if len(result.errors) < MAX_LISTED_ERRORS:
        return False
    result.errors.append(Problem(number, None, f"lecture arrêtée après {MAX_LISTED_ERRORS} erreurs : "
                                               "corrigez celles-ci et envoyez de nouveau le fichier."))
    return True


def _data_rows(result: StatusesFile, header: list[str], table: list):
    """(row number, cells by column, département code) of each data row of either format:
    blank rows skipped, an unknown département listed as an error, reading stopped at the
    row cap (``_stopped``)."""
    for number, cells in enumerate(table, start=2):
        if _stopped(result, number):
            return
        if all(str(c).strip() == "" for c in cells):
            continue
        row = dict(zip(header, list(cells) + [""] * (len(header) - len(cells))))
        code = _code(row["departement"])
        if code not in DEPARTEMENTS:
            result.errors.append(Problem(number, "departement", f"département inconnu « {row['departement']} »."))
            continue
        yield number, row, code


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
    if "date_effet" in header:
        return _read_long(result, header, table)
    known = [h for h in header if h in FIELDS or h in ("departement", "nom")]
    blank = record_values.blank_values()
    for number, row, code in _data_rows(result, header, table):
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


def long_template_bytes(fmt: str) -> bytes:
    """The long format's template: an example timeline (Indre-et-Loire), one row per
    period, and the accepted values."""
    frame = pd.DataFrame([
        {"departement": "37", "nom": DEPARTEMENTS["37"].nom, "date_effet": "", "statut": "aucun"},
        {"departement": "37", "nom": DEPARTEMENTS["37"].nom, "date_effet": "2022-09-01", "statut": "mi-temps",
         "structure_porteuse": "Conseil départemental", "type_structure": "conseil départemental",
         "date_convention": "2022-07-15", "financement_annuel": 25000},
        {"departement": "37", "nom": DEPARTEMENTS["37"].nom, "date_effet": "2024-01-01", "statut": "temps plein",
         "structure_porteuse": "Conseil départemental", "type_structure": "conseil départemental",
         "date_convention": "2023-12-15", "financement_annuel": 50000},
    ], columns=list(LONG_COLUMNS)).astype(object).fillna("")
    if fmt == "xlsx":
        return to_xlsx_bytes({"Périodes": frame, "Valeurs admises": long_accepted_values()})
    return to_csv_bytes(frame)


def long_accepted_values() -> pd.DataFrame:
    rows = [
        ("departement", "code du département : 01…95, 2A, 2B, 971…976, 978 (obligatoire) ; "
                        "une ligne par période, plusieurs lignes par département"),
        ("nom", "nom du département (ignoré à l'import)"),
        ("date_effet", "premier jour de la période, AAAA-MM-JJ, du 01/01/2019 à deux ans après aujourd'hui ; "
                       "vide : « depuis une date inconnue » (une seule fois par département, la première)"),
        ("statut", " ; ".join(STATUSES) + " (obligatoire)"),
        ("etp", "vide : déduit du statut (0, 0,5 pour « mi-temps », 1 pour « temps plein »)"),
        ("structure_porteuse", "nom de la structure qui emploie l'animateur"),
        ("type_structure", " ; ".join(HOST_KINDS)),
        ("date_convention", "date de signature de la convention, AAAA-MM-JJ ou JJ/MM/AAAA"),
        ("financement_annuel", "montant annuel en euros, positif ou nul"),
        ("(import)", "chaque département présent dans le fichier reçoit exactement les périodes du fichier ; "
                     "les autres départements ne changent pas"),
    ]
    return pd.DataFrame(rows, columns=["colonne", "valeurs admises"])


def _read_long(result: StatusesFile, header: list[str], table: list) -> StatusesFile:
    """The long format: one row per period (see the module's docstring)."""
    missing = [c for c in LONG_REQUIRED if c not in header]
    if missing:
        result.errors.append(Problem(1, None, "colonne(s) obligatoire(s) absente(s) : " + ", ".join(missing) + "."))
        return result
    result.timelines = {}
    seen: dict[tuple[str, date | None], int] = {}
    today = date.today()
    for number, row, code in _data_rows(result, header, table):
        try:
            start = record_values.parse_date(row["date_effet"])
        except ValueError as exc:
            result.errors.append(Problem(number, "date_effet", str(exc).replace("JJ/MM/AAAA", "AAAA-MM-JJ") + "."))
            continue
        if (code, start) in seen:
            what = "une date inconnue" if start is None else f"le {start:%d/%m/%Y}"
            result.errors.append(Problem(number, "date_effet", f"période du département {code} commençant {what} "
                                                               f"en double (déjà ligne {seen[(code, start)]})."))
            continue
        seen[(code, start)] = number
        values = {h: row[h] for h in header if h in PERIOD_FIELDS}
        if isinstance(values.get("statut"), str):
            values["statut"] = values["statut"].strip()
        period, errors = record_values.check_period(values, start, today)
        for column, message in errors.items():
            result.errors.append(Problem(number, column, message.rstrip(".") + "."))
        if "date_effet" in errors:
            continue  # a start out of range (even beyond what pandas can date) joins no timeline
        result.timelines.setdefault(code, []).append((start, period))
        result.rows.setdefault(code, number)
        extra = {h: row[h] for h in header if h in FIELDS and h not in PERIOD_FIELDS and str(row[h]).strip()}
        if extra:
            record, errors = record_values.prepare(record_values.blank_values(), extra, today)
            for column, message in errors.items():
                result.errors.append(Problem(number, column, record_values.redact(column, message) + "."))
            result.values.setdefault(code, {}).update({k: record[k] for k in extra})
    if not result.timelines and not result.errors:
        result.errors.append(Problem(None, None, f"Le fichier « {result.name} » ne contient aucune ligne de données."))
    current = in_force(result.periods_frame(), today)
    for row in current.to_dict("records"):
        result.values.setdefault(row["departement"], {}).update({f: row[f] for f in PERIOD_FIELDS})
    return result
