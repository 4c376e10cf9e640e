"""The simulator's Vega-Lite charts: no all-zero series, never stacked, explicit domains, data inside."""

from __future__ import annotations

from fsdash.budget.assumptions import Assumptions
from fsdash.budget.simulator import simulate
from fsdash.views.simulation import cost_chart, posts_chart

STATUSES = {"01": "mi-temps", "02": "aucun"}


def test_all_zero_series_are_left_out_of_the_bars_and_the_legend():
    # 45,000 € of employer cost: the host structures pay nothing, in the scenario as in the reference
    spec = cost_chart(simulate(STATUSES, Assumptions()))
    names = {row["Série"] for row in spec["data"]["values"]}
    assert names == {"État, scénario", "État, référence"}
    assert spec["encoding"]["color"]["scale"]["domain"] == ["État, scénario", "État, référence"]
    assert spec["encoding"]["xOffset"]["scale"]["domain"] == ["État, scénario", "État, référence"]
    spec = cost_chart(simulate(STATUSES, Assumptions(employer_cost=60_000)))
    assert len(spec["encoding"]["color"]["scale"]["domain"]) == 4


def test_the_states_scenario_is_drawn_even_at_zero():
    spec = cost_chart(simulate({"02": "aucun"}, Assumptions(switch=None)))
    assert spec["encoding"]["color"]["scale"]["domain"] == ["État, scénario"]
    assert {row["Montant"] for row in spec["data"]["values"]} == {0.0}
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, 1.0]  # a finite extent


def test_nothing_is_stacked_and_every_scale_has_a_domain():
    result = simulate(STATUSES, Assumptions())
    for spec in (cost_chart(result), posts_chart(result)):
        assert spec["encoding"]["y"]["stack"] is None
        assert spec["data"]["values"]
        for channel in ("x", "y", "color"):
            assert spec["encoding"][channel]["scale"]["domain"]
    posts = posts_chart(result)
    assert posts["encoding"]["strokeDash"]["scale"]["domain"] == posts["encoding"]["color"]["scale"]["domain"]
    assert posts["encoding"]["x"]["scale"]["domain"] == ["2023-01-01", "2027-12-01"]
