"""Leaflet and its plugins, served by the app itself so that maps work offline.

``scripts/install_assets.py`` fetches each package below from the npm registry
at its pinned version, checks the registry's integrity hash and unpacks the
listed files into ``static/vendor/`` (git-ignored). Streamlit serves that folder
at ``app/static/`` (``enableStaticServing`` in ``.streamlit/config.toml``): the
map never loads anything from a CDN.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fsdash.domain.settings import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
URL_PREFIX = "app/static/vendor"  # relative: resolved against the page (a base path keeps working)


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # as the npm registry reports it (dist.integrity)
    files: tuple[str, ...]  # paths inside the tarball's ``package/`` folder


PACKAGES: tuple[Package, ...] = (
    Package(
        "leaflet", "1.9.4",
        "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        ("dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png", "dist/images/layers-2x.png",
         "dist/images/marker-icon.png", "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png"),
    ),
    Package(
        "leaflet.markercluster", "1.5.3",
        "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        ("dist/leaflet.markercluster.js", "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css"),
    ),
)


def local_path(package: str, file: str) -> Path:
    return VENDOR_DIR / package / Path(file).relative_to("dist")


def url(package: str, file: str) -> str:
    return f"{URL_PREFIX}/{package}/{Path(file).relative_to('dist').as_posix()}"


def map_files() -> tuple[list[str], list[str]]:
    """The map's vendored scripts (in load order: the plugin needs Leaflet) and style sheets."""
    js = [url("leaflet", "dist/leaflet.js"), url("leaflet.markercluster", "dist/leaflet.markercluster.js")]
    css = [url("leaflet", "dist/leaflet.css"), url("leaflet.markercluster", "dist/MarkerCluster.css")]
    return js, css


def missing_files() -> list[Path]:
    """Vendored files that are not installed (empty when the map can render offline)."""
    return [local_path(p.name, f) for p in PACKAGES for f in p.files if not local_path(p.name, f).exists()]
