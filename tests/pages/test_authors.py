"""Staff names and emails are shown to administrators only (issue 12, point 4): the data page
(current version, versions, history, provenance), saved scenarios' « Créé par » / « Modifié
par », the registry's last editor; a prefecture sees its own record's authors."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from fsdash.budget import scenarios
from fsdash.budget.assumptions import Assumptions
from fsdash.domain.record_fields import DEMO_AUTHOR, MASKED
from fsdash.storage import demo, registry, rights, site_imports, site_versions
from fsdash.storage.engine import create_schema, get_engine
from fsdash.storage.rights import ADMIN, LECTEUR, PREFECTURE, User
from tests.conftest import PROJECT_ROOT, REAL_SITES
from tests.support.site_lists import modified_real_list

ALICE = User("alice.martin@anct.gouv.fr", ADMIN, name="Alice Martin")
PREF_87 = User("pref87@haute-vienne.gouv.fr", PREFECTURE, frozenset({"87"}), name="Léa Roux")


def test_one_helper_decides_who_sees_an_author():
    reader, other = User("r@example.fr", LECTEUR), User("p@x.fr", PREFECTURE, frozenset({"23"}))
    assert rights.author(ALICE, ALICE.label) == ALICE.label
    assert rights.author(PREF_87, ALICE.label, "87") == ALICE.label  # its own record's history
    assert rights.author(PREF_87, ALICE.label) == MASKED  # a site list version, a scenario
    assert rights.author(other, ALICE.label, "87") == MASKED and rights.author(reader, ALICE.label, "87") == MASKED
    assert rights.author(rights.ANONYMOUS, DEMO_AUTHOR, "87") == DEMO_AUTHOR and rights.author(reader, "") == ""


@pytest.fixture
def filled(monkeypatch, page_env):
    monkeypatch.setenv("FSDASH_ADMINS", ALICE.email)
    engine = get_engine(page_env)
    create_schema(engine)
    site_imports.ensure_initial_version(engine, REAL_SITES)
    data, _ = modified_real_list()
    candidate = site_imports.prepare(engine, data, "liste-modifiee.csv")
    site_imports.import_candidate(engine, candidate, source=site_versions.SOURCE_CLI, user=ALICE)
    registry.update_record(engine, "87", {"statut": "mi-temps"}, ALICE, None)
    scenarios.save_scenario(engine, "Bascule 2027", Assumptions(), ALICE)
    return engine


def page_text(path: str, user: User | None) -> str:
    at = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=90)
    if user is not None:
        at.user = {"is_logged_in": True, "email": user.email, "name": user.name}
    at.run()
    assert not at.exception, at.exception
    for expander in at.expander:  # closed sections are in the tree all the same
        expander.proto.expanded = True
    parts = [str(getattr(e, "value", "")) for e in at.main if not hasattr(e, "children")]
    for frame in at.dataframe:
        parts.append(frame.value.to_csv())
    return " ".join(parts)


@pytest.mark.parametrize("user", [None, PREF_87], ids=["lecteur", "prefecture"])
def test_the_data_page_masks_authors(filled, user):
    text = page_text("pages/donnees.py", user)
    assert "Alice" not in text and ALICE.email not in text
    assert MASKED in text


def test_an_administrator_sees_the_authors_on_the_data_page(filled):
    assert ALICE.email in page_text("pages/donnees.py", ALICE)


@pytest.mark.parametrize("user", [None, PREF_87], ids=["lecteur", "prefecture"])
def test_saved_scenarios_mask_their_authors(filled, user):
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / "simulation.py"), default_timeout=90)
    if user is not None:
        at.user = {"is_logged_in": True, "email": user.email, "name": user.name}
    at.run()
    assert not at.exception, at.exception
    saved = next(d.value for d in at.dataframe if "Créé par" in d.value.columns)
    assert saved["Créé par"].tolist() == [MASKED] and saved["Modifié par"].tolist() == [MASKED]


def test_the_demonstration_card_names_no_command_line_user(page_env):
    engine = get_engine(page_env)
    demo.load_demo(engine, rights.operator())
    record = registry.get_record(engine, "87")
    assert record["updated_by"] == DEMO_AUTHOR and "ligne de commande" not in record["updated_by"]
    assert set(registry.history(engine, "87")["author"]) == {DEMO_AUTHOR}
