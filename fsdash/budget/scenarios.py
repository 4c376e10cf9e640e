"""Named budget scenarios saved in the database.

A scenario is a unique name and its assumptions (``budget.Assumptions`` as JSON),
with who created and last updated it, and when. Saving under an existing name is
refused unless ``replace=True``. Every write is one transaction, made as an
acting ``rights.User`` who must be allowed to save scenarios (administrators;
anyone may run a simulation, and read and compare saved scenarios).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from fsdash.budget.assumptions import AssumptionError, Assumptions
from fsdash.domain.formatting import now
from fsdash.storage import accounts, rights
from fsdash.storage.rights import User
from fsdash.storage.tables import MAX_SCENARIO_NAME as MAX_NAME_LENGTH
from fsdash.storage.tables import budget_scenarios as scenarios_table

log = logging.getLogger(__name__)


class ScenarioError(ValueError):
    """A scenario operation refused; the message is in French."""


class ScenarioExists(ScenarioError):
    """Saving under a name already taken, without ``replace=True``."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"Un scénario nommé « {name} » existe déjà : confirmez pour le remplacer.")


@dataclass(frozen=True)
class Scenario:
    name: str
    assumptions: Assumptions
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime


def clean_name(name: str) -> str:
    """Spaces trimmed and collapsed; French error when empty or too long."""
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise ScenarioError("Donnez un nom au scénario.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ScenarioError(f"Le nom du scénario dépasse {MAX_NAME_LENGTH} caractères.")
    return cleaned



def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _scenario(row) -> Scenario:
    return Scenario(
        name=row.name,
        assumptions=Assumptions.from_dict(row.assumptions),
        created_by=row.created_by,
        created_at=_utc(row.created_at),
        updated_by=row.updated_by,
        updated_at=_utc(row.updated_at),
    )


def save_scenario(engine: Engine, name: str, assumptions: Assumptions, user: User,
                  replace: bool = False) -> Scenario:
    """Save ``assumptions`` under ``name`` as ``user`` (``rights.AccessDenied``
    unless allowed). Raises ``ScenarioExists`` when the name is taken and
    ``replace`` is false; replacing keeps the creation record."""
    accounts.require(engine, user, rights.can_save_scenarios(user),
                   "remplacer un scénario" if replace else "enregistrer un scénario", str(name or ""))
    name, author = clean_name(name), user.signature
    if not isinstance(assumptions, Assumptions):
        raise AssumptionError("Hypothèses illisibles : un objet Assumptions est attendu.")
    values = {"assumptions": assumptions.to_dict(), "updated_by": author, "updated_at": now()}
    try:
        with engine.begin() as conn:
            if replace and _update(conn, name, values):
                log.info("scenario %r replaced by %s", name, user.email)
            else:
                conn.execute(insert(scenarios_table).values(
                    name=name, created_by=author, created_at=values["updated_at"], **values))
                log.info("scenario %r created by %s", name, user.email)
    except IntegrityError:
        if not replace:
            raise ScenarioExists(name) from None
        with engine.begin() as conn:  # created concurrently between our update and insert
            _update(conn, name, values)
    return load_scenario(engine, name)


def _update(conn, name: str, values: dict) -> bool:
    done = conn.execute(update(scenarios_table).where(scenarios_table.c.name == name).values(**values))
    return done.rowcount > 0


def load_scenario(engine: Engine, name: str) -> Scenario | None:
    """The scenario called ``name``, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(scenarios_table).where(scenarios_table.c.name == clean_name(name))).first()
    return _scenario(row) if row is not None else None


def list_scenarios(engine: Engine) -> list[Scenario]:
    """Every scenario, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(scenarios_table).order_by(scenarios_table.c.name)).all()
    return [_scenario(row) for row in rows]


def scenario_names(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(scenarios_table.c.name).order_by(scenarios_table.c.name)).scalars())


def delete_scenario(engine: Engine, name: str, user: User) -> bool:
    """Delete the scenario called ``name`` as ``user`` (``rights.AccessDenied``
    unless allowed); False when there was none."""
    accounts.require(engine, user, rights.can_save_scenarios(user), "supprimer un scénario", str(name or ""))
    name = clean_name(name)
    with engine.begin() as conn:
        done = conn.execute(delete(scenarios_table).where(scenarios_table.c.name == name))
    if done.rowcount:
        log.info("scenario %r deleted by %s", name, user.email)
    return done.rowcount > 0
