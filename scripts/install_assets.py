"""Install the front-end packages (Leaflet, its cluster plugin, the DSFR) into static/vendor/, and the PDF fonts.

Each package is downloaded from the npm registry (``npm pack``) at the version
pinned in ``fsdash/domain/frontend.py``; its SHA-512 must equal the pinned
integrity hash, otherwise nothing is installed. Only the listed files are
unpacked, in the layout their CSS expects. Idempotent: packages already present
are kept. With ``--test``, the test-only packages too (axe-core). Then the DSFR's
Marianne woff2 files are converted to TrueType for the PDF fiches, into
``.cache/fonts/`` (``fsdash/views/fiche_fonts.py``: git-ignored, never served);
without them the fiches use DejaVu Sans.
Usage: ``python scripts/install_assets.py [--force] [--test]``.
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fsdash.domain.frontend import PACKAGES, TEST_PACKAGES, VENDOR_DIR, local_path
from fsdash.views import fiche_fonts


def integrity_of(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def install(package, force: bool = False) -> None:
    targets = [local_path(package.name, f) for f in package.files]
    if not force and all(t.exists() for t in targets):
        print(f"{package.name}@{package.version} : déjà installé")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{package.name}@{package.version}", "--silent", "--pack-destination", tmp],
            check=True, stdout=subprocess.DEVNULL,
        )
        tarball = next(Path(tmp).glob("*.tgz"))
        found = integrity_of(tarball)
        if found != package.integrity:
            raise SystemExit(
                f"Empreinte inattendue pour {package.name}@{package.version} : {found} "
                f"au lieu de {package.integrity}. Rien n'a été installé."
            )
        with tarfile.open(tarball) as archive:
            staging = Path(tmp) / "unpacked"
            for file in package.files:
                member = archive.getmember(f"package/{file}")
                archive.extract(member, staging, filter="data")
        destination = VENDOR_DIR / package.directory
        shutil.rmtree(destination, ignore_errors=True)
        for file in package.files:
            target = local_path(package.name, file)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / "package" / file, target)
    print(f"{package.name}@{package.version} : installé (empreinte vérifiée)")


def main() -> int:
    force = "--force" in sys.argv[1:]
    packages = PACKAGES + (TEST_PACKAGES if "--test" in sys.argv[1:] else ())
    for package in packages:
        install(package, force)
    written = fiche_fonts.install_marianne(force=force)
    if written:
        print("Marianne pour les fiches PDF : " + ", ".join(p.name for p in written) + " (converties du woff2)")
    elif fiche_fonts.marianne_files() is not None:
        print("Marianne pour les fiches PDF : déjà installée")
    else:
        print("Marianne absente (DSFR non installé) : les fiches PDF utiliseront DejaVu Sans")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
