"""Alembic environment: the fsdash tables, one connection given by fsdash.storage.engine."""

from alembic import context
from sqlalchemy import create_engine, text

from fsdash.storage.tables import metadata

config = context.config


def run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Several dashboard processes may start at once: one migrates, the others wait.
            connection.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:  # the alembic command line: URL from -x url=... or the settings
    from fsdash.domain.settings import get_settings

    url = context.get_x_argument(as_dictionary=True).get("url") or get_settings().database_url
    with create_engine(url).connect() as conn:
        run_migrations(conn)
        conn.commit()
