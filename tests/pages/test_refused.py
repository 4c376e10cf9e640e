"""The page a refused identity sees (``FSDASH_UNKNOWN_USERS=refuser``), through app.py
whatever the address: what happened, what to do, a way out, and nothing of the dashboard."""

import pytest
from streamlit.testing.v1 import AppTest

from fsdash.storage import accounts, registry, rights
from fsdash.storage.engine import get_engine
from tests.conftest import PROJECT_ROOT


@pytest.fixture
def env(monkeypatch, page_env):
    monkeypatch.setenv("FSDASH_UNKNOWN_USERS", "refuser")
    engine = get_engine(page_env)
    registry.update_record(engine, "87", {"statut": "temps plein", "animateur_nom": "Jeanne Martin"},
                           rights.operator("test"), None)
    return page_env


def run_as(email: str, path: str = "app.py") -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=60)
    at.user = {"is_logged_in": True, "email": email, "name": "Inconnu"}
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("path", ["app.py", "pages/departement.py"])
def test_an_unknown_identity_sees_the_refusal_and_nothing_else(env, path):
    at = run_as("inconnu@example.fr", path)
    assert [t.value for t in at.title] == ["Accès refusé"]
    assert "inconnu@example.fr n'a pas accès à ce tableau de bord" in at.error[0].value
    assert any("équipe nationale de l'ANCT" in m.value for m in at.markdown)
    assert [b.label for b in at.button] == ["Se déconnecter"]
    shown = " ".join(str(e.value) for e in (*at.markdown, *at.caption, *at.error) if hasattr(e, "value"))
    assert "Jeanne Martin" not in shown and "Carte" not in " ".join(t.value for t in at.title)


def test_a_known_account_is_let_in_under_the_same_policy(env):
    accounts.grant(get_engine(env), rights.operator("test"), "pref87@test.fr", rights.PREFECTURE, "87")
    at = run_as("pref87@test.fr", "pages/confidentialite.py")
    assert [t.value for t in at.title] == ["Données personnelles"]
    assert any("[Haute-Vienne (87)](departement?dep=87)" in m.value for m in at.sidebar.markdown)
