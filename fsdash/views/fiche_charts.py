"""Charts of the PDF fiches, drawn with matplotlib as PNG (no pyplot, Agg canvas).

The figures they draw are also printed as tables in the fiches: text inside a
picture is neither searchable nor read aloud.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date

import pandas as pd

from fsdash.domain import formatting
from fsdash.domain.statuses import STATUS_COLORS, STATUSES

BLUE, BLUE_LIGHT, RED, RED_LIGHT = "#000091", "#8585F6", "#E1000F", "#F7A1A6"
INK, GRID = "#3A3A3A", "#DDDDDD"


def _figure(width_mm: float, height_mm: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _style(axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.spines[["left", "bottom"]].set_color(INK)
    axes.tick_params(colors=INK, labelsize=6, length=2)
    axes.yaxis.grid(True, color=GRID, linewidth=0.4)
    axes.set_axisbelow(True)


def _png(figure, dpi: int = 200) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _euro_axis(axes) -> None:
    from matplotlib.ticker import FuncFormatter

    def label(value, _position):
        if abs(value) >= 1_000_000:
            return f"{formatting.number(value / 1_000_000, 1)}{formatting.NNBSP}M€"
        return f"{formatting.number(value / 1_000)}{formatting.NNBSP}k€"

    axes.yaxis.set_major_formatter(FuncFormatter(label))


def cost_chart_png(yearly: pd.DataFrame, width_mm: float = 92, height_mm: float = 58,
                   family: str | None = None) -> bytes:
    """State and host cost per year, scenario beside reference (``Result.yearly``); a series
    that is 0 € every year is left out (the State's scenario is always drawn)."""
    from matplotlib import rc_context

    series = [("État, scénario", "state", BLUE, None), ("État, référence", "baseline_state", BLUE_LIGHT, None),
              ("Structures, scénario", "host", RED, None), ("Structures, référence", "baseline_host", RED_LIGHT, "//")]
    series = [s for s in series if s[1] == "state" or (yearly[s[1]].round(2) != 0).any()]
    years = [str(y) for y in yearly["year"]]
    with rc_context({"font.family": family or "sans-serif", "hatch.linewidth": 0.4}):
        figure = _figure(width_mm, height_mm)
        axes = figure.add_subplot()
        width = 0.8 / len(series)
        for number, (label, column, colour, hatch) in enumerate(series):
            positions = [i - 0.4 + width * (number + 0.5) for i in range(len(years))]
            axes.bar(positions, yearly[column].astype(float), width=width, color=colour, label=label,
                     hatch=hatch, edgecolor="white" if hatch else colour, linewidth=0)
        axes.set_xticks(range(len(years)), years)
        _style(axes)
        _euro_axis(axes)
        axes.legend(fontsize=5.5, frameon=False, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.12))
        return _png(figure)


def posts_chart_png(monthly: pd.DataFrame, width_mm: float = 92, height_mm: float = 58,
                    family: str | None = None) -> bytes:
    """Full-time posts per month, scenario (solid) and reference (dashed) (``Result.monthly``)."""
    from matplotlib import rc_context

    months = pd.to_datetime(monthly["month"] + "-01")
    with rc_context({"font.family": family or "sans-serif"}):
        figure = _figure(width_mm, height_mm)
        axes = figure.add_subplot()
        axes.step(months, monthly["full_time"], where="post", color=BLUE, linewidth=1.2, label="Scénario")
        axes.step(months, monthly["baseline_full_time"], where="post", color=RED, linewidth=1.2, linestyle="--",
                  label="Référence")
        _style(axes)
        _month_axis(axes)
        axes.set_ylim(bottom=0)
        axes.set_ylabel("Postes à temps plein", fontsize=6, color=INK)
        axes.legend(fontsize=5.5, frameon=False, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.12))
        return _png(figure)


def _month_axis(axes) -> None:
    from matplotlib.dates import DateFormatter, YearLocator

    axes.xaxis.set_major_locator(YearLocator())
    axes.xaxis.set_major_formatter(DateFormatter("%Y"))


def progression_png(progression: Sequence[tuple[date, Mapping[str, int]]], width_mm: float = 92,
                    height_mm: float = 55, family: str | None = None) -> bytes:
    """Départements by status at each given day, stacked bars (the dated registry's
    (day, counts by status), oldest first); at most about twelve day labels."""
    from matplotlib import rc_context

    labels = [formatting.day(d)[3:] for d, _ in progression]  # « 01/2024 »
    with rc_context({"font.family": family or "sans-serif"}):
        figure = _figure(width_mm, height_mm)
        axes = figure.add_subplot()
        bottom = [0] * len(progression)
        for status in STATUSES:
            values = [int(counts.get(status, 0)) for _, counts in progression]
            axes.bar(range(len(values)), values, bottom=bottom, color=STATUS_COLORS[status], label=status,
                     width=0.8, linewidth=0)
            bottom = [b + v for b, v in zip(bottom, values)]
        step = max(1, -(-len(labels) // 12))
        axes.set_xticks(range(0, len(labels), step), labels[::step], rotation=90 if len(labels) > 6 else 0)
        _style(axes)
        axes.set_ylabel("Départements", fontsize=6, color=INK)
        axes.legend(fontsize=5.5, frameon=False, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.12))
        return _png(figure)
