"""Roles, accounts and refusals (fsdash.access)."""

import pandas as pd
import pytest

from fsdash.storage import accounts, rights
from fsdash.storage.accounts import AccountError
from fsdash.storage.rights import ADMIN, LECTEUR, PREFECTURE, AccessDenied, User

ADMIN_USER = User("chef@anct.gouv.fr", ADMIN)
PREF_37 = User("pref@indre-et-loire.gouv.fr", PREFECTURE, frozenset({"37"}))
READER = User("lecteur@example.fr", LECTEUR)


def test_rights_by_role():
    assert rights.can_edit_record(ADMIN_USER, "41")
    assert rights.can_edit_record(PREF_37, "37") and not rights.can_edit_record(PREF_37, "41")
    assert not rights.can_edit_record(READER, "37")
    assert rights.can_see_personal(PREF_37, "37") and not rights.can_see_personal(PREF_37, "41")
    assert not rights.can_see_personal(READER, "37")
    for right in (rights.can_import, rights.can_save_scenarios, rights.can_manage_accounts,
                  rights.can_export_personal):
        assert right(ADMIN_USER) and not right(PREF_37) and not right(READER)


def test_refusal_is_raised_and_recorded(engine):
    with pytest.raises(AccessDenied, match="n'est pas permis pour pref@indre-et-loire.gouv.fr, préfecture \\(37\\)"):
        accounts.require(engine, PREF_37, rights.can_edit_record(PREF_37, "41"), "modifier la fiche", "41")
    accounts.require(engine, PREF_37, rights.can_edit_record(PREF_37, "37"), "modifier la fiche", "37")
    logged = accounts.refusals(engine)
    assert logged[["email", "role", "action", "target"]].values.tolist() == [
        ["pref@indre-et-loire.gouv.fr", "prefecture", "modifier la fiche", "41"]]


def test_grant_change_revoke_with_history(engine):
    accounts.grant(engine, ADMIN_USER, " Pref@Indre-et-Loire.gouv.fr ", PREFECTURE, "37, 41")
    user = accounts.resolve_user(engine, "pref@indre-et-loire.gouv.fr", "Préfecture 37")
    assert user.role == PREFECTURE and user.departements == {"37", "41"} and user.name == "Préfecture 37"
    accounts.grant(engine, ADMIN_USER, "pref@indre-et-loire.gouv.fr", PREFECTURE, ["37"])
    assert accounts.resolve_user(engine, "pref@indre-et-loire.gouv.fr").departements == {"37"}
    assert accounts.revoke(engine, ADMIN_USER, "pref@indre-et-loire.gouv.fr")
    assert accounts.resolve_user(engine, "pref@indre-et-loire.gouv.fr").role == LECTEUR
    assert not accounts.revoke(engine, ADMIN_USER, "pref@indre-et-loire.gouv.fr")
    hist = accounts.history(engine)
    assert hist["action"].tolist() == ["révocation", "modification", "attribution"]
    assert hist["before"].tolist()[:2] == ["prefecture (37)", "prefecture (37,41)"]
    assert set(hist["author"]) == {"chef@anct.gouv.fr"}
    assert accounts.list_accounts(engine).empty


def test_only_admins_manage_accounts(engine):
    with pytest.raises(AccessDenied):
        accounts.grant(engine, PREF_37, "ami@example.fr", ADMIN)
    with pytest.raises(AccessDenied):
        accounts.revoke(engine, READER, "chef@anct.gouv.fr")
    assert accounts.list_accounts(engine).empty
    assert len(accounts.refusals(engine)) == 2


@pytest.mark.parametrize(("email", "role", "deps", "message"), [
    ("pas-un-courriel", LECTEUR, "", "courriel invalide"),
    ("a@b.fr", "chef", "", "rôle inconnu"),
    ("a@b.fr", PREFECTURE, "", "au moins un département"),
    ("a@b.fr", PREFECTURE, "37,99", "inconnu(s) : 99"),
])
def test_invalid_accounts(engine, email, role, deps, message):
    with pytest.raises(AccountError, match=message.replace("(", "\\(").replace(")", "\\)")):
        accounts.grant(engine, ADMIN_USER, email, role, deps)


def test_designated_admins_and_unknown_policy(engine, monkeypatch):
    monkeypatch.setenv("FSDASH_ADMINS", "chef@anct.gouv.fr, autre@anct.gouv.fr")
    assert accounts.resolve_user(engine, "CHEF@anct.gouv.fr").role == ADMIN
    assert accounts.resolve_user(engine, "inconnu@example.fr").role == LECTEUR
    monkeypatch.setenv("FSDASH_UNKNOWN_USERS", "refuser")
    assert accounts.resolve_user(engine, "inconnu@example.fr") is None
    with pytest.raises(AccountError):
        accounts.revoke(engine, User("chef@anct.gouv.fr", ADMIN), "chef@anct.gouv.fr")


def test_personal_data_filters():
    history = pd.DataFrame({
        "departement": ["37", "37", "41", "41"],
        "field": ["statut", "animateur_email", "statut", "animateur_nom"],
    })
    assert rights.visible_history(PREF_37, history)["field"].tolist() == ["statut", "animateur_email", "statut"]
    assert rights.visible_history(READER, history)["field"].tolist() == ["statut", "statut"]
    records = pd.DataFrame({"departement": ["37", "41"], "animateur_email": ["a@37.fr", "b@41.fr"],
                            "statut": ["mi-temps", "aucun"]})
    assert rights.mask_personal(PREF_37, records)["animateur_email"].tolist() == ["a@37.fr", ""]
    assert rights.mask_personal(READER, records)["animateur_email"].tolist() == ["", ""]
    assert rights.mask_personal(ADMIN_USER, records)["animateur_email"].tolist() == ["a@37.fr", "b@41.fr"]


def test_first_login_binds_the_subject_a_later_other_subject_is_refused_and_recorded(engine, monkeypatch):
    monkeypatch.setenv("FSDASH_ADMINS", "chef@anct.gouv.fr")
    accounts.grant(engine, ADMIN_USER, "pref@indre-et-loire.gouv.fr", PREFECTURE, "37")
    for email in ("pref@indre-et-loire.gouv.fr", "chef@anct.gouv.fr"):  # an account, a designated admin
        assert accounts.resolve_user(engine, email, "", "sub-1").role != LECTEUR
        assert accounts.resolve_user(engine, email, "", "sub-1").role != LECTEUR  # same subject: welcome back
        with pytest.raises(accounts.SubjectMismatch, match="autre identité"):
            accounts.resolve_user(engine, email, "", "sub-2")
    logged = accounts.refusals(engine)
    assert logged["action"].tolist() == ["connexion", "connexion"]
    assert "sub-" not in " ".join(logged["target"])  # the subjects themselves are not logged


def test_a_revoked_then_granted_account_binds_the_next_subject(engine):
    accounts.grant(engine, ADMIN_USER, "pref@indre-et-loire.gouv.fr", PREFECTURE, "37")
    accounts.resolve_user(engine, "pref@indre-et-loire.gouv.fr", "", "old-holder")
    accounts.revoke(engine, ADMIN_USER, "pref@indre-et-loire.gouv.fr")
    accounts.grant(engine, ADMIN_USER, "pref@indre-et-loire.gouv.fr", PREFECTURE, "37")
    assert accounts.resolve_user(engine, "pref@indre-et-loire.gouv.fr", "", "new-holder").role == PREFECTURE
    with pytest.raises(accounts.SubjectMismatch):
        accounts.resolve_user(engine, "pref@indre-et-loire.gouv.fr", "", "old-holder")


def test_readers_by_default_are_not_bound(engine):
    assert accounts.resolve_user(engine, "quelqu.un@example.fr", "", "s1").role == LECTEUR
    assert accounts.resolve_user(engine, "quelqu.un@example.fr", "", "s2").role == LECTEUR
