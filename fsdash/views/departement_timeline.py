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


def strip_spec(mine: pd.DataFrame, today: date) -> dict:
    """The periods as one horizontal strip (Vega-Lite), planned ones lighter, today marked."""
    first, last = span(mine, today)
    values = []
    for (_, period), end in zip(mine.iterrows(), _ends(mine)):
        start = period["date_effet"] if isinstance(period["date_effet"], date) else first
        values.append({"debut": max(start, first).isoformat(), "fin": (end or last).isoformat(),
                       "statut": period["statut"],
                       "periode": phase(period["date_effet"] if isinstance(period["date_effet"], date) else None,
                                        end, today),
                       "du": formatting.day(period["date_effet"]) if isinstance(period["date_effet"], date)
                       else timeline.UNKNOWN_START_LABEL})
    x = {"type": "temporal", "title": None, "axis": {"format": "%m/%Y"},
         "scale": {"domain": [first.isoformat(), last.isoformat()]}}
    return {
        "description": "Périodes du département : statut de l'animateur dans le temps",
        "height": 44,
        "layer": [
            {"data": {"values": values}, "mark": {"type": "bar", "height": 32, "tooltip": True},
             "encoding": {
                 "x": {**x, "field": "debut"}, "x2": {"field": "fin"},
                 "color": {"field": "statut", "type": "nominal", "title": "Statut",
                           "scale": {"domain": list(STATUSES), "range": [STATUS_COLORS[s] for s in STATUSES]},
                           "legend": None},  # the table below names each period; colours as on the map
                 "opacity": {"field": "periode", "type": "ordinal", "title": "Période",
                             "scale": {"domain": [PAST_LABEL, IN_FORCE_LABEL, timeline.PLANNED_LABEL],
                                       "range": [0.9, 1.0, 0.4]},
                             "legend": None},
                 "tooltip": [{"field": "du", "title": "Du"}, {"field": "statut", "title": "Statut"},
                             {"field": "periode", "title": "Période"}]}},
            {"data": {"values": [{"jour": today.isoformat()}]},
             "mark": {"type": "rule", "color": "#E1000F", "strokeWidth": 2},
             "encoding": {"x": {**x, "field": "jour"}}},
        ],
    }


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


def contribution_spec(monthly: pd.DataFrame) -> dict:
    values = [{"mois": m.strftime("%Y-%m-%d"), "statut": s, "contribution": round(float(c), 2),
               "periode": timeline.PLANNED_LABEL if p else "constaté"}
              for m, s, c, p in monthly.itertuples(index=False)]
    return {
        "description": "Contribution forfaitaire de l'État au poste, mois par mois",
        "data": {"values": values}, "height": 180, "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "mois", "type": "temporal", "timeUnit": "yearmonth", "title": None,
                  "axis": {"format": "%m/%Y"}},
            "y": {"field": "contribution", "type": "quantitative", "title": "€ par mois"},
            "color": {"field": "statut", "type": "nominal", "title": "Statut",
                      "scale": {"domain": list(STATUSES), "range": [STATUS_COLORS[s] for s in STATUSES]}},
            "opacity": {"field": "periode", "type": "ordinal", "title": "Période",
                        "scale": {"domain": ["constaté", timeline.PLANNED_LABEL], "range": [1.0, 0.4]}},
        },
    }
