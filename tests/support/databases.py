"""The tests' databases: SQLite files by default, PostgreSQL databases when
``FSDASH_TEST_DATABASE_URL`` names a server.

A fresh database is a copy of a migrated template made once per test session:
on SQLite a copied file, on PostgreSQL ``CREATE DATABASE … TEMPLATE``. Running
every migration for each test cost about 0.6 s a test on SQLite. An *empty*
database (no table at all) is for the tests of the migrations themselves.

The PostgreSQL server that the deployment, backup and multi-process tests need
is ``postgresql_url()``: it answers, or the reason it does not is given.
"""

from __future__ import annotations

import os
import shutil
import uuid
from functools import cache
from pathlib import Path

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def server_url() -> str | None:
    """The PostgreSQL server the suite runs on, or None for SQLite."""
    return os.environ.get("FSDASH_TEST_DATABASE_URL") or None


def _database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` on the same server."""
    base, _, rest = url.rpartition("/")
    query = rest.partition("?")[2]
    return f"{base}/{name}" + (f"?{query}" if query else "")


@cache
def _probe(url: str) -> str | None:
    """None when the server at ``url`` answers, else why not (one try per session)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # noqa: BLE001 — any failure to answer is the reason we give
        return f"PostgreSQL {url} does not answer: {type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
    finally:
        engine.dispose()


def postgresql_url() -> tuple[str | None, str]:
    """(URL, "") of a PostgreSQL server that answers (``FSDASH_TEST_DATABASE_URL``, else
    ``FSDASH_PG_URL``, else the local one), or (None, why not)."""
    url = server_url() or os.environ.get("FSDASH_PG_URL") or DEFAULT_PG
    reason = _probe(url)
    return (None, reason) if reason else (url, "")


class Databases:
    """Creates and drops the session's databases."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.server = server_url()
        self.template: str | None = None
        self.created: list[str] = []
        self._admin = None
        if self.server:
            from sqlalchemy import create_engine

            self._admin = create_engine(self.server, isolation_level="AUTOCOMMIT")

    def _execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self._admin.connect() as conn:
            conn.execute(text(sql))

    def _template(self) -> str:
        """The migrated template, made on first use: a SQLite file, or a PostgreSQL database name."""
        if self.template is None:
            from fsdash.storage.engine import make_engine

            if self.server:
                name = f"fsdash_tpl_{uuid.uuid4().hex[:10]}"
                self._execute(f'CREATE DATABASE "{name}"')
                self.created.append(name)
                make_engine(_database(self.server, name)).dispose()
                self.template = name
            else:
                path = self.folder / "template.sqlite"
                make_engine(f"sqlite:///{path}").dispose()  # WAL checkpointed on the last close
                self.template = str(path)
        return self.template

    def new(self, folder: Path, *, migrated: bool = True) -> str:
        """The URL of a new database: migrated (a copy of the template) or empty."""
        if self.server:
            name = f"fsdash_t_{uuid.uuid4().hex[:12]}"
            template = f' TEMPLATE "{self._template()}"' if migrated else ""
            self._execute(f'CREATE DATABASE "{name}"{template}')
            self.created.append(name)
            return _database(self.server, name)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"test-{uuid.uuid4().hex[:6]}.sqlite"
        if migrated:
            shutil.copyfile(self._template(), path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        from fsdash.storage.engine import dispose_engine

        dispose_engine(url)
        if self.server:
            name = url.rpartition("/")[2].partition("?")[0]
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if name in self.created:
                self.created.remove(name)

    def close(self) -> None:
        if self.server:
            for name in reversed(self.created):
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._admin.dispose()


def scratch_database(server: str, prefix: str = "fsdash_scratch"):
    """A new, empty database of its own on the PostgreSQL ``server``: (URL, drop)."""
    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        from fsdash.storage.engine import dispose_engine

        url = _database(server, name)
        dispose_engine(url)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return _database(server, name), drop
