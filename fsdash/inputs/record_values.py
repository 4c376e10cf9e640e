"""A facilitator record's values: reading them as typed and checking them.

Pure functions: a form, a spreadsheet row or an import gives raw values; ``prepare``
applies them to the current record and returns the new record with a French
message per field at fault. Messages about personal fields never quote the value
(``redact``): they may be printed or logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.periods import FIRST_DAY, PERIOD_FIELDS, date_problem, last_day
from fsdash.domain.record_fields import FIELD_LABELS, FIELDS, MAX_LENGTHS, PERSONAL_FIELDS
from fsdash.domain.statuses import HOST_KINDS, NON_RENSEIGNE, STATUS_ETP, STATUSES

_QUOTED = re.compile(r"«[^»]*»")


def _field_of(key: str) -> str:
    """``animateur_email`` from ``animateur_email`` or ``37:animateur_email``."""
    return key.rsplit(":", 1)[-1]


def redact(key: str, message: str) -> str:
    """The message without the value it quotes when ``key`` is a personal field
    (« adresse de courriel invalide « x@y » » → « … « (masqué) » »)."""
    if _field_of(key) in PERSONAL_FIELDS:
        return _QUOTED.sub("« (masqué) »", message)
    return message


class RecordError(ValueError):
    """Invalid values: ``errors`` maps each field to a French message, for the
    interface, next to the field. ``str(error)`` leaves out personal values."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{FIELD_LABELS.get(k, k)} : {redact(k, v)}" for k, v in errors.items()))


EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
# A French number: ten digits from 0 (« 05 55 12 34 56 »), or international: +33 (metropolitan
# France) or an overseas code, then nine digits (« +33 5 55 12 34 56 », « +262 262 12 34 56 »).
PHONE_NATIONAL_RE = re.compile(r"^0[1-9]\d{8}$")
PHONE_INTERNATIONAL_RE = re.compile(r"^\+(33|262|269|508|590|594|596|687|689)(\(0\))?[1-9]\d{8}$")
PHONE_SEPARATORS = re.compile(r"[\s.\-/]")


def phone_problem(text: str) -> str | None:
    """Why ``text`` is not a French phone number, or ``None`` (empty is fine)."""
    compact = PHONE_SEPARATORS.sub("", text or "")
    if not compact or PHONE_NATIONAL_RE.match(compact) or PHONE_INTERNATIONAL_RE.match(compact):
        return None
    return ("numéro de téléphone invalide « " + text + " » (attendu : 10 chiffres comme 05 55 12 34 56, "
            "ou au format international comme +33 5 55 12 34 56)")


def date_range(today: date | None = None) -> tuple[date, date]:
    """The dates a record or a period may hold: from the creation of the function
    (2019) to two years ahead. The form's date widgets use the same limits."""
    return FIRST_DAY, last_day(today or date.today())


def date_range_problem(value: date | None, today: date | None = None) -> str | None:
    """Why ``value`` is outside ``date_range``, in French, or ``None``."""
    first, last = date_range(today)
    if value is None or first <= value <= last:
        return None
    return (f"date hors de la période admise (du {first:%d/%m/%Y} au {last:%d/%m/%Y}) : {value:%d/%m/%Y}")


def parse_date(value) -> date | None:
    """A date from ``date``, ISO ``2024-01-31`` or French ``31/01/2024``; None when empty."""
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date illisible « {text} » (attendu JJ/MM/AAAA)")


def parse_amount(value) -> float | None:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("€", "")
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"montant illisible « {value} »") from None


def clean_values(values: dict) -> tuple[dict, dict[str, str]]:
    """Typed values and French errors per field, for the fields present in ``values``."""
    out: dict = {}
    errors: dict[str, str] = {}
    for key, raw in values.items():
        if key not in FIELDS:
            continue
        try:
            if key in ("date_debut", "date_convention"):
                out[key] = parse_date(raw)
            elif key == "financement_annuel":
                out[key] = parse_amount(raw)
            elif key == "etp":
                amount = parse_amount(raw)
                out[key] = amount
            else:
                out[key] = "" if raw is None or (isinstance(raw, float) and pd.isna(raw)) else str(raw).strip()
        except ValueError as exc:
            errors[key] = str(exc)
    return out, errors


def validate(record: dict, today: date | None = None) -> dict[str, str]:
    """French messages per field for a full record (after ``clean_values``);
    dates within ``date_range(today)``."""
    errors: dict[str, str] = {}
    statut = record.get("statut")
    if statut not in STATUSES:
        errors["statut"] = f"statut inconnu « {statut} » (valeurs admises : {', '.join(STATUSES)})"
    else:
        etp = record.get("etp")
        expected = STATUS_ETP[statut]
        if etp is None:
            record["etp"] = expected
        elif abs(float(etp) - expected) > 1e-9:
            errors["etp"] = (
                f"un statut « {statut} » correspond à {formatting.etp(expected)} ETP, pas {formatting.etp(float(etp))}"
            )
    kind = record.get("type_structure") or ""
    if kind and kind not in HOST_KINDS:
        errors["type_structure"] = f"type inconnu « {kind} » (valeurs admises : {', '.join(HOST_KINDS)})"
    amount = record.get("financement_annuel")
    if amount is not None and amount < 0:
        errors["financement_annuel"] = "le financement ne peut pas être négatif"
    email = record.get("animateur_email") or ""
    if email and not EMAIL_RE.match(email):
        errors["animateur_email"] = f"adresse de courriel invalide « {email} »"
    start, signed = record.get("date_debut"), record.get("date_convention")
    for key in ("date_debut", "date_convention"):
        problem = date_range_problem(record.get(key), today)
        if problem:
            errors[key] = problem
    if start and signed and "date_debut" not in errors and "date_convention" not in errors and start < signed:
        errors["date_debut"] = (
            f"la date de début ({start:%d/%m/%Y}) précède la signature de la convention ({signed:%d/%m/%Y})"
        )
    phone = phone_problem(record.get("animateur_telephone") or "")
    if phone:
        errors["animateur_telephone"] = phone
    for key, longest in MAX_LENGTHS.items():  # each text as long as its database column allows
        length = len(str(record.get(key) or ""))
        if length > longest:
            errors[key] = f"texte trop long ({length} caractères pour {longest} au plus)"
    return errors


def as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


@dataclass
class Change:
    code: str
    before: dict
    after: dict

    @property
    def fields(self) -> list[str]:
        return [f for f in FIELDS if as_text(self.before.get(f)) != as_text(self.after.get(f))]


def prepare(current: dict, values: dict, today: date | None = None) -> tuple[dict, dict[str, str]]:
    """The record after applying ``values`` to ``current``, and its errors."""
    cleaned, errors = clean_values(values)
    record = {f: current.get(f) for f in FIELDS}
    record.update(cleaned)
    if "statut" in cleaned and "etp" not in values:
        record["etp"] = STATUS_ETP.get(cleaned["statut"], record.get("etp"))
    errors.update({k: v for k, v in validate(record, today).items() if k not in errors})
    return record, errors


def blank_values() -> dict:
    """The field values of a record nobody has filled in."""
    return {
        "statut": NON_RENSEIGNE, "etp": 0.0, "structure_porteuse": "", "type_structure": "", "date_debut": None,
        "date_convention": None, "financement_annuel": None, "commentaire": "", "animateur_nom": "",
        "animateur_email": "", "animateur_telephone": "",
    }


def check_period(values: dict, date_effet: date | None, today: date | None = None) -> tuple[dict, dict[str, str]]:
    """A period's fields after cleaning ``values`` (raw: text, numbers, dates) and
    French messages keyed by field (``date_effet`` included: from 2019 to two years
    after ``today``). ETP follows the status when not given."""
    cleaned, errors = clean_values({k: v for k, v in values.items() if k in PERIOD_FIELDS})
    period = {"statut": NON_RENSEIGNE, "etp": None, "structure_porteuse": "", "type_structure": "",
              "date_convention": None, "financement_annuel": None} | cleaned
    if values.get("etp") in (None, "") or (isinstance(values.get("etp"), float) and pd.isna(values["etp"])):
        period["etp"] = STATUS_ETP.get(period["statut"])
    checked = validate(dict(period), today)
    errors.update({k: v for k, v in checked.items() if k in PERIOD_FIELDS and k not in errors})
    if period["etp"] is None:
        period["etp"] = 0.0
    problem = date_problem(date_effet, today or date.today())
    if problem:
        errors["date_effet"] = problem
    return period, errors
