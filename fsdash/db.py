"""Database engine and schema: one SQLAlchemy ``MetaData`` shared by every table.

SQLite file by default, PostgreSQL by URL (``FSDASH_DATABASE_URL``). The schema is
created on first use; every module that owns tables declares them on ``metadata``
and is imported by ``create_schema`` so that ``create_all`` sees them.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, event

metadata = MetaData()

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
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


def create_schema(engine: Engine) -> None:
    # Import the modules that declare tables so that they are registered.
    from fsdash import registry, site_versions  # noqa: F401

    try:
        from fsdash import scenarios  # noqa: F401
    except ImportError:
        pass
    metadata.create_all(engine)
