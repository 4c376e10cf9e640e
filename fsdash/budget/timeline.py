"""The simulator's reference: what happened (the registry's periods up to a cut-off
date), then the status quo (each territory keeps its last status), month by month.

Pure pandas/NumPy on a periods table (``fsdash.domain.periods``), except
``registry_periods``, which reads it from the database (``storage.periods``). A status applies to a month
when it is in force on the month's first day (``periods.monthly``): a period
starting on 15 July counts from August.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from fsdash.budget.assumptions import AssumptionError, departement_code
from fsdash.domain.periods import as_day
from fsdash.domain.statuses import AUCUN, MI_TEMPS, NON_RENSEIGNE, RECRUTEMENT, STATUSES, TEMPS_PLEIN
from fsdash.domain.territories import DEPARTEMENTS, normalize
from fsdash.storage.periods import periods as stored_periods

SAINT_MARTIN = "978"
# A territory « has a post » when the registry records one there at some point.
POST_STATUSES = (RECRUTEMENT, MI_TEMPS, TEMPS_PLEIN)
# Status codes of the month grid, in ``STATUSES`` order.
UNKNOWN, NONE, RECRUITING, HALF, FULL = range(5)
SHARES = np.array([0.0, 0.0, 0.0, 0.5, 1.0])
_CODE_OF = {s: i for i, s in enumerate(STATUSES)}
_STATUS_BY_KEY = {normalize(s): s for s in STATUSES}
assert STATUSES == (NON_RENSEIGNE, AUCUN, RECRUTEMENT, MI_TEMPS, TEMPS_PLEIN)


def clean_status(raw, code: str) -> str:
    """A status as typed (``Mi-Temps``, ``non renseigne``) → its reference spelling; French error otherwise."""
    known = _STATUS_BY_KEY.get(normalize(str(raw or "")))
    if known is None:
        raise AssumptionError(
            f"Statut inconnu pour le département {DEPARTEMENTS[code].label} : « {raw} » "
            f"(valeurs admises : {', '.join(STATUSES)})."
        )
    return known


Rows = list[tuple[str, date | None, str]]  # (code, date_effet or None, status), checked


def from_statuses(statuses: dict[str, str]) -> Rows:
    """One status per territory (no dates) as periods: one each, in force since an
    unknown date. French errors on unknown codes or statuses."""
    if not statuses:
        raise AssumptionError("La situation de départ ne contient aucun département.")
    rows = []
    for raw, status in statuses.items():
        code = departement_code(raw)
        if code is None:
            raise AssumptionError(f"Département inconnu dans la situation de départ : « {raw} ».")
        rows.append((code, None, clean_status(status, code)))
    return rows


def registry_periods(engine) -> pd.DataFrame:
    """The registry's periods (``departement``, ``date_effet``, ``statut``)."""
    return stored_periods(engine)[["departement", "date_effet", "statut"]]


def key(periods: pd.DataFrame) -> tuple:
    """The periods as a hashable value (for caches): ``(code, 'AAAA-MM-JJ' or None, status)`` rows."""
    days = [None if d is None or pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in periods["date_effet"]]
    return tuple(zip(periods["departement"], days, periods["statut"]))


def from_key(rows: tuple) -> pd.DataFrame:
    """The inverse of ``key``."""
    return pd.DataFrame([(c, date.fromisoformat(d) if d else None, s) for c, d, s in rows],
                        columns=["departement", "date_effet", "statut"])


def checked(periods: pd.DataFrame) -> Rows:
    """A periods table as rows with reference codes, dates and statuses (French errors otherwise)."""
    rows = []
    for raw, day, status in zip(periods["departement"].tolist(), periods["date_effet"].tolist(),
                                periods["statut"].tolist()):
        code = raw if raw in DEPARTEMENTS else departement_code(raw)
        if code is None:
            raise AssumptionError(f"Département inconnu dans la situation de départ : « {raw} ».")
        rows.append((code, as_day(day), status if status in _CODE_OF else clean_status(status, code)))
    return rows


def default_codes(rows: Rows) -> list[str]:
    """The 101 départements, and Saint-Martin when the registry gives it a post."""
    codes = [c for c in DEPARTEMENTS if c != SAINT_MARTIN]
    post = any(code == SAINT_MARTIN and status in POST_STATUSES for code, _, status in rows)
    return codes + [SAINT_MARTIN] if post else codes


def is_dated(rows: Rows) -> bool:
    """Whether any period has a known start."""
    return any(day is not None for _, day, _ in rows)


def default_cutoff(rows: Rows, start_month: int, today: date) -> date:
    """Today for a dated timeline. Statuses without any date describe a starting
    situation: the reference is then their status quo over the whole horizon (the
    cut-off is the day before the horizon)."""
    if is_dated(rows):
        return today
    return date(start_month // 12, start_month % 12 + 1, 1) - timedelta(days=1)


def first_month_after(cutoff: date) -> int:
    """The first month (absolute index) whose first day is after ``cutoff``."""
    return cutoff.year * 12 + cutoff.month  # (month − 1) + 1


def status_grid(rows: Rows, codes: list[str], start: int, months: int, cutoff: date) -> np.ndarray:
    """Status codes (territories × months) of the reference: the periods that started
    on or before ``cutoff``, each in force until the next; « non renseigné » where none is.

    The rule of ``periods.monthly`` (the status in force on each month's first day),
    filled with NumPy from a few hundred rows, no merge of a 15,000-row grid."""
    grid = np.zeros((len(codes), months), dtype=np.int8)  # UNKNOWN
    row_of = {c: i for i, c in enumerate(codes)}
    kept = sorted((row_of[code], day or date.min, day, status) for code, day, status in rows
                  if code in row_of and (day is None or day <= cutoff))
    for row, _, day, status in kept:  # by territory, then start: a later period overwrites from its month
        # the first month whose first day the period is in force on; an unknown start: before any month
        first = 0 if day is None else max(day.year * 12 + day.month - 1 + (day.day > 1) - start, 0)
        grid[row, first:] = _CODE_OF[status]
    return grid
