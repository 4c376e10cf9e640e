"""The network on any date: its progression month by month (with the programme's
milestones), and the summary by région of the registry as in force on a day.

Pure functions on the registry's periods (``domain.periods``) and its records as
in force on a day (``storage.registry.records_at``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd

from fsdash.domain import periods as timeline
from fsdash.domain.statuses import (
    FLAT_CONTRIBUTION,
    MI_TEMPS,
    STATUS_COLORS,
    STATUS_ETP,
    STATUSES,
    TEMPS_PLEIN,
)
from fsdash.domain.territories import CODES
from fsdash.views import svg_charts

COVERED: tuple[str, ...] = (MI_TEMPS, TEMPS_PLEIN)  # a département « couvert » has a facilitator


@dataclass(frozen=True)
class Milestone:
    month: date
    label: str


# The programme's two milestones (PRODUCT.md), drawn on the progression chart.
MILESTONES: tuple[Milestone, ...] = (
    Milestone(date(2023, 6, 1), "juin 2023 : 73 départements couverts (mi-temps)"),
    Milestone(date(2024, 1, 1), "janvier 2024 : tous les départements à temps plein"),
)


def parse_day(text: str | None, today: date) -> date:
    """A ``?date=AAAA-MM-JJ`` of the address, today when absent or unreadable."""
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return today


def contribution(statuses: pd.Series) -> pd.Series:
    """The State's flat annual contribution each status implies (euros a year)."""
    return statuses.map(STATUS_ETP).fillna(0.0).map(FLAT_CONTRIBUTION).astype(float)


# --------------------------------------------------------------------------- progression


def progression_months(periods: pd.DataFrame, today: date) -> pd.DatetimeIndex:
    """From the first recorded period's month (today's without any) to today's month,
    or to the last planned period's month when later."""
    first = timeline.first_start(periods) or today
    starts = pd.to_datetime(periods["date_effet"]).dropna() if not periods.empty else pd.Series(dtype="datetime64[ns]")
    last = max(today, starts.max().date()) if not starts.empty else today
    return timeline.month_starts(min(first, today), last)


def month_day(month: date, today: date) -> date:
    """The day a month stands for: its last day, or today for the current month."""
    end = (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
    return today if end >= today >= month else end


def progression(periods: pd.DataFrame, today: date, codes=CODES) -> pd.DataFrame:
    """Territories by status, month by month, as at each month's end (today for the
    current month): ``mois`` (its 1st), ``statut``, ``departements``, ``prevu`` (the
    month is after today's: planned)."""
    months = progression_months(periods, today)
    days = pd.DatetimeIndex([pd.Timestamp(month_day(m.date(), today)) for m in months])
    grid = timeline.monthly(periods, list(codes), days)
    grid["mois"] = grid["mois"].dt.to_period("M").dt.to_timestamp()
    counts = (grid.groupby(["mois", "statut"]).size().unstack(fill_value=0)
              .reindex(columns=list(STATUSES), fill_value=0).stack().rename("departements").reset_index())
    counts["departements"] = counts["departements"].astype(int)
    counts["prevu"] = counts["mois"] > pd.Timestamp(today)
    order = counts["statut"].map(STATUSES.index)
    return counts.assign(_o=order).sort_values(["mois", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def covered(progress: pd.DataFrame, month: date) -> int:
    """Territories with a facilitator (half or full time) in ``month`` (at its end)."""
    rows = progress[(progress["mois"] == pd.Timestamp(month.replace(day=1))) & progress["statut"].isin(COVERED)]
    return int(rows["departements"].sum())


def month_of(value) -> date | None:
    """A month chosen on the chart (epoch milliseconds or an ISO text), as its first day."""
    if value is None:
        return None
    try:
        if isinstance(value, (int, float)):
            day = datetime.fromtimestamp(value / 1000, UTC).date()
        else:
            day = date.fromisoformat(str(value)[:10])
    except (ValueError, OverflowError, OSError):
        return None
    return day.replace(day=1)


def progression_chart(progress: pd.DataFrame) -> str:
    """The progression chart (``svg_charts``): territories by status stacked per month (at
    its end), planned months lighter, the programme's milestones as dashed rules; the
    page marks the month shown and a click on a month chooses it."""
    months = [svg_charts.Month(month.date(), dict(zip(group["statut"], group["departements"].astype(int))),
                               bool(group["prevu"].iloc[0]))
              for month, group in progress.groupby("mois", sort=True)]
    return svg_charts.month_bars(
        months, [(s, STATUS_COLORS[s]) for s in STATUSES], y_title="Territoires",
        value_text=lambda n: f"{n:.0f} territoire{'s' if n > 1 else ''}", tick_text=lambda t: f"{t:.0f}",
        marks=[(m.month, m.label) for m in MILESTONES], planned_label=timeline.PLANNED_LABEL)


# --------------------------------------------------------------------------- by région


def region_summary(records_at: pd.DataFrame, site_counts: dict[str, int]) -> pd.DataFrame:
    """One row per région on the day ``records_at`` stands for: territories by status,
    France services sites, and the State's flat contribution a year; a total row last."""
    frame = records_at.assign(
        sites=records_at["departement"].map(site_counts).fillna(0).astype(int),
        contribution=contribution(records_at["statut"]),
    )
    by_status = (frame.groupby(["region", "statut"]).size().unstack(fill_value=0)
                 .reindex(columns=list(STATUSES), fill_value=0))
    table = pd.DataFrame({"Région": by_status.index})
    for status in STATUSES:
        table[status.capitalize()] = by_status[status].to_numpy().astype(int)
    grouped = frame.groupby("region")
    table["Territoires"] = grouped.size().reindex(by_status.index).to_numpy().astype(int)
    table["Sites"] = grouped["sites"].sum().reindex(by_status.index).to_numpy().astype(int)
    table["Contribution État / an"] = grouped["contribution"].sum().reindex(by_status.index).to_numpy()
    table = table.sort_values("Région", key=lambda s: s.str.normalize("NFKD"), kind="stable")
    total = {"Région": "France entière", **{c: table[c].sum() for c in table.columns if c != "Région"}}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def fiche_progression(progress: pd.DataFrame, day: date) -> list[tuple[date, dict[str, int]]]:
    """The progression up to the month of ``day``, as the PDF fiche draws it: (month, counts by status)."""
    until = progress[progress["mois"] <= pd.Timestamp(day)]
    return [(month.date(), dict(zip(rows["statut"], rows["departements"].astype(int))))
            for month, rows in until.groupby("mois", sort=True)]
