"""« Points d'attention »: the départements that deserve a look on a given day.

Each check is data (its key for the address, its French label, its threshold
stated on the page) and a pure rule on the registry as in force that day
(``domain.periods.records_in_force``), its periods and the dates of its history. The
national page shows one counter per check; a counter filters the map and the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from fsdash.domain import periods as timeline
from fsdash.domain.formatting import PARIS
from fsdash.domain.statuses import AUCUN, FLAT_CONTRIBUTION, RECRUTEMENT, STATUS_ETP, TEMPS_PLEIN

# The thresholds, kept here as data and shown on the page.
VACANT_MONTHS = 3
STALE_MONTHS = 6
VACANT: tuple[str, ...] = (AUCUN, RECRUTEMENT)


@dataclass(frozen=True)
class Check:
    key: str  # in the address: ``?alerte=vacance``
    label: str
    threshold: str  # the rule in words, shown beside the counter


CHECKS: tuple[Check, ...] = (
    Check("vacance", f"Sans animateur ou en recrutement depuis plus de {VACANT_MONTHS} mois",
          f"statut « {AUCUN} » ou « {RECRUTEMENT} » sans interruption depuis plus de {VACANT_MONTHS} mois "
          "(depuis une date inconnue : compté)"),
    Check("fiche", f"Fiche non mise à jour depuis plus de {STALE_MONTHS} mois",
          f"aucune modification enregistrée dans les {STALE_MONTHS} mois précédant la date affichée "
          "(fiche jamais renseignée : comptée)"),
    Check("convention", "Temps plein sans convention signée",
          f"statut « {TEMPS_PLEIN} » sans date de signature de la convention à la date affichée"),
    Check("financement", "Financement différent du forfait",
          f"financement annuel renseigné différent du forfait de l'État ({FLAT_CONTRIBUTION[0.5]:,.0f} € par "
          f"mi-temps, {FLAT_CONTRIBUTION[1.0]:,.0f} € par temps plein)".replace(",", "\u202f")),
)
BY_KEY: dict[str, Check] = {c.key: c for c in CHECKS}


def _months_before(day: date, months: int) -> pd.Timestamp:
    return pd.Timestamp(day) - pd.DateOffset(months=months)


def vacant_since(periods: pd.DataFrame, day: date) -> dict[str, date | None]:
    """For each département without a facilitator or recruiting on ``day``: since when
    without interruption (the start of its run of such periods; ``None`` = unknown)."""
    started = timeline.ordered(periods)
    if started.empty:
        return {}
    starts = pd.to_datetime(started["date_effet"]).fillna(pd.Timestamp("1900-01-01"))
    started = started[(starts <= pd.Timestamp(day)).to_numpy()].reset_index(drop=True)
    vacant = started["statut"].isin(VACANT)
    code = started["departement"]
    run = ((code != code.shift()) | (vacant != vacant.shift())).cumsum()  # runs of (non-)vacant periods
    first = pd.Series(started.index, index=started.index).groupby(run).transform("min")
    last = started.index.to_series().groupby(code).max()  # the period in force, per département
    last = last[vacant[last].to_numpy()]
    return {c: (d if isinstance(d, date) else None) for c, d in
            zip(last.index, started.loc[first[last].to_numpy(), "date_effet"])}


def long_vacancies(periods: pd.DataFrame, day: date, months: int = VACANT_MONTHS) -> set[str]:
    limit = _months_before(day, months)
    return {code for code, since in vacant_since(periods, day).items()
            if since is None or pd.Timestamp(since) < limit}


def last_updates(history: pd.DataFrame, day: date) -> dict[str, datetime]:
    """Each département's last recorded change on or before ``day`` (history's ``changed_at``)."""
    if history.empty:
        return {}
    when = _wall_clock(history["changed_at"])
    until = when < pd.Timestamp(day) + pd.Timedelta(days=1)
    return when[until].groupby(history.loc[until, "departement"]).max().to_dict()


def _wall_clock(moments: pd.Series) -> pd.Series:
    """Moments comparable with a day: PostgreSQL gives them with a zone (then as Paris wall-clock
    time, without it), SQLite without one (left as they are)."""
    moments = pd.to_datetime(moments)
    if moments.dt.tz is not None:
        moments = moments.dt.tz_convert(PARIS).dt.tz_localize(None)
    return moments


def stale(codes, updates: dict[str, datetime], day: date, months: int = STALE_MONTHS) -> set[str]:
    """Départements with no recorded change in the ``months`` before ``day`` (never: counted)."""
    limit = _months_before(day, months)
    return {code for code in codes if code not in updates or pd.Timestamp(updates[code]) < limit}


def without_convention(records_at: pd.DataFrame, day: date) -> set[str]:
    signed = pd.to_datetime(records_at["date_convention"], errors="coerce")
    unsigned = signed.isna() | (signed > pd.Timestamp(day))
    return set(records_at.loc[(records_at["statut"] == TEMPS_PLEIN) & unsigned, "departement"])


def off_flat_rate(records_at: pd.DataFrame) -> set[str]:
    funding = pd.to_numeric(records_at["financement_annuel"], errors="coerce")
    flat = records_at["statut"].map(STATUS_ETP).fillna(0.0).map(FLAT_CONTRIBUTION).astype(float)
    return set(records_at.loc[funding.notna() & ((funding - flat).abs() >= 0.5), "departement"])


def flags(records_at: pd.DataFrame, periods: pd.DataFrame, history: pd.DataFrame, day: date) -> dict[str, set[str]]:
    """Every check's départements on ``day``, by check key (in ``CHECKS`` order)."""
    codes = set(records_at["departement"])
    return {
        "vacance": long_vacancies(periods, day) & codes,
        "fiche": stale(codes, last_updates(history, day), day),
        "convention": without_convention(records_at, day),
        "financement": off_flat_rate(records_at),
    }


def selected(found: dict[str, set[str]], keys) -> set[str] | None:
    """The départements flagged by any of the chosen checks; ``None`` when none is chosen."""
    chosen = [k for k in keys or [] if k in found]
    if not chosen:
        return None
    return set().union(*(found[k] for k in chosen))


def sentences(found: dict[str, set[str]] | dict[str, frozenset[str]], limit: int = 8) -> list[str]:
    """One French sentence per check with départements: its label, how many, the first codes."""
    out = []
    for check in CHECKS:
        codes = sorted(found.get(check.key, ()))
        if codes:
            more = "…" if len(codes) > limit else ""
            out.append(f"{check.label} : {len(codes)} ({', '.join(codes[:limit])}{more}).")
    return out
