"""AppTest of the accounts page and the personal-data page."""

import pytest
from streamlit.testing.v1 import AppTest

from fsdash.storage import accounts, rights
from fsdash.storage.engine import get_engine
from tests.conftest import PROJECT_ROOT


@pytest.fixture
def env(monkeypatch, page_env):
    monkeypatch.setenv("FSDASH_ADMINS", "chef@anct.gouv.fr")
    return page_env


def page(name: str, email: str | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / name), default_timeout=60)
    if email:
        at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0]}
    else:
        at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception, at.exception
    return at


def test_admin_grants_changes_and_revokes(env):
    at = page("comptes.py", "chef@anct.gouv.fr")
    at.text_input(key="compte_email").set_value("pref@indre-et-loire.gouv.fr")
    at.selectbox(key="compte_role").set_value("prefecture")
    at.multiselect(key="compte_deps").set_value(["37"])
    at.button[0].click().run()  # the form's submit button
    assert "préfecture (37)" in at.success[0].value
    engine = get_engine(env)
    assert accounts.resolve_user(engine, "pref@indre-et-loire.gouv.fr").departements == {"37"}
    assert at.dataframe[0].value["Courriel"].tolist() == ["pref@indre-et-loire.gouv.fr"]
    at.selectbox(key="revoquer_email").set_value("pref@indre-et-loire.gouv.fr").run()
    at.button(key="revoquer").click().run()
    assert accounts.resolve_user(engine, "pref@indre-et-loire.gouv.fr").role == "lecteur"
    assert accounts.history(engine)["action"].tolist() == ["révocation", "attribution"]
    history = next(d.value for d in at.dataframe if "Auteur" in d.value.columns)
    assert list(history.columns) == ["Date", "Auteur", "Compte", "Action", "Avant", "Après"]
    assert history["Action"].tolist() == ["révocation", "attribution"]
    assert history["Avant"].iloc[0] == "prefecture (37)" and history["Avant"].isna().iloc[1]  # no role before
    assert history["Date"].str.match(r"\d\d/\d\d/\d{4}").all()


def test_admin_sees_the_refused_actions(env):
    engine = get_engine(env)
    reader = rights.User("curieux@example.fr")
    with pytest.raises(rights.AccessDenied):
        accounts.require(engine, reader, rights.can_manage_accounts(reader), "gérer les comptes", "x@y.fr")
    at = page("comptes.py", "chef@anct.gouv.fr")
    refused = next(d.value for d in at.dataframe if "Cible" in d.value.columns)
    assert list(refused.columns) == ["Date", "Compte", "Rôle", "Action", "Cible"]
    assert refused.iloc[0][["Compte", "Rôle", "Action", "Cible"]].tolist() == [
        "curieux@example.fr", "lecteur", "gérer les comptes", "x@y.fr"]


def test_invalid_account_shows_a_french_error(env):
    at = page("comptes.py", "chef@anct.gouv.fr")
    at.text_input(key="compte_email").set_value("pref@x.fr")
    at.selectbox(key="compte_role").set_value("prefecture")
    at.button[0].click().run()
    assert "au moins un département" in at.error[0].value
    assert accounts.list_accounts(get_engine(env)).empty


@pytest.mark.parametrize("email", [None, "quelqu.un@example.fr"])
def test_others_see_no_account_tools(env, email):
    at = page("comptes.py", email)
    assert "réservée à l'équipe nationale" in at.info[0].value
    assert not at.text_input and not at.dataframe


def test_personal_data_page_says_what_why_and_how_long(env):
    at = page("confidentialite.py")
    text = " ".join(m.value for m in at.markdown)
    assert "RGPD" in text and "CNIL" in text
    table = at.table[0].value
    assert "nom, courriel et téléphone de l'animateur départemental" in table["données"].tolist()
    assert any("5 ans" in v for v in table["combien de temps"])
