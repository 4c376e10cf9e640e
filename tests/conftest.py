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
        from sqlalchemy import create_engine, text

        from fsdash.db import import_table_modules, metadata

        import_table_modules()
        engine = create_engine(pg)
        metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
        return pg
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def engine(database_url):
    from fsdash.db import make_engine

    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (skips nowhere: CI installs it)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def app_env(tmp_path, database_url) -> dict[str, str]:
    """Environment for a dashboard on the real data with a fresh database, tiles off."""
    return {
        "FSDASH_DATA_DIR": str(SHARED_DATA),
        "FSDASH_DATABASE_URL": database_url,
        "FSDASH_TILES_URL": "",
    }
