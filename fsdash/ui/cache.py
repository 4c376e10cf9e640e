"""Cached access to the data for the pages: the current version of the site list
by version, the contours file by modification time, one database engine per
process, the registry read fresh (it is small and shared)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from fsdash.domain.settings import Settings, get_settings
from fsdash.inputs.contour_check import outside_contour
from fsdash.inputs.contours import Contours, ContoursFileError, display_features, load_contours
from fsdash.inputs.provenance import read_provenance
from fsdash.inputs.sites import Report, load_sites
from fsdash.storage import registry, site_imports, site_versions
from fsdash.storage.engine import get_engine
from fsdash.views import maps


@dataclass(frozen=True)
class SiteData:
    sites: pd.DataFrame  # valid sites, with column ``hors_contour_km`` (NaN when inside)
    report: Report
    path: Path  # the current version's file name (its bytes live in the database)
    modified: float  # when the current version was created (POSIX time): changes with the version
    version: int | None = None  # the current version's id; None for a file no version was made from
    sha256: str | None = None  # the current version's checksum (with ``version``)


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


@st.cache_data(show_spinner="Lecture de la liste des sites…", max_entries=4)
def _sites(path: str, modified: float) -> tuple[pd.DataFrame, Report]:
    return load_sites(path)


@st.cache_data(show_spinner="Lecture de la liste des sites…", max_entries=4)
def _version_sites(url: str, version_id: int, sha256: str) -> tuple[pd.DataFrame, Report]:
    return site_versions.load_version(engine(url), version_id)


@st.cache_resource(show_spinner="Lecture des contours…", max_entries=2)
def _contours(path: str, modified: float) -> Contours:
    return load_contours(path)


@st.cache_resource(show_spinner=False, max_entries=2)
def _display_features(path: str, modified: float) -> dict[str, dict]:
    """Simplified contours of every territory (read-only, shared by the national and département maps)."""
    return display_features(_contours(path, modified))


@st.cache_data(show_spinner=False, max_entries=2)
def _packed_geometries(path: str, modified: float) -> maps.PackedGeometries:
    return maps.pack_geometries(_display_features(path, modified))


@st.cache_data(show_spinner=False, max_entries=4)
def _flagged(url: str, version_id: int, sha256: str, contours_path: str, contours_modified: float) -> pd.DataFrame:
    sites, _ = _version_sites(url, version_id, sha256)
    return outside_contour(sites, _contours(contours_path, contours_modified))


def missing_files() -> list[Path]:
    """The official files the dashboard lacks (the site list only when no version is stored either)."""
    s = settings()
    missing = [] if s.sites_path.exists() or current_version() is not None else [s.sites_path]
    return missing + ([] if s.contours_path.exists() else [s.contours_path])


def current_version() -> site_versions.Version | None:
    """The current version of the site list. On first start (no version yet), the
    file in the data folder becomes version 1, so that existing set-ups keep working."""
    s = settings()
    version = site_versions.current_version(db())
    if version is None and s.sites_path.exists():
        provenance = read_provenance(s.data_dir).get(s.sites_path.name)
        version = site_imports.ensure_initial_version(db(), s.sites_path, provenance)
    return version


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


def contours() -> Contours | None:
    path = settings().contours_path
    modified = file_mtime(path)
    if modified is None:
        return None
    try:
        return _contours(str(path), modified)
    except ContoursFileError:
        return None


def packed_geometries() -> maps.PackedGeometries | None:
    path = settings().contours_path
    modified = file_mtime(path)
    if modified is None or contours() is None:
        return None
    return _packed_geometries(str(path), modified)


def flagged_sites(site_data: SiteData | None = None) -> pd.DataFrame:
    """Sites more than a few km outside their own département (data-quality warning).
    Given the run's ``site_data``, its version is used instead of being read again."""
    s = settings()
    if site_data is not None:
        key = (site_data.version, site_data.sha256) if site_data.version is not None else None
    else:
        version = current_version()
        key = (version.id, version.sha256) if version is not None else None
    cm = file_mtime(s.contours_path)
    if key is None or cm is None or contours() is None:
        return pd.DataFrame(columns=["id_fs", "distance_km"])
    return _flagged(s.database_url, *key, str(s.contours_path), cm)


@st.cache_data(show_spinner=False, max_entries=32)
def site_layer_data(_sites_frame: pd.DataFrame, key: tuple) -> tuple[list[list], str]:
    """Packed site layer for a filtered frame; ``key`` says which filter made it."""
    return maps.site_layer_data(_sites_frame)


def records() -> pd.DataFrame:
    return registry.all_records(db())


def is_demo() -> bool:
    return registry.is_demo(db())
