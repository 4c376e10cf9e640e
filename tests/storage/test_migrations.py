"""Alembic migrations: the same schema as the code, on SQLite and PostgreSQL."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from fsdash.storage import registry, rights
from fsdash.storage.engine import BASELINE, alembic_config, make_engine
from fsdash.storage.tables import metadata


def head() -> str:
    """The newest migration of fsdash/migrations/versions."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def drift(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def current_revision(engine) -> str:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_fresh_database_is_migrated_to_head_without_drift(database_url):
    engine = make_engine(database_url)
    assert current_revision(engine) == head()
    assert drift(engine) == []
    assert len(registry.all_records(engine)) == 102
    engine.dispose()


def test_downgrade_to_nothing_and_back(database_url):
    engine = make_engine(database_url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    engine = make_engine(database_url)
    assert drift(engine) == []
    engine.dispose()


def test_database_made_before_migrations_is_stamped_and_kept(database_url):
    raw = create_engine(database_url)
    baseline = [t for t in metadata.sorted_tables if t.name not in ("accounts", "account_history", "access_refusals",
                                                                     "account_subjects")]
    metadata.create_all(raw, tables=baseline)  # what the first version of fsdash did
    raw.dispose()
    engine = make_engine(database_url)
    registry.update_record(engine, "37", {"statut": "mi-temps"}, rights.operator("Alice"), None)
    assert current_revision(engine) >= BASELINE
    assert drift(engine) == []
    engine.dispose()


def test_two_processes_starting_at_once_both_get_a_schema(database_url):
    first, second = make_engine(database_url), make_engine(database_url)
    assert current_revision(first) == current_revision(second)
    first.dispose()
    second.dispose()
