"""Named budget scenarios in the database."""

from __future__ import annotations

import pytest

from fsdash.budget import scenarios
from fsdash.budget.assumptions import Assumptions
from fsdash.budget.scenarios import ScenarioError, ScenarioExists
from fsdash.storage import rights
from fsdash.storage.rights import ADMIN, User

ALICE = User("alice@anct.gouv.fr", ADMIN)
BOB = User("bob@anct.gouv.fr", ADMIN, name="Bob")
WAVES = Assumptions(switch=None, waves=[(["Bretagne", "13"], "2024-06")], per_departement={"35": "2025-01"},
                    delay_months=5, employer_cost=52_000, pay_vacancy=True)


def test_save_then_load_gives_back_the_same_assumptions(engine):
    saved = scenarios.save_scenario(engine, "Vagues 2024", WAVES, ALICE)
    loaded = scenarios.load_scenario(engine, "Vagues 2024")
    assert loaded == saved
    assert loaded.assumptions == WAVES
    assert loaded.created_by == loaded.updated_by == "alice@anct.gouv.fr"
    assert loaded.created_at.tzinfo is not None


def test_saving_under_a_taken_name_is_refused_without_replace(engine):
    scenarios.save_scenario(engine, "Référence", Assumptions(), ALICE)
    with pytest.raises(ScenarioExists) as caught:
        scenarios.save_scenario(engine, "  Référence ", Assumptions(delay_months=6), BOB)
    assert "« Référence » existe déjà" in str(caught.value)
    assert scenarios.load_scenario(engine, "Référence").assumptions.delay_months == 3


def test_replace_overwrites_and_keeps_the_creation_record(engine):
    first = scenarios.save_scenario(engine, "Référence", Assumptions(), ALICE)
    second = scenarios.save_scenario(engine, "Référence", Assumptions(delay_months=6), BOB, replace=True)
    assert second.assumptions.delay_months == 6
    assert (second.created_by, second.created_at) == (first.created_by, first.created_at)
    assert second.updated_by == "Bob <bob@anct.gouv.fr>"
    assert second.updated_at >= first.updated_at
    assert scenarios.scenario_names(engine) == ["Référence"]


def test_replace_on_a_new_name_creates_it(engine):
    scenarios.save_scenario(engine, "Nouveau", Assumptions(), ALICE, replace=True)
    assert scenarios.scenario_names(engine) == ["Nouveau"]


def test_list_by_name_and_delete(engine):
    for name in ("Vague B", "Vague A", "Tous en 2024"):
        scenarios.save_scenario(engine, name, Assumptions(), ALICE)
    assert [s.name for s in scenarios.list_scenarios(engine)] == ["Tous en 2024", "Vague A", "Vague B"]
    assert scenarios.delete_scenario(engine, "Vague A", BOB) is True
    assert scenarios.delete_scenario(engine, "Vague A", BOB) is False
    assert scenarios.scenario_names(engine) == ["Tous en 2024", "Vague B"]
    assert scenarios.load_scenario(engine, "Vague A") is None


@pytest.mark.parametrize(("name", "fragment"), [("", "nom"), ("   ", "nom"), ("x" * 101, "100 caractères")])
def test_bad_names_are_refused_in_french(engine, name, fragment):
    with pytest.raises(ScenarioError, match=fragment):
        scenarios.save_scenario(engine, name, Assumptions(), ALICE)


def test_a_user_allowed_to_save_is_required(engine):
    with pytest.raises(rights.AccessDenied, match="enregistrer un scénario"):
        scenarios.save_scenario(engine, "Sans auteur", Assumptions(), rights.ANONYMOUS)
    assert scenarios.scenario_names(engine) == []


def test_names_are_trimmed_and_spaces_collapsed(engine):
    scenarios.save_scenario(engine, "  Tous   en 2024 ", Assumptions(), ALICE)
    assert scenarios.scenario_names(engine) == ["Tous en 2024"]
    assert scenarios.load_scenario(engine, "Tous en 2024 ") is not None


def test_a_failed_save_writes_nothing(engine, monkeypatch):
    scenarios.save_scenario(engine, "Référence", Assumptions(), ALICE)

    def broken(*_args, **_kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(scenarios, "_update", broken)
    with pytest.raises(RuntimeError):
        scenarios.save_scenario(engine, "Référence", Assumptions(delay_months=9), BOB, replace=True)
    assert scenarios.load_scenario(engine, "Référence").assumptions.delay_months == 3
