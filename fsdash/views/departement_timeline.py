"""A département's timeline: its periods as a strip chart and a table (with who
recorded each), and the State's flat contribution they imply month by month.

Pure functions on the registry's periods (``domain.periods``); a period that starts
after today is « prévu ». Who recorded a period is shown only to those allowed to
see the département's history: the page says which (``storage.rights``).
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from fsdash.domain import formatting
from fsdash.domain import periods as timeline
from fsdash.domain.record_fields import MASKED
from fsdash.domain.statuses import FLAT_CONTRIBUTION, STATUS_COLORS, STATUS_ETP, STATUSES
from fsdash.views import svg_charts

IN_FORCE_LABEL = "en vigueur"
PAST_LABEL = "terminée"
CONTRIBUTION_START = date(2023, 1, 1)  # where a timeline with an unknown start is drawn from


def of(periods: pd.DataFrame, code: str) -> pd.DataFrame:
    """The département's periods, in order (an unknown start first)."""
    if periods.empty:
        return timeline.empty()
    return timeline.ordered(periods[periods["departement"] == code])


def _ends(mine: pd.DataFrame) -> list[date | None]:
    """Each period's last day (the day before the next starts; ``None``: runs on)."""
    starts = list(mine["date_effet"])
    return [nxt - timedelta(days=1) if isinstance(nxt, date) else None for nxt in starts[1:]] + [None]


def phase(start: date | None, end: date | None, today: date) -> str:
    if isinstance(start, date) and start > today:
        return timeline.PLANNED_LABEL
    if end is not None and end < today:
        return PAST_LABEL
    return IN_FORCE_LABEL


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def timeline_table(mine: pd.DataFrame, today: date, show_authors: bool) -> pd.DataFrame:
    """One row per period, oldest first: dates, status, host, convention, funding, the
    State's flat contribution a year, « prévu » / « en vigueur » / « terminée », and
    who recorded it and when (masked unless ``show_authors``)."""
    rows = []
    for (_, period), end in zip(mine.iterrows(), _ends(mine)):
        start = period["date_effet"] if isinstance(period["date_effet"], date) else None
        recorded_by = _text(period.get("recorded_by"))
        recorded_at = period.get("recorded_at")
        funding = period.get("financement_annuel")
        rows.append({
            "Du": formatting.day(start) if start else timeline.UNKNOWN_START_LABEL,
            "Au": formatting.day(end) if end else "",
            "Période": phase(start, end, today),
            "Statut": period["statut"],
            "ETP": float(STATUS_ETP.get(period["statut"], 0.0)),
            "Structure porteuse": _text(period.get("structure_porteuse")),
            "Convention signée le": formatting.day(period["date_convention"])
            if isinstance(period.get("date_convention"), date) else "",
            "Financement annuel": formatting.euros(funding) if funding is not None and not pd.isna(funding) else "",
            "Contribution État / an": formatting.euros(FLAT_CONTRIBUTION[STATUS_ETP.get(period["statut"], 0.0)]),
            "Enregistré par": (recorded_by if show_authors else MASKED) if recorded_by else "",
            "Enregistré le": formatting.moment(recorded_at) if recorded_at is not None and not pd.isna(recorded_at)
            else "",
        })
    return pd.DataFrame(rows, columns=["Du", "Au", "Période", "Statut", "ETP", "Structure porteuse",
                                       "Convention signée le", "Financement annuel", "Contribution État / an",
                                       "Enregistré par", "Enregistré le"])


def span(mine: pd.DataFrame, today: date) -> tuple[date, date]:
    """The range the charts cover: from the first known start (2023 for an unknown one)
    to the end of the year of today or of the last planned start, whichever is later."""
    starts = [d for d in mine["date_effet"] if isinstance(d, date)] if not mine.empty else []
    first = CONTRIBUTION_START if (not starts or len(starts) < len(mine)) else min(starts)
    last = max([today, *starts])
    return min(first, today), date(last.year, 12, 31)


OPACITY = {PAST_LABEL: 0.9, IN_FORCE_LABEL: 1.0, timeline.PLANNED_LABEL: 0.4}


def strip_chart(mine: pd.DataFrame, today: date) -> str:
    """The periods as one horizontal strip (``svg_charts``), planned ones lighter, today marked."""
    first, last = span(mine, today)
    segments = []
    for (_, period), end in zip(mine.iterrows(), _ends(mine)):
        known = period["date_effet"] if isinstance(period["date_effet"], date) else None
        stage = phase(known, end, today)
        since = formatting.day(known) if known else timeline.UNKNOWN_START_LABEL
        segments.append(svg_charts.Segment(max(known or first, first), end or last, STATUS_COLORS[period["statut"]],
                                           f"Du {since} : {period['statut']} ({stage})", OPACITY[stage]))
    return svg_charts.strip(segments, first, last, today)


def monthly_contribution(mine: pd.DataFrame, code: str, today: date) -> pd.DataFrame:
    """The State's flat contribution month by month (status in force on the 1st, a
    twelfth of the year's flat amount): ``mois``, ``statut``, ``contribution``, ``prevu``."""
    first, last = span(mine, today)
    grid = timeline.monthly(mine, [code], timeline.month_starts(first, last))
    grid["contribution"] = grid["etp"].map(FLAT_CONTRIBUTION).astype(float) / 12
    grid["prevu"] = grid["mois"] > pd.Timestamp(today)
    return grid[["mois", "statut", "contribution", "prevu"]]


def yearly_contribution(monthly: pd.DataFrame) -> pd.DataFrame:
    """The monthly contributions summed by year: « Année », « Contribution État », « dont prévu »."""
    frame = monthly.assign(annee=monthly["mois"].dt.year, prevue=monthly["contribution"].where(monthly["prevu"], 0.0))
    out = frame.groupby("annee").agg(total=("contribution", "sum"), prevu=("prevue", "sum")).reset_index()
    return pd.DataFrame({"Année": out["annee"].astype(str), "Contribution État": out["total"].round(2),
                         "dont prévu": out["prevu"].round(2)})


def contribution_chart(monthly: pd.DataFrame) -> str:
    """The State's contribution month by month (``svg_charts``), coloured by status, planned months lighter."""
    months = [svg_charts.Month(m.date(), {statut: float(c)}, bool(p))
              for m, statut, c, p in monthly[["mois", "statut", "contribution", "prevu"]].itertuples(index=False)]
    return svg_charts.month_bars(
        months, [(s, STATUS_COLORS[s]) for s in STATUSES], y_title="€ par mois", value_text=formatting.euros,
        tick_text=formatting.number, planned_label=timeline.PLANNED_LABEL, height=200)
