"""The registry's time axis: dated periods, the one in force on a day, month by month.

A département's timeline is a list of periods. Each starts on its ``date_effet``
(the first day it applies) and runs until the next one starts; the last runs on.
``date_effet`` may be unknown (``None``: « depuis une date inconnue »), which
counts as in force since before any horizon; at most one period per département
may have it, and it is the first. Periods therefore never overlap: two periods of
one département never share a ``date_effet``.

Pure rules on pandas tables, one row per period, with the columns ``departement``,
``date_effet`` (``datetime.date`` or ``None``) and the dated fields below; the
storage layer reads and writes them, the simulator, the views and the pages use
these functions to see the network on any day or month.
"""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from fsdash.domain.statuses import NON_RENSEIGNE, STATUS_ETP

# The fields a period carries (besides ``departement`` and ``date_effet``).
PERIOD_FIELDS: tuple[str, ...] = (
    "statut", "etp", "structure_porteuse", "type_structure", "date_convention", "financement_annuel",
)
PERIOD_COLUMNS: tuple[str, ...] = ("departement", "date_effet", *PERIOD_FIELDS)

# Dates a period may start on: the function exists since 2019; plans up to two years ahead.
FIRST_DAY = date(2019, 1, 1)
PLANNING_YEARS = 2
UNKNOWN_START_LABEL = "depuis une date inconnue"
PLANNED_LABEL = "prévu"

_BEFORE_ANY = pd.Timestamp("1900-01-01")  # where an unknown start sorts


def last_day(today: date) -> date:
    """The latest ``date_effet`` allowed: two years after ``today``."""
    try:
        return today.replace(year=today.year + PLANNING_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + PLANNING_YEARS, day=28)


def date_problem(day: date | None, today: date) -> str | None:
    """Why ``day`` cannot start a period, in French, or ``None`` when it can."""
    if day is None:
        return None
    if day < FIRST_DAY:
        return f"La date d'effet doit être postérieure au {FIRST_DAY:%d/%m/%Y} (création de la fonction)."
    if day > last_day(today):
        return (f"La date d'effet ne peut pas dépasser le {last_day(today):%d/%m/%Y} "
                f"(changements prévus jusqu'à {PLANNING_YEARS} ans à l'avance).")
    return None


def empty() -> pd.DataFrame:
    """A timeline with no period, with the right columns."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in PERIOD_COLUMNS})


def _starts(periods: pd.DataFrame) -> pd.Series:
    """``date_effet`` as timestamps, an unknown start before any date."""
    return pd.to_datetime(periods["date_effet"]).fillna(_BEFORE_ANY).astype("datetime64[ns]")


def ordered(periods: pd.DataFrame) -> pd.DataFrame:
    """Periods by département, then by start (an unknown start first)."""
    if periods.empty:
        return periods.copy()
    return (periods.assign(_start=_starts(periods))
            .sort_values(["departement", "_start"], kind="stable")
            .drop(columns="_start")
            .reset_index(drop=True))


def in_force(periods: pd.DataFrame, day: date) -> pd.DataFrame:
    """The period in force on ``day`` for each département that has one (one row
    each, indexed 0..n-1). Départements with no period in force are absent."""
    if periods.empty:
        return empty()
    started = periods[_starts(periods) <= pd.Timestamp(day)]
    return ordered(started).drop_duplicates("departement", keep="last").reset_index(drop=True)


def planned(periods: pd.DataFrame, day: date) -> pd.DataFrame:
    """The periods that start after ``day`` (« prévu »), in order."""
    if periods.empty:
        return empty()
    return ordered(periods[_starts(periods) > pd.Timestamp(day)])


def month_starts(first: date, last: date) -> pd.DatetimeIndex:
    """The first day of each month from ``first``'s month to ``last``'s month."""
    return pd.date_range(pd.Timestamp(first).to_period("M").to_timestamp(),
                         pd.Timestamp(last).to_period("M").to_timestamp(), freq="MS")


def monthly(periods: pd.DataFrame, codes: list[str] | tuple[str, ...], months: pd.DatetimeIndex) -> pd.DataFrame:
    """Each code's period in force on the first day of each month: a long table
    (``mois``, ``departement``, the period's fields). A month with no period in
    force reads « non renseigné » with 0 ETP and no other field.

    One ``merge_asof`` for the whole grid: 102 territories over twelve years is
    about 15,000 rows."""
    grid = pd.DataFrame({"mois": months.repeat(len(codes)).astype("datetime64[ns]"),
                         "departement": list(codes) * len(months)}).sort_values("mois", kind="stable")
    fields = [f for f in PERIOD_FIELDS if f in periods.columns]
    if periods.empty:
        out = grid.assign(**{f: None for f in fields})
    else:
        known = periods.assign(mois=_starts(periods))[["mois", "departement", *fields]].sort_values("mois")
        out = pd.merge_asof(grid, known, on="mois", by="departement", direction="backward")
    out["statut"] = out["statut"].where(out["statut"].notna(), NON_RENSEIGNE)
    out["etp"] = out["statut"].map(STATUS_ETP).astype(float)
    order = {code: i for i, code in enumerate(codes)}
    return (out.assign(_o=out["departement"].map(order))
            .sort_values(["mois", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True))


def first_start(periods: pd.DataFrame) -> date | None:
    """The earliest known ``date_effet`` of the timeline, if any."""
    known = pd.to_datetime(periods["date_effet"]).dropna() if not periods.empty else pd.Series(dtype="datetime64[ns]")
    return None if known.empty else known.min().date()


def changes(periods: pd.DataFrame, code: str, day: date | None = None) -> list[tuple[date | None, str, str]]:
    """``code``'s successive statuses up to ``day`` (all when ``None``), oldest first:
    (date_effet, status before, status from then on). Public: no author, no personal field."""
    mine = ordered(periods[periods["departement"] == code]) if not periods.empty else periods
    out: list[tuple[date | None, str, str]] = []
    before = ""
    for start, status in zip(mine["date_effet"] if len(mine) else [], mine["statut"] if len(mine) else []):
        start = as_day(start)
        if day is not None and start is not None and start > day:
            break
        if status != before:
            out.append((start, before, status))
        before = status
    return out


def as_day(value) -> date | None:
    """A day from what a periods table may hold in a date column (a ``date``, a ``datetime`` or
    pandas ``Timestamp``); ``None`` for a missing one (None, NaN, NaT)."""
    if isinstance(value, datetime):  # a Timestamp, and NaT, are datetimes too
        return None if value is pd.NaT else value.date()
    return value if isinstance(value, date) else None


def records_in_force(records: pd.DataFrame, periods: pd.DataFrame, day: date) -> pd.DataFrame:
    """``records`` (one row per territory, with ``departement``) with their dated fields
    taken from the period in force on ``day`` (« non renseigné » and empty where none):
    ``date_debut`` and ``date_effet`` the start of that period, ``periode_id`` and
    ``periode_version`` its ``id`` and ``version``. The one derivation used by
    ``storage.periods.records_at`` (from the database) and the pages (from cached tables)."""
    current = (in_force(periods, day).reindex(columns=[*PERIOD_COLUMNS, "id", "version"])
               .set_index("departement").reindex(records["departement"]))
    known = current["statut"].notna().to_numpy()
    out = records.copy()
    out["statut"] = np.where(known, current["statut"].to_numpy(dtype=object), NON_RENSEIGNE)
    out["etp"] = out["statut"].map(STATUS_ETP).astype(float)
    for column in ("structure_porteuse", "type_structure"):
        out[column] = np.where(known, current[column].to_numpy(dtype=object), "")
    out["financement_annuel"] = current["financement_annuel"].to_numpy(dtype=float)
    for column in ("date_convention", "date_effet"):
        out[column] = pd.Series([as_day(v) for v in current[column]], index=out.index, dtype=object)
    out["date_debut"] = out["date_effet"]
    out["periode_id"] = pd.array(current["id"].to_numpy(dtype=float), dtype="Int64")
    out["periode_version"] = pd.array(current["version"].to_numpy(dtype=float), dtype="Int64")
    return out
