"""Month-by-month bar charts and strips drawn as SVG (``fsdash.views.svg_charts``)."""

import re
from datetime import date

from fsdash.views import svg_charts
from fsdash.views.svg_charts import Month, Segment


def test_ticks_are_round_and_cover_the_maximum():
    assert svg_charts.nice_ticks(102) == [0, 50, 100, 150]
    assert svg_charts.nice_ticks(4166.67) == [0, 1000, 2000, 3000, 4000, 5000]
    assert svg_charts.nice_ticks(3) == [0, 1, 2, 3]
    assert svg_charts.nice_ticks(0) == [0.0, 1.0]


def test_bars_are_stacked_in_series_order_with_heights_in_proportion():
    months = [Month(date(2024, 1, 1), {"a": 3, "b": 1}), Month(date(2024, 2, 1), {"b": 4}, planned=True)]
    markup = svg_charts.month_bars(months, [("a", "#111111"), ("b", "#222222"), ("c", "#333333")], y_title="n",
                                   value_text=str, tick_text=lambda t: f"{t:.0f}")
    first = re.search(r'<g data-mois="2024-01-01">(.*?)</g>', markup).group(1)
    bars = re.findall(r'y="([0-9.]+)" width="[0-9.]+" height="([0-9.]+)" fill="(#\d+)"', first)
    (a_y, a_h, a_fill), (b_y, b_h, b_fill) = bars
    assert (a_fill, b_fill) == ("#111111", "#222222")  # « a » at the bottom, « b » on top of it
    assert float(a_h) == 3 * float(b_h) and float(b_y) + float(b_h) == float(a_y)
    second = re.search(r'<g data-mois="2024-02-01">(.*?)</g>', markup).group(1)
    assert 'opacity="0.4"' in second and "(prévu)" in second and 'opacity' not in first
    assert "#333333" not in markup  # a series without any value is neither drawn nor in the legend
    assert markup.count('class="repere"') == 2  # a hidden rule per month, shown on the chosen one


def test_texts_are_escaped():
    markup = svg_charts.month_bars([Month(date(2024, 1, 1), {"<b>x</b>": 1})], [("<b>x</b>", "#000")],
                                   y_title="<i>n</i>", value_text=lambda v: "<script>", tick_text=str,
                                   marks=[(date(2024, 1, 1), "<img src=x onerror=alert(1)>")])
    assert "<b>" not in markup and "<i>" not in markup and "<script>" not in markup and "<img" not in markup
    assert "&lt;b&gt;x&lt;/b&gt;" in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup


def test_strip_places_periods_on_the_span_and_today():
    first, last = date(2023, 1, 1), date(2024, 12, 31)
    markup = svg_charts.strip([Segment(first, date(2024, 1, 1), "#aaa", "Du 01/01/2023 : <mi-temps>"),
                               Segment(date(2024, 1, 1), last, "#bbb", "Du 01/01/2024 : temps plein", 0.4)],
                              first, last, today=date(2024, 1, 1))
    xs = [float(x) for x in re.findall(r'<rect x="([0-9.]+)"', markup)]
    middle = svg_charts.LEFT + (svg_charts.WIDTH - svg_charts.LEFT - svg_charts.RIGHT) * 365 / 730
    assert xs[0] == svg_charts.LEFT and abs(xs[1] - middle) < 0.1
    assert re.search(rf'<line x1="{xs[1]:.1f}"[^>]*stroke="#E1000F"', markup)  # today's rule
    assert "01/2024" in markup and "&lt;mi-temps&gt;" in markup
