"""Database engines, one per URL, with the schema brought to the newest migration.

SQLite file by default, PostgreSQL by URL (``FSDASH_DATABASE_URL``). The schema is
made and changed by the Alembic migrations in ``migrations/``; the tables are
declared in ``tables``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from fsdash.storage.registry import ensure_rows

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")  # first: switching to WAL may wait for another process
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """A new engine for ``url``, with the schema created. Prefer ``get_engine``."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    create_schema(engine)
    return engine


def get_engine(url: str) -> Engine:
    """One engine per URL for the whole process (engines are thread-safe pools)."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = make_engine(url)
        return engine


def dispose_engine(url: str) -> None:
    """Forget the process's engine for ``url`` and close its connections."""
    with _lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def create_schema(engine: Engine) -> None:
    """Bring the schema to the latest migration (Alembic), creating it on first start,
    and make sure every département has its record.

    A database made before migrations existed (tables but no ``alembic_version``)
    is stamped at the baseline first, then upgraded.
    """
    from alembic import command
    from sqlalchemy import inspect

    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # Several processes may start at once on a new file: the first takes the write lock
            # before looking at the tables, the others wait (busy_timeout) and then find them.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        tables = set(inspect(connection).get_table_names())
        config = alembic_config(connection)
        if "facilitators" in tables and "alembic_version" not in tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
    ensure_rows(engine)  # one record per département from the first start on
