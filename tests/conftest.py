"""Shared fixtures: the real official files in ../shared/data and a fresh database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = (PROJECT_ROOT.parent / "shared" / "data").resolve()
REAL_SITES = SHARED_DATA / "liste-fs-20240801.csv"
REAL_CONTOURS = SHARED_DATA / "departements-1000m.geojson"


@pytest.fixture
def database_url(tmp_path) -> str:
    """A fresh database: SQLite under tmp_path, or the PostgreSQL URL given by
    FSDASH_TEST_DATABASE_URL (a schema of its own per test is not needed: the
    tables are dropped first)."""
    pg = os.environ.get("FSDASH_TEST_DATABASE_URL")
    if pg:
        from fsdash.db import make_engine, metadata

        engine = make_engine(pg)
        metadata.drop_all(engine)
        engine.dispose()
        return pg
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def engine(database_url):
    from fsdash.db import make_engine

    eng = make_engine(database_url)
    yield eng
    eng.dispose()
