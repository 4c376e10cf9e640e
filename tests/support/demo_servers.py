"""The dashboard with the demonstration registry, as the bench and load scripts
(``scripts/``) measure it: on loopback with a temporary SQLite database (or a database
given), or behind nginx (``scripts/deploy.sh``) on a PostgreSQL database of its own.
One place for what every script set up for itself."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fsdash.storage import demo, rights
from fsdash.storage.engine import dispose_engine, get_engine
from tests.support.browser import StreamlitServer
from tests.support.deploy import Deployment, deployment

OPERATOR = rights.operator("banc d'essai")


def load_demo_into(database_url: str) -> None:
    """The demonstration registry (its fictitious timeline) written into ``database_url``."""
    demo.load_demo(get_engine(database_url), OPERATOR)
    dispose_engine(database_url)


def dashboard_env(data: Path, database_url: str) -> dict[str, str]:
    """A process's settings for a measurement: the official files in ``data``, no map tiles."""
    return {"FSDASH_DATA_DIR": str(data), "FSDASH_DATABASE_URL": database_url, "FSDASH_TILES_URL": ""}


@contextlib.contextmanager
def temporary_database() -> Iterator[str]:
    """A SQLite database in a temporary folder, with the demonstration registry; its URL."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        load_demo_into(url)
        yield url


@contextlib.contextmanager
def demo_dashboard(data: Path, env: dict[str, str] | None = None, database_url: str | None = None,
                   log: Path | None = None) -> Iterator[str]:
    """One dashboard process on loopback with the demonstration registry (in ``database_url``,
    else a temporary SQLite database); its URL."""
    with contextlib.ExitStack() as stack:
        if database_url is None:
            database_url = stack.enter_context(temporary_database())
        else:
            load_demo_into(database_url)
        server = stack.enter_context(StreamlitServer({**dashboard_env(data, database_url), **(env or {})}, log=log))
        yield server.url


@contextlib.contextmanager
def demo_deployment(data: Path, processes: int = 2) -> Iterator[Deployment]:
    """nginx in front of ``processes`` dashboard processes sharing a PostgreSQL database of its own
    (dropped afterwards), with the demonstration registry."""
    with deployment(processes=processes, env={"FSDASH_DATA_DIR": str(data), "FSDASH_TILES_URL": ""},
                    debug=False) as deployed:
        load_demo_into(deployed.database_url)
        yield deployed
