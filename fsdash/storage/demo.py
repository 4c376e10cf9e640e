"""Demonstration data: a registry state clearly labelled as fictitious.

While it is in place, a flag in ``app_settings`` makes every page show a
« données de démonstration » banner; a whole-registry import lowers it.
"""

from __future__ import annotations

from sqlalchemy import Engine, insert

from fsdash.domain.record_fields import DEMO_AUTHOR
from fsdash.domain.statuses import AUCUN, MI_TEMPS, STATUS_ETP
from fsdash.domain.territories import CODES
from fsdash.inputs.record_values import Change, blank_values
from fsdash.storage import rights
from fsdash.storage.accounts import require
from fsdash.storage.registry import apply_many, clear_demo_flag
from fsdash.storage.rights import User
from fsdash.storage.tables import settings_table


def demo_statuses() -> dict[str, str]:
    """The demonstration state: 73 départements at half-time (as in June 2023), the
    others without a facilitator. Which 73 is illustrative, not the real list: the
    first 73 codes in reference order, so that it is reproducible."""
    departements = [c for c in CODES if c != "978"]
    return {c: (MI_TEMPS if i < 73 else AUCUN) for i, c in enumerate(departements)} | {"978": AUCUN}


def clear_demo(engine: Engine, user: User) -> list[Change]:
    """Put every record back to « non renseigné » and lower the demo flag (administrators)."""
    require(engine, user, rights.can_import(user), "effacer le registre (démonstration)")
    values = {code: blank_values() for code in CODES}
    changes = apply_many(engine, values, user, "remise à zéro")
    with engine.begin() as conn:
        clear_demo_flag(conn)
    return changes


def load_demo(engine: Engine, user: User) -> list[Change]:
    """Fill the registry with the demonstration state and raise the demo flag (administrators)."""
    require(engine, user, rights.can_import(user), "charger les données de démonstration")
    values = {
        code: {**blank_values(), "statut": statut, "etp": STATUS_ETP[statut],
               "financement_annuel": 25000.0 if statut == MI_TEMPS else None,
               "commentaire": "Données de démonstration"}
        for code, statut in demo_statuses().items()
    }
    changes = apply_many(engine, values, user, "démonstration", author=DEMO_AUTHOR)  # no person behind it
    with engine.begin() as conn:
        clear_demo_flag(conn)
        conn.execute(insert(settings_table).values(key="demo", value="1"))
    return changes
