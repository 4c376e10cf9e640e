"""Front-end packages served by the app itself, never from a CDN: Leaflet and its
plugins (maps that work offline), the State's design system (DSFR: Marianne font,
header, footer), and axe-core for the accessibility tests.

``scripts/install_assets.py`` fetches each package below from the npm registry
at its pinned version, checks the registry's integrity hash and unpacks the
listed files into ``static/vendor/`` (git-ignored), keeping their layout under
the package's root folder (the DSFR's CSS points to ``../fonts/`` and
``../../icons/``). Streamlit serves that folder at ``app/static/``
(``enableStaticServing`` in ``.streamlit/config.toml``): nothing is ever loaded
from a CDN. Test-only packages (``TEST_PACKAGES``) are installed with ``--test``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fsdash.domain.settings import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
URL_PREFIX = "app/static/vendor"  # relative: resolved against the page (a base path keeps working)

DSFR_VERSION = "1.15.3"
# In the order the DSFR's components README gives: core, link, logo, header, footer.
DSFR_CSS: tuple[str, ...] = (
    "core/core.main.min.css", "component/link/link.main.min.css", "component/skiplink/skiplink.main.min.css",
    "component/logo/logo.main.min.css", "component/header/header.main.min.css",
    "component/footer/footer.main.min.css",
)
MARIANNE_FACES: tuple[str, ...] = (
    "Light", "Light_Italic", "Regular", "Regular_Italic", "Medium", "Medium_Italic", "Bold", "Bold_Italic",
)


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # as the npm registry reports it (dist.integrity)
    files: tuple[str, ...]  # paths inside the tarball's ``package/`` folder
    root: str = "dist"  # the tarball folder that maps to the package's vendor folder
    folder: str = ""  # the vendor folder's name (default: the package's name)

    @property
    def directory(self) -> str:
        return self.folder or self.name


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
    # The State's design system, 1.15.3 or later: the Marianne of older versions
    # (1.007) has no narrow no-break space (U+202F), used in every French number.
    # Only what the header and footer need: the core (typography, grid, colours,
    # @font-face), the logo, header, footer, link and skip-link components (their
    # ``.main`` builds: the ``.legacy`` part is for Internet Explorer), Marianne,
    # the favicon and the icons the CSS points to. The folder carries the version,
    # so a reverse proxy may cache it for good (deploy/nginx.conf.template).
    Package(
        "@gouvfr/dsfr", DSFR_VERSION,
        "sha512-R9AALZc1LfZjtytWZMOaUIOHWTkllBZ/sZlsL8TpKZVgF3qUKXt/uNYh+L1D1Fh4p92ZqWxbtNcebsigBZe5pQ==",
        (*(f"dist/{name}" for name in DSFR_CSS),
         *(f"dist/fonts/Marianne-{face}.{ext}" for face in MARIANNE_FACES for ext in ("woff2", "woff")),
         "dist/favicon/favicon.svg", "dist/favicon/favicon.ico", "dist/favicon/apple-touch-icon.png",
         *(f"dist/icons/system/{icon}.svg"
           for icon in ("external-link-line", "menu-fill", "search-line", "close-line", "download-line"))),
        folder=f"dsfr-{DSFR_VERSION}",
    ),
)

# Installed only for the tests (``install_assets.py --test``, ``scripts/setup.sh --test``):
# the accessibility tests inject it into the page with Playwright; no page loads it.
TEST_PACKAGES: tuple[Package, ...] = (
    Package(
        "axe-core", "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        ("axe.min.js", "locales/fr.json"), root="",
    ),
)


def _package(name: str) -> Package:
    return next(p for p in PACKAGES + TEST_PACKAGES if p.name == name)


def _relative(package: Package, file: str) -> Path:
    return Path(file).relative_to(package.root) if package.root else Path(file)


def local_path(package: str, file: str) -> Path:
    found = _package(package)
    return VENDOR_DIR / found.directory / _relative(found, file)


def url(package: str, file: str, prefix: str = URL_PREFIX) -> str:
    found = _package(package)
    return f"{prefix}/{found.directory}/{_relative(found, file).as_posix()}"


def dsfr_url(file: str) -> str:
    """A DSFR file (path under ``dist/``) as a URL relative to the page (``app/static/…``),
    which keeps working when the app is served under ``server.baseUrlPath``."""
    return url("@gouvfr/dsfr", f"dist/{file}")


def map_files() -> tuple[list[str], list[str]]:
    """The map's vendored scripts (in load order: the plugin needs Leaflet) and style sheets."""
    js = [url("leaflet", "dist/leaflet.js"), url("leaflet.markercluster", "dist/leaflet.markercluster.js")]
    css = [url("leaflet", "dist/leaflet.css"), url("leaflet.markercluster", "dist/MarkerCluster.css")]
    return js, css


def missing_files() -> list[Path]:
    """Vendored files that are not installed (empty when the pages can render offline)."""
    return [local_path(p.name, f) for p in PACKAGES for f in p.files if not local_path(p.name, f).exists()]
