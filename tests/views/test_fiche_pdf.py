"""Building blocks of the PDF fiches: fonts (Marianne conversion, DejaVu fallback), French spaces, layout."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fsdash.views import fiche_fonts
from fsdash.views import fiche_pdf as pdfkit
from tests.support.pdfs import read_pdf

NBSP = "\u00a0"
GENERATED = datetime(2026, 12, 1, 9, 5, tzinfo=UTC)


def fake_woff2(source, target) -> None:
    """A small woff2 made from matplotlib's DejaVu Sans (ASCII subset), standing for Marianne's."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    subsetter = subset.Subsetter()
    subsetter.populate(unicodes=range(0x20, 0x7F))
    subsetter.subset(font)
    font.flavor = "woff2"
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(target)


def test_marianne_woff2_found_anywhere_under_static_and_converted_to_truetype(tmp_path):
    from fontTools.ttLib import TTFont

    static, fonts = tmp_path / "static", tmp_path / "fonts"
    dejavu = fiche_fonts.dejavu_dir()
    for stem, name in (("Marianne-Regular", "DejaVuSans.ttf"), ("Marianne-Bold", "DejaVuSans-Bold.ttf")):
        fake_woff2(dejavu / name, static / "vendor" / "@gouvfr" / "dsfr" / "fonts" / f"{stem}.woff2")
    assert fiche_fonts.font_set(font_dir=fonts).family == fiche_fonts.DEJAVU  # nothing converted yet
    written = fiche_fonts.install_marianne(root=static, font_dir=fonts)
    assert sorted(p.name for p in written) == ["Marianne-Bold.ttf", "Marianne-Regular.ttf"]
    converted = TTFont(fonts / "Marianne-Regular.ttf")
    assert converted.flavor is None and converted.sfntVersion == "\x00\x01\x00\x00" and "glyf" in converted
    assert fiche_fonts.install_marianne(root=static, font_dir=fonts) == []  # already there
    chosen = fiche_fonts.font_set(font_dir=fonts)
    assert chosen.family == fiche_fonts.MARIANNE and chosen.regular == fonts / "Marianne-Regular.ttf"
    assert fiche_fonts.font_set(prefer_marianne=False, font_dir=fonts).family == fiche_fonts.DEJAVU


def test_without_dsfr_nothing_is_converted_and_dejavu_is_used(tmp_path):
    assert fiche_fonts.install_marianne(root=tmp_path / "static", font_dir=tmp_path / "fonts") == []
    fonts = fiche_fonts.font_set(font_dir=tmp_path / "fonts")
    assert fonts.family == fiche_fonts.DEJAVU and all(p.is_file() for p in fonts.files.values())


@pytest.mark.skipif(fiche_fonts.marianne_files() is None, reason="Marianne not installed (DSFR not vendored)")
def test_installed_marianne_is_embedded_in_the_fiches():
    pdf = pdfkit.new_document("Essai", "Essai", ["Source : essai."], GENERATED)
    pdfkit.paragraph(pdf, "Marianne : 50 000 €")
    fonts = read_pdf(pdfkit.output(pdf)).fonts()
    assert any("Marianne" in f["name"] for f in fonts) and all(f["embedded"] for f in fonts)


def test_french_spaces_keep_guillemets_and_colons_with_their_words():
    assert pdfkit.fr("« mi-temps » : oui ; non ?") == f"«{NBSP}mi-temps{NBSP}»{NBSP}: oui{NBSP}; non{NBSP}?"
    assert pdfkit.fr(None) == "–"


def test_a_block_document_is_one_a4_page_with_metadata_footer_and_embedded_fonts():
    pdf = pdfkit.new_document("Titre d'essai", "Sujet", ["Source : première.", "Contours : seconde."], GENERATED,
                              fiche_fonts.font_set(prefer_marianne=False))
    pdfkit.title_block(pdf, "Titre d'essai", "Sous-titre")
    pdfkit.table(pdf, ["Année", "Montant"], [("2024", "50\u202f000\u202f€")], (30, 40), ("L", "R"))
    pdfkit.figure_boxes(pdf, [("12", "Sites", "détail"), ("3", "Postes", "")])
    read = read_pdf(pdfkit.output(pdf))
    assert read.pages == 1 and read.size_pt() == (595, 842)
    assert read.title == "Titre d'essai" and read.lang == "fr-FR"
    assert "50 000 €" in read.text
    assert "Source : première. Contours : seconde." in read.text
    assert "Fiche générée le 01/12/2026 à 10:05" in read.text and "page 1/1" in read.text
    fonts = read.fonts()
    assert fonts and all(f["embedded"] and "DejaVu" in f["name"] for f in fonts)


def test_columns_fit_says_how_many_were_left_out():
    pdf = pdfkit.new_document("Essai", "Essai", [], GENERATED)
    items = [f"Site numéro {i}" for i in range(400)]
    pdfkit.columns_fit(pdf, items, 30, 60, more="… et {n} autres sites")
    text = read_pdf(pdfkit.output(pdf)).text
    shown = sum(1 for i in range(400) if f"Site numéro {i} " in text + " ")
    assert f"… et {400 - shown} autres sites" in text and 0 < shown < 400


def test_png_size_reads_the_header():
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + (640).to_bytes(4, "big") + (480).to_bytes(4, "big")
    assert pdfkit.png_size(header) == (640, 480)
