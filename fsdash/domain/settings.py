"""Configuration read from environment variables, with documented defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fsdash.domain.sources import CONTOURS, SITES

PROJECT_ROOT = Path(__file__).resolve().parents[2]

SITES_FILENAME = SITES.file
CONTOURS_FILENAME = CONTOURS.file

DEFAULT_TILES_URL = (
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png"
    "&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
)
DEFAULT_TILES_ATTRIBUTION = "© IGN – Géoplateforme, Plan IGN v2"
OFF = ("0", "false", "non", "no", "off")


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    tiles_url: str
    tiles_attribution: str
    sites_url: str
    contours_url: str
    # The State's marks (« République française » block, Marianne favicon, links to
    # the State's sites): off (FSDASH_STATE_MARKS=0) for a deployment that is not a State service.
    state_marks: bool = True

    @property
    def sites_path(self) -> Path:
        return find_sites_file(self.data_dir)

    @property
    def contours_path(self) -> Path:
        return find_contours_file(self.data_dir)


def find_sites_file(data_dir: Path) -> Path:
    """The site list in ``data_dir``: ``liste-fs.csv``, else the newest ``liste-fs-*.csv``."""
    preferred = data_dir / SITES_FILENAME
    if preferred.exists():
        return preferred
    dated = sorted(data_dir.glob("liste-fs-*.csv"))
    return dated[-1] if dated else preferred


def find_contours_file(data_dir: Path) -> Path:
    """The contours in ``data_dir``: the 1,000 m file, else any ``departements-*.geojson``."""
    preferred = data_dir / CONTOURS_FILENAME
    if preferred.exists():
        return preferred
    found = sorted(data_dir.glob("departements-*.geojson"))
    return found[0] if found else preferred


def get_settings() -> Settings:
    data_dir = Path(os.environ.get("FSDASH_DATA_DIR") or PROJECT_ROOT / "data")
    database_url = os.environ.get("FSDASH_DATABASE_URL") or f"sqlite:///{data_dir / 'fsdash.sqlite'}"
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        tiles_url=os.environ.get("FSDASH_TILES_URL", DEFAULT_TILES_URL),
        tiles_attribution=os.environ.get("FSDASH_TILES_ATTRIBUTION", DEFAULT_TILES_ATTRIBUTION),
        sites_url=os.environ.get("FSDASH_SITES_URL", SITES.url),
        contours_url=os.environ.get("FSDASH_CONTOURS_URL", CONTOURS.url),
        state_marks=os.environ.get("FSDASH_STATE_MARKS", "1").strip().lower() not in OFF,
    )
