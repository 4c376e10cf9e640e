"""Back up, wipe, restore: the same data, on SQLite and across to PostgreSQL."""

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from fsdash.budget import scenarios
from fsdash.budget.assumptions import Assumptions
from fsdash.storage import backup, demo, registry
from fsdash.storage.engine import make_engine
from fsdash.storage.rights import ADMIN, User
from fsdash.storage.tables import metadata
from tests.conftest import PROJECT_ROOT

ALICE, BOB, ZOE = (User(f"{n}@anct.gouv.fr", ADMIN, name=n.capitalize()) for n in ("alice", "bob", "zoe"))


def normal(value) -> str:
    """Same text for the same value on SQLite (naive UTC timestamps) and PostgreSQL."""
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return str(value)


def snapshot(engine) -> dict:
    with engine.connect() as conn:
        return {t.name: sorted((tuple(sorted((k, normal(v)) for k, v in r.items()))
                                for r in conn.execute(select(t)).mappings()), key=str)
                for t in metadata.sorted_tables}


def fill(engine):
    demo.load_demo(engine, ALICE)
    registry.update_record(engine, "37", {"statut": "mi-temps", "date_debut": "2024-02-01",
                                          "animateur_nom": "Jeanne Martin", "financement_annuel": 50000}, ALICE, None)
    scenarios.save_scenario(engine, "Vague 2024", Assumptions(), ALICE)


def test_backup_wipe_restore_gives_the_same_data(engine, tmp_path):
    fill(engine)
    before = snapshot(engine)
    path = tmp_path / "fsdash.backup.json.gz"
    counts = backup.write_backup(engine, path)
    assert counts["facilitators"] == 102 and counts["facilitator_history"] > 100
    with engine.begin() as conn:  # wipe
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    assert registry.history(engine).empty
    backup.restore(engine, backup.read_backup(path))
    assert snapshot(engine) == before
    rec = registry.get_record(engine, "37")
    assert rec["date_debut"] == date(2024, 2, 1) and rec["animateur_nom"] == "Jeanne Martin"
    # the restored database keeps working: ids continue, versions are checked
    registry.update_record(engine, "37", {"statut": "temps plein"}, BOB, rec["version"])


def test_restore_of_a_bad_file_changes_nothing(engine, tmp_path):
    fill(engine)
    before = snapshot(engine)
    bad = tmp_path / "bad.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(backup.BackupError, match="pas une sauvegarde fsdash lisible"):
        backup.read_backup(bad)
    with pytest.raises(backup.BackupError, match="Tables inconnues"):
        backup.restore(engine, {"tables": {"autre": []}, "format": "fsdash-backup", "format_version": 1})
    assert snapshot(engine) == before


def test_sqlite_backup_restores_on_postgresql(postgresql, tmp_path):
    """A SQLite database's backup restored into a new PostgreSQL database gives the same rows
    (whichever database the suite runs on: the source is a SQLite file of its own)."""
    from tests.support.databases import scratch_database

    source = make_engine(f"sqlite:///{tmp_path / 'source.sqlite'}")
    fill(source)
    path = tmp_path / "b.json.gz"
    backup.write_backup(source, path)
    url, drop = scratch_database(postgresql, "fsdash_backup")
    try:
        pg = make_engine(url)
        backup.restore(pg, backup.read_backup(path))
        assert snapshot(pg) == snapshot(source)
        pg.dispose()
    finally:
        source.dispose()
        drop()


def test_command_line_backup_and_restore(tmp_path, database_url):
    env = {**os.environ, "FSDASH_DATABASE_URL": database_url}
    engine = make_engine(database_url)
    fill(engine)
    before = snapshot(engine)
    path = tmp_path / "cli.json.gz"
    run = lambda *a: subprocess.run([sys.executable, "-m", "fsdash", *a], cwd=PROJECT_ROOT, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=60)
    result = run("backup", str(path))
    assert result.returncode == 0 and "facilitators 102" in result.stdout
    registry.update_record(engine, "01", {"statut": "temps plein"}, ZOE, None)
    assert run("restore", str(path)).returncode == 1  # no confirmation without a terminal
    result = run("restore", str(path), "--oui")
    assert result.returncode == 0, result.stderr
    assert snapshot(engine) == before
    engine.dispose()


# --------------------------------------------------------------------------- bad backups (issue 12, point 6)


def good_document(engine) -> dict:
    fill(engine)
    return backup.dump(engine)


def broken(document: dict, change) -> dict:
    import copy

    out = copy.deepcopy(document)
    change(out)
    return out


BAD_BACKUPS = {
    "no tables at all": lambda d: d["tables"].clear(),
    "no tables key": lambda d: d.pop("tables"),
    "tables not a mapping": lambda d: d.update(tables=[]),
    "one table missing": lambda d: d["tables"].pop("budget_scenarios"),
    "an unknown table": lambda d: d["tables"].update(other=[]),
    "an unknown column": lambda d: d["tables"]["budget_scenarios"][0].update(password="x"),
    "rows not a list": lambda d: d["tables"].update(facilitators={"37": {}}),
    "another schema revision": lambda d: d.update(schema_revision="0001"),
    "no schema revision": lambda d: d.pop("schema_revision"),
    "an unreadable date": lambda d: d["tables"]["facilitators"][0].update(date_debut={"$date": "hier"}),
    "unreadable bytes": lambda d: d["tables"]["budget_scenarios"][0].update(name={"$bytes": "%%%"}),
    "a duplicate key": lambda d: d["tables"]["facilitators"].append(d["tables"]["facilitators"][0]),
    "a missing required value": lambda d: d["tables"]["facilitator_history"][0].pop("author"),
}


@pytest.mark.parametrize("case", list(BAD_BACKUPS))
def test_a_bad_backup_is_refused_in_french_and_the_database_is_untouched(engine, case):
    document = broken(good_document(engine), BAD_BACKUPS[case])
    registry.update_record(engine, "37", {"statut": "aucun"}, BOB, None)  # the database has moved on
    before = snapshot(engine)
    with pytest.raises(backup.BackupError, match="rien n'a été restauré|Rien n'a été restauré"):
        backup.restore(engine, document)
    assert snapshot(engine) == before


def test_the_backup_records_the_schema_revision(engine):
    from fsdash.storage.engine import alembic_config

    document = backup.dump(engine)
    from alembic.script import ScriptDirectory

    assert document["schema_revision"] == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_after_a_restore_the_start_up_fills_have_run(engine):
    document = good_document(engine)
    document["tables"]["facilitators"] = []
    document["tables"]["facilitator_history"] = []
    backup.restore(engine, document)
    assert len(registry.all_records(engine)) == 102 and registry.get_record(engine, "37")["version"] == 1
