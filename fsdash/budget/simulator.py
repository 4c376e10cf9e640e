"""Budget simulator: what the facilitator posts cost, month by month.

Pure computation (NumPy/pandas): no Streamlit, no database. The rules:

- the **reference** is what happened, then the status quo: each territory's status
  month by month from the registry's periods up to the cut-off date, then its last
  status (``budget.timeline``). Each status has its time share (0, 0.5 or 1 ETP);
  the State pays the annual flat contribution for that share divided by 12;
- the **scenario** changes that reference. Each territory has a switch month
  (per-département month, else wave month, else the global switch): from it on, every
  half-time month counts as full time, in the past as in the future; months before it
  are unchanged, and recorded vacancies, recruitments and unknown months stay as
  recorded. A territory without a facilitator at the cut-off is recruited at full
  time ``delay_months`` after its switch (or after the cut-off, if later); if
  ``pay_vacancy``, the contribution is paid during that delay as if the post were
  filled. From a return to half time, a zone's full-time months count as half time.
  A contribution change sets the flat amounts from its month on (scenario only);
- « non renseigné » months are never costed silently: left out (territories unknown
  over the whole horizon are not in the results) or, on request, counted as « aucun »;
- the host structure pays the loaded employer cost for the share minus the State's
  contribution, never below zero.

Amounts are accumulated as "annual rate x months" and divided by 12 once, so that whole-euro
inputs give exact totals. Bad input raises ``AssumptionError`` with a French message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from fsdash.budget import timeline as tl
from fsdash.budget.assumptions import (
    UNKNOWN_AS_NONE,
    AssumptionError,
    Assumptions,
    Plan,
    make_plan,
    month_text,
)
from fsdash.domain.statuses import STATUSES
from fsdash.domain.territories import DEPARTEMENTS, REGIONS, normalize

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


@dataclass(frozen=True)
class _Grid:
    """The reference, month by month, for the territories kept."""

    codes: list[str]
    status: np.ndarray  # N × M status codes (budget.timeline)
    after: int  # index of the first month after the cut-off (may be < 0 or > M)
    cutoff: date
    unknown_codes: list[str]  # territories with a « non renseigné » month on the horizon
    left_out: list[str]  # territories left out: unknown over the whole horizon


def _grid(periods: tl.Rows, plan: Plan, codes: list[str] | None, today: date) -> _Grid:
    cutoff = plan.cutoff or tl.default_cutoff(periods, plan.start, today)
    codes = list(codes) if codes is not None else tl.default_codes(periods)
    status = tl.status_grid(periods, codes, plan.start, plan.months, cutoff)
    unknown = status == tl.UNKNOWN
    unknown_codes = [c for c, u in zip(codes, unknown.any(axis=1)) if u]
    left_out: list[str] = []
    if plan.unknown == UNKNOWN_AS_NONE:
        status = np.where(unknown, tl.NONE, status).astype(np.int8)
    else:
        keep = ~unknown.all(axis=1)
        left_out = [c for c, k in zip(codes, keep) if not k]
        codes, status = [c for c, k in zip(codes, keep) if k], status[keep]
    if not codes:
        raise AssumptionError(
            "Aucun territoire à simuler : tous sont « non renseignés » sur l'horizon. Renseignez le registre, "
            "ou choisissez de compter les territoires non renseignés comme sans animateur.")
    return _Grid(codes, status, tl.first_month_after(cutoff) - plan.start, cutoff, unknown_codes, left_out)


def _scenario(grid: _Grid, switch: np.ndarray, back: np.ndarray, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """Share in force (N × M) and vacancy mask (the recruitment delay) of the scenario."""
    month = np.arange(plan.months)[None, :]
    status, k = grid.status, switch[:, None]
    share = tl.SHARES[status]
    share = np.where((status == tl.HALF) & (month >= k), 1.0, share)
    after = max(grid.after, 0)
    if after < plan.months:  # territories without a facilitator at the cut-off are recruited
        without = np.isin(status[:, after], (tl.NONE, tl.RECRUITING))[:, None]
        begin = np.maximum(k, after)
        share = np.where(without & (month >= begin + plan.delay), 1.0, share)
        vacancy = without & (month >= begin) & (month < begin + plan.delay)
    else:
        vacancy = np.zeros(share.shape, dtype=bool)
    share = np.where((share == 1.0) & (month >= back[:, None]), 0.5, share)
    return share, vacancy


def _amount_rates(plan: Plan, changed: bool) -> tuple[np.ndarray, np.ndarray]:
    """The half- and full-time flat contributions of each month (the changes only in the scenario)."""
    half, full = np.full(plan.months, plan.half), np.full(plan.months, plan.full)
    for month, new_half, new_full in plan.contribution_changes if changed else ():
        half[max(month - plan.start, 0):], full[max(month - plan.start, 0):] = new_half, new_full
    return half, full


def _rates(share: np.ndarray, plan: Plan, half: np.ndarray, full: np.ndarray, vacancy: np.ndarray | None = None,
           back: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Annual-rate State contribution and host cost for each cell of ``share``."""
    state = np.where(share == 1.0, full, np.where(share == 0.5, half, 0.0))
    if vacancy is not None and plan.pay_vacancy:
        filled = np.where(np.arange(plan.months)[None, :] >= back[:, None], half, full)
        state = np.where(vacancy, filled, state)
    host = np.maximum(plan.employer * share - state, 0.0)
    return state, host


AMOUNT_COLUMNS = (
    "state", "host", "total", "baseline_state", "baseline_host", "baseline_total",
    "diff_state", "diff_host", "diff_total",
)


def simulate(source: dict[str, str] | pd.DataFrame, assumptions: Assumptions,
             sites_per_dep: dict[str, int] | None = None, *, codes: list[str] | None = None,
             today: date | None = None) -> Result:
    """Run the scenario and its reference. ``source``: a periods table
    (``departement``, ``date_effet``, ``statut``; see ``fsdash.domain.periods``) or,
    as before, one status per territory (code → status, no dates). ``codes``: the
    territories (default: the 101 départements, and Saint-Martin when it has a post).
    ``sites_per_dep`` gives the France services sites per code for the cost per site
    (None: unknown). ``today`` is the default cut-off of a dated timeline."""
    plan = make_plan(assumptions)
    periods = tl.from_statuses(source) if isinstance(source, dict) else tl.checked(source)
    grid = _grid(periods, plan, codes, today or date.today())
    codes = grid.codes
    far = plan.months + plan.delay + 1
    switch = np.array([plan.switch[c] - plan.start if c in plan.switch else far for c in codes])
    back = np.array([max(plan.half_time_from[c] - plan.start, 0) if c in plan.half_time_from else far
                     for c in codes])
    share, vacancy = _scenario(grid, switch, back, plan)
    state, host = _rates(share, plan, *_amount_rates(plan, True), vacancy, back)
    base = tl.SHARES[grid.status]
    base_state, base_host = _rates(base, plan, *_amount_rates(plan, False))
    months = np.arange(plan.start, plan.end + 1)
    years, first, counts = np.unique(months // 12, return_index=True, return_counts=True)
    full = share == 1.0
    yearly = _amounts(*(np.add.reduceat(a.sum(axis=0), first) / 12 for a in (state, host, base_state, base_host)))
    areas = _amounts(*(a.sum(axis=1) / 12 for a in (state, host, base_state, base_host)))
    sites = np.array([sites_per_dep.get(c, 0) for c in codes], dtype=float) if sites_per_dep is not None \
        else np.full(len(codes), np.nan)
    last = grid.status[:, min(max(grid.after, 0), plan.months - 1)]  # the status at the cut-off (or horizon's end)
    per_dep = _per_departement(codes, [STATUSES[s] for s in last], switch, full, plan, areas, sites)
    totals = _totals(yearly, full, months, years, first, sites)
    totals |= {"cutoff": grid.cutoff.isoformat(), "unknown": plan.unknown, "unknown_codes": grid.unknown_codes,
               "unknown_territories": len(grid.unknown_codes), "left_out": len(grid.left_out)}
    return Result(
        assumptions=assumptions,
        yearly=pd.DataFrame({"year": years, "months": counts, **yearly,
                             "full_time_end": full.sum(axis=0)[first + counts - 1]}),
        per_departement=per_dep,
        per_region=_per_region(codes, areas, sites),
        monthly=_monthly(months, share, vacancy, base, grid.status),
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


def _per_departement(codes, statuses, switch, full, plan, amounts, sites) -> pd.DataFrame:
    full_from = np.where(full.any(axis=1), full.argmax(axis=1) + plan.start, -1)
    deps = [DEPARTEMENTS[c] for c in codes]
    return pd.DataFrame({
        "code": codes,
        "nom": [d.nom for d in deps],
        "region_code": [d.region_code for d in deps],
        "region": [d.region for d in deps],
        "statut": statuses,
        "start_share": [float(tl.SHARES[STATUSES.index(s)]) for s in statuses],
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


def _monthly(months, share, vacancy, base, status) -> pd.DataFrame:
    return pd.DataFrame({
        "month": [month_text(m) for m in months],
        "full_time": (share == 1.0).sum(axis=0),
        "half_time": (share == 0.5).sum(axis=0),
        "vacant": vacancy.sum(axis=0),
        "etp": share.sum(axis=0),
        "baseline_full_time": (base == 1.0).sum(axis=0),
        "baseline_half_time": (base == 0.5).sum(axis=0),
        "baseline_etp": base.sum(axis=0),
        "unknown": (status == tl.UNKNOWN).sum(axis=0),
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
