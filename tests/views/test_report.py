"""The printable one-page summary of a département (fsdash.departement_report)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pandas as pd

from fsdash.domain.territories import DEPARTEMENTS
from fsdash.inputs.sites import COLUMNS
from fsdash.views import departement as stats
from fsdash.views.report import build_report

INJECTED = '<script>window.pwned = 1</script><img src=x onerror="alert(1)">'


def site(i: int, **values) -> dict:
    row = {c: "" for c in COLUMNS}
    row.update(id_fs=str(i), insee_dep="37", lib_fs=f"Site {i}", lib_com="Tours", latitude=47.39, longitude=0.69,
               type_fs="Principal", format_fs="Fixe", prise_rdv="Oui", telephone="02 47 00 00 0" + str(i),
               labellisation_fs="Espace labellisé 01/01/2020")
    row.update(values)
    return row


def records() -> pd.DataFrame:
    codes = list(DEPARTEMENTS)
    return pd.DataFrame({"departement": codes, "statut": ["temps plein"] * len(codes), "etp": [1.0] * len(codes)})


RECORD = {
    "statut": "temps plein", "etp": 1.0, "structure_porteuse": "Communauté de communes & associés",
    "type_structure": "collectivité", "date_debut": date(2024, 1, 1), "date_convention": date(2023, 12, 4),
    "financement_annuel": 50000.0, "commentaire": INJECTED, "animateur_nom": "Camille Martin",
    "animateur_email": "camille@example.fr", "animateur_telephone": "02 47 00 00 00",
    "updated_at": datetime(2024, 1, 31, 13, 5, tzinfo=UTC), "updated_by": "<b>Préfecture</b>",
}
SOURCES = ["Source : ANCT, liste des structures France services (data.gouv.fr), Licence Ouverte 2.0, "
           "extrait du 01/08/2024.",
           "Contours : Etalab / IGN ADMIN EXPRESS, Licence Ouverte 2.0, fichier du 28/11/2026."]


def report(show_personal: bool = False, sites=None) -> str:
    sites = pd.DataFrame(sites if sites is not None else [site(1, lib_fs=INJECTED), site(2, lib_com="Amboise")])
    flagged = pd.DataFrame({"id_fs": ["2"], "distance_km": [4.2]})
    table = stats.sites_table(stats.departement_sites(sites, "37"), flagged)
    comparison = stats.compare("37", sites, records())
    return build_report(DEPARTEMENTS["37"], stats.card_rows(RECORD, show_personal), comparison, table, SOURCES,
                        datetime(2024, 9, 2, 8, 30, tzinfo=UTC))


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_injected_text_comes_out_escaped():
    html = report()
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert "onerror=&quot;alert(1)&quot;" in html
    parsed = parse(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    # Shown as text: once in the site list, once in the card's comment.
    assert sum(INJECTED in t for t in parsed.text) == 2
    assert any("<b>Préfecture</b>" in t for t in parsed.text)
    assert "Communauté de communes &amp; associés" in html


def test_summary_holds_card_figures_sites_and_dates():
    html = report()
    text = " ".join(parse(html).text)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "Indre-et-Loire (37)" in text and "Centre-Val de Loire" in text
    assert "fiche éditée le 02/09/2024 à 10:30" in text
    assert "extrait du 01/08/2024" in text and "fichier du 28/11/2026" in text
    for expected in ("temps plein", "01/01/2024", "04/12/2023", "50\u202f000\u202f€", "31/01/2024 à 14:05"):
        assert expected in text
    assert "Sites France services (2)" in text
    assert "Amboise" in text and "02 47 00 00 02" in text
    assert "1 site(s) signalé(s) hors du contour" in text
    assert "⚠ à 4,2 km hors du contour" in text
    assert "Part des sites itinérants (bus, itinérante)" in text and "France entière" in text
    assert "@page" in html  # printable on one A4 page


def test_personal_data_only_when_the_card_has_it():
    assert "Camille Martin" not in report(show_personal=False)
    assert "camille@example.fr" not in report(show_personal=False)
    assert "Camille Martin" in report(show_personal=True)


def test_territory_without_sites():
    html = report(sites=[site(1, insee_dep="36")])
    assert "Sites France services (0)" in html
    assert "Aucun site France services dans ce territoire." in html
