"""Copy Streamlit's static folder for nginx, with each compressible file precompressed
(``.gz`` at gzip level 9, ``.br`` at brotli quality 9 to 11), so that nginx serves
Streamlit's bundles itself (``gzip_static``, ``brotli_static``) instead of asking a
dashboard process for each of them, and smaller than compressing on the fly.

    .venv/bin/python scripts/precompress_static.py TARGET_FOLDER

Streamlit's icon font is replaced in the copy by a subset holding only the icons
that Streamlit's bundles and fsdash's pages name (scripts/icon_font.py): 366 KB
less on a first visit.

Prints the folder to give nginx as ``root``:
``TARGET_FOLDER/streamlit-<version>-icons-<hash of the icon list and icon_font.py>``, made once per
Streamlit version and icon list (written aside, then renamed: a reader never sees
half a folder) and reused afterwards. Called by ``scripts/deploy.sh start``.
"""

from __future__ import annotations

import gzip
import os
import shutil
import sys
import tempfile
from pathlib import Path

import icon_font  # scripts/, beside this file

COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".html", ".txt", ".map", ".ttf", ".otf", ".ico"}
MIN_SIZE = 1024  # nginx's gzip_min_length: smaller files are sent as they are
BEST_FROM = 256 * 1024  # brotli's slowest, best quality (11) for the big bundles only


def precompress(folder: Path) -> tuple[int, int, int]:
    """Write FILE.gz and FILE.br beside each compressible file; (files, bytes before, brotli bytes)."""
    try:
        import brotli
    except ImportError:  # gzip only: nginx then serves .gz files (and compresses br on the fly, if it can)
        brotli = None
    count = before = after = 0
    for path in folder.rglob("*"):
        if not path.is_file() or path.suffix not in COMPRESSIBLE or path.stat().st_size < MIN_SIZE:
            continue
        data = path.read_bytes()
        path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
        if brotli is not None:
            packed = brotli.compress(data, quality=11 if len(data) >= BEST_FROM else 9)
            path.with_name(path.name + ".br").write_bytes(packed)
            after += len(packed)
        count += 1
        before += len(data)
    return count, before, after


def reduce_icon_font(source: Path, copy: Path, icons: set[str]) -> None:
    """Replace the copy's Material Symbols font by its subset for ``icons`` (same file
    name: Streamlit's CSS asks for it by that name)."""
    font = icon_font.find_font(source)
    if font is None:
        print("Police d'icônes de Streamlit introuvable : copiée telle quelle.", file=sys.stderr)
        return
    reduced = copy / font.relative_to(source)
    kept, missing = icon_font.subset_icon_font(font, reduced, icons)
    print(f"Police d'icônes réduite à {len(kept)} icônes ({font.stat().st_size / 1e3:.0f} ko → "
          f"{reduced.stat().st_size / 1e3:.0f} ko)" + (f" ; absentes de la police : {', '.join(sorted(missing))}"
                                                      if missing else ""), file=sys.stderr)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    import streamlit

    source = Path(streamlit.__file__).parent / "static"
    target_root = Path(sys.argv[1]).resolve()
    icons = icon_font.wanted_icons(source)
    target = target_root / f"streamlit-{streamlit.__version__}-icons-{icon_font.names_hash(icons)}"
    if not (target / "index.html").exists():
        target_root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".streamlit-static-", dir=target_root))
        try:
            shutil.copytree(source, work / "static")
            reduce_icon_font(source, work / "static", icons)
            count, before, after = precompress(work / "static")
            for path in [work, *work.rglob("*")]:  # nginx's workers (www-data) read them
                os.chmod(path, 0o755 if path.is_dir() else 0o644)
            try:
                os.replace(work / "static", target)
            except OSError:  # another deployment made the same folder meanwhile
                if not (target / "index.html").exists():
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"{count} fichiers de Streamlit précompressés ({before / 1e6:.1f} Mo → {after / 1e6:.1f} Mo en "
              f"brotli)", file=sys.stderr)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
