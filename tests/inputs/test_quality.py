"""The quality panel's checks, on hand-made lists and on the real list."""

from __future__ import annotations

import pandas as pd
import pytest

from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs import quality as data_quality
from fsdash.inputs.contours import load_contours
from fsdash.inputs.sites import COLUMNS, Problem, Report, load_sites
from tests.conftest import REAL_CONTOURS, REAL_SITES


@pytest.fixture(scope="module")
def contours():
    return load_contours(REAL_CONTOURS)


@pytest.fixture(scope="module")
def real():
    sites, report = load_sites(REAL_SITES)
    return sites, report


def site(ident, dep, lat, lon, **values) -> dict:
    record = dict.fromkeys(COLUMNS, "")
    record.update(id_fs=ident, insee_dep=dep, lib_fs=f"France services {ident}", latitude=lat, longitude=lon,
                  telephone="01 00 00 00 00", mail="fs@exemple.fr", format_fs="Fixe", type_fs="Principal",
                  h_lundi="09:00 - 12:00 / 13:30 - 17:00")
    record.update(values)
    return record


def frame(*records) -> pd.DataFrame:
    out = pd.DataFrame(list(records))
    out["row"] = range(2, len(out) + 2)
    return out


def by_key(checks) -> dict:
    return {c.key: c for c in checks}


# --------------------------------------------------------------------------- hand-made lists


def test_coordinates_outside_own_departement(contours):
    sites = frame(
        site("1", "01", 46.2, 5.2),  # Bourg-en-Bresse, inside the Ain
        site("2", "2A", 48.85, 2.35),  # Paris coordinates with a Corse-du-Sud code: far outside
    )
    check = data_quality.outside_own_contour(sites, contours)
    assert check.items["id_fs"].tolist() == ["2"]
    item = check.items.iloc[0]
    assert (item["insee_dep"], item["departement"], item["page"]) == ("2A", "Corse-du-Sud", "/departement?dep=2A")
    assert item["detail"].startswith("à ") and item["detail"].endswith(" : à vérifier.")
    assert "km hors du contour, coordonnées (48,850000 ; 2,350000)" in item["detail"]


def test_outside_contour_without_contours_says_why():
    check = data_quality.outside_own_contour(frame(site("1", "01", 46.2, 5.2)), None)
    assert check.count == 0
    assert check.note == "Contours des départements absents : vérification impossible."


def test_identical_coordinates_name_each_other():
    sites = frame(site("1", "01", 46.2, 5.2, format_fs="Fixe"), site("2", "01", 46.2, 5.2, format_fs="Bus_équivalent"),
                  site("3", "01", 46.3, 5.2))
    check = data_quality.identical_coordinates(sites)
    assert check.items["id_fs"].tolist() == ["1", "2"]
    assert check.items["detail"].tolist() == [
        "mêmes coordonnées que 2 (France services 2, Bus_équivalent).",
        "mêmes coordonnées que 1 (France services 1, Fixe).",
    ]


def test_missing_phone_and_email():
    sites = frame(site("1", "01", 46.2, 5.2, telephone="", mail=""), site("2", "01", 46.3, 5.2, telephone=""),
                  site("3", "01", 46.4, 5.2, mail="  "), site("4", "01", 46.5, 5.2))
    check = data_quality.missing_contact(sites)
    assert check.items[["id_fs", "detail"]].values.tolist() == [
        ["1", "ni téléphone ni courriel."], ["2", "pas de téléphone."], ["3", "pas de courriel."],
    ]


@pytest.mark.parametrize(("text", "problem"), [
    ("", None),
    ("09:00 - 12:00", None),
    ("09:00 - 12:00 / 13:30 - 17:00", None),
    ("9h00-12h00 et 14h-17h", None),
    ("08:30 – 12:30 ; 13:30 – 16:30", None),
    ("sur rendez-vous", "horaires illisibles"),
    ("09:00 - 12:00 / ", "horaires illisibles"),
    ("09:00", "horaires illisibles"),
    ("00:00 - 00:00", "plage vide ou inversée"),
    ("14:00 - 12:00", "plage vide ou inversée"),
    ("25:00 - 26:00", "heure impossible"),
    ("09:75 - 12:00", "heure impossible"),
    ("09:00 - 16:30 / 13:30 - 16:30", "plages qui se chevauchent"),
])
def test_hours_problem(text, problem):
    found = data_quality.hours_problem(text)
    assert (found is None) if problem is None else found.startswith(problem)


def test_unreadable_hours_list_each_day():
    sites = frame(site("1", "01", 46.2, 5.2, h_mardi="fermé le matin", h_samedi="00:00 - 00:00"),
                  site("2", "01", 46.3, 5.2))
    check = data_quality.unreadable_hours(sites)
    assert check.items["id_fs"].tolist() == ["1"]
    detail = check.items.iloc[0]["detail"]
    assert detail.startswith("mardi « fermé le matin » : horaires illisibles")
    assert "; samedi « 00:00 - 00:00 » : plage vide ou inversée" in detail


def test_no_hours_at_all():
    sites = frame(site("1", "01", 46.2, 5.2, h_lundi="", format_fs="Bus_équivalent"), site("2", "01", 46.3, 5.2))
    check = data_quality.no_hours(sites)
    assert check.items[["id_fs", "detail"]].values.tolist() == [
        ["1", "aucun horaire renseigné (format : Bus_équivalent)."]]


def test_departements_without_site_list_every_missing_code_with_its_page():
    sites = frame(*(site(str(i), code, 46.2, 5.2) for i, code in enumerate(DEPARTEMENTS) if code not in ("23", "978")))
    check = data_quality.departements_without_site(sites)
    assert check.items[["insee_dep", "departement", "page"]].values.tolist() == [
        ["23", "Creuse", "/departement?dep=23"], ["978", "Saint-Martin", "/departement?dep=978"]]


def test_groups_across_departements():
    sites = frame(site("1", "01", 46.2, 5.2, groupe_fs="Bresse"), site("2", "71", 46.5, 5.0, groupe_fs="Bresse"),
                  site("3", "01", 46.3, 5.2, groupe_fs="Bugey"), site("4", "01", 46.4, 5.2, groupe_fs="Bugey"))
    check = data_quality.groups_across_departements(sites)
    assert check.items[["id_fs", "insee_dep"]].values.tolist() == [["1", "01"], ["2", "71"]]
    assert set(check.items["detail"]) == {"groupe « Bresse » réparti sur les départements 01, 71."}


def test_validation_problems_of_the_report():
    report = Report(file="x.csv", problems=[
        Problem(12, "id_fs", "identifiant vide."),
        Problem(None, None, "colonne(s) facultative(s) absente(s)", "avertissement"),
    ])
    check = data_quality.validation_problems(report)
    assert check.items["detail"].tolist() == ["[erreur] ligne 12, colonne « id_fs » : identifiant vide.",
                                              "[avertissement] colonne(s) facultative(s) absente(s)"]


def test_all_items_in_one_table(contours):
    sites = frame(site("1", "01", 46.2, 5.2, telephone=""), site("2", "01", 46.2, 5.2))
    checks = data_quality.run_checks(sites, contours, Report(file="x.csv"))
    table = data_quality.all_items(checks)
    assert list(table.columns) == ["verification", *data_quality.ITEM_COLUMNS]
    assert set(table["verification"]) == {"Plusieurs sites aux mêmes coordonnées", "Téléphone ou courriel manquant",
                                          "Départements sans aucun site"}


# --------------------------------------------------------------------------- the real list


def test_real_list_figures(real, contours):
    sites, report = real
    checks = by_key(data_quality.run_checks(sites, contours, report))
    assert list(checks) == ["hors_contour", "coordonnees_identiques", "contact_manquant", "horaires_illisibles",
                            "horaires_absents", "departements_sans_site", "groupes_multi_departements",
                            "validation"]
    outside = checks["hors_contour"].items
    assert len(outside) == 29  # as the data README says, in the 1,000 m contours
    assert outside["detail"].str.endswith(": à vérifier.").sum() == 1  # beyond 2 km
    assert checks["coordonnees_identiques"].count == 29  # 14 places shared by 2 or 3 sites
    assert checks["contact_manquant"].count == 5
    assert checks["horaires_illisibles"].count == 61
    assert checks["horaires_absents"].count == 48
    assert checks["departements_sans_site"].count == 0
    assert checks["groupes_multi_departements"].count == 0
    assert checks["validation"].count == 0
    for check in checks.values():
        assert list(check.items.columns) == list(data_quality.ITEM_COLUMNS)
        assert check.items["page"].dtype == object or pd.api.types.is_string_dtype(check.items["page"])
        assert check.items["page"].str.fullmatch(r"/departement\?dep=[0-9AB]{2,3}").all()


def test_real_list_saint_martin_is_linked(real, contours):
    sites, _ = real
    check = data_quality.outside_own_contour(sites, contours)
    assert "/departement?dep=978" in set(check.items["page"])
