"""Month-by-month bar charts as plain SVG, drawn here rather than by Vega-Lite.

A Vega-Lite chart makes the browser load Streamlit's chart bundles (24 files, about
260 KB compressed, Vega among them) and lay the chart out before the page's map
element is mounted: a quarter of a second of the map's paint on a first visit
(``scripts/bench_checkouts.py``, README « Choix techniques »). These charts are a
few kilobytes of markup, made once per registry version (``ui.elements.svg_chart``
publishes them under a content-derived name) and kept by the browser.

The chart is a legend (an HTML list) and an ``<svg>``: one group per month
(``data-mois``: the month's first day), its bars stacked in the order of the
series, a ``<title>`` per bar (the browser's tooltip), planned months lighter,
dashed rules for milestones, and a hidden rule that the page's script shows on
the chosen month (class ``choisi`` on the group). Every text goes through
``html.escape``; the figures are also printed in tables or captions (a picture is
not read aloud: the page gives the ``<svg>`` its text alternative).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 1000
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 22, 26
INK, GRID, BLUE, RED = "#3A3A3A", "#DDDDDD", "#000091", "#E1000F"
PLANNED_OPACITY = 0.4


@dataclass(frozen=True)
class Month:
    month: date  # first day of the month
    values: Mapping[str, float]  # series name → value (missing: 0)
    planned: bool = False


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round values from 0 to at least ``maximum``, about ``count`` of them (steps of 1, 2 or 5 × 10ⁿ)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw)
    top = math.ceil(maximum / step - 1e-9) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


def _x_labels(months: Sequence[date]) -> set[date]:
    """Januaries (every quarter on a span of under two years)."""
    every = (1, 4, 7, 10) if len(months) < 24 else (1,)
    return {m for m in months if m.month in every}


def month_bars(months: Sequence[Month], series: Sequence[tuple[str, str]], *, y_title: str,
               value_text: Callable[[float], str], tick_text: Callable[[float], str],
               marks: Sequence[tuple[date, str]] = (), planned_label: str = "prévu", height: int = 260) -> str:
    """The chart's markup: ``series`` = (name, colour) stacked from the bottom, in that order."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    totals = [sum(m.values.get(name, 0) for name, _ in series) for m in months]
    ticks = nice_ticks(max(totals, default=0))
    scale = plot_h / ticks[-1]
    band = plot_w / max(len(months), 1)
    bar = max(band * 0.82, 1.0)
    out = [f'<svg class="fsdash-chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
           f'preserveAspectRatio="xMidYMid meet" focusable="false" font-size="12" fill="{INK}">']
    for tick in ticks:  # horizontal grid and the value axis
        y = TOP + plot_h - tick * scale
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                   f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_e(tick_text(tick))}</text>')
    out.append(f'<text x="12" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 12 {TOP + plot_h / 2:.1f})">{_e(y_title)}</text>')
    labelled = _x_labels([m.month for m in months])
    for index, month in enumerate(months):
        x = LEFT + index * band
        opacity = f' opacity="{PLANNED_OPACITY}"' if month.planned else ""
        period = f" ({planned_label})" if month.planned else ""
        rects, base = [], TOP + plot_h
        for name, colour in series:
            value = month.values.get(name, 0)
            if not value:
                continue
            h = value * scale
            base -= h
            rects.append(f'<rect x="{x + (band - bar) / 2:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"{opacity}><title>{month.month:%m/%Y} – {_e(name)} : '
                         f'{_e(value_text(value))}{period}</title></rect>')
        key = month.month.isoformat()
        # The whole height of the month answers a click (a month without a bar too).
        out.append(f'<g data-mois="{key}"><rect class="zone" x="{x:.1f}" y="{TOP}" width="{band:.1f}" '
                   f'height="{plot_h}" fill="transparent"/>{"".join(rects)}'
                   f'<line class="repere" x1="{x + band / 2:.1f}" x2="{x + band / 2:.1f}" y1="{TOP}" '
                   f'y2="{TOP + plot_h}" stroke="{RED}" stroke-width="2"/></g>')
        if month.month in labelled:
            out.append(f'<text x="{x + band / 2:.1f}" y="{height - 8}" text-anchor="middle">'
                       f'{month.month:%m/%Y}</text>')
    positions = {m.month: LEFT + i * band + band / 2 for i, m in enumerate(months)}
    for number, (month, label) in enumerate(marks):
        if month not in positions:
            continue
        x = positions[month]
        anchor, dx = ("end", -4) if number % 2 == 0 else ("start", 4)  # two close milestones never overlap
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 4}" y2="{TOP + plot_h}" stroke="{BLUE}" '
                   f'stroke-dasharray="6 4"/><text x="{x + dx:.1f}" y="{TOP - 8}" text-anchor="{anchor}" '
                   f'fill="{BLUE}" font-size="11">{_e(label)}</text>')
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="{INK}"/>')
    out.append("</svg>")
    used = [(name, colour) for name, colour in series if any(m.values.get(name) for m in months)]
    return _legend(used, any(m.planned for m in months), planned_label) + "".join(out)


def _legend(series: Sequence[tuple[str, str]], planned: bool, planned_label: str) -> str:
    items = "".join(f'<li><span class="cle" style="background:{colour}"></span>{_e(name)}</li>'
                    for name, colour in series)
    if planned:
        items += (f'<li><span class="cle" style="background:{INK};opacity:{PLANNED_OPACITY}"></span>'
                  f"plus clair : {_e(planned_label)}</li>")
    return f'<ul class="fsdash-chart-legend">{items}</ul>'


@dataclass(frozen=True)
class Segment:
    start: date
    end: date
    colour: str
    title: str  # the browser's tooltip
    opacity: float = 1.0


def strip(segments: Sequence[Segment], first: date, last: date, today: date, height: int = 64) -> str:
    """Periods as one horizontal strip from ``first`` to ``last``, a red rule on ``today``,
    the Januaries labelled below."""
    plot_w, bar_top, bar_h = WIDTH - LEFT - RIGHT, 6, 32
    days = max((last - first).days, 1)

    def x(day: date) -> float:
        return LEFT + plot_w * min(max((day - first).days, 0), days) / days

    out = [f'<svg class="fsdash-chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
           f'preserveAspectRatio="xMidYMid meet" focusable="false" font-size="12" fill="{INK}">']
    for segment in segments:
        left, right = x(segment.start), x(segment.end)
        out.append(f'<rect x="{left:.1f}" y="{bar_top}" width="{max(right - left, 1):.1f}" height="{bar_h}" '
                   f'fill="{segment.colour}" opacity="{segment.opacity}"><title>{_e(segment.title)}</title></rect>')
    year = first.year if first.month == 1 and first.day == 1 else first.year + 1
    while date(year, 1, 1) <= last:
        tick = x(date(year, 1, 1))
        out.append(f'<line x1="{tick:.1f}" x2="{tick:.1f}" y1="{bar_top + bar_h}" y2="{bar_top + bar_h + 4}" '
                   f'stroke="{INK}"/><text x="{tick:.1f}" y="{height - 8}" text-anchor="middle">01/{year}</text>')
        year += 1
    if first <= today <= last:
        out.append(f'<line x1="{x(today):.1f}" x2="{x(today):.1f}" y1="2" y2="{bar_top + bar_h + 4}" '
                   f'stroke="{RED}" stroke-width="2"/>')
    out.append("</svg>")
    return "".join(out)
