"""Streamlit's icon font (Material Symbols Rounded, 366 KB) cut down to the icons the
dashboard can show, for nginx's copy of Streamlit's static folder
(scripts/precompress_static.py).

The font draws an icon for a word: a span reading ``keyboard_arrow_right`` in that
font shows an arrow, through a ligature of its GSUB table (letters → icon glyph).
Streamlit names its own icons ``:material/NAME:`` in its bundles (the sidebar's
``keyboard_double_arrow_left``, the expander's ``keyboard_arrow_right``…), and so do
fsdash's pages (``st.navigation`` icons, alerts, buttons). The subset keeps the
letters, digits and underscore, the glyphs of those icons and only the ligatures
that make them: tens of KB instead of 366.

A name that is not in the list (an icon written by hand in a new page and not
found by :func:`fsdash_icon_names`) would show as its word: the list is read from
the sources at each deployment, and the copy's folder name carries its hash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

ICON = re.compile(r":material/([a-z0-9_]+):")
FONT_GLOB = "MaterialSymbols-*.woff2"  # under static/media/ of Streamlit's static folder
NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
LIGATURE_FEATURES = ["liga", "rlig", "calt"]
PROJECT_ROOT = Path(__file__).resolve().parents[1]


def icon_names(texts: Iterable[str]) -> set[str]:
    """Every NAME written ``:material/NAME:`` in the texts."""
    return {name for text in texts for name in ICON.findall(text)}


def streamlit_icon_names(static: Path) -> set[str]:
    """The icons Streamlit's front end asks for, from its bundles (``static/js/*.js``
    under the folder Streamlit serves). They all go through ``:material/NAME:``
    (the front end's DynamicIcon splits that form; nothing else uses the font)."""
    return icon_names(path.read_text(encoding="utf-8", errors="replace")
                      for path in sorted((static / "static" / "js").glob("*.js")))


def fsdash_icon_names(root: Path = PROJECT_ROOT) -> set[str]:
    """The icons fsdash's pages ask for: ``:material/NAME:`` in app.py, pages/ and fsdash/."""
    paths = [root / "app.py", *sorted((root / "pages").rglob("*.py")), *sorted((root / "fsdash").rglob("*.py"))]
    return icon_names(path.read_text(encoding="utf-8") for path in paths if path.is_file())


def wanted_icons(static: Path, root: Path = PROJECT_ROOT) -> set[str]:
    return streamlit_icon_names(static) | fsdash_icon_names(root)


def names_hash(names: Iterable[str]) -> str:
    """A short hash of an icon list and of this module's code (how the subset is cut), for the
    name of the folder built from them: a change of either makes a new folder."""
    digest = hashlib.sha256("\n".join(sorted(names)).encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:10]


def find_font(static: Path) -> Path | None:
    """Streamlit's Material Symbols file under ``static/media/`` (its name carries a content hash)."""
    found = sorted((static / "static" / "media").glob(FONT_GLOB))
    return found[0] if found else None


def ligatures(font) -> dict[str, str]:
    """The words the font turns into a glyph: {word: glyph name}, read from its GSUB
    ligature substitutions (type 4, or wrapped in extension lookups, type 7), the
    letters named back through the cmap (lower case: the font maps upper case to
    the same glyphs)."""
    letters: dict[str, str] = {}
    for codepoint, glyph in sorted(font.getBestCmap().items()):
        character = chr(codepoint)
        if character in NAME_CHARACTERS and not character.isupper():
            letters.setdefault(glyph, character)
    words: dict[str, str] = {}
    if "GSUB" not in font:
        return words
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = table.ExtSubTable if lookup.LookupType == 7 else table
            if getattr(table, "LookupType", None) != 4:
                continue
            for first, entries in table.ligatures.items():
                for entry in entries:
                    glyphs = [first, *entry.Component]
                    if all(glyph in letters for glyph in glyphs):
                        words.setdefault("".join(letters[glyph] for glyph in glyphs), entry.LigGlyph)
    return words


def subset_icon_font(source: Path, target: Path, names: Iterable[str]) -> tuple[set[str], set[str]]:
    """Write to ``target`` (woff2) the font of ``source`` with only the icons ``names``
    and the characters that spell them. Returns (names kept, names the font does not have)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    words = ligatures(font)
    names = set(names)
    kept, missing = names & words.keys(), names - words.keys()
    cmap = font.getBestCmap()
    options = subset.Options()
    options.layout_features = LIGATURE_FEATURES
    # No closure over the ligatures: with every letter kept, it would bring every
    # icon back. Without it, GSUB keeps the ligatures whose letters and icon are kept.
    options.layout_closure = False
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in NAME_CHARACTERS if ord(c) in cmap],
                       glyphs=sorted({words[name] for name in kept}))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return kept, missing
