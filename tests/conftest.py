"""Shared fixtures: the real official files in ../shared/data and a fresh database."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = (PROJECT_ROOT.parent / "shared" / "data").resolve()
REAL_SITES = SHARED_DATA / "liste-fs-20240801.csv"
REAL_CONTOURS = SHARED_DATA / "departements-1000m.geojson"


@pytest.fixture
def database_url(tmp_path):
    """A fresh, empty database for one test: a SQLite file under tmp_path, or, when
    FSDASH_TEST_DATABASE_URL names a PostgreSQL database, a schema of its own in it
    (the URL sets its search_path, so every engine of the test lands there)."""
    from fsdash.storage.engine import dispose_engine

    pg = os.environ.get("FSDASH_TEST_DATABASE_URL")
    if not pg:
        url = f"sqlite:///{tmp_path / 'test.sqlite'}"
        yield url
        dispose_engine(url)
        return
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in pg else "?"
    url = f"{pg}{separator}options=-csearch_path%3D{schema}"
    yield url
    dispose_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def engine(database_url):
    from fsdash.storage.engine import make_engine

    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright (skips nowhere: CI installs it)."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_chromium

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


@pytest.fixture
def page_env(monkeypatch, app_env) -> str:
    """``app_env`` set in this process, for AppTest pages; returns the database URL."""
    for name, value in app_env.items():
        monkeypatch.setenv(name, value)
    return app_env["FSDASH_DATABASE_URL"]
