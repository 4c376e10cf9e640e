"""The simulator's charts as Vega-Lite specifications: yearly cost, and full-time posts month by month.

Drawn without a warning in the browser's console: a series that is 0 € every year
is left out (of the bars and of the legend), bars are side by side and never
stacked (``stack: null``: no ``*_start``/``*_end`` fields to compute an extent
of), every scale has an explicit domain, and the data are inside the
specification (``data.values``), so that Vega never computes an extent on an
empty dataset while the page's data arrive.
"""

from __future__ import annotations

import pandas as pd

from fsdash.budget.simulator import Result
from fsdash.domain import formatting

BLUE, BLUE_LIGHT, RED, RED_LIGHT = "#000091", "#8585F6", "#E1000F", "#F7A1A6"
REFERENCE = "Référence"
SCENARIO = "Scénario"

EURO_LABELS = "replace(format(datum.value, ',.0f'), regexp(',', 'g'), '\u202f') + '\u202f€'"
COST_SERIES = (  # label, Result.yearly column, colour
    ("État, scénario", "state", BLUE), ("État, référence", "baseline_state", BLUE_LIGHT),
    ("Structures, scénario", "host", RED), ("Structures, référence", "baseline_host", RED_LIGHT),
)


def _with_values(frame: pd.DataFrame, spec: dict) -> dict:
    return {"data": {"values": frame.to_dict(orient="records")}, **spec}


def cost_series(result: Result) -> list[tuple[str, str, str]]:
    """The cost series worth drawing: those with an amount other than 0 € (the State's
    scenario always, so that the chart is never empty)."""
    y = result.yearly
    kept = [s for s in COST_SERIES if s[1] == "state" or (y[s[1]].round(2) != 0).any()]
    return kept


def cost_chart(result: Result) -> dict:
    """Vega-Lite spec with its data: State and host cost per year, scenario and reference side by side."""
    y = result.yearly
    series = cost_series(result)
    years = [str(year) for year in y["year"]]
    frame = pd.DataFrame([
        {"Année": years[i], "Série": name, "Montant": float(y[column].iloc[i]),
         "Montant (€)": formatting.euros(y[column].iloc[i])}
        for name, column, _ in series for i in range(len(y))
    ])
    order = [name for name, _, _ in series]
    top = max(float(frame["Montant"].max()), 1.0)
    return _with_values(frame, {
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "Année", "type": "nominal", "title": None, "axis": {"labelAngle": 0},
                  "scale": {"domain": years}},
            "xOffset": {"field": "Série", "type": "nominal", "sort": order, "scale": {"domain": order}},
            "y": {"field": "Montant", "type": "quantitative", "title": "Coût annuel", "stack": None,
                  "scale": {"domain": [0, top], "nice": True}, "axis": {"labelExpr": EURO_LABELS}},
            "color": {"field": "Série", "type": "nominal", "sort": order,
                      "scale": {"domain": order, "range": [colour for _, _, colour in series]},
                      "legend": {"orient": "bottom", "title": None, "columns": 1, "labelLimit": 0}},
            "tooltip": [{"field": "Année"}, {"field": "Série"}, {"field": "Montant (€)"}],
        },
    })


def posts_chart(result: Result) -> dict:
    """Vega-Lite spec with its data: full-time posts per month, scenario and reference."""
    m = result.monthly
    months = m["month"] + "-01"
    frame = pd.concat([
        pd.DataFrame({"Mois": months, "Série": SCENARIO, "Postes": m["full_time"].astype(int)}),
        pd.DataFrame({"Mois": months, "Série": REFERENCE, "Postes": m["baseline_full_time"].astype(int)}),
    ])
    order = [SCENARIO, REFERENCE]
    top = max(int(frame["Postes"].max()), 1)
    return _with_values(frame, {
        "mark": {"type": "line", "interpolate": "step-after"},
        "encoding": {
            "x": {"field": "Mois", "type": "temporal", "title": None, "axis": {"format": "%m/%Y"},
                  "scale": {"domain": [months.iloc[0], months.iloc[-1]]}},
            "y": {"field": "Postes", "type": "quantitative", "title": "Postes à temps plein", "stack": None,
                  "scale": {"domain": [0, top], "nice": True}},
            # one legend for both channels: same field, same domain, same title
            "color": {"field": "Série", "type": "nominal", "scale": {"domain": order, "range": [BLUE, RED]},
                      "legend": {"orient": "bottom", "title": None}},
            "strokeDash": {"field": "Série", "type": "nominal", "scale": {"domain": order, "range": [[1, 0], [6, 4]]},
                           "legend": {"orient": "bottom", "title": None}},
            "tooltip": [{"field": "Mois", "type": "temporal", "format": "%m/%Y"}, {"field": "Série"},
                        {"field": "Postes"}],
        },
    })
