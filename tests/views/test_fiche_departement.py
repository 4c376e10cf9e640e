"""The PDF fiche of a département (fsdash.views.fiche_departement), on the real site list and contours.

The figures are counted again here from the CSV file with pandas alone, not with fsdash's functions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from fsdash.domain.sources import CONTOURS, REGISTRY, SITES
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs.sites import read_sites
from fsdash.storage import demo, registry, rights
from fsdash.views.fiche_departement import RESERVED, departement_fiche, short_name
from tests.conftest import REAL_CONTOURS, REAL_SITES
from tests.support.pdfs import read_pdf

ADMIN = rights.operator("Test")
GENERATED = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)  # 10:05 in Paris
SOURCES = [f"{SITES.citation}, extrait du 01/08/2024.", f"{CONTOURS.citation}, fichier du 28/11/2026.",
           f"{REGISTRY.citation}."]
PERSONAL = {"animateur_nom": "Camille Durand-Testeur", "animateur_email": "camille.durand@exemple.fr",
            "animateur_telephone": "02 47 99 88 77"}


@pytest.fixture(scope="module")
def sites() -> pd.DataFrame:
    frame, _ = read_sites(REAL_SITES.read_bytes())
    return frame


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The official file read with pandas alone, for counting independently."""
    return pd.read_csv(REAL_SITES, dtype=str)


@pytest.fixture(scope="module")
def state(module_database_url):
    """A registry with the demonstration state and a full record for Indre-et-Loire."""
    from fsdash.storage.engine import make_engine

    engine = make_engine(module_database_url)
    demo.load_demo(engine, ADMIN)
    registry.update_record(engine, "37", {"statut": "temps plein", "structure_porteuse": "Conseil départemental",
                                          **PERSONAL}, ADMIN, None)
    yield {"records": registry.all_records(engine), "record": registry.get_record(engine, "37"),
           "engine": engine}
    engine.dispose()


def fiche(state, sites, user, code="37", **options) -> bytes:
    record = registry.get_record(state["engine"], code)
    options.setdefault("contours", REAL_CONTOURS)
    return departement_fiche(code, record, state["records"], sites, user, SOURCES, GENERATED, **options)


@pytest.fixture(scope="module")
def admin_pdf(state, sites):
    return read_pdf(fiche(state, sites, ADMIN))


@pytest.fixture(scope="module")
def reader_pdf(state, sites):
    return read_pdf(fiche(state, sites, rights.ANONYMOUS))


def test_one_a4_page_in_french_with_its_title(admin_pdf):
    assert admin_pdf.pages == 1
    assert admin_pdf.size_pt() == (595, 842)
    assert admin_pdf.title == "Fiche territoriale – Indre-et-Loire (37)"
    assert admin_pdf.lang == "fr-FR"
    assert admin_pdf.images() == 1  # the map


def test_status_figures_beside_region_and_nation_counted_independently(admin_pdf, raw):
    text = admin_pdf.text
    assert "Indre-et-Loire (37)" in text and "Région Centre-Val de Loire" in text
    assert "temps plein · 1 ETP" in text
    mine = int((raw["insee_dep"] == "37").sum())
    region = int(raw["insee_dep"].isin(["18", "28", "36", "37", "41", "45"]).sum())
    assert f"Sites France services ({mine})" in text
    assert f"Sites France services {mine} {region} (moy. " in text
    assert f"{len(raw):,}".replace(",", " ") in text  # 2 845, France entière
    fixed = int(((raw["insee_dep"] == "37") & (raw["format_fs"] == "Fixe")).sum())
    assert f"Format fixe {fixed} (" in text


def test_sites_summary_lists_every_site_of_a_small_departement(admin_pdf, raw):
    names = raw.loc[raw["insee_dep"] == "37", "lib_fs"]
    antennas = int(((raw["insee_dep"] == "37") & (raw["type_fs"] == "Antenne")).sum())
    assert f"{antennas} antenne(s)" in admin_pdf.text
    for name in names:
        assert short_name(name)[:25] in admin_pdf.text


def test_sources_with_extract_dates_and_generation_date(admin_pdf):
    text = admin_pdf.text
    assert "liste des structures France services (data.gouv.fr), Licence Ouverte 2.0, extrait du 01/08/2024" in text
    assert "Etalab / IGN ADMIN EXPRESS" in text and "Registre des animateurs" in text
    assert "Fiche générée le 01/12/2026 à 10:05" in text
    assert "situation au 01/12/2026" in text


def test_admin_sees_the_facilitator_and_the_last_editor(admin_pdf):
    for value in PERSONAL.values():
        assert value in admin_pdf.text
    assert "par Test" in admin_pdf.text
    assert RESERVED not in admin_pdf.text


def test_reader_gets_no_personal_data(reader_pdf):
    text = reader_pdf.text
    for value in PERSONAL.values():
        assert value not in text
    assert "Durand" not in text and "exemple.fr" not in text
    assert "par (masqué)" in text and "Test" not in text
    assert RESERVED in text
    assert "temps plein · 1 ETP" in text  # public fields stay


@pytest.mark.parametrize(("user", "sees"), [
    (rights.User("pref37@exemple.gouv.fr", rights.PREFECTURE, frozenset({"37"})), True),
    (rights.User("pref36@exemple.gouv.fr", rights.PREFECTURE, frozenset({"36"})), False),
])
def test_prefecture_sees_only_its_own_facilitator(state, sites, user, sees):
    text = read_pdf(fiche(state, sites, user)).text
    assert (PERSONAL["animateur_nom"] in text) is sees


def test_fonts_are_embedded(admin_pdf):
    fonts = admin_pdf.fonts()
    assert fonts and all(f["embedded"] for f in fonts), fonts
    assert all(f["subtype"] == "/Type0" for f in fonts)  # TrueType subsets, no standard 14 font


@pytest.mark.parametrize("code", ["34", "59", "978"])
def test_longest_lists_and_saint_martin_stay_on_one_page(state, sites, raw, code):
    pdf = read_pdf(fiche(state, sites, ADMIN, code=code))
    assert pdf.pages == 1
    assert f"{DEPARTEMENTS[code].nom} ({code})" in pdf.text
    assert f"Sites France services ({int((raw['insee_dep'] == code).sum())})" in pdf.text


def test_date_notices_flagged_sites_and_status_changes(state, sites):
    own = sites[sites["insee_dep"] == "37"]
    flagged = pd.DataFrame({"id_fs": [own["id_fs"].iloc[0]], "distance_km": [3.2]})
    changes = [(datetime(2025, 3, 2, 10, tzinfo=UTC), "mi-temps", "temps plein")]
    pdf = read_pdf(fiche(state, sites, ADMIN, as_of=date(2025, 12, 31), flagged=flagged, status_changes=changes,
                         notices=["Données de démonstration : état fictif."], contours=None))
    assert "situation au 31/12/2025" in pdf.text
    assert "Données de démonstration : état fictif." in pdf.text
    assert "1 site(s) à plus de 2 km hors du contour" in pdf.text and "(à vérifier)" in pdf.text
    assert "02/03/2025 : mi-temps → temps plein" in pdf.text
    assert pdf.images() == 1  # without contours, the sites alone are mapped


def test_short_names_drop_the_common_prefix():
    assert short_name("France services de Loches") == "Loches"
    assert short_name("Espace France Services - Amboise") == "Amboise"
    assert short_name("Maison des services") == "Maison des services"
