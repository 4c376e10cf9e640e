"""The icon font nginx serves (scripts/icon_font.py, called by scripts/precompress_static.py):
Streamlit's Material Symbols cut down to the icons named by Streamlit's bundles and
fsdash's sources, read back with fontTools, each name resolved to its drawing
through the subset's own ligature table."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from fontTools.ttLib import TTFont

from scripts import icon_font

STATIC = Path(streamlit.__file__).parent / "static"
NOT_WANTED = "rocket_launch"  # an icon of the font that neither Streamlit nor fsdash names


@pytest.fixture(scope="module")
def fonts(tmp_path_factory):
    """(original font, subset, wanted names, names the font lacks) for the installed Streamlit and fsdash."""
    original = icon_font.find_font(STATIC)
    assert original is not None, "Streamlit's MaterialSymbols-*.woff2 not found"
    wanted = icon_font.wanted_icons(STATIC)
    reduced = tmp_path_factory.mktemp("icons") / original.name
    kept, missing = icon_font.subset_icon_font(original, reduced, wanted)
    assert kept | missing == wanted
    return original, reduced, wanted, missing


def outline(font: TTFont, glyph: str):
    """The glyph's drawing: its points and contour ends (glyph names differ between the fonts)."""
    drawn = font["glyf"][glyph]
    return (list(drawn.getCoordinates(font["glyf"])[0]), list(drawn.endPtsOfContours)) if drawn.numberOfContours \
        else None


def test_the_lists_come_from_streamlits_bundles_and_fsdashs_sources():
    streamlit_names = icon_font.streamlit_icon_names(STATIC)
    assert len(streamlit_names) > 50
    assert {"keyboard_arrow_right", "keyboard_double_arrow_left", "expand_more"} <= streamlit_names
    assert {"download", "location_city", "logout"} <= icon_font.fsdash_icon_names()
    assert NOT_WANTED not in icon_font.wanted_icons(STATIC)


def test_every_wanted_icon_is_drawn_by_the_subset(fonts):
    original_path, reduced_path, wanted, missing = fonts
    original, reduced = TTFont(original_path), TTFont(reduced_path)
    before, after = icon_font.ligatures(original), icon_font.ligatures(reduced)
    assert len(before) > 4000
    # Only names the font never had are missing (Streamlit's bundles name a few of them).
    assert missing == wanted - before.keys() and len(missing) <= 3
    # fsdash's own names all exist: a misspelt one would show as its word.
    assert icon_font.fsdash_icon_names() <= before.keys()
    for name in wanted - missing:
        assert name in after, name
        drawing = outline(reduced, after[name])
        assert drawing is not None and drawing == outline(original, before[name]), name


def test_the_subset_is_small_and_leaves_other_icons_out(fonts):
    original_path, reduced_path, wanted, _ = fonts
    after = icon_font.ligatures(TTFont(reduced_path))
    assert NOT_WANTED in icon_font.ligatures(TTFont(original_path))
    assert NOT_WANTED not in after
    assert len(after) < 3 * len(wanted)  # the wanted names and their aliases, not the font's 4,000 icons
    assert reduced_path.stat().st_size < 40_000 < 300_000 < original_path.stat().st_size


def test_a_new_icon_in_fsdashs_sources_changes_the_list_and_its_hash(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "fsdash" / "ui").mkdir(parents=True)
    (tmp_path / "app.py").write_text('st.Page("x.py", icon=":material/map:")\n', encoding="utf-8")
    (tmp_path / "pages" / "carte.py").write_text("# no icon\n", encoding="utf-8")
    (tmp_path / "fsdash" / "ui" / "page.py").write_text('st.error("…", icon=":material/warning:")\n',
                                                        encoding="utf-8")
    assert icon_font.fsdash_icon_names(tmp_path) == {"map", "warning"}
    before = icon_font.names_hash(icon_font.fsdash_icon_names(tmp_path))
    (tmp_path / "pages" / "carte.py").write_text('st.button("Go", icon=":material/rocket_launch:")\n',
                                                 encoding="utf-8")
    assert icon_font.names_hash(icon_font.fsdash_icon_names(tmp_path)) != before
