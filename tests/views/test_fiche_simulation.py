"""The PDF of a simulation scenario (fsdash.views.fiche_simulation).

The worked example of PRODUCT.md: 73 départements at half time, the 28 others and Saint-Martin without a
facilitator; everyone full time from January 2024, three months to recruit. Amounts computed here by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fsdash.budget import simulator
from fsdash.budget.assumptions import Assumptions
from fsdash.domain.territories import CODES
from fsdash.views.fiche_simulation import simulation_fiche
from tests.support.pdfs import read_pdf

GENERATED = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)
SOURCES = ["Registre des animateurs : saisi par l'ANCT et les préfectures."]
DEPS = [c for c in CODES if c != "978"]


def statuses() -> dict[str, str]:
    return {c: ("mi-temps" if i < 73 else "aucun") for i, c in enumerate(DEPS)} | {"978": "aucun"}


def euros(value: float) -> str:
    return f"{value:,.0f} €".replace(",", " ")


@pytest.fixture(scope="module")
def fiche():
    result = simulator.simulate(statuses(), Assumptions(), {"37": 20, "41": 10})
    return read_pdf(simulation_fiche(result, SOURCES, GENERATED, name="Tous à temps plein"))


def test_one_page_with_title_charts_and_embedded_fonts(fiche):
    assert fiche.pages == 1 and fiche.size_pt() == (595, 842)
    assert fiche.title == "Scénario « Tous à temps plein » – coût des animateurs départementaux France services"
    assert fiche.images() == 2  # cost per year, full-time posts
    assert all(f["embedded"] for f in fiche.fonts())
    assert "Fiche générée le 01/12/2026 à 10:05" in fiche.text and SOURCES[0] in fiche.text


def test_assumptions_are_printed_as_assumptions(fiche):
    text = fiche.text
    assert "Hypothèses de travail, pas des chiffres officiels." in text
    assert "Passage à temps plein (tous départements) janvier 2024" in text
    assert "Délai de recrutement (mois) 3" in text
    assert "Coût employeur chargé d'1 ETP (par an, hypothèse) 45 000 €" in text


def test_yearly_results_and_difference_against_the_baseline(fiche):
    half, none = 73, len(DEPS) - 73  # Saint-Martin, with no post in the registry, is not simulated
    baseline = half * 25_000  # everyone stays as they are, every year
    y2023 = half * 25_000
    y2024 = half * 50_000 + none * 50_000 * 9 / 12  # the others recruited in April 2024
    y2025 = (half + none) * 50_000
    text = fiche.text
    assert f"2023 {euros(y2023)} 0 € {euros(y2023)} {euros(baseline)}" in text
    assert f"2024 {euros(y2024)}" in text and f"+{euros(y2024 - baseline)}" in text
    assert f"2025 {euros(y2025)}" in text
    total = y2023 + y2024 + 3 * y2025
    assert f"Total {euros(total)}" in text
    assert (f"Dans ce scénario, de janvier 2023 à décembre 2027, par rapport à la référence, il en coûte "
            f"{euros(total - 5 * baseline)} de plus à l'État et rien de plus ni de moins aux structures porteuses"
            ) in text
    assert "Première année entièrement à temps plein 2025" in text


def test_many_waves_continue_on_a_second_page_rather_than_being_cut():
    waves = [([code], f"2024-{1 + i % 12:02d}") for i, code in enumerate(DEPS[:60])]
    result = simulator.simulate(statuses(), Assumptions(switch=None, waves=waves), None)
    pdf = read_pdf(simulation_fiche(result, SOURCES, GENERATED))
    assert pdf.pages in (1, 2)
    assert "Vague 60 : décembre 2024" in pdf.text and "page 1/" in pdf.text
    assert "Simulation budgétaire" in pdf.text


def test_the_fiche_says_the_reference_the_unknown_and_the_new_assumptions():
    from fsdash.budget.results import assumptions_table

    a = Assumptions(cutoff="2025-06-30", contribution_changes=[("2026-01", 22_500, 45_000)],
                    half_time_returns=[(["Bretagne"], "2027-01")])
    result = simulator.simulate({"35": "mi-temps", "22": "non renseigné"}, a)
    rows = dict(assumptions_table(a).values)
    assert rows["Date d'arrêt du réalisé"] == "30/06/2025"
    assert rows["Territoires non renseignés"] == "laissés de côté"
    assert rows["Contributions à partir de janvier 2026"] == (
        "22\u202f500\u202f€ pour 0,5 ETP, 45\u202f000\u202f€ pour 1 ETP")
    assert rows["Retour à mi-temps en janvier 2027"] == "Région Bretagne"
    text = read_pdf(simulation_fiche(result, SOURCES, GENERATED)).text
    assert "référence : ce qui s'est passé jusqu'au 30/06/2025, puis statu quo" in text
    # the 100 territories other than 35: no status at all, left out and said so
    assert "100 territoire(s) « non renseigné(s) »" in text and "laissé(s) de côté" in text
