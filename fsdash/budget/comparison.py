"""Saved scenarios side by side: the indicators of each, and how they differ from the first."""

from __future__ import annotations

from datetime import date

import pandas as pd

from fsdash.budget.assumptions import Assumptions
from fsdash.budget.results import assumptions_table, first_full_text, signed_euros
from fsdash.budget.simulator import Result, simulate
from fsdash.domain import formatting


def comparison_table(chosen: dict[str, Assumptions], source: dict | pd.DataFrame, sites: dict | None,
                     today: date | None = None) -> pd.DataFrame:
    """Indicators (rows) by scenario (columns), formatted in French; amounts of the
    second and later scenarios followed by their difference with the first. ``source``:
    the registry's periods (or one status per territory), as for ``simulate``."""
    results = {name: simulate(source, a, sites, today=today) for name, a in chosen.items()}
    first = next(iter(results.values()))
    reference = _indicators(first)  # once, not once per scenario
    columns = {}
    for name, result in results.items():
        rows = reference if result is first else _indicators(result)
        columns[name] = {label: _with_difference(value, reference.get(label), result is not first)
                         for label, value in rows.items()}
    return pd.DataFrame(columns)


def _indicators(result: Result) -> dict[str, object]:
    t = result.totals
    rows: dict[str, object] = {
        "Coût pour l'État sur l'horizon": t["state"],
        "Écart avec la référence (État)": t["diff_state"],
        "Coût pour les structures porteuses": t["host"],
        "Coût total": t["total"],
    }
    rows |= {f"Coût pour l'État en {int(y)}": v for y, v in zip(result.yearly["year"], result.yearly["state"])}
    rows["Première année entièrement à temps plein"] = first_full_text(t)
    rows |= dict(assumptions_table(result.assumptions).values)
    return rows


def _with_difference(value, reference, show: bool) -> str:
    if not isinstance(value, float):
        return str(value)
    text = formatting.euros(value)
    if show and isinstance(reference, float) and round(value - reference):
        text += f" ({signed_euros(value - reference)})"
    return text
