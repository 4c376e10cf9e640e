"""The PDF fiches from the pages (fsdash.ui.fiches): one button per page, the file built on click
with the data the page holds, and for the département, what the signed-in reader may see."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fsdash.budget import scenarios, simulator
from fsdash.budget.assumptions import Assumptions
from fsdash.inputs.sites import read_sites
from fsdash.storage import demo, registry, rights
from fsdash.storage.engine import get_engine
from fsdash.ui import fiches
from tests.conftest import PROJECT_ROOT, REAL_SITES
from tests.support.pdfs import read_pdf

ADMIN = rights.User("admin@test.fr", rights.ADMIN, name="Admin Test")
PERSONAL = {"animateur_nom": "Sacha Page-Fiche", "animateur_telephone": "02 54 00 11 22"}


@pytest.fixture
def state(page_env):
    engine = get_engine(page_env)
    demo.load_demo(engine, ADMIN)
    registry.update_record(engine, "41", PERSONAL, ADMIN, None)
    sites, _ = read_sites(REAL_SITES.read_bytes())
    return {"engine": engine, "sites": sites, "records": registry.all_records(engine)}


def departement(state, user) -> str:
    record = registry.get_record(state["engine"], "41")
    build = fiches.departement_pdf("41", record, state["records"], state["sites"],
                                   pd.DataFrame(columns=["id_fs", "distance_km"]), ["Source : essai."], user)
    pdf = read_pdf(build())
    assert pdf.pages == 1 and "Loir-et-Cher (41)" in pdf.text
    return pdf.text


def test_departement_fiche_follows_the_reader_rights(state):
    assert PERSONAL["animateur_nom"] in departement(state, ADMIN)
    text = departement(state, rights.ANONYMOUS)
    assert PERSONAL["animateur_nom"] not in text and PERSONAL["animateur_telephone"] not in text
    assert "Données de démonstration" in text


def test_national_fiche_cites_the_page_sources(state):
    from fsdash.storage import periods
    from fsdash.views import attention, timeline

    day, engine = date(2023, 6, 30), state["engine"]
    records, story = registry.records_at(engine, day), periods.periods(engine)
    found = attention.flags(records, story, registry.history(engine), day)
    pdf = read_pdf(fiches.national_pdf(records, state["sites"], day, timeline.progression(story, date.today()),
                                       found)())
    assert pdf.pages == 1 and "73 Animateurs à mi-temps" in pdf.text
    assert "30/06/2023" in pdf.text and "Progression" in pdf.text
    assert "Sans animateur ou en recrutement depuis plus de 3 mois : 29" in " ".join(pdf.text.split())
    assert "extrait du 01/08/2024" in pdf.text and "Registre des animateurs" in pdf.text
    assert PERSONAL["animateur_nom"] not in pdf.text


def test_scenario_named_only_when_saved_with_these_assumptions(state, monkeypatch):
    statuses = registry.current_statuses(state["engine"])
    result = simulator.simulate(statuses, Assumptions(delay_months=6), None)
    scenarios.save_scenario(state["engine"], "Six mois", Assumptions(delay_months=6), ADMIN)
    named = read_pdf(fiches.simulation_pdf(result, False, "Six mois")())
    assert named.title.startswith("Scénario « Six mois »")
    other = read_pdf(fiches.simulation_pdf(simulator.simulate(statuses, Assumptions(), None), False, "Six mois")())
    assert other.title.startswith("Simulation budgétaire") and "Six mois" not in other.text


def test_the_national_page_offers_the_fiche_without_building_it(state, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the fiche is built on click only")

    monkeypatch.setattr("fsdash.views.fiche_national.national_fiche", fail)
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/carte.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert "Fiche nationale (PDF)" in [b.proto.label for b in at.get("download_button")]
