"""Where a person lands after signing in (fsdash.views.landing), without Streamlit."""

from __future__ import annotations

import pytest

from fsdash.storage.rights import ADMIN, ANONYMOUS, LECTEUR, PREFECTURE, User
from fsdash.views import landing
from fsdash.views.landing import CHOOSE, GO, STAY, Target

PAGES = {"departement", "simulation", "donnees", "comptes", "confidentialite"}
PREF_87 = User("pref87@test.fr", PREFECTURE, frozenset({"87"}))
PREF_TWO = User("pref@test.fr", PREFECTURE, frozenset({"87", "23"}))


def parse(text, base=""):
    return landing.parse_address(text, PAGES, base, home="carte")


def test_addresses_of_the_app_are_read():
    assert parse("/departement?dep=87") == Target("departement", {"dep": "87"})
    assert parse("/departement?dep=2a") == Target("departement", {"dep": "2A"})  # canonical code
    assert parse("/departement?dep=Haute-Vienne") == Target("departement", {"dep": "87"})
    assert parse("/departement?dep=nulle-part") == Target("departement", {})  # unknown: the bare page
    assert parse("/simulation?debut=2025-01&vague=1") == Target("simulation", {"debut": "2025-01", "vague": "1"})
    assert parse("/") == Target("")
    assert parse("/carte?region=Bretagne") == Target("", {"region": "Bretagne"})
    assert parse("/fsdash/departement?dep=87", base="/fsdash/") == Target("departement", {"dep": "87"})
    assert parse("/fsdash/", base="fsdash") == Target("")


@pytest.mark.parametrize("text", [
    None, "", "https://evil.example/departement?dep=87", "//evil.example/departement", "departement?dep=87",
    "/inconnue", "/departement/../../etc", "/\\evil.example", "/" + "x" * 2000,
])
def test_anything_else_is_ignored(text):
    assert parse(text) is None


def test_other_base_path_is_ignored():
    assert parse("/departement?dep=87", base="fsdash") is None
    assert parse("/autre/departement?dep=87", base="fsdash") is None


def test_long_values_are_dropped():
    assert parse("/simulation?note=" + "x" * 500 + "&vague=2") == Target("simulation", {"vague": "2"})


def test_a_bookmark_is_honoured_for_everyone():
    wanted = Target("departement", {"dep": "37"})
    for user in (PREF_87, PREF_TWO, User("a@test.fr", ADMIN), User("l@test.fr", LECTEUR)):
        assert landing.landing(user, wanted) == landing.Landing(GO, wanted)
    filtered_home = Target("", {"statut": "aucun"})
    assert landing.landing(PREF_87, filtered_home).target == filtered_home


def test_a_prefecture_with_one_departement_lands_on_it():
    expected = landing.Landing(GO, Target("departement", {"dep": "87"}))
    assert landing.landing(PREF_87, Target("")) == expected
    assert landing.landing(PREF_87, None) == expected
    assert landing.landing(PREF_87, Target("departement")) == expected  # the bare page: its own
    assert landing.home_departement(PREF_87).nom == "Haute-Vienne"


def test_a_prefecture_with_several_gets_the_list():
    decision = landing.landing(PREF_TWO, Target(""))
    assert decision.action == CHOOSE and [d.code for d in decision.choices] == ["23", "87"]
    assert landing.home_departement(PREF_TWO) is None
    assert landing.landing(PREF_TWO, Target("departement")).target == Target("departement")


def test_others_stay_where_they_are():
    for user in (User("a@test.fr", ADMIN), User("l@test.fr", LECTEUR), ANONYMOUS,
                 User("p@test.fr", PREFECTURE, frozenset({"999"}))):  # an unknown code is no département
        assert landing.landing(user, Target("")) == landing.Landing(STAY)
        assert landing.own_departements(user) == ()


def test_target_address():
    assert Target("departement", {"dep": "87"}).address == "departement?dep=87"
    assert Target("").address == ""
