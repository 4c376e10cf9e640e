"""The /simulation page through Streamlit's AppTest.

Most tests read, instead of the registry's timeline, the starting situation of the
worked example: 73 départements at half-time, the other 28 and Saint-Martin (978)
without a facilitator, no dates; Saint-Martin, with no post, is not simulated: 101
territories. The page is opened on the programme's horizon (2023–2027, switch in
January 2024) through its address. Tests marked « demo » read the demonstration
timeline from the database. Every expected figure below is computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fsdash.budget import scenarios
from fsdash.budget.assumptions import Assumptions
from fsdash.storage import accounts, demo
from fsdash.storage.engine import make_engine
from fsdash.storage.rights import ADMIN, User
from tests.support.html_tables import html_tables

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PAGE = str(PROJECT_ROOT / "pages" / "simulation.py")
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
S = "\u202f"  # narrow no-break space in French amounts
ALICE = User("alice@anct.gouv.fr", ADMIN, name="Alice")

STATE, DIFF, HOST, FIRST = (
    "Coût pour l'État sur l'horizon", "Écart avec la référence (État)", "Coût pour les structures porteuses",
    "Première année entièrement à temps plein",
)


def euros(text: str) -> str:
    return text.replace(" ", S) + f"{S}€"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def starting_situation(engine):
    """73 départements at half time, the 28 others and Saint-Martin without a facilitator, no dates."""
    import pandas as pd

    from fsdash.domain.territories import CODES

    deps = [c for c in CODES if c != "978"]
    statuses = {c: ("mi-temps" if i < 73 else "aucun") for i, c in enumerate(deps)} | {"978": "aucun"}
    return pd.DataFrame({"departement": list(statuses), "date_effet": None, "statut": list(statuses.values())})


@pytest.fixture
def demo_database(monkeypatch, database_url) -> str:
    """A database (SQLite or PostgreSQL: the shared fixture) with the demonstration timeline."""
    url = database_url
    monkeypatch.setenv("FSDASH_DATABASE_URL", url)
    monkeypatch.setenv("FSDASH_DATA_DIR", str(SHARED_DATA))
    engine = make_engine(url)
    demo.load_demo(engine, ALICE)
    engine.dispose()
    return url


@pytest.fixture
def database(demo_database) -> str:
    """The demonstration database whose timelines are replaced by the worked example's starting
    situation (one period each, « depuis une date inconnue »), imported in the long format."""
    from fsdash.inputs.statuses_file import read_statuses
    from fsdash.storage import registry_io

    rows = starting_situation(None)
    text = "departement,date_effet,statut\n" + "".join(f"{c},,{s}\n" for c, s in zip(rows["departement"],
                                                                                  rows["statut"]))
    parsed = read_statuses(text.encode(), "situation.csv")
    assert parsed.ok, parsed.errors
    engine = make_engine(demo_database)
    registry_io.import_statuses(engine, parsed, ALICE)
    engine.dispose()
    return demo_database


PROGRAMME = {"debut": "janvier 2023", "fin": "décembre 2027", "bascule": "janvier 2024"}


def page(**params) -> AppTest:
    """The page on the programme's horizon (``params`` added to or replacing its address)."""
    at = AppTest.from_file(PAGE, default_timeout=30)
    for key, value in (PROGRAMME | params).items():
        at.query_params[key] = value
    return at


@pytest.fixture
def app(database) -> AppTest:
    """The page as an anonymous reader: simulations, no saving."""
    at = page()
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def admin_app(database, monkeypatch) -> AppTest:
    """The page as Alice, an administrator (``FSDASH_ADMINS``): she may save scenarios."""
    monkeypatch.setenv("FSDASH_ADMINS", ALICE.email)
    at = page()
    at.user = {"is_logged_in": True, "email": ALICE.email, "name": ALICE.name}
    at.run()
    assert not at.exception
    return at


def run(target) -> AppTest:
    """Run the app (or the app of a widget just changed) and check it raised nothing."""
    at = target.run()
    assert not at.exception, at.exception
    return at


# --------------------------------------------------------------------------- headline figures


def test_default_headline_figures(app):
    # 2023: 73 × 25,000; 2024: 73 × 50,000 + 28 × 50,000 × 9/12; 2025-2027: 101 × 50,000
    assert metrics(app) == {
        STATE: euros("21 675 000"),
        DIFF: "+" + euros("12 550 000"),  # reference: 5 × 73 × 25,000 = 9,125,000
        HOST: euros("0"),  # 45,000 € of employer cost is below the contribution
        FIRST: "2025",
    }
    captions = " ".join(c.value for c in app.caption)
    assert "101 territoires : 28 sans animateur, 73 à mi-temps" in captions
    assert "Dans ce scénario, tous les postes sont à temps plein dès avril 2024." in captions
    # no dates in the demonstration registry: the reference starts as the horizon does
    assert "ce qui s'est passé jusqu'au 31/12/2022, puis statu quo" in captions
    # 21,675,000 / 2,843 sites of the 2024-08-01 list = 7,624.03 (Saint-Martin's two sites are
    # not in a simulated territory)
    assert f"{euros('7 624')} (2{S}843 sites de la liste actuelle)" in captions
    assert "Aucun territoire « non renseigné » sur l'horizon." in captions
    assert not app.error


def test_every_assumption_is_labelled_with_its_default(app):
    labels = [w.label for w in (*app.selectbox, *app.number_input, *app.checkbox) if w.key != "scenario_choisi"]
    assert all("défaut" in label for label in labels), labels
    assert any("hypothèse sans chiffre officiel" in label for label in labels)


def test_changing_the_delay_changes_the_headline(app):
    run(app.number_input(key="delai").set_value(6))
    # 2024: 73 × 50,000 + 28 × 50,000 × 6/12 = 4,350,000
    assert metrics(app)[STATE] == euros("21 325 000")
    assert metrics(app)[DIFF] == "+" + euros("12 200 000")


def test_changing_the_employer_cost_gives_a_host_cost(app):
    run(app.number_input(key="cout_employeur").set_value(60_000))
    # 2023: 73 × 5,000; 2024: 73 × 10,000 + 28 × 10,000 × 9/12; 2025-2027: 3 × 101 × 10,000
    assert metrics(app)[HOST] == euros("4 335 000")
    assert metrics(app)[STATE] == euros("21 675 000")


def test_changing_the_full_time_contribution(app):
    run(app.number_input(key="contribution_temps_plein").set_value(60_000))
    # 1,825,000 + (73 × 60,000 + 28 × 45,000) + 3 × 101 × 60,000
    assert metrics(app)[STATE] == euros("25 645 000")
    assert metrics(app)[DIFF] == "+" + euros("16 520 000")


def test_paying_the_vacancy(app):
    run(app.checkbox(key="vacance").check())
    # 2024: the 28 vacant posts are paid all year: 101 × 50,000
    assert metrics(app)[STATE] == euros("22 025 000")


def test_no_general_switch_is_the_status_quo(app):
    run(app.selectbox(key="bascule").select_index(0))
    assert metrics(app)[STATE] == euros("9 125 000")
    assert metrics(app)[DIFF] == euros("0")
    assert metrics(app)[FIRST] == "aucune sur l'horizon"


def test_a_wave_by_region(app):
    app.selectbox(key="bascule").select_index(0)
    run(app.number_input(key="vagues").set_value(1))
    assert metrics(app)[STATE] == euros("9 125 000")  # an empty wave is ignored, not an error
    app.multiselect(key="vague1").set_value(["R53"])
    run(app.selectbox(key="mois_vague1").set_value("2025-01"))
    # Bretagne's four départements are at half-time in the demo: + 25,000 each for 2025-2027
    assert metrics(app)[STATE] == euros("9 425 000")
    assert metrics(app)[DIFF] == "+" + euros("300 000")


def test_a_switch_outside_the_horizon_is_an_error_not_a_number(app):
    run(app.selectbox(key="bascule").set_value("2029-01"))
    assert not app.metric
    assert "janvier 2029" in app.error[0].value and "hors de l'horizon" in app.error[0].value


def test_assumptions_come_from_the_url(database):
    at = page()
    at.query_params["delai"] = "6"
    at.query_params["vagues"] = "1"
    at.query_params["vague1"] = ["Région Bretagne"]
    at.query_params["mois_vague1"] = "juin 2024"
    run(at)
    assert at.number_input(key="delai").value == 6
    assert at.multiselect(key="vague1").value == ["R53"]
    assert at.selectbox(key="mois_vague1").value == "2024-06"
    # delay 6: 21,325,000; Bretagne's four half-time posts switch in June instead of January:
    # 4 × 5 months × 25,000 / 12 = 41,666.67 less
    assert metrics(at)[STATE] == euros("21 283 333")


def test_per_departement_and_per_region_tables(app):
    """The three results tables, plain HTML tables read back cell by cell, amounts in French."""
    from fsdash.domain.formatting import euros as french_euros

    tables = {t.columns[0]: t for t in html_tables(app)}
    departements = tables["Code"].set_index("Code")
    assert len(departements) == 101 and "978" not in departements.index  # no post in Saint-Martin
    assert departements.loc["35", "Coût État (€)"] == french_euros(25_000 + 4 * 50_000)
    assert departements.loc["95", "Coût État (€)"] == french_euros(50_000 * 45 / 12)  # recruited April 2024
    assert departements.loc["35", "Mois de bascule"] == "janvier 2024"
    regions = tables["Région"].set_index("Région")
    assert regions.loc["Bretagne", "Coût État (€)"] == french_euros(4 * 225_000)
    assert sum(int(n) for n in regions["Départements"]) == 101
    years = tables["Année"].set_index("Année")
    assert years.loc["2024", "Coût État (€)"] == french_euros(73 * 50_000 + 28 * 37_500)


def test_cost_per_site_unavailable_without_the_site_list(database, tmp_path, monkeypatch):
    monkeypatch.setenv("FSDASH_DATA_DIR", str(tmp_path))
    at = run(page())
    assert metrics(at)[STATE] == euros("21 675 000")
    assert any("Coût par site France services indisponible" in c.value for c in at.caption)


# --------------------------------------------------------------------------- scenarios


def comparison(at: AppTest):
    """The comparison table: the one indexed by indicator."""
    return next((d for d in at.dataframe if "Coût pour l'État sur l'horizon" in d.value.index), None)


def save(at: AppTest, name: str) -> AppTest:
    at.text_input(key="nom_scenario").input(name)
    return run(at.button(key="enregistrer").click())


def test_save_reopen_and_delete_a_scenario(admin_app, database):
    app = admin_app
    run(app.number_input(key="delai").set_value(6))
    save(app, "Délai de six mois")
    assert app.success[0].value == "Scénario « Délai de six mois » enregistré."
    engine = make_engine(database)
    assert scenarios.load_scenario(engine, "Délai de six mois").assumptions.delay_months == 6

    run(app.number_input(key="delai").set_value(2))
    assert metrics(app)[STATE] != euros("21 325 000")
    app.selectbox(key="scenario_choisi").set_value("Délai de six mois")
    run(app.button(key="ouvrir").click())
    assert app.number_input(key="delai").value == 6
    assert metrics(app)[STATE] == euros("21 325 000")

    run(app.button(key="supprimer").click())
    assert "Supprimer définitivement le scénario « Délai de six mois » ?" in [w.value for w in app.warning]
    assert scenarios.scenario_names(engine) == ["Délai de six mois"]  # not before confirmation
    run(app.button(key="confirmer_suppression").click())
    assert scenarios.scenario_names(engine) == []
    assert app.success[0].value == "Scénario « Délai de six mois » supprimé."
    engine.dispose()


def test_saving_under_an_existing_name_asks_before_replacing(admin_app, database):
    app = admin_app
    save(app, "Référence")
    run(app.number_input(key="delai").set_value(6))
    save(app, "Référence")
    assert "Un scénario « Référence » existe déjà. Le remplacer par les hypothèses actuelles ?" in [
        w.value for w in app.warning]
    engine = make_engine(database)
    assert scenarios.load_scenario(engine, "Référence").assumptions.delay_months == 3
    run(app.button(key="annuler_remplacement").click())
    assert scenarios.load_scenario(engine, "Référence").assumptions.delay_months == 3
    save(app, "Référence")
    run(app.button(key="remplacer").click())
    assert app.success[0].value == "Scénario « Référence » remplacé."
    assert scenarios.load_scenario(engine, "Référence").assumptions.delay_months == 6
    engine.dispose()


def test_reopening_a_scenario_with_waves_and_own_dates(app, database):
    engine = make_engine(database)
    scenarios.save_scenario(engine, "Vagues", Assumptions(
        switch=None, waves=[(["Bretagne"], "2025-01")], per_departement={"35": "2024-01"}), ALICE)
    engine.dispose()
    run(app)
    app.selectbox(key="scenario_choisi").set_value("Vagues")
    run(app.button(key="ouvrir").click())
    assert app.multiselect(key="vague1").value == ["R53"]
    assert app.multiselect(key="dates").value == ["35"]
    assert app.selectbox(key="mois_35").value == "2024-01"
    # 9,125,000 + Côtes-d'Armor, Finistère, Morbihan: 3 × 3 × 25,000; Ille-et-Vilaine: 4 × 25,000
    assert metrics(app)[STATE] == euros("9 450 000")


def test_comparing_scenarios_side_by_side(app, database):
    engine = make_engine(database)
    scenarios.save_scenario(engine, "A : défaut", Assumptions(), ALICE)
    scenarios.save_scenario(engine, "B : délai 6", Assumptions(delay_months=6), ALICE)
    scenarios.save_scenario(engine, "C : employeur 60 000", Assumptions(employer_cost=60_000), ALICE)
    engine.dispose()
    run(app)
    run(app.multiselect(key="comparer").set_value(["A : défaut", "B : délai 6", "C : employeur 60 000"]))
    table = comparison(app)
    frame = table.value
    assert list(frame.columns) == ["A : défaut", "B : délai 6", "C : employeur 60 000"]
    state = frame.loc["Coût pour l'État sur l'horizon"]
    assert state["A : défaut"] == euros("21 675 000")
    assert state["B : délai 6"] == f"{euros('21 325 000')} ({euros('-350 000')})"
    assert state["C : employeur 60 000"] == euros("21 675 000")
    assert frame.loc["Coût pour les structures porteuses", "C : employeur 60 000"] == (
        f"{euros('4 335 000')} (+{euros('4 335 000')})")
    assert frame.loc["Délai de recrutement (mois)"].tolist() == ["3", "6", "3"]
    # the differences are highlighted
    assert "#FEECC2" in table.proto.arrow_data.styler.styles


def test_comparison_needs_two_scenarios(admin_app, database):
    app = admin_app
    save(app, "Seul")
    run(app.multiselect(key="comparer").set_value(["Seul"]))
    assert "Choisissez au moins deux scénarios enregistrés." in [c.value for c in app.caption]
    assert comparison(app) is None


def test_highlight_marks_only_the_cells_that_differ_from_the_first():
    import pandas as pd

    from fsdash.ui.simulation.scenarios import CHANGED, _highlight_changes

    row = pd.Series([euros("21 675 000"), f"{euros('21 325 000')} ({euros('-350 000')})", euros("21 675 000")])
    assert _highlight_changes(row) == ["", CHANGED, ""]


def test_export_buttons(app):
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Classeur XLSX", "Hypothèses (CSV)", "Résultats annuels (CSV)",
                      "Par département (CSV)", "Fiche du scénario (PDF)"]


def test_sources_are_cited_with_their_date(app):
    footer = next(c.value for c in app.main.caption if c.value.startswith("Règles"))
    assert "Source : ANCT, liste des structures France services" in footer
    assert "extrait du 01/08/2024" in footer
    assert "aucun chiffre officiel" in footer


# --------------------------------------------------------------------------- who may save


def test_a_reader_simulates_opens_and_compares_but_saves_nothing(database):
    engine = make_engine(database)
    scenarios.save_scenario(engine, "A : défaut", Assumptions(), ALICE)
    scenarios.save_scenario(engine, "B : délai 6", Assumptions(delay_months=6), ALICE)
    at = page()
    at.user = {"is_logged_in": True, "email": "lecteur@example.fr", "name": "Lecteur"}
    # Session state set by hand cannot bring the buttons back.
    at.session_state["nom_scenario"] = "Pirate"
    at.session_state["simulation_replace"] = "A : défaut"
    at.session_state["simulation_delete"] = "A : défaut"
    run(at)
    keys = {b.key for b in at.button}
    assert not keys & {"enregistrer", "remplacer", "supprimer", "confirmer_suppression"}
    assert "ouvrir" in keys
    assert any("Enregistrer, remplacer ou supprimer un scénario : réservé" in c.value for c in at.caption)
    run(at.number_input(key="delai").set_value(6))  # simulating still works
    assert metrics(at)[STATE] == euros("21 325 000")
    at.selectbox(key="scenario_choisi").set_value("A : défaut")
    run(at.button(key="ouvrir").click())
    assert at.number_input(key="delai").value == 3
    run(at.multiselect(key="comparer").set_value(["A : défaut", "B : délai 6"]))
    table = comparison(at)
    assert table is not None and list(table.value.columns) == ["A : défaut", "B : délai 6"]
    assert scenarios.scenario_names(engine) == ["A : défaut", "B : délai 6"]
    assert scenarios.load_scenario(engine, "A : défaut").assumptions.delay_months == 3
    engine.dispose()


def test_rights_are_checked_when_saving_and_deleting(admin_app, database, monkeypatch):
    """The buttons were offered to an administrator; the right is gone before the
    click: the scenario functions refuse, the page says so, nothing changes."""
    app = admin_app
    save(app, "Référence")
    engine = make_engine(database)
    monkeypatch.delenv("FSDASH_ADMINS")  # Alice is now an ordinary reader
    app.text_input(key="nom_scenario").input("Autre")
    run(app.button(key="enregistrer").click())
    assert "Action refusée : enregistrer un scénario (Autre)" in app.error[0].value
    assert scenarios.scenario_names(engine) == ["Référence"]
    monkeypatch.setenv("FSDASH_ADMINS", ALICE.email)
    run(app)
    app.selectbox(key="scenario_choisi").set_value("Référence")
    run(app.button(key="supprimer").click())
    monkeypatch.delenv("FSDASH_ADMINS")
    run(app.button(key="confirmer_suppression").click())
    assert "Action refusée : supprimer un scénario (Référence)" in app.error[0].value
    assert scenarios.scenario_names(engine) == ["Référence"]
    assert accounts.refusals(engine)["action"].tolist() == ["supprimer un scénario", "enregistrer un scénario"]
    engine.dispose()


# --------------------------------------------------------------------------- the timeline, unknowns, new assumptions


def test_defaults_follow_today(database):
    from fsdash.budget.assumptions import next_month
    from fsdash.storage.periods import today as paris_today

    today = paris_today()  # the page's today
    at = run(AppTest.from_file(PAGE, default_timeout=30))
    assert at.selectbox(key="debut").value == f"{today.year}-01"
    assert at.selectbox(key="fin").value == f"{today.year + 4}-12"
    assert at.selectbox(key="bascule").value == next_month(today)  # never in the past
    assert at.date_input(key="arret").value == today
    assert at.radio(key="non_renseignes").value == "exclure"


def test_a_fresh_registry_is_unknown_and_never_costed_silently(database_url, monkeypatch):
    url = database_url
    monkeypatch.setenv("FSDASH_DATABASE_URL", url)
    monkeypatch.setenv("FSDASH_DATA_DIR", str(SHARED_DATA))
    make_engine(url).dispose()  # every record « non renseigné »
    at = run(page())
    assert not at.metric
    assert "Aucun territoire à simuler" in at.error[0].value
    run(at.radio(key="non_renseignes").set_value("aucun"))
    # counted as without a facilitator: the 101 départements recruited in April 2024
    # 2024: 101 × 50,000 × 9/12 = 3,787,500; 2025-2027: 3 × 101 × 50,000 = 15,150,000
    assert metrics(at)[STATE] == euros("18 937 500")
    assert metrics(at)[DIFF] == "+" + euros("18 937 500")
    assert "101 territoire(s) « non renseigné(s) »" in at.info[0].value
    assert "comptés comme sans animateur" in at.info[0].value


def store_worked_timeline(url, monkeypatch) -> None:
    """The worked example of tests/budget/test_simulator.py (four départements, dated
    periods), imported into an empty registry as a long-format file, as an administrator would."""
    from fsdash.inputs.statuses_file import read_statuses
    from fsdash.storage import registry_io
    from tests.budget.test_simulator import dated_periods

    monkeypatch.setenv("FSDASH_DATABASE_URL", url)
    monkeypatch.setenv("FSDASH_DATA_DIR", str(SHARED_DATA))
    rows = dated_periods()
    text = "departement,date_effet,statut\n" + "".join(
        f"{c},{'' if d is None else d.isoformat()},{s}\n" for c, d, s in rows.itertuples(index=False))
    parsed = read_statuses(text.encode(), "periodes.csv")
    assert parsed.ok, parsed.errors
    engine = make_engine(url)
    registry_io.import_statuses(engine, parsed, ALICE)
    engine.dispose()


def test_the_reference_is_what_happened_on_a_dated_timeline(database_url, monkeypatch):
    store_worked_timeline(database_url, monkeypatch)
    at = run(page(debut="janvier 2023", fin="décembre 2025", bascule="aucun passage général (vagues et dates "
                                                                      "propres seulement)", arret="2025-06-30"))
    assert at.date_input(key="arret").value.isoformat() == "2025-06-30"
    # what happened: 56,250 + 125,000 + 87,500 (computed by hand in tests/budget/test_simulator.py)
    assert metrics(at)[STATE] == euros("268 750")
    assert metrics(at)[DIFF] == euros("0")
    assert "97 territoire(s) « non renseigné(s) »" in at.info[0].value  # the others: no period, left out
    captions = " ".join(c.value for c in at.caption)
    assert "ce qui s'est passé jusqu'au 30/06/2025, puis statu quo" in captions
    run(at.selectbox(key="bascule").set_value("2023-07"))  # had the switch happened in July 2023
    assert metrics(at)[STATE] == euros("375 000")
    assert metrics(at)[DIFF] == "+" + euros("106 250")


def test_a_contribution_change_and_a_return_to_half_time(app):
    run(app.checkbox(key="changement").check())
    assert app.number_input(key="changement_temps_plein").value == 45_000
    assert app.number_input(key="changement_mi_temps").value == 22_500
    run(app.selectbox(key="mois_changement").set_value("2027-01"))
    # 2027 at 45,000 instead of 50,000 for the 101 posts: 21,675,000 − 505,000
    assert metrics(app)[STATE] == euros("21 170 000")
    app.multiselect(key="retour_mi_temps").set_value(["R53"])
    run(app.selectbox(key="mois_retour_mi_temps").set_value("2027-01"))
    # Bretagne's four posts back at half time in 2027: 4 × (45,000 − 22,500) less
    assert metrics(app)[STATE] == euros("21 080 000")


def cost_chart(at: AppTest) -> dict:
    import json

    charts = [json.loads(e.proto.spec) for e in at.main if "vega" in str(getattr(e, "type", "")).lower()]
    return next(c for c in charts if c["encoding"]["y"]["field"] == "Montant")


def test_cost_series_that_are_all_zero_are_left_out_of_the_chart(app):
    cost = cost_chart(app)
    # 45,000 € of employer cost is below the contribution: the host structures pay 0 € every year
    assert cost["encoding"]["color"]["scale"]["domain"] == ["État, scénario", "État, référence"]
    assert cost["encoding"]["y"]["stack"] is None
    run(app.number_input(key="cout_employeur").set_value(60_000))
    assert cost_chart(app)["encoding"]["color"]["scale"]["domain"] == [
        "État, scénario", "État, référence", "Structures, scénario", "Structures, référence"]


# --------------------------------------------------------------------------- the demonstration timeline


def test_demo_timeline_what_happened_and_a_switch_that_changes_nothing(demo_database):
    # the 101 départements at full time from 01/01/2024; 2025 vacancies: 23 March–June, 48 June–August
    # (vacant from 15 May), 976 September–November: 10 months; Saint-Martin has no post
    at = run(page(debut="janvier 2024", fin="décembre 2026"))
    # 3 × 101 × 50,000 − 10 × 50,000 / 12 = 15,150,000 − 41,666.67
    assert metrics(at)[STATE] == euros("15 108 333")
    assert metrics(at)[DIFF] == euros("0")  # already full time: the switch changes nothing
    captions = " ".join(c.value for c in at.caption)
    assert "101 territoires : 101 à temps plein" in captions
    assert "Aucun territoire « non renseigné » sur l'horizon." in captions


def test_demo_timeline_had_the_switch_happened_earlier(demo_database):
    at = run(page(debut="janvier 2023", fin="décembre 2023", bascule="aucun passage général (vagues et dates "
                                                                      "propres seulement)"))
    tables = {t.columns[0]: t for t in html_tables(at)}
    reference = tables["Année"].set_index("Année").loc["2023", "Coût État (€)"]
    assert metrics(at)[DIFF] == euros("0")
    run(at.selectbox(key="bascule").set_value("2023-01"))
    # in 2023 every cost of the demo is a half-time month (25,000 / 12); switched from January each
    # costs 50,000 / 12: the scenario is twice what happened, the months without a facilitator stay at 0
    tables = {t.columns[0]: t for t in html_tables(at)}
    years = tables["Année"].set_index("Année")
    assert years.loc["2023", "Référence : coût État (€)"] == reference
    assert metrics(at)[DIFF] == "+" + reference
    def amount(text: str) -> float:
        return float(text.replace(S, "").replace("€", "").replace("+", ""))

    assert abs(amount(years.loc["2023", "Coût État (€)"]) - 2 * amount(reference)) <= 1  # amounts shown to the euro
