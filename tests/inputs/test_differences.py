"""The difference between two site lists: small hand-made lists, then the real list
against a copy the test modifies (remove 3 sites, move 2, rename 1)."""

from __future__ import annotations

import csv
import io

import pytest

from fsdash.inputs.differences import CATEGORIES, MOVE_THRESHOLD_M, diff_sites, display_changes, haversine_m
from fsdash.inputs.sites import COLUMNS, read_sites
from tests.conftest import REAL_SITES
from tests.support.site_lists import modified_real_list

BASE_ROWS = [
    # id, dep, name, lat, lon, phone, mail, format, type, h_lundi, groupe
    ("1", "01", "France services Ain", "46.2000", "5.2000", "04 00 00 00 01", "a@fs.fr", "Fixe", "Principal",
     "09:00 - 12:00", ""),
    ("2", "2A", "France services Ajaccio", "41.9200", "8.7400", "04 00 00 00 02", "b@fs.fr", "Fixe", "Principal",
     "09:00 - 12:00", ""),
    ("3", "974", "France services Saint-Denis", "-20.8800", "55.4500", "02 62 00 00 03", "c@fs.fr",
     "Bus_équivalent", "Principal", "", "Réunion nord"),
    ("10", "75", "France services Paris", "48.8600", "2.3500", "01 00 00 00 10", "d@fs.fr", "Fixe", "Antenne",
     "09:00 - 12:00", ""),
]


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for ident, dep, name, lat, lon, phone, mail, fmt, typ, monday, group in rows:
        record = dict.fromkeys(COLUMNS, "")
        record.update(id_fs=ident, insee_dep=dep, lib_fs=name, latitude=lat, longitude=lon, telephone=phone,
                      mail=mail, format_fs=fmt, type_fs=typ, h_lundi=monday, groupe_fs=group,
                      adresse="1 place de la Mairie", lib_com="Commune", code_postal="01000")
        writer.writerow([record[c] for c in COLUMNS])
    return out.getvalue().encode()


def frame(rows):
    sites, report = read_sites(csv_bytes(rows), "test.csv")
    assert not report.rejected and not report.errors, report.summary()
    return sites


def changed(rows, index, **values):
    rows = [list(r) for r in rows]
    fields = ("id", "dep", "name", "lat", "lon", "phone", "mail", "fmt", "typ", "monday", "group")
    for key, value in values.items():
        rows[index][fields.index(key)] = value
    return [tuple(r) for r in rows]


def test_identical_lists_have_no_difference():
    diff = diff_sites(frame(BASE_ROWS), frame(BASE_ROWS))
    assert diff.is_empty
    assert diff.unchanged == 4 and diff.small_moves == 0
    assert diff.summary() == "Aucune différence avec la version courante."
    assert diff.removal_warning() is None
    assert set(diff.counts().values()) == {0}


def test_no_previous_version_means_every_site_added():
    diff = diff_sites(None, frame(BASE_ROWS))
    assert diff.added["id_fs"].tolist() == ["1", "2", "3", "10"]
    assert diff.removed.empty and diff.changes.empty
    assert diff.summary() == "4 sites ajoutés."


def test_added_and_removed_sites_in_numeric_id_order():
    new_rows = [BASE_ROWS[0], BASE_ROWS[3],
                ("11", "971", "France services Basse-Terre", "16.0000", "-61.7300", "", "", "Fixe", "Principal",
                 "", ""),
                ("9", "13", "France services Marseille", "43.3000", "5.4000", "", "", "Fixe", "Principal", "", "")]
    diff = diff_sites(frame(BASE_ROWS), frame(new_rows))
    assert diff.added["id_fs"].tolist() == ["9", "11"]
    assert diff.removed["id_fs"].tolist() == ["2", "3"]
    assert diff.removed.set_index("id_fs").loc["2", "lib_fs"] == "France services Ajaccio"
    assert diff.changes.empty
    assert diff.summary() == "2 sites ajoutés, 2 sites supprimés."
    assert diff.counts()["ajoutes"] == 2 and diff.counts()["supprimes"] == 2


def test_move_beyond_threshold_is_listed_with_distance_and_small_shift_is_only_counted():
    # 0.0015 degree of latitude is about 167 m; 0.0003 is about 33 m.
    rows = changed(BASE_ROWS, 0, lat="46.2015")
    rows = changed(rows, 3, lon="2.3504")
    diff = diff_sites(frame(BASE_ROWS), frame(rows))
    assert diff.ids("deplace") == ["1"]
    move = diff.category_table("deplace").iloc[0]
    assert move["champ"] == "coordonnées"
    assert move["avant"] == "(46,200000 ; 5,200000)" and move["apres"] == "(46,201500 ; 5,200000)"
    assert 160 < move["distance_m"] < 175
    assert diff.small_moves == 1
    assert diff.changed_ids == ["1"]
    assert "1 site aux coordonnées ajustées de 100 m au plus (non détaillé)" in diff.summary()


def test_threshold_is_100_metres():
    assert MOVE_THRESHOLD_M == 100.0
    one_degree = haversine_m(45.0, 5.0, 46.0, 5.0)
    assert 111_000 < one_degree < 111_300


@pytest.mark.parametrize(("field", "value", "category", "label"), [
    ("name", "France services Bourg-en-Bresse", "renomme", "nom"),
    ("fmt", "Itinérante", "format_type", "format"),
    ("typ", "Antenne", "format_type", "type"),
    ("phone", "04 99 99 99 99", "contact", "téléphone"),
    ("mail", "nouveau@fs.fr", "contact", "courriel"),
    ("dep", "69", "departement", "département"),
    ("monday", "", "horaires", "horaires du lundi"),
    ("group", "Bresse", "autre", "groupe"),
])
def test_each_field_change_lands_in_its_category(field, value, category, label):
    diff = diff_sites(frame(BASE_ROWS), frame(changed(BASE_ROWS, 0, **{field: value})))
    assert diff.changed_ids == ["1"]
    table = diff.category_table(category)
    assert table[["id_fs", "champ", "apres"]].values.tolist() == [["1", label, value]]
    assert set(diff.changes["categorie"]) == {category}
    assert diff.counts()[category] == 1 and diff.counts()["modifies"] == 1
    assert diff.unchanged == 3


def test_several_fields_of_one_site_give_one_row_each_but_one_changed_site():
    rows = changed(BASE_ROWS, 1, name="FS Ajaccio", phone="", mail="", lat="41.9300")
    diff = diff_sites(frame(BASE_ROWS), frame(rows))
    assert diff.changed_ids == ["2"]
    assert diff.changes["categorie"].tolist() == ["deplace", "renomme", "contact", "contact"]
    counts = diff.counts()
    assert (counts["modifies"], counts["deplace"], counts["renomme"], counts["contact"]) == (1, 1, 1, 1)
    assert diff.summary() == ("1 site modifié (déplacés de plus de 100 m : 1 ; renommés : 1 ; "
                              "contact changé : 1).")


def test_display_tables_are_in_french():
    diff = diff_sites(frame(BASE_ROWS), frame(changed(BASE_ROWS, 0, lat="46.3")))
    shown = display_changes(diff.changes)
    assert list(shown.columns) == ["Identifiant", "Département", "Site", "Catégorie", "Champ", "Avant", "Après",
                                   "Distance"]
    assert shown.iloc[0]["Catégorie"] == CATEGORIES["deplace"][0]
    assert shown.iloc[0]["Distance"] == "11\u202f120 m"  # 0.1 degree of latitude


def test_mass_removal_warns():
    diff = diff_sites(frame(BASE_ROWS), frame(BASE_ROWS[:2]))
    assert "2 sites sur 4 (50\u202f%) disparaîtraient" in diff.removal_warning()


# --------------------------------------------------------------------------- the real list


def test_real_list_against_modified_copy_says_exactly_what_changed():
    real, _ = read_sites(REAL_SITES.read_bytes(), REAL_SITES.name)
    data, expected = modified_real_list()
    modified, report = read_sites(data, "modifiee.csv")
    assert report.valid == 2842 and not report.problems
    diff = diff_sites(real, modified)
    assert diff.added.empty
    assert sorted(diff.removed["id_fs"]) == sorted(expected["removed"])
    assert sorted(diff.ids("deplace")) == sorted(expected["moved"])
    assert diff.ids("renomme") == [expected["renamed"]]
    assert set(diff.changes["categorie"]) == {"deplace", "renomme"}
    assert len(diff.changes) == 3 and diff.small_moves == 0
    assert diff.unchanged == 2842 - 3
    assert diff.summary() == ("3 sites supprimés, 3 sites modifiés (déplacés de plus de 100 m : 2 ; "
                              "renommés : 1).")
    renamed = diff.category_table("renomme").iloc[0]
    assert renamed["apres"] == "France services renommée par le test"
    assert renamed["avant"] == real.set_index("id_fs").loc[expected["renamed"], "lib_fs"]
    distances = sorted(diff.category_table("deplace")["distance_m"])
    assert 1_000 < distances[0] < 1_200 and 2_000 < distances[1] < 2_500


def test_real_list_against_itself_is_empty():
    real, _ = read_sites(REAL_SITES.read_bytes(), REAL_SITES.name)
    diff = diff_sites(real, real.copy())
    assert diff.is_empty and diff.unchanged == 2845
