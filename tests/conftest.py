"""Shared fixtures: the real official files in ../shared/data and a fresh database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = (PROJECT_ROOT.parent / "shared" / "data").resolve()
REAL_SITES = SHARED_DATA / "liste-fs-20240801.csv"
REAL_CONTOURS = SHARED_DATA / "departements-1000m.geojson"


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """Makes the tests' databases: SQLite, or PostgreSQL when FSDASH_TEST_DATABASE_URL names a
    server (``tests.support.databases``); a migrated template is copied for each."""
    from tests.support.databases import Databases

    made = Databases(tmp_path_factory.mktemp("databases"))
    yield made
    made.close()


@pytest.fixture
def database_url(databases, tmp_path):
    """A fresh database for one test, already migrated (with its 102 blank records):
    a SQLite file under tmp_path, or a PostgreSQL database of its own."""
    url = databases.new(tmp_path)
    yield url
    databases.drop(url)


@pytest.fixture
def empty_database_url(databases, tmp_path):
    """A database with no table at all, for the tests of the migrations themselves."""
    url = databases.new(tmp_path, migrated=False)
    yield url
    databases.drop(url)


@pytest.fixture(scope="module")
def module_database_url(databases, tmp_path_factory):
    """A fresh migrated database shared by one module's tests (a module's Streamlit server)."""
    url = databases.new(tmp_path_factory.mktemp("db"))
    yield url
    databases.drop(url)


@pytest.fixture(scope="session")
def postgresql():
    """The URL of a PostgreSQL server that answers, for tests that need one whatever the suite's
    database; skipped, with the reason, when none answers (a failure on CI)."""
    from tests.support.databases import postgresql_url

    url, reason = postgresql_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url


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


@pytest.fixture(scope="module")
def module_app_env(module_database_url) -> dict[str, str]:
    """``app_env`` for a Streamlit server shared by one module's tests (one database for them all)."""
    return {
        "FSDASH_DATA_DIR": str(SHARED_DATA),
        "FSDASH_DATABASE_URL": module_database_url,
        "FSDASH_TILES_URL": "",
    }


@pytest.fixture
def page_env(monkeypatch, app_env) -> str:
    """``app_env`` set in this process, for AppTest pages; returns the database URL."""
    for name, value in app_env.items():
        monkeypatch.setenv(name, value)
    return app_env["FSDASH_DATABASE_URL"]
