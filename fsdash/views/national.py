"""Headline figures and the département table behind the national map."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fsdash.budget.assumptions import DEFAULT_FULL, DEFAULT_HALF
from fsdash.domain import formatting
from fsdash.domain.statuses import STATUS_ETP, STATUSES, TEMPS_PLEIN
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.views.html_table import html_table

# The State's flat annual contribution by time share (PRODUCT.md), in euros: the
# simulator's defaults.
STATE_CONTRIBUTION: dict[float, float] = {0.0: 0.0, 0.5: DEFAULT_HALF, 1.0: DEFAULT_FULL}


@dataclass(frozen=True)
class Headline:
    sites: int
    departements: int
    by_status: dict[str, int]
    full_time_share: float
    annual_contribution: float


def annual_contribution(records: pd.DataFrame) -> float:
    """What the current statuses imply for the State over a year at the flat rates."""
    shares = records["statut"].map(STATUS_ETP).fillna(0.0)
    return float(shares.map(STATE_CONTRIBUTION).astype(float).sum())  # 0 when nothing is shown


def headline(records: pd.DataFrame, sites: pd.DataFrame) -> Headline:
    counts = records["statut"].value_counts()
    total = len(records)
    return Headline(
        sites=len(sites),
        departements=total,
        by_status={s: int(counts.get(s, 0)) for s in STATUSES},
        full_time_share=(int(counts.get(TEMPS_PLEIN, 0)) / total) if total else 0.0,
        annual_contribution=annual_contribution(records),
    )


def filter_sites(sites: pd.DataFrame, codes: set[str] | None = None, types: list[str] | None = None,
                 formats: list[str] | None = None) -> pd.DataFrame:
    mask = pd.Series(True, index=sites.index)
    if codes is not None:
        mask &= sites["insee_dep"].isin(codes)
    if types:
        mask &= sites["type_fs"].isin(types)
    if formats:
        mask &= sites["format_fs"].isin(formats)
    return sites.loc[mask]


def site_counts(sites: pd.DataFrame) -> dict[str, int]:
    """Sites per département code."""
    return sites["insee_dep"].value_counts().to_dict()


def selected_codes(records: pd.DataFrame, regions: list[str] | None = None,
                   statuses: list[str] | None = None) -> set[str]:
    mask = pd.Series(True, index=records.index)
    if regions:
        mask &= records["region"].isin(regions)
    if statuses:
        mask &= records["statut"].isin(statuses)
    return set(records.loc[mask, "departement"])


def departement_table(records: pd.DataFrame, sites: pd.DataFrame, codes: set[str] | None = None) -> pd.DataFrame:
    """One row per département: code, name, région, status, ETP, number of sites (shown ones)."""
    counts = sites["insee_dep"].value_counts()
    principal = sites.loc[sites["type_fs"] == "Principal", "insee_dep"].value_counts()
    table = pd.DataFrame({
        "Code": records["departement"],
        "Département": records["departement"].map(lambda c: DEPARTEMENTS[c].nom),
        "Région": records["region"],
        "Statut de l'animateur": records["statut"],
        "ETP": records["etp"].astype(float),
        "Sites": records["departement"].map(counts).fillna(0).astype(int),
        "dont principaux": records["departement"].map(principal).fillna(0).astype(int),
    })
    if codes is not None:
        table = table[table["Code"].isin(codes)]
    return table.reset_index(drop=True)


def departement_table_html(table: pd.DataFrame, day: str) -> str:
    """The table of départements on ``day`` (in words) as plain HTML (each name a link to its
    page): read cell by cell by screen readers, and light for the browser (a data grid here
    delayed the painted map by about a quarter second)."""
    return html_table(
        table, f"{len(table)} départements et territoires : statut de l'animateur au {day} et "
               "sites France services (le nom ouvre la page du département)",
        numeric=("ETP", "Sites", "dont principaux"), formats={"ETP": formatting.etp},
        link=("Département", lambda row: f"/departement?dep={row['Code']}"),
    )
