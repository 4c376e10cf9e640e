"""Registry of departmental facilitators (animateurs départementaux).

One record per département (and Saint-Martin), stored through SQLAlchemy. Every
change writes, in the same transaction, one history row per changed field (who,
when, before, after). Each record carries a version number: a save names the
version it started from and is refused when someone saved in between.

Every write takes the acting ``access.User`` and checks its right itself
(``access.require``): a prefecture changes its own départements only, whole-
registry imports and demonstration data are for administrators. Exception
messages never contain the facilitator's personal values (they may be logged).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from fsdash.domain import formatting
from fsdash.domain.territories import CODES, DEPARTEMENTS
from fsdash.storage import access
from fsdash.storage.access import User
from fsdash.storage.engine import metadata

NON_RENSEIGNE = "non renseigné"
AUCUN = "aucun"
RECRUTEMENT = "recrutement en cours"
MI_TEMPS = "mi-temps"
TEMPS_PLEIN = "temps plein"
STATUSES: tuple[str, ...] = (NON_RENSEIGNE, AUCUN, RECRUTEMENT, MI_TEMPS, TEMPS_PLEIN)
STATUS_ETP: dict[str, float] = {NON_RENSEIGNE: 0.0, AUCUN: 0.0, RECRUTEMENT: 0.0, MI_TEMPS: 0.5, TEMPS_PLEIN: 1.0}

HOST_KINDS: tuple[str, ...] = (
    "collectivité", "association", "La Poste", "MSA", "conseil départemental", "France services", "autre",
)

PUBLIC_FIELDS: tuple[str, ...] = (
    "statut", "etp", "structure_porteuse", "type_structure", "date_debut", "date_convention",
    "financement_annuel", "commentaire",
)
PERSONAL_FIELDS: tuple[str, ...] = ("animateur_nom", "animateur_email", "animateur_telephone")
FIELDS: tuple[str, ...] = PUBLIC_FIELDS + PERSONAL_FIELDS

FIELD_LABELS: dict[str, str] = {
    "statut": "Statut",
    "etp": "ETP",
    "structure_porteuse": "Structure porteuse",
    "type_structure": "Type de structure",
    "date_debut": "Date de début",
    "date_convention": "Date de signature de la convention",
    "financement_annuel": "Financement annuel (€)",
    "commentaire": "Commentaire",
    "animateur_nom": "Nom de l'animateur",
    "animateur_email": "Courriel de l'animateur",
    "animateur_telephone": "Téléphone de l'animateur",
}

facilitators = Table(
    "facilitators",
    metadata,
    Column("departement", String(3), primary_key=True),
    Column("statut", String(32), nullable=False, default=NON_RENSEIGNE),
    Column("etp", Float, nullable=False, default=0.0),
    Column("structure_porteuse", String(300), nullable=False, default=""),
    Column("type_structure", String(40), nullable=False, default=""),
    Column("date_debut", Date, nullable=True),
    Column("date_convention", Date, nullable=True),
    Column("financement_annuel", Float, nullable=True),
    Column("commentaire", Text, nullable=False, default=""),
    Column("animateur_nom", String(200), nullable=False, default=""),
    Column("animateur_email", String(200), nullable=False, default=""),
    Column("animateur_telephone", String(50), nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    Column("updated_at", DateTime(timezone=True), nullable=True),
    Column("updated_by", String(200), nullable=False, default=""),
)

facilitator_history = Table(
    "facilitator_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("change_id", String(36), nullable=False, index=True),
    Column("departement", String(3), nullable=False, index=True),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("field", String(40), nullable=False),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
)

settings_table = Table(
    "app_settings",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text, nullable=False),
)


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


def now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- values


EMAIL_RE = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")


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


def validate(record: dict) -> dict[str, str]:
    """French messages per field for a full record (after ``clean_values``)."""
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
        value = record.get(key)
        if value is not None and not (date(2019, 1, 1) <= value <= date(2040, 12, 31)):
            errors[key] = f"date hors de la période plausible (2019-2040) : {value:%d/%m/%Y}"
    if start and signed and "date_debut" not in errors and "date_convention" not in errors and start < signed:
        errors["date_debut"] = (
            f"la date de début ({start:%d/%m/%Y}) précède la signature de la convention ({signed:%d/%m/%Y})"
        )
    for key in ("structure_porteuse", "animateur_nom", "animateur_telephone"):
        if len(record.get(key) or "") > 200:
            errors[key] = "texte trop long (200 caractères au plus)"
    return errors


def as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


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
    return {
        "departement": code, "statut": NON_RENSEIGNE, "etp": 0.0, "structure_porteuse": "",
        "type_structure": "", "date_debut": None, "date_convention": None, "financement_annuel": None,
        "commentaire": "", "animateur_nom": "", "animateur_email": "", "animateur_telephone": "",
        "version": 1, "updated_at": None, "updated_by": "",
    }


def blank_values() -> dict:
    """The field values of a record nobody has filled in."""
    return {f: v for f, v in _blank("").items() if f in FIELDS}


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


@dataclass
class Change:
    code: str
    before: dict
    after: dict

    @property
    def fields(self) -> list[str]:
        return [f for f in FIELDS if as_text(self.before.get(f)) != as_text(self.after.get(f))]


def prepare(current: dict, values: dict) -> tuple[dict, dict[str, str]]:
    """The record after applying ``values`` to ``current``, and its errors."""
    cleaned, errors = clean_values(values)
    record = {f: current.get(f) for f in FIELDS}
    record.update(cleaned)
    if "statut" in cleaned and "etp" not in values:
        record["etp"] = STATUS_ETP.get(cleaned["statut"], record.get("etp"))
    errors.update({k: v for k, v in validate(record).items() if k not in errors})
    return record, errors


class _VersionMoved(Exception):
    pass


def _author(user: User) -> str:
    """How the acting user is written in ``updated_by`` and the history (200 characters)."""
    return " ".join(user.label.split())[:200]


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

    Refused (``access.AccessDenied``, recorded, nothing written) unless ``user``
    may edit ``code``'s record; changing the facilitator's name or contact also
    needs the right to see them. ``expected_version`` is the version the editor
    loaded; a save made by someone else since then raises ``ConcurrentEditError``
    and writes nothing. Invalid values raise ``RecordError``. Returns the saved record.
    """
    if code not in DEPARTEMENTS:
        raise KeyError(f"département inconnu « {code} »")
    access.require(engine, user, access.can_edit_record(user, code), "modifier la fiche de l'animateur", code)
    if any(f in values for f in PERSONAL_FIELDS):
        access.require(engine, user, access.can_see_personal(user, code),
                       "modifier les coordonnées de l'animateur", code)
    author = _author(user)
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


def apply_many(engine: Engine, values_by_code: dict[str, dict], user: User, action: str) -> list[Change]:
    """Apply several records at once, all or nothing, as ``user`` (administrators
    only: it changes any département). Raises ``RecordError`` with errors keyed
    ``CODE:field`` when any record is invalid; nothing is written then."""
    access.require(engine, user, access.can_import(user), IMPORT_ACTION, f"{len(values_by_code)} département(s)")
    author = _author(user)
    change_id = str(uuid.uuid4())
    when = now()
    changes: list[Change] = []
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
        for code, after in prepared.items():
            if _write(conn, change_id, code, current[code], after, author, action, None, when):
                changes.append(Change(code, current[code], after))
        if action == "import":
            _clear_demo(conn)  # a whole registry replaces the demonstration state
    return changes


# --------------------------------------------------------------------------- demo


def _clear_demo(conn) -> None:
    conn.execute(settings_table.delete().where(settings_table.c.key == "demo"))


def is_demo(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(settings_table.c.value).where(settings_table.c.key == "demo")).scalar() == "1"


def demo_statuses() -> dict[str, str]:
    """The demonstration state: 73 départements at half-time (as in June 2023), the
    others without a facilitator. Which 73 is illustrative, not the real list: the
    first 73 codes in reference order, so that it is reproducible."""
    departements = [c for c in CODES if c != "978"]
    return {c: (MI_TEMPS if i < 73 else AUCUN) for i, c in enumerate(departements)} | {"978": AUCUN}


def clear_demo(engine: Engine, user: User) -> list[Change]:
    """Put every record back to « non renseigné » and lower the demo flag (administrators)."""
    access.require(engine, user, access.can_import(user), "effacer le registre (démonstration)")
    values = {code: blank_values() for code in CODES}
    changes = apply_many(engine, values, user, "remise à zéro")
    with engine.begin() as conn:
        _clear_demo(conn)
    return changes


def load_demo(engine: Engine, user: User) -> list[Change]:
    """Fill the registry with the demonstration state and raise the demo flag (administrators)."""
    access.require(engine, user, access.can_import(user), "charger les données de démonstration")
    blank = {f: None for f in FIELDS if f not in ("statut", "etp")}
    blank.update({k: "" for k in ("structure_porteuse", "type_structure", "commentaire", *PERSONAL_FIELDS)})
    values = {
        code: {**blank, "statut": statut, "etp": STATUS_ETP[statut],
               "financement_annuel": 25000.0 if statut == MI_TEMPS else None,
               "commentaire": "Données de démonstration"}
        for code, statut in demo_statuses().items()
    }
    changes = apply_many(engine, values, user, "démonstration")
    with engine.begin() as conn:
        _clear_demo(conn)
        conn.execute(insert(settings_table).values(key="demo", value="1"))
    return changes
