"""Every cache of the pages, and every cache key: the pages ask for data, never build keys.

- The site list: by version (id and checksum), or by file and modification time
  before any version exists.
- The contours: by file and modification time.
- The map's layers: published once per content (``elements.published``; the sites'
  details one file per département, and one for the search) and remembered per process
  by the same keys.
- One database engine per process; the registry read again only when it changed
  (one small query tells).
- What pages derive from those: once per cached object and arguments (``ui.memo``).

Big objects (the site list, its checks) are cache *resources*: one read-only copy per
process, not the copy ``st.cache_data`` unpickles on every call (2,845 sites per run).
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from fsdash.budget import simulator
from fsdash.budget import timeline as reference
from fsdash.budget.assumptions import Assumptions
from fsdash.domain import periods as period_rules
from fsdash.domain.formatting import PARIS, now
from fsdash.domain.settings import Settings, get_settings
from fsdash.inputs import quality
from fsdash.inputs.contour_check import outside_contour
from fsdash.inputs.contours import (
    Contours,
    ContoursFileError,
    centroids,
    display_features,
    load_contours,
    region_outlines,
)
from fsdash.inputs.differences import diff_sites
from fsdash.inputs.provenance import read_provenance
from fsdash.inputs.sites import Report, load_sites
from fsdash.storage import periods as stored_periods
from fsdash.storage import registry, site_imports, site_versions
from fsdash.storage.engine import get_engine
from fsdash.ui import memo
from fsdash.ui.elements.published import publish
from fsdash.views import attention, maps, national, timeline


@dataclass(frozen=True)
class SiteData:
    sites: pd.DataFrame  # valid sites
    report: Report
    path: Path  # the current version's file name (its bytes live in the database)
    modified: float  # when the current version was created (POSIX time): changes with the version
    version: int | None = None  # the current version's id; None for a file no version was made from
    sha256: str | None = None  # the current version's checksum (with ``version``)

    @property
    def key(self) -> tuple:
        """What identifies this list's content, for caches."""
        return ("version", self.version, self.sha256) if self.version is not None else \
            ("file", str(self.path), self.modified)


@dataclass(frozen=True)
class MapLayers:
    urls: dict[str, str]  # contours, regions, points: addresses of the published files
    codes: tuple[str, ...]  # the contours layer's codes, in its order


def settings() -> Settings:
    return get_settings()


@st.cache_resource(show_spinner=False)
def engine(url: str):
    return get_engine(url)


def db():
    return engine(settings().database_url)


def file_mtime(path: Path) -> float | None:
    """When ``path`` was last modified (POSIX time), None when it is missing: the cache key of files."""
    try:
        return path.stat().st_mtime
    except OSError:
        return None


# --------------------------------------------------------------------------- the site list


# Read-only and shared (cache_resource): callers never change the frame or the report.
@st.cache_resource(show_spinner="Lecture de la liste des sites…", max_entries=4)
def _sites(path: str, modified: float) -> tuple[pd.DataFrame, Report]:
    return load_sites(path)


@st.cache_resource(show_spinner="Lecture de la liste des sites…", max_entries=4)
def _version_sites(url: str, version_id: int, sha256: str) -> tuple[pd.DataFrame, Report]:
    return site_versions.load_version(engine(url), version_id)


def current_version() -> site_versions.Version | None:
    """The current version of the site list. On first start (no version yet), the
    file in the data folder becomes version 1, so that existing set-ups keep working."""
    s = settings()
    version = site_versions.current_version(db())
    if version is None and s.sites_path.exists():
        # One session of this process reads and checks the file; the others, arriving at
        # the same moment on a fresh server, wait for it and find the version made.
        with _FIRST_VERSION:
            provenance = read_provenance(s.data_dir).get(s.sites_path.name)
            version = site_imports.ensure_initial_version(db(), s.sites_path, provenance)
    return version


_FIRST_VERSION = threading.Lock()


def site_data() -> SiteData | None:
    """The current version's valid sites and report, cached by version; None when
    there is neither a version nor a file. A file that cannot become a version
    (rejected) is returned with its report, so that pages can say why."""
    version = current_version()
    if version is None:
        path = settings().sites_path
        modified = file_mtime(path)
        if modified is None:
            return None
        sites, report = _sites(str(path), modified)
        return SiteData(sites, report, path, modified)
    sites, report = _version_sites(settings().database_url, version.id, version.sha256)
    return SiteData(sites, report, Path(version.file_name), version.created_at.timestamp(), version.id,
                    version.sha256)


@st.cache_data(show_spinner=False, max_entries=4)
def _site_counts(key: tuple, _sites_frame: pd.DataFrame) -> dict[str, int]:
    return national.site_counts(_sites_frame)


def site_counts(data: SiteData) -> dict[str, int]:
    """France services sites per département code."""
    return _site_counts(data.key, data.sites)


@st.cache_data(show_spinner=False, max_entries=8)
def _rollback_summary(url: str, current_id: int, target_id: int) -> tuple[str, str | None]:
    diff = diff_sites(site_versions.load_version(engine(url), current_id)[0],
                      site_versions.load_version(engine(url), target_id)[0])
    return diff.summary(), diff.removal_warning()


def rollback_summary(current_id: int, target_id: int) -> tuple[str, str | None]:
    """What going back from the current version to another would change, and a warning on mass removals."""
    return _rollback_summary(settings().database_url, current_id, target_id)


# --------------------------------------------------------------------------- contours


@st.cache_resource(show_spinner="Lecture des contours…", max_entries=2)
def _contours(path: str, modified: float) -> Contours:
    return load_contours(path)


def _contours_key() -> tuple[str, float] | None:
    path = settings().contours_path
    modified = file_mtime(path)
    return (str(path), modified) if modified is not None else None


def contours() -> Contours | None:
    key = _contours_key()
    if key is None:
        return None
    try:
        return _contours(*key)
    except ContoursFileError:
        return None


@st.cache_resource(show_spinner=False, max_entries=4)
def _flagged(site_key: tuple, contours_key: tuple, _sites_frame: pd.DataFrame) -> pd.DataFrame:
    return outside_contour(_sites_frame, _contours(*contours_key))


def flagged_sites(data: SiteData) -> pd.DataFrame:
    """Sites more than a few km outside their own département (data-quality warning)."""
    key = _contours_key()
    if key is None or contours() is None:
        return pd.DataFrame(columns=["id_fs", "insee_dep", "distance_km"])
    return _flagged(data.key, key, data.sites)


@st.cache_resource(show_spinner="Vérification de la liste…", max_entries=4)
def _checks(site_key: tuple, contours_key: tuple | None, _sites_frame: pd.DataFrame, _report) -> list[quality.Check]:
    return quality.run_checks(_sites_frame, _contours(*contours_key) if contours_key else None, _report)


def quality_checks(data: SiteData) -> list[quality.Check]:
    """The data-quality checks of a site list (against the contours when they are readable)."""
    key = _contours_key() if contours() is not None else None
    return _checks(data.key, key, data.sites, data.report)


@st.cache_data(show_spinner=False, max_entries=4)
def _file_sha256(path: str, modified: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file, read once per modification; None when it is missing."""
    modified = file_mtime(path)
    return _file_sha256(str(path), modified) if modified is not None else None


# --------------------------------------------------------------------------- the map's layers


@st.cache_resource(show_spinner=False, max_entries=2)
def _contour_layers(path: str, modified: float) -> tuple[dict[str, str], tuple[str, ...]]:
    shapes = _contours(path, modified)
    features = display_features(shapes)
    contours_layer = maps.contours_layer(features, centroids(shapes))
    return ({"contours": publish("contours", maps.pack(contours_layer), "gz"),
             "regions": publish("regions", maps.pack(maps.regions_layer(region_outlines(shapes))), "gz")},
            tuple(contours_layer["codes"]))


@st.cache_resource(show_spinner=False, max_entries=4)
def _site_layers(key: tuple, _sites_frame: pd.DataFrame) -> dict[str, str]:
    # The details: one file per département (a département's page loads its own only), and
    # the search's file; named in the points layer (fetched by every map), not in the data
    # sent on each run.
    def name(url: str) -> str:
        return url.rsplit("/", 1)[1]

    details = {code: name(publish(f"details-{code}", maps.pack(rows), "gz"))
               for code, rows in maps.details_layers(_sites_frame).items()}
    search = name(publish("search", maps.pack(maps.search_layer(_sites_frame)), "gz"))
    return {"points": publish("sites", maps.pack(maps.points_layer(_sites_frame, details, search)), "gz")}


def map_layers(data: SiteData) -> MapLayers | None:
    """The map's files for this site list and the contours; None without readable contours."""
    key = _contours_key()
    if key is None or contours() is None:
        return None
    urls, codes = _contour_layers(*key)
    return MapLayers({**urls, **_site_layers(data.key, data.sites)}, codes)


# --------------------------------------------------------------------------- the simulator


@st.cache_resource(show_spinner=False, max_entries=64)
def _simulation(assumptions_json: str, periods: tuple, sites: tuple | None, today: date) -> simulator.Result:
    return simulator.simulate(reference.from_key(periods), Assumptions.from_dict(json.loads(assumptions_json)),
                              dict(sites) if sites is not None else None)


def simulation(assumptions: Assumptions, periods: pd.DataFrame, sites: dict[str, int] | None,
               today: date) -> simulator.Result:
    """The simulator's result, computed once per assumptions, data and day (read-only, shared by the
    sessions of the process: the same scenario opened again, or by someone else, costs nothing)."""
    return _simulation(json.dumps(assumptions.to_dict(), sort_keys=True), reference.key(periods),
                       tuple(sorted(sites.items())) if sites is not None else None, today)


# --------------------------------------------------------------------------- the registry


def missing_files() -> list[Path]:
    """The official files the dashboard lacks (the site list only when no version is stored either)."""
    s = settings()
    missing = [] if s.sites_path.exists() or current_version() is not None else [s.sites_path]
    return missing + ([] if s.contours_path.exists() else [s.contours_path])


@st.cache_resource(show_spinner=False, max_entries=4)
def _records(url: str, version: tuple) -> pd.DataFrame:
    return registry.all_records(engine(url))


def records() -> pd.DataFrame:
    """Every record, as the registry holds it now: read again only when it changed (one small
    query tells), shared by the sessions of the process. Read-only: copy before changing it."""
    return _records(settings().database_url, registry.data_version(db()))


def statuses() -> dict[str, str]:
    """Each code's current status."""
    frame = records()
    return dict(zip(frame["departement"], frame["statut"]))


def is_demo() -> bool:
    return registry.is_demo(db())


# --------------------------------------------------------------------------- the registry on any date
# Everything below is keyed by the registry's ``data_version`` (one small query per
# run): a change by anyone shows at the next run; a date change only reads caches.


def today() -> date:
    """Today in Paris: the default date of the pages."""
    return now().astimezone(PARIS).date()


def registry_version() -> tuple:
    return registry.data_version(db())


@st.cache_resource(show_spinner=False, max_entries=4)
def _periods(url: str, version: tuple) -> pd.DataFrame:
    return stored_periods.periods(engine(url))


def periods(version: tuple | None = None) -> pd.DataFrame:
    """The registry's periods (``domain.periods``). Read-only."""
    return _periods(settings().database_url, version or registry_version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _history_dates(url: str, version: tuple) -> pd.DataFrame:
    return registry.history(engine(url))[["departement", "changed_at"]]


@st.cache_resource(show_spinner=False, max_entries=64)
def _records_on(url: str, version: tuple, day: date) -> pd.DataFrame:
    # From the records and periods already read for this version: no query per date.
    return period_rules.records_in_force(_records(url, version), _periods(url, version), day)


def records_on(day: date, version: tuple | None = None) -> pd.DataFrame:
    """Every record with its dated fields as in force on ``day``. Read-only."""
    return _records_on(settings().database_url, version or registry_version(), day)


@st.cache_resource(show_spinner=False, max_entries=8)
def _progression(url: str, version: tuple, day: date) -> pd.DataFrame:
    return timeline.progression(_periods(url, version), day)


def progression(version: tuple | None = None) -> pd.DataFrame:
    """Territories by status month by month, up to today and the planned periods. Read-only."""
    return _progression(settings().database_url, version or registry_version(), today())


@st.cache_resource(show_spinner=False, max_entries=64)
def _attention(url: str, version: tuple, day: date) -> dict[str, frozenset[str]]:
    found = attention.flags(_records_on(url, version, day), _periods(url, version),
                            _history_dates(url, version), day)
    return {key: frozenset(codes) for key, codes in found.items()}


def attention_flags(day: date, version: tuple | None = None) -> dict[str, frozenset[str]]:
    """The « points d'attention » on ``day``: check key -> départements."""
    return _attention(settings().database_url, version or registry_version(), day)


@st.cache_resource(show_spinner=False, max_entries=4, ttl=3600)
def oidc_issuer(metadata_url: str) -> str:
    """The ``issuer`` of the configured OpenID provider's metadata (raises when unreadable:
    nothing cached then, the next login tries again)."""
    import urllib.request

    with urllib.request.urlopen(metadata_url, timeout=10) as response:  # noqa: S310 - the operator's URL
        issuer = json.loads(response.read(1_000_000)).get("issuer")
    if not isinstance(issuer, str) or not issuer:
        raise ValueError("no issuer in the provider's metadata")
    return issuer


# --------------------------------------------------------------------------- what pages derive from the caches
# Made once per cached object and arguments (``fsdash.ui.memo``; the pages' own in ``ui.page_data``).

derived = memo.derived
map_spec = memo.map_spec
