"""Fonts embedded in the PDF fiches and their charts: Marianne, else DejaVu Sans.

Marianne is the State's typeface. The DSFR package ships it as woff2 only;
``scripts/install_assets.py`` converts the woff2 it finds under ``static/``
(wherever the DSFR package is vendored) into TrueType files in ``FONT_DIR``
(git-ignored, never served, never committed): the same outlines in another
container, which fpdf2 and matplotlib can read. Every Marianne file carries
OS/2 ``fsType`` 4 (« preview & print embedding »): the PDFs embed a subset of
it, read-only, which is what that flag allows.

Without those files (DSFR not installed, or a deployment that is not a State
service and does without it), the fiches use DejaVu Sans, which matplotlib
ships in its data folder: no system package needed.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from fsdash.domain.frontend import STATIC_DIR
from fsdash.domain.settings import PROJECT_ROOT

FONT_DIR = PROJECT_ROOT / ".cache" / "fonts"
MARIANNE = "Marianne"
DEJAVU = "DejaVu Sans"
# Styles the fiches use: regular and bold (fpdf2 style letters).
MARIANNE_FILES: dict[str, str] = {"": "Marianne-Regular", "B": "Marianne-Bold"}
DEJAVU_FILES: dict[str, str] = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@dataclass(frozen=True)
class FontSet:
    """A family and its TrueType file for each style (``""`` regular, ``"B"`` bold)."""

    family: str
    files: dict[str, Path]

    @property
    def regular(self) -> Path:
        return self.files[""]


def dejavu_dir() -> Path:
    """matplotlib's own copy of DejaVu Sans (found without importing matplotlib)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib est absent : police DejaVu Sans introuvable pour les fiches PDF.")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def marianne_files(font_dir: Path = FONT_DIR) -> dict[str, Path] | None:
    """The converted Marianne TrueType files, or None when one is missing."""
    files = {style: font_dir / f"{stem}.ttf" for style, stem in MARIANNE_FILES.items()}
    return files if all(p.is_file() for p in files.values()) else None


def font_set(prefer_marianne: bool = True, font_dir: Path = FONT_DIR) -> FontSet:
    """Marianne when converted (and wanted), else DejaVu Sans."""
    if prefer_marianne:
        files = marianne_files(font_dir)
        if files is not None:
            return FontSet(MARIANNE, files)
    folder = dejavu_dir()
    return FontSet(DEJAVU, {style: folder / name for style, name in DEJAVU_FILES.items()})


def find_woff2(root: Path = STATIC_DIR) -> dict[str, Path]:
    """Marianne woff2 files under ``root`` (the vendored DSFR), by stem."""
    found: dict[str, Path] = {}
    if root.is_dir():
        for path in sorted(root.rglob("Marianne-*.woff2")):
            found.setdefault(path.stem, path)
    return found


def convert_woff2(source: Path, target: Path) -> Path:
    """A woff2 font decompressed into a plain TrueType/OpenType file (fontTools + brotli)."""
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    font.flavor = None
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    font.save(temporary)
    temporary.replace(target)
    return target


def install_marianne(root: Path = STATIC_DIR, font_dir: Path = FONT_DIR, force: bool = False) -> list[Path]:
    """Convert the vendored Marianne woff2 files the fiches use into ``font_dir``.
    Returns the files written (none when already there, or when DSFR is not vendored)."""
    sources = find_woff2(root)
    written = []
    for stem in MARIANNE_FILES.values():
        source, target = sources.get(stem), font_dir / f"{stem}.ttf"
        if source is None or (target.is_file() and not force):
            continue
        written.append(convert_woff2(source, target))
    return written


def use_in_matplotlib(fonts: FontSet) -> str:
    """Register ``fonts`` with matplotlib (idempotent); returns the family name to use."""
    from matplotlib import font_manager

    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in fonts.files.values():
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    return fonts.family
