"""Alembic migrations: the same schema as the code, on SQLite and PostgreSQL; a
database made by an older schema keeps every row; processes starting together on
an empty database both come up."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, func, inspect, select, text

from fsdash.budget.assumptions import Assumptions
from fsdash.domain.territories import CODES
from fsdash.storage import periods as period_store
from fsdash.storage import registry
from fsdash.storage.engine import BASELINE, alembic_config, make_engine
from fsdash.storage.tables import metadata
from tests.conftest import PROJECT_ROOT, REAL_SITES


def head() -> str:
    """The newest migration of fsdash/storage/migrations/versions, as Alembic resolves it."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def drift(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def current_revision(engine) -> str:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_fresh_database_is_migrated_to_head_without_drift(empty_database_url):
    engine = make_engine(empty_database_url)
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
    assert current_revision(engine) == head()
    assert drift(engine) == []
    engine.dispose()


# --------------------------------------------------------------------------- an old database keeps its rows

SAVED = datetime(2024, 3, 5, 10, 30, tzinfo=UTC)


def first_schema_rows() -> dict[str, list[dict]]:
    """What a registry used for a while holds, in the tables of the first schema (0001): 102
    records (some filled, with personal data), their history, the demo flag, a scenario, two
    versions of the real site list with the second current, and that list's history."""
    blank = {"statut": "non renseigné", "etp": 0.0, "structure_porteuse": "", "type_structure": "",
             "date_debut": None, "date_convention": None, "financement_annuel": None, "commentaire": "",
             "animateur_nom": "", "animateur_email": "", "animateur_telephone": "", "version": 1,
             "updated_at": None, "updated_by": ""}
    records = {code: {"departement": code, **blank} for code in CODES}
    records["87"] |= {"statut": "temps plein", "etp": 1.0, "structure_porteuse": "Conseil départemental",
                      "type_structure": "conseil départemental", "date_debut": date(2024, 1, 1),
                      "date_convention": date(2023, 11, 20), "financement_annuel": 50000.0,
                      "commentaire": "Poste pourvu", "animateur_nom": "Jeanne Martin",
                      "animateur_email": "jeanne.martin@haute-vienne.fr", "animateur_telephone": "05 55 00 00 00",
                      "version": 3, "updated_at": SAVED, "updated_by": "Préfecture 87 <pref87@interieur.gouv.fr>"}
    records["37"] |= {"statut": "mi-temps", "etp": 0.5, "financement_annuel": 25000.0, "version": 2,
                      "updated_at": SAVED, "updated_by": "ANCT <a@anct.gouv.fr>"}
    records["2A"] |= {"statut": "aucun", "version": 2, "updated_at": SAVED, "updated_by": "ANCT <a@anct.gouv.fr>"}
    records["01"] |= {"commentaire": "À vérifier, « guillemets » et accents"}
    history = [
        {"id": 1, "change_id": "c1", "departement": "87", "changed_at": SAVED, "author": "Préfecture 87",
         "action": "modification", "field": "statut", "before": "non renseigné", "after": "temps plein"},
        {"id": 2, "change_id": "c1", "departement": "87", "changed_at": SAVED, "author": "Préfecture 87",
         "action": "modification", "field": "animateur_nom", "before": None, "after": "Jeanne Martin"},
        {"id": 3, "change_id": "c2", "departement": "37", "changed_at": SAVED, "author": "ANCT", "action": "import",
         "field": "statut", "before": "non renseigné", "after": "mi-temps"},
    ]
    data = REAL_SITES.read_bytes()
    versions = [
        {"id": i, "created_at": SAVED, "author": "ANCT", "source": source, "file_name": REAL_SITES.name,
         "url": url, "extract_date": date(2024, 8, 1), "sha256": hashlib.sha256(body).hexdigest(),
         "size": len(body), "row_count": 2845, "valid_count": 2845, "error_count": 0, "warning_count": 0,
         "data": body}
        for i, source, url, body in [(1, "local", None, data),
                                     (2, "download", "https://www.data.gouv.fr/x.csv", data + b"\n")]
    ]
    return {
        "facilitators": list(records.values()),
        "facilitator_history": history,
        "app_settings": [{"key": "demo", "value": "1"}],
        "budget_scenarios": [{"id": 1, "name": "Référence", "assumptions": Assumptions().to_dict(),
                              "created_by": "ANCT", "created_at": SAVED, "updated_by": "ANCT",
                              "updated_at": SAVED}],
        "site_list_versions": versions,
        "site_list_current": [{"id": 1, "version_id": 2, "changed_at": SAVED, "changed_by": "ANCT"}],
        "site_list_history": [
            {"id": 1, "changed_at": SAVED, "author": "ANCT", "action": "import", "version_id": 1,
             "previous_version_id": None, "summary": "Première version", "counts": None},
            {"id": 2, "changed_at": SAVED, "author": "ANCT", "action": "import", "version_id": 2,
             "previous_version_id": 1, "summary": "1 site modifié", "counts": {"modifie": 1, "ajoute": 0}},
        ],
    }


def read_rows(engine, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of the given tables, on the given columns only, in a stable order, as the
    database's own table definitions (reflected, not fsdash's) read them back."""
    reflected = MetaData()
    reflected.reflect(engine, only=list(columns))
    out = {}
    with engine.connect() as conn:
        for name, names in columns.items():
            table = reflected.tables[name]
            rows = conn.execute(select(*(table.c[c] for c in names)).order_by(*table.primary_key.columns))
            out[name] = [tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict) else v for v in row)
                         for row in rows]
    return out


@pytest.mark.parametrize("alembic_mark", ["kept", "dropped"])
def test_database_made_by_the_first_schema_is_stamped_and_kept(empty_database_url, alembic_mark):
    """A database made by the first schema and used for a while: every row of every table is
    unchanged after the upgrade and the revision is the newest. « dropped »: made by the first
    version of fsdash, before migrations existed (the baseline's tables, no ``alembic_version``)."""
    raw = create_engine(empty_database_url)
    with raw.begin() as conn:
        command.upgrade(alembic_config(conn), BASELINE)
        if alembic_mark == "dropped":
            conn.execute(text("DROP TABLE alembic_version"))
    old = MetaData()
    old.reflect(raw)
    rows = first_schema_rows()
    assert set(rows) == set(old.tables) - {"alembic_version"}, "every table of the first schema gets rows"
    with raw.begin() as conn:
        for table in old.sorted_tables:
            if table.name in rows:
                conn.execute(table.insert(), rows[table.name])
    columns = {name: [c.name for c in old.tables[name].columns] for name in rows}
    before = read_rows(raw, columns)
    raw.dispose()
    assert {name: len(r) for name, r in before.items()} == {name: len(r) for name, r in rows.items()}

    engine = make_engine(empty_database_url)
    assert current_revision(engine) == head()
    assert drift(engine) == []
    assert read_rows(engine, columns) == before
    assert len(registry.all_records(engine)) == 102
    engine.dispose()


# --------------------------------------------------------------------------- processes starting together

STARTER = """
import json, os, sys, time
from pathlib import Path
url, folder, me = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
from fsdash.storage.engine import make_engine  # imported before the start line, not after
from fsdash.storage import registry
(folder / f"ready-{me}").touch()
while not (folder / "go").exists():
    time.sleep(0.002)
engine = make_engine(url)
records = registry.all_records(engine)
from alembic.migration import MigrationContext
with engine.connect() as conn:
    revision = MigrationContext.configure(conn).get_current_revision()
print(json.dumps({"revision": revision, "records": len(records), "codes": sorted(records["departement"])}))
"""


def test_two_processes_starting_at_once_on_an_empty_database_both_come_up(empty_database_url, tmp_path):
    """Two real processes, released at the same instant on a database with no table: both migrate
    or wait for the other (PostgreSQL's advisory lock, SQLite's write lock), both see the newest
    revision, and the registry holds exactly one record per territory."""
    processes = [subprocess.Popen([sys.executable, "-c", STARTER, empty_database_url, str(tmp_path), str(i)],
                                  cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in (1, 2)]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{i}").exists() for i in (1, 2)):
        assert time.monotonic() < deadline and all(p.poll() is None for p in processes), \
            [p.communicate() for p in processes if p.poll() is not None]
        time.sleep(0.01)
    (tmp_path / "go").touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    for result in results:
        assert result["revision"] == head()
        assert result["records"] == 102 and result["codes"] == sorted(CODES)
    engine = make_engine(empty_database_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(metadata.tables["facilitators"])).scalar() == 102
    assert drift(engine) == []


def _record(code, statut="non renseigné", **values):
    base = {"departement": code, "statut": statut, "etp": {"mi-temps": 0.5, "temps plein": 1.0}.get(statut, 0.0),
            "structure_porteuse": "", "type_structure": "", "date_debut": None, "date_convention": None,
            "financement_annuel": None, "commentaire": "", "animateur_nom": "", "animateur_email": "",
            "animateur_telephone": "", "version": 1, "updated_at": None, "updated_by": ""}
    return base | values


def test_records_of_revision_0002_become_periods_nothing_lost(empty_database_url):
    """A registry made by revision 0002 with real-looking content: each filled record
    becomes one period (from its date_debut, or an unknown start), the blank ones
    none; records, personal fields and history are kept as they were."""
    from datetime import UTC, date, datetime

    from fsdash.domain.territories import CODES
    from fsdash.storage.tables import facilitator_history, facilitators

    raw = create_engine(empty_database_url)
    with raw.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
    saved = datetime(2024, 3, 5, 10, 30, tzinfo=UTC)
    records = {code: _record(code) for code in CODES}
    records["87"] = _record("87", "temps plein", structure_porteuse="Conseil départemental",
                            type_structure="conseil départemental", date_debut=date(2024, 1, 1),
                            date_convention=date(2023, 11, 20), financement_annuel=50000.0,
                            animateur_nom="Jeanne Martin", animateur_email="jeanne.martin@haute-vienne.fr",
                            animateur_telephone="05 55 00 00 00", commentaire="Poste pourvu", version=3,
                            updated_at=saved, updated_by="Préfecture 87 <pref87@interieur.gouv.fr>")
    records["37"] = _record("37", "mi-temps", financement_annuel=25000.0, version=2, updated_at=saved,
                            updated_by="ANCT <a@anct.gouv.fr>")
    records["2A"] = _record("2A", "aucun", version=2, updated_at=saved, updated_by="ANCT <a@anct.gouv.fr>")
    records["01"] = _record("01", commentaire="À vérifier")  # unknown, comment only: no period
    records["05"] = _record("05", structure_porteuse="Mairie de Gap")  # unknown status, but something known
    history = [
        {"change_id": "c1", "departement": "87", "changed_at": saved, "author": "Préfecture 87", "action":
         "modification", "field": "statut", "before": "non renseigné", "after": "temps plein"},
        {"change_id": "c1", "departement": "87", "changed_at": saved, "author": "Préfecture 87", "action":
         "modification", "field": "animateur_nom", "before": None, "after": "Jeanne Martin"},
        {"change_id": "c2", "departement": "37", "changed_at": saved, "author": "ANCT", "action": "import",
         "field": "statut", "before": "non renseigné", "after": "mi-temps"},
    ]
    with raw.begin() as conn:
        conn.execute(facilitators.insert(), list(records.values()))
        conn.execute(facilitator_history.insert(), history)  # declared with date_effet: give it rows without
    raw.dispose()

    engine = make_engine(empty_database_url)
    assert current_revision(engine) == head()
    assert drift(engine) == []
    periods = period_store.periods(engine).set_index("departement")
    assert sorted(periods.index) == ["05", "2A", "37", "87"]
    assert periods.at["87", "date_effet"] == date(2024, 1, 1)
    assert periods.at["87", "statut"] == "temps plein"
    assert periods.at["87", "date_convention"] == date(2023, 11, 20)
    assert periods.at["87", "financement_annuel"] == 50000.0
    assert periods.at["87", "recorded_by"] == "Préfecture 87 <pref87@interieur.gouv.fr>"
    assert periods.at["37", "date_effet"] is None and periods.at["37", "statut"] == "mi-temps"
    assert periods.at["05", "statut"] == "non renseigné" and periods.at["05", "structure_porteuse"] == "Mairie de Gap"
    now = registry.all_records(engine).set_index("departement")
    assert len(now) == 102
    assert now.at["87", "statut"] == "temps plein" and now.at["87", "animateur_nom"] == "Jeanne Martin"
    assert now.at["87", "animateur_telephone"] == "05 55 00 00 00" and now.at["87", "commentaire"] == "Poste pourvu"
    assert now.at["87", "date_debut"] == date(2024, 1, 1) and now.at["87", "version"] == 3
    assert now.at["37", "statut"] == "mi-temps" and now.at["2A", "statut"] == "aucun"
    assert now.at["01", "statut"] == "non renseigné" and now.at["01", "commentaire"] == "À vérifier"
    assert now.at["13", "statut"] == "non renseigné"
    before_2024 = registry.records_at(engine, date(2023, 12, 31)).set_index("departement")
    assert before_2024.at["87", "statut"] == "non renseigné"  # its period starts on 2024-01-01
    assert before_2024.at["37", "statut"] == "mi-temps"  # unknown start: in force before any date
    kept = registry.history(engine)
    assert len(kept) == 3 and set(kept["change_id"]) == {"c1", "c2"}
    assert kept["date_effet"].isna().all()
    engine.dispose()
