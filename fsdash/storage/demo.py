"""Demonstration data: a registry timeline clearly labelled as fictitious.

It tells the programme's story (PRODUCT.md): on 30 June 2023, 73 départements
with a half-time facilitator (started between 2021 and June 2023) and the other
28 without; those 28 recruit at half time between July and December 2023; all
101 at full time from 1 January 2024; then a few vacancies in 2025
(``VACANCIES``). Saint-Martin (978) has no facilitator throughout. Which
départements is illustrative, not the real list: reference order, reproducible.

While it is in place, a flag in ``app_settings`` makes every page show a
« données de démonstration » banner (its details: ``DEMO_DETAILS``); a
whole-registry import lowers it.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine, insert

from fsdash.domain.formatting import now
from fsdash.domain.periods import in_force
from fsdash.domain.record_fields import DEMO_AUTHOR
from fsdash.domain.statuses import AUCUN, MI_TEMPS, RECRUTEMENT, STATUS_ETP, TEMPS_PLEIN
from fsdash.domain.territories import CODES, DEPARTEMENTS
from fsdash.inputs.record_values import Change
from fsdash.storage import periods, rights
from fsdash.storage.accounts import require
from fsdash.storage.periods import touch_record
from fsdash.storage.registry import changes_since, clear_demo_flag, write_record_fields
from fsdash.storage.rights import User
from fsdash.storage.tables import settings_table
from fsdash.storage.timelines import replace_timeline

DEMO_COMMENT = "Données de démonstration"
STORY_START = date(2020, 1, 1)  # every département « aucun » from here until its first facilitator
FULL_TIME = date(2024, 1, 1)
SAINT_MARTIN = "978"
# Vacancies of some months in 2025: (code, post vacant from, filled again from).
VACANCIES: tuple[tuple[str, date, date], ...] = (
    ("23", date(2025, 3, 1), date(2025, 7, 1)),
    ("48", date(2025, 5, 15), date(2025, 9, 1)),
    ("976", date(2025, 9, 1), date(2025, 12, 1)),
)
DEMO_DETAILS = (
    "Chronologie fictive : au 30/06/2023, 73 départements à mi-temps (arrivées de 2021 à juin 2023) et 28 "
    "sans animateur ; ces 28 recrutent à mi-temps entre juillet et décembre 2023 ; les 101 départements "
    "passent à temps plein le 01/01/2024. Postes vacants (recrutement en cours) en 2025 : "
    + " ; ".join(f"{DEPARTEMENTS[c].nom} ({c}) du {a:%d/%m/%Y} au {b - timedelta(days=1):%d/%m/%Y}"
                 for c, a, b in VACANCIES)
    + ". Saint-Martin (978) : sans animateur. Départements choisis dans l'ordre des codes, pas la liste réelle."
)


def _period(statut: str, convention: date | None = None) -> dict:
    funding = {MI_TEMPS: 25_000.0, TEMPS_PLEIN: 50_000.0}.get(statut)
    return {"statut": statut, "etp": STATUS_ETP[statut], "structure_porteuse": "", "type_structure": "",
            "date_convention": convention if funding else None, "financement_annuel": funding}


def _add_months(day: date, months: int) -> date:
    total = day.month - 1 + months
    return date(day.year + total // 12, total % 12 + 1, day.day)


def demo_timelines() -> dict[str, list[tuple[date, dict]]]:
    """Each territory's demonstration periods, in order."""
    departements = [c for c in CODES if c != SAINT_MARTIN]
    timelines: dict[str, list[tuple[date, dict]]] = {SAINT_MARTIN: [(STORY_START, _period(AUCUN))]}
    for i, code in enumerate(departements):
        if i < 73:  # half time from a day between January 2021 and June 2023
            start = _add_months(date(2021, 1, 1 + (i * 7) % 28), i * 30 // 73)
        else:  # recruited at half time between July and December 2023
            start = _add_months(date(2023, 7, 1 + (i * 5) % 28), (i - 73) * 6 // 28)
        signed = _add_months(start, -1)
        timeline = [(STORY_START, _period(AUCUN)), (start, _period(MI_TEMPS, signed)),
                    (FULL_TIME, _period(TEMPS_PLEIN, date(2023, 12, 15)))]
        for vacant_code, vacant, filled in VACANCIES:
            if vacant_code == code:
                timeline += [(vacant, _period(RECRUTEMENT)), (filled, _period(TEMPS_PLEIN, date(2023, 12, 15)))]
        timelines[code] = timeline
    return timelines


def demo_statuses(day: date | None = None) -> dict[str, str]:
    """The demonstration status of every territory in force on ``day`` (default today)."""
    rows = [{"departement": code, "date_effet": start, **fields}
            for code, timeline in demo_timelines().items() for start, fields in timeline]
    current = in_force(pd.DataFrame(rows), day or periods.today())
    return dict(zip(current["departement"], current["statut"]))


def clear_demo(engine: Engine, user: User) -> list[Change]:
    """Remove every period and the records' comment and contacts (every territory back
    to « non renseigné »), and lower the demo flag (administrators)."""
    require(engine, user, rights.can_import(user), "effacer le registre (démonstration)")
    return _replace(engine, user, {code: [] for code in CODES}, "remise à zéro", "")


def load_demo(engine: Engine, user: User) -> list[Change]:
    """Replace every timeline with the demonstration one and raise the demo flag (administrators)."""
    require(engine, user, rights.can_import(user), "charger les données de démonstration")
    return _replace(engine, user, demo_timelines(), "démonstration", DEMO_COMMENT, flag=True)


def _replace(engine: Engine, user: User, timelines: dict, action: str, comment: str,
             flag: bool = False) -> list[Change]:
    before = periods.records_at(engine).set_index("departement")
    # The demonstration data is signed as such: no person (nor the command line's system user) behind it.
    author = DEMO_AUTHOR if flag else user.signature
    change_id, when = str(uuid.uuid4()), now()
    record = {"commentaire": comment, "animateur_nom": "", "animateur_email": "", "animateur_telephone": ""}
    with engine.begin() as conn:
        for code, timeline in timelines.items():
            replace_timeline(conn, code, timeline, author=author, change_id=change_id, when=when, action=action)
            if write_record_fields(conn, change_id, code, record, author, action, when):
                touch_record(conn, code, author, when)
        clear_demo_flag(conn)
        if flag:
            conn.execute(insert(settings_table).values(key="demo", value="1"))
    return changes_since(engine, before, list(CODES))
