"""The simulator's charts as Vega-Lite specifications: yearly cost, and full-time posts month by month."""

from __future__ import annotations

import pandas as pd

from fsdash.budget.simulator import Result
from fsdash.domain import formatting

BLUE, BLUE_LIGHT, RED, RED_LIGHT = "#000091", "#8585F6", "#E1000F", "#F7A1A6"


EURO_LABELS = "replace(format(datum.value, ',.0f'), regexp(',', 'g'), '\u202f') + '\u202f€'"


def cost_chart(result: Result) -> tuple[pd.DataFrame, dict]:
    """Data and Vega-Lite spec: State and host cost per year, scenario and baseline side by side."""
    y = result.yearly
    series = {
        "État, scénario": y["state"], "État, statu quo": y["baseline_state"],
        "Structures, scénario": y["host"], "Structures, statu quo": y["baseline_host"],
    }
    frame = pd.DataFrame([
        {"Année": str(year), "Série": name, "Montant": float(values.iloc[i]),
         "Montant (€)": formatting.euros(values.iloc[i])}
        for name, values in series.items() for i, year in enumerate(y["year"])
    ])
    order = list(series)
    spec = {
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "Année", "type": "nominal", "title": None, "axis": {"labelAngle": 0}},
            "xOffset": {"field": "Série", "type": "nominal", "sort": order},
            "y": {"field": "Montant", "type": "quantitative", "title": "Coût annuel",
                  "axis": {"labelExpr": EURO_LABELS}},
            "color": {"field": "Série", "type": "nominal", "sort": order,
                      "scale": {"domain": order, "range": [BLUE, BLUE_LIGHT, RED, RED_LIGHT]},
                      "legend": {"orient": "bottom", "title": None, "columns": 1, "labelLimit": 0}},
            "tooltip": [{"field": "Année"}, {"field": "Série"}, {"field": "Montant (€)"}],
        },
    }
    return frame, spec


def posts_chart(result: Result) -> tuple[pd.DataFrame, dict]:
    """Data and Vega-Lite spec: full-time posts per month, scenario and baseline."""
    m = result.monthly
    frame = pd.concat([
        pd.DataFrame({"Mois": m["month"] + "-01", "Série": "Scénario", "Postes": m["full_time"]}),
        pd.DataFrame({"Mois": m["month"] + "-01", "Série": "Statu quo", "Postes": m["baseline_full_time"]}),
    ])
    spec = {
        "mark": {"type": "line", "interpolate": "step-after"},
        "encoding": {
            "x": {"field": "Mois", "type": "temporal", "title": None, "axis": {"format": "%m/%Y"}},
            "y": {"field": "Postes", "type": "quantitative", "title": "Postes à temps plein"},
            "color": {"field": "Série", "type": "nominal",
                      "scale": {"domain": ["Scénario", "Statu quo"], "range": [BLUE, RED]},
                      "legend": {"orient": "bottom", "title": None}},
            "strokeDash": {"field": "Série", "type": "nominal", "legend": None},
            "tooltip": [{"field": "Mois", "type": "temporal", "format": "%m/%Y"}, {"field": "Série"},
                        {"field": "Postes"}],
        },
    }
    return frame, spec
