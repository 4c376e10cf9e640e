"""Cached access to the data for the pages: files by modification time, one
database engine per process, the registry read fresh (it is small and shared)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from fsdash import maps, registry
from fsdash.config import Settings, get_settings
from fsdash.contours import Contours, ContoursFileError, display_features, load_contours
from fsdash.db import get_engine
from fsdash.quality import outside_contour
from fsdash.sites import Report, load_sites


@dataclass(frozen=True)
class SiteData:
    sites: pd.DataFrame  # valid sites, with column ``hors_contour_km`` (NaN when inside)
    report: Report
    path: Path
    modified: float


def settings() -> Settings:
    return get_settings()


@st.cache_resource(show_spinner=False)
def engine(url: str):
    return get_engine(url)


def db():
    return engine(settings().database_url)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


@st.cache_data(show_spinner="Lecture de la liste des sites…", max_entries=4)
def _sites(path: str, modified: float) -> tuple[pd.DataFrame, Report]:
    return load_sites(path)


@st.cache_resource(show_spinner="Lecture des contours…", max_entries=2)
def _contours(path: str, modified: float) -> Contours:
    return load_contours(path)


@st.cache_data(show_spinner=False, max_entries=2)
def _packed_geometries(path: str, modified: float) -> maps.PackedGeometries:
    return maps.pack_geometries(display_features(_contours(path, modified)))


@st.cache_data(show_spinner=False, max_entries=4)
def _flagged(sites_path: str, sites_modified: float, contours_path: str, contours_modified: float) -> pd.DataFrame:
    sites, _ = _sites(sites_path, sites_modified)
    return outside_contour(sites, _contours(contours_path, contours_modified))


def missing_files() -> list[Path]:
    s = settings()
    return [p for p in (s.sites_path, s.contours_path) if not p.exists()]


def site_data() -> SiteData | None:
    path = settings().sites_path
    modified = _mtime(path)
    if modified is None:
        return None
    sites, report = _sites(str(path), modified)
    return SiteData(sites, report, path, modified)


def contours() -> Contours | None:
    path = settings().contours_path
    modified = _mtime(path)
    if modified is None:
        return None
    try:
        return _contours(str(path), modified)
    except ContoursFileError:
        return None


def packed_geometries() -> maps.PackedGeometries | None:
    path = settings().contours_path
    modified = _mtime(path)
    if modified is None or contours() is None:
        return None
    return _packed_geometries(str(path), modified)


def flagged_sites() -> pd.DataFrame:
    """Sites more than a few km outside their own département (data-quality warning)."""
    s = settings()
    sm, cm = _mtime(s.sites_path), _mtime(s.contours_path)
    if sm is None or cm is None or contours() is None:
        return pd.DataFrame(columns=["id_fs", "distance_km"])
    return _flagged(str(s.sites_path), sm, str(s.contours_path), cm)


@st.cache_data(show_spinner=False, max_entries=32)
def site_layer_data(_sites_frame: pd.DataFrame, key: tuple) -> tuple[list[list], str]:
    """Packed site layer for a filtered frame; ``key`` says which filter made it."""
    return maps.site_layer_data(_sites_frame)


def records() -> pd.DataFrame:
    return registry.all_records(db())


def is_demo() -> bool:
    return registry.is_demo(db())
