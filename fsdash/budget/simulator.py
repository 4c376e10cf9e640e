"""Budget simulator: what the facilitator posts cost, month by month.

Pure computation (NumPy/pandas): no Streamlit, no database. The rules:

- each territory has, each month of the horizon, a time share in force (0, 0.5 or 1 ETP);
  the State pays the annual flat contribution for that share divided by 12;
- the starting share comes from the facilitator status (``STATUS_ETP``);
- the scenario gives each territory a switch month (per-département month, else wave
  month, else the global switch): a half-time post is full time from that month on; a
  territory with no facilitator is recruited at full time ``delay_months`` later and, if
  ``pay_vacancy``, the contribution is paid during that vacancy as if the post were filled;
- the host structure pays the loaded employer cost for the share minus the State's
  contribution, never below zero;
- the baseline (status quo) keeps every starting share for the whole horizon.

Amounts are accumulated as "annual rate x months" and divided by 12 once, so that whole-euro
inputs give exact totals. Bad input raises ``AssumptionError`` with a French message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fsdash.budget.assumptions import (
    AssumptionError,
    Assumptions,
    Plan,
    departement_code,
    make_plan,
    month_text,
)
from fsdash.domain.statuses import STATUS_ETP
from fsdash.domain.territories import DEPARTEMENTS, REGIONS, normalize

_STATUS_BY_KEY = {normalize(s): s for s in STATUS_ETP}


def start_shares(statuses: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Codes in reference order and their normalised statuses; French errors on unknowns."""
    if not statuses:
        raise AssumptionError("La situation de départ ne contient aucun département.")
    clean: dict[str, str] = {}
    for raw, status in statuses.items():
        code = departement_code(raw)
        if code is None:
            raise AssumptionError(f"Département inconnu dans la situation de départ : « {raw} ».")
        known = _STATUS_BY_KEY.get(normalize(str(status or "")))
        if known is None:
            allowed = ", ".join(STATUS_ETP)
            raise AssumptionError(
                f"Statut inconnu pour le département {DEPARTEMENTS[code].label} : « {status} » "
                f"(valeurs admises : {allowed})."
            )
        clean[code] = known
    return [c for c in DEPARTEMENTS if c in clean], clean


# --------------------------------------------------------------------------- engine


@dataclass
class Result:
    """Simulation output. Amounts are euros over the horizon (or the year)."""

    assumptions: Assumptions
    yearly: pd.DataFrame  # one row per year
    per_departement: pd.DataFrame  # one row per territory, reference order
    per_region: pd.DataFrame  # one row per région, alphabetical
    monthly: pd.DataFrame  # one row per month: posts and ETP
    totals: dict = field(default_factory=dict)


def _shares(base: np.ndarray, switch: np.ndarray, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """Share in force (N × M) and vacancy mask for the scenario."""
    month = np.arange(plan.months)[None, :]
    k = switch[:, None]
    recruited = month >= k + plan.delay
    half = base[:, None] == 0.5
    zero = base[:, None] == 0.0
    share = np.where(half, np.where(month >= k, 1.0, 0.5), np.where(zero, np.where(recruited, 1.0, 0.0), 1.0))
    vacancy = zero & (month >= k) & ~recruited
    return share, vacancy


def _rates(share: np.ndarray, plan: Plan, vacancy: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Annual-rate State contribution and host cost for each cell of ``share``."""
    state = np.where(share == 1.0, plan.full, np.where(share == 0.5, plan.half, 0.0))
    if vacancy is not None and plan.pay_vacancy:
        state = np.where(vacancy, plan.full, state)
    host = np.maximum(plan.employer * share - state, 0.0)
    return state, host


AMOUNT_COLUMNS = (
    "state", "host", "total", "baseline_state", "baseline_host", "baseline_total",
    "diff_state", "diff_host", "diff_total",
)


def simulate(statuses: dict[str, str], assumptions: Assumptions,
             sites_per_dep: dict[str, int] | None = None) -> Result:
    """Run the scenario and its baseline for the territories in ``statuses``
    (code → facilitator status). ``sites_per_dep`` gives the France services sites
    per code for the cost per site (None: unknown)."""
    plan = make_plan(assumptions)
    codes, clean = start_shares(statuses)
    base = np.array([STATUS_ETP[clean[c]] for c in codes])
    far = plan.months + plan.delay + 1
    switch = np.array([plan.switch[c] - plan.start if c in plan.switch else far for c in codes])
    share, vacancy = _shares(base, switch, plan)
    state, host = _rates(share, plan, vacancy)
    base_state, base_host = _rates(base, plan)
    months = np.arange(plan.start, plan.end + 1)
    years, first, counts = np.unique(months // 12, return_index=True, return_counts=True)
    full = share == 1.0
    yearly = _amounts(np.add.reduceat(state.sum(axis=0), first) / 12, np.add.reduceat(host.sum(axis=0), first) / 12,
                      base_state.sum() * counts / 12, base_host.sum() * counts / 12)
    areas = _amounts(state.sum(axis=1) / 12, host.sum(axis=1) / 12,
                     base_state * plan.months / 12, base_host * plan.months / 12)
    sites = np.array([sites_per_dep.get(c, 0) for c in codes], dtype=float) if sites_per_dep is not None \
        else np.full(len(codes), np.nan)
    per_dep = _per_departement(codes, clean, switch, full, plan, areas, sites)
    totals = _totals(yearly, full, months, years, first, sites)
    return Result(
        assumptions=assumptions,
        yearly=pd.DataFrame({"year": years, "months": counts, **yearly,
                             "full_time_end": full.sum(axis=0)[first + counts - 1]}),
        per_departement=per_dep,
        per_region=_per_region(codes, areas, sites),
        monthly=_monthly(months, share, vacancy, base),
        totals=totals,
    )


def _amounts(state, host, baseline_state, baseline_host) -> dict[str, np.ndarray]:
    """The nine amount columns, in ``AMOUNT_COLUMNS`` order."""
    total, baseline_total = state + host, baseline_state + baseline_host
    return {
        "state": state, "host": host, "total": total,
        "baseline_state": baseline_state, "baseline_host": baseline_host, "baseline_total": baseline_total,
        "diff_state": state - baseline_state, "diff_host": host - baseline_host, "diff_total": total - baseline_total,
    }


def _per_site(amounts: dict[str, np.ndarray], sites: np.ndarray) -> dict[str, object]:
    known = np.where(sites > 0, sites, np.nan)
    return {
        "sites": pd.array(sites, dtype="Int64"),
        "state_per_site": amounts["state"] / known,
        "total_per_site": amounts["total"] / known,
    }


def _per_departement(codes, clean, switch, full, plan, amounts, sites) -> pd.DataFrame:
    full_from = np.where(full.any(axis=1), full.argmax(axis=1) + plan.start, -1)
    deps = [DEPARTEMENTS[c] for c in codes]
    return pd.DataFrame({
        "code": codes,
        "nom": [d.nom for d in deps],
        "region_code": [d.region_code for d in deps],
        "region": [d.region for d in deps],
        "statut": [clean[c] for c in codes],
        "start_share": [STATUS_ETP[clean[c]] for c in codes],
        "switch": [month_text(s + plan.start) if s < plan.months else None for s in switch],
        "full_time_from": [month_text(m) if m >= 0 else None for m in full_from],
        **amounts,
        **_per_site(amounts, sites),
    })


def _per_region(codes, amounts, sites) -> pd.DataFrame:
    regions = np.array([DEPARTEMENTS[c].region_code for c in codes])
    keys, inverse = np.unique(regions, return_inverse=True)
    order = sorted(range(len(keys)), key=lambda i: normalize(REGIONS[keys[i]]))
    summed = {k: np.bincount(inverse, weights=v)[order] for k, v in amounts.items()}
    known = ~np.isnan(sites)
    region_sites = np.bincount(inverse, weights=np.where(known, sites, 0))[order]
    region_known = np.bincount(inverse, weights=known)[order] > 0
    region_sites = np.where(region_known, region_sites, np.nan)
    return pd.DataFrame({
        "region_code": keys[order],
        "region": [REGIONS[k] for k in keys[order]],
        "departements": np.bincount(inverse)[order],
        **summed,
        **_per_site(summed, region_sites),
    })


def _monthly(months, share, vacancy, base) -> pd.DataFrame:
    return pd.DataFrame({
        "month": [month_text(m) for m in months],
        "full_time": (share == 1.0).sum(axis=0),
        "half_time": (share == 0.5).sum(axis=0),
        "vacant": vacancy.sum(axis=0),
        "etp": share.sum(axis=0),
        "baseline_full_time": np.full(len(months), int((base == 1.0).sum())),
        "baseline_etp": np.full(len(months), float(base.sum())),
    })


def _totals(yearly, full, months, years, first, sites) -> dict:
    totals: dict = {k: float(v.sum()) for k, v in yearly.items()}
    all_full = full.all(axis=0)
    totals["first_full_month"] = month_text(int(months[all_full.argmax()])) if all_full.any() else None
    # the first calendar year whose months within the horizon all have every territory at full time
    full_years = np.minimum.reduceat(all_full.astype(int), first) == 1
    totals["first_full_year"] = int(years[full_years.argmax()]) if full_years.any() else None
    known = not np.isnan(sites).all()
    totals["sites"] = int(np.nansum(sites)) if known else None
    totals["state_per_site"] = totals["state"] / totals["sites"] if totals["sites"] else None
    totals["total_per_site"] = totals["total"] / totals["sites"] if totals["sites"] else None
    totals["departements"] = len(sites)
    return totals
