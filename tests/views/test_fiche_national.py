"""The national PDF fiche (fsdash.views.fiche_national) on the real site list and contours.

Counts are made again here from the CSV with pandas and from the statuses given, not with fsdash's functions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from fsdash.domain.sources import SITES
from fsdash.domain.territories import CODES, DEPARTEMENTS
from fsdash.inputs.sites import read_sites
from fsdash.views.fiche_national import NO_ATTENTION, NO_PROGRESSION, national_fiche
from tests.conftest import REAL_CONTOURS, REAL_SITES
from tests.support.pdfs import read_pdf

GENERATED = datetime(2026, 7, 1, 6, 30, tzinfo=UTC)  # 08:30 in Paris (summer time)
SOURCES = [f"{SITES.citation}, extrait du 01/08/2024."]
SECRET = "Dominique Secret-National"


def demo_records() -> pd.DataFrame:
    """73 at half time, 20 full time, 5 recruiting, the rest none, and a name the fiche must never print."""
    statuses = ["mi-temps"] * 73 + ["temps plein"] * 20 + ["recrutement en cours"] * 5
    statuses += ["aucun"] * (len(CODES) - len(statuses))
    etp = {"mi-temps": 0.5, "temps plein": 1.0}
    return pd.DataFrame({
        "departement": list(CODES), "statut": statuses, "etp": [etp.get(s, 0.0) for s in statuses],
        "region": [DEPARTEMENTS[c].region for c in CODES], "animateur_nom": [SECRET] * len(CODES),
        "animateur_email": ["secret@exemple.fr"] * len(CODES),
    })


@pytest.fixture(scope="module")
def sites():
    frame, _ = read_sites(REAL_SITES.read_bytes())
    return frame


@pytest.fixture(scope="module")
def fiche(sites):
    data = national_fiche(demo_records(), sites, SOURCES, GENERATED, contours=REAL_CONTOURS,
                          attention=["Cinq départements en recrutement depuis plus de six mois."])
    return read_pdf(data)


def test_one_page_title_map_and_embedded_fonts(fiche):
    assert fiche.pages == 1 and fiche.size_pt() == (595, 842)
    assert fiche.title == "Fiche nationale – animateurs départementaux France services"
    assert fiche.lang == "fr-FR"
    assert fiche.images() == 1
    assert all(f["embedded"] for f in fiche.fonts())


def test_headline_figures_counted_independently(fiche):
    raw = pd.read_csv(REAL_SITES, dtype=str)
    text = fiche.text
    assert f"{len(raw):,}".replace(",", " ") + " Sites France services" in text
    assert "20 Animateurs à temps plein" in text and "73 Animateurs à mi-temps" in text
    none = len(CODES) - 98
    assert f"{5 + none} Postes vacants ou absents" in text
    assert f"{(73 * 25_000 + 20 * 50_000):,} €".replace(",", " ") in text  # 2 825 000 €
    assert f"ETP d'animation au total : {73 * 0.5 + 20:g}".replace(".", ",") in text


def test_statuses_by_count_until_the_registry_is_dated(fiche):
    text = fiche.text
    assert "Départements par statut" in text and NO_PROGRESSION.split(" ;")[0] in text
    for status, count in (("temps plein", 20), ("mi-temps", 73), ("recrutement en cours", 5)):
        assert f"{status} {count}" in text


def test_points_of_attention_are_the_ones_given(fiche, sites):
    assert "Cinq départements en recrutement depuis plus de six mois." in fiche.text
    empty = read_pdf(national_fiche(demo_records(), sites, SOURCES, GENERATED))
    assert NO_ATTENTION in empty.text and empty.images() == 0  # no contours: no map


def test_table_by_region_counted_independently(fiche):
    raw = pd.read_csv(REAL_SITES, dtype=str)
    codes = [c for c, d in DEPARTEMENTS.items() if d.region == "Bretagne"]
    assert f"Bretagne {len(codes)} " in fiche.text
    assert f"{int(raw['insee_dep'].isin(codes).sum())}" in fiche.text.split("Bretagne", 2)[-1][:80]
    assert "Saint-Martin 1 0 0 1 0 0 2" in fiche.text  # its own line, never lost


def test_never_any_personal_data_sources_and_dates(fiche):
    assert SECRET not in fiche.text and "secret@" not in fiche.text
    assert "extrait du 01/08/2024" in fiche.text
    assert "Fiche générée le 01/07/2026 à 08:30" in fiche.text and "situation au 01/07/2026" in fiche.text


def test_progression_drawn_when_the_registry_is_dated(sites):
    progression = [(date(2023, 6, 1), {"mi-temps": 73, "aucun": 29}), (date(2024, 1, 1), {"temps plein": 102})]
    pdf = read_pdf(national_fiche(demo_records(), sites, SOURCES, GENERATED, as_of=date(2024, 1, 1),
                                  progression=progression))
    assert "Progression" in pdf.text and NO_PROGRESSION.split(" ;")[0] not in pdf.text
    assert pdf.images() == 1 and "situation au 01/01/2024" in pdf.text
