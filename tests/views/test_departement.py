"""Figures, tables and map choices of the département page (fsdash.departement_stats)
and the département map options. Who may edit and see what: tests/test_access*.py."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs.contours import load_contours
from fsdash.inputs.sites import COLUMNS, load_sites
from fsdash.views import departement as stats
from tests.conftest import REAL_CONTOURS, REAL_SITES


@pytest.fixture(scope="module")
def real_sites() -> pd.DataFrame:
    sites, report = load_sites(REAL_SITES)
    assert not report.rejected
    return sites


@pytest.fixture(scope="module")
def contours():
    return load_contours(REAL_CONTOURS)


def site(i: int, dep: str = "37", fmt: str = "Fixe", **values) -> dict:
    row = {c: "" for c in COLUMNS}
    row.update(id_fs=str(i), insee_dep=dep, lib_fs=f"Site {i}", lib_com="Tours", code_postal="37000",
               latitude=47.39, longitude=0.69, type_fs="Principal", format_fs=fmt, prise_rdv="Non",
               labellisation_fs="Espace labellisé 01/01/2020")
    row.update(values)
    return row


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def records(**etp_by_code: float) -> pd.DataFrame:
    statut = {0.0: "aucun", 0.5: "mi-temps", 1.0: "temps plein"}
    codes = list(DEPARTEMENTS)
    etp = [etp_by_code.get(c, 0.0) for c in codes]
    return pd.DataFrame({"departement": codes, "etp": etp, "statut": [statut[e] for e in etp]})


# --------------------------------------------------------------------------- sites table


def test_departement_sites_match_the_file(real_sites):
    with open(REAL_SITES, encoding="utf-8", newline="") as f:
        expected = sorted(r["id_fs"] for r in csv.DictReader(f) if r["insee_dep"] == "37")
    mine = stats.departement_sites(real_sites, "37")
    assert sorted(mine["id_fs"]) == expected and len(expected) == 32
    names = list(mine["lib_fs"])
    assert names == sorted(names, key=lambda n: stats.normalize(n))


def test_sites_table_columns_and_values(real_sites):
    table = stats.sites_table(stats.departement_sites(real_sites, "37"))
    assert list(table.columns) == list(stats.TABLE_COLUMNS)
    assert list(table.columns[11:17]) == ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"]
    row = table[table["Identifiant"] == "226"].iloc[0]
    assert row["Nom"] == "France services Chateau Renault"
    source = real_sites[real_sites["id_fs"] == "226"].iloc[0]
    assert row["Adresse"] == " ".join(p for p in (source["adresse"], source["complement_adresse"]) if p)
    assert row["Adresse"]  # the street address the popup shows is in the table and its exports
    assert row["Commune"] == "Château-Renault"
    assert row["Format"] == "fixe"
    assert row["Labellisation"] == pd.Timestamp(2020, 2, 1)
    assert row["Prise de RDV"] == "Oui"
    assert row["Lundi"] == "09:00 - 12:00 / 13:30 - 17:00"
    assert row["Samedi"] == ""
    assert (table[stats.QUALITY_COLUMN] == "").all()


def test_labelling_dates():
    dates = stats.labelling_dates(pd.Series(["Espace labellisé 01/02/2020", "", None, "labellisé le 3/2/21"]))
    assert dates.iloc[0] == pd.Timestamp(2020, 2, 1)
    assert dates.iloc[1:].isna().all()


def test_warnings_on_the_flagged_rows_only():
    sites = frame(site(1), site(2), site(3))
    table = stats.sites_table(sites, {"2": ["Horaires illisibles : lundi « 00:00 - 00:00 »", "Sans courriel"]})
    assert list(table[stats.QUALITY_COLUMN] != "") == [False, True, False]
    assert table.loc[1, stats.QUALITY_COLUMN] == "⚠ Horaires illisibles : lundi « 00:00 - 00:00 » ; Sans courriel"


def test_search_is_accent_and_case_insensitive(real_sites):
    table = stats.sites_table(stats.departement_sites(real_sites, "37"))
    found = stats.search_table(table, "CHATEAU-renault")
    assert set(found["Identifiant"]) == {"226"}
    assert len(stats.search_table(table, "")) == len(table)
    assert stats.search_table(table, "zzzz").empty
    assert len(stats.search_table(table, "02 47")) >= 1  # phone numbers are searched too


# --------------------------------------------------------------------------- figures


def test_figures_of_a_departement_and_the_nation():
    sites = frame(site(1), site(2, fmt="Bus_équivalent"), site(3, fmt="Itinérante"), site(4, fmt="Multisites"),
                  site(5, dep="36"), site(6, dep="36"), site(7, dep="41", fmt="Bus_équivalent"))
    comparison = stats.compare("37", sites, records(**{"37": 0.5, "36": 1.0}))
    d, n = comparison.departement, comparison.national
    assert (d.sites, d.itinerant, d.etp) == (4, 2, 0.5)
    assert d.by_format == {"Fixe": 1, "Multisites": 1, "Bus_équivalent": 1, "Fixe_antenne(s)": 0, "Itinérante": 1}
    assert d.itinerant_share == 0.5
    assert d.sites_per_etp == 8.0
    assert (n.sites, n.itinerant, n.etp, n.territories) == (7, 3, 1.5, len(DEPARTEMENTS))
    assert n.sites_per_etp == pytest.approx(7 / 1.5)
    assert comparison.rank == stats.Rank(1, len(DEPARTEMENTS), False)
    rows = dict((r[0], r[1:]) for r in comparison.rows())
    assert rows["Sites France services"][0] == "4"
    assert rows["Part des sites itinérants (bus, itinérante)"] == ("50,0\u202f%", "42,9\u202f%")
    assert rows["Sites par ETP d'animation"] == ("8,0", "4,7")
    assert rows["Format bus (itinérant)"] == ("1 (25,0\u202f%)", "2 (28,6\u202f%)")
    assert rows["Rang pour le nombre de sites"][0] == "1er sur 102"


def test_no_etp_and_no_site_give_no_ratio():
    sites = frame(site(1, dep="36"))
    comparison = stats.compare("37", sites, records())
    assert comparison.departement.sites == 0
    assert comparison.departement.sites_per_etp is None
    assert comparison.departement.itinerant_share is None
    rows = dict((r[0], r[1:]) for r in comparison.rows())
    assert rows["Sites par ETP d'animation"] == ("–", "–")
    assert rows["Part des sites itinérants (bus, itinérante)"][0] == "–"


def test_etp_falls_back_on_the_status():
    recs = records()
    recs.loc[recs["departement"] == "37", ["etp", "statut"]] = [None, "mi-temps"]
    assert stats.record_etp(recs)[recs["departement"] == "37"].item() == 0.5


def test_rank_with_ties_and_saint_martin(real_sites):
    sites = frame(site(1, dep="36"), site(2, dep="36"), site(3, dep="37"), site(4, dep="41"), site(5, dep="978"))
    assert stats.site_rank(sites, "36") == stats.Rank(1, 102, False)
    assert stats.site_rank(sites, "37") == stats.Rank(2, 102, True)
    assert stats.site_rank(sites, "978").position == 2
    assert stats.site_rank(sites, "01") == stats.Rank(5, 102, True)  # after 36, 37, 41 and 978
    assert stats.Rank(2, 102, True).text() == "2e sur 102 (ex æquo)"
    # On the real list: the 34 has the most sites (58), Saint-Martin the fewest (2).
    assert stats.site_rank(real_sites, "34") == stats.Rank(1, 102, False)
    assert stats.site_rank(real_sites, "978") == stats.Rank(102, 102, False)


# --------------------------------------------------------------------------- card and history


RECORD = {
    "statut": "temps plein", "etp": 1.0, "structure_porteuse": "Conseil départemental",
    "type_structure": "conseil départemental", "date_debut": date(2024, 1, 1), "date_convention": date(2023, 12, 4),
    "financement_annuel": 50000.0, "commentaire": "", "animateur_nom": "Camille Martin",
    "animateur_email": "camille@example.fr", "animateur_telephone": "02 47 00 00 00", "version": 3,
    "updated_at": datetime(2024, 1, 31, 13, 5, tzinfo=UTC), "updated_by": "Préfecture 37",
}


def test_card_without_and_with_personal_data():
    card = dict(stats.card_rows(RECORD, show_personal=False))
    assert card["Statut"] == "temps plein"
    assert card["Temps de travail"] == "1 ETP"
    assert card["En vigueur depuis"] == "01/01/2024"  # the start of the period in force
    assert dict(stats.card_rows(RECORD | {"date_debut": None, "periode_id": 4}, False))["En vigueur depuis"] == (
        "une date inconnue")
    assert dict(stats.card_rows(RECORD | {"date_debut": None, "periode_id": None}, False))["En vigueur depuis"] == "–"
    assert card["Signature de la convention"] == "04/12/2023"
    assert card["Financement annuel"] == "50\u202f000\u202f€"
    assert card["Commentaire"] == "–"
    assert card["Dernière modification"] == "31/01/2024 à 14:05 par Préfecture 37"
    assert "Camille Martin" not in str(card) and "camille@example.fr" not in str(card)
    personal = dict(stats.card_rows(RECORD, show_personal=True))
    assert personal["Nom de l'animateur"] == "Camille Martin"
    assert personal["Téléphone de l'animateur"] == "02 47 00 00 00"
    blank = dict(stats.card_rows({"statut": "non renseigné", "etp": 0.0, "updated_at": None}, False))
    assert blank["Dernière modification"] == "jamais modifiée"


def test_history_in_french_with_personal_values_masked():
    history = pd.DataFrame([
        {"changed_at": datetime(2024, 2, 1, 9, 0, tzinfo=UTC), "author": "ANCT", "action": "modification",
         "field": "animateur_nom", "before": "", "after": "Camille Martin"},
        {"changed_at": datetime(2024, 2, 1, 9, 0, tzinfo=UTC), "author": "ANCT", "action": "modification",
         "field": "financement_annuel", "before": None, "after": "50000"},
        {"changed_at": datetime(2024, 2, 1, 9, 0, tzinfo=UTC), "author": "ANCT", "action": "modification",
         "field": "date_debut", "before": "2023-06-01", "after": "2024-01-01"},
    ])
    hidden = stats.history_table(history, show_personal=False)
    assert list(hidden.columns) == ["Date", "Auteur", "Action", "Champ", "Période", "Avant", "Après"]
    assert set(hidden["Période"]) == {""}  # rows from before periods existed
    dated = history.assign(date_effet=[None, date(2024, 1, 1), None])
    assert list(stats.history_table(dated, True)["Période"]) == ["", "à partir du 01/01/2024", ""]
    assert hidden.loc[0, "Date"] == "01/02/2024 à 10:00"
    assert list(hidden["Champ"]) == ["Nom de l'animateur", "Financement annuel (€)", "Date de début"]
    assert (hidden.loc[0, "Avant"], hidden.loc[0, "Après"]) == ("–", "(masqué)")
    assert (hidden.loc[1, "Avant"], hidden.loc[1, "Après"]) == ("–", "50\u202f000\u202f€")
    assert (hidden.loc[2, "Avant"], hidden.loc[2, "Après"]) == ("01/06/2023", "01/01/2024")
    shown = stats.history_table(history, show_personal=True)
    assert shown.loc[0, "Après"] == "Camille Martin"
    assert stats.history_table(history.iloc[0:0], True).empty
    moments = stats.history_moments(history)  # the same « Date », as Paris times for a spreadsheet
    assert list(moments) == [pd.Timestamp("2024-02-01 10:00")] * 3 and moments.dt.tz is None
    assert stats.history_moments(history.iloc[0:0]).empty


# --------------------------------------------------------------------------- map


def test_sites_bounds():
    sites = frame(site(1, latitude=18.05, longitude=-63.10), site(2, latitude=18.07, longitude=-63.03))
    (s, w), (n, e) = stats.sites_bounds(sites, margin=0.01)
    assert (s, w, n, e) == pytest.approx((18.04, -63.11, 18.08, -63.02))
    assert stats.sites_bounds(frame(site(1)).iloc[0:0]) is None
