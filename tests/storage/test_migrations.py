"""Alembic migrations: the same schema as the code, on SQLite and PostgreSQL."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from fsdash.storage import periods as period_store
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
    with raw.begin() as conn:  # the baseline's tables without Alembic's mark: what the first version did
        command.upgrade(alembic_config(conn), BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))
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


def _record(code, statut="non renseigné", **values):
    base = {"departement": code, "statut": statut, "etp": {"mi-temps": 0.5, "temps plein": 1.0}.get(statut, 0.0),
            "structure_porteuse": "", "type_structure": "", "date_debut": None, "date_convention": None,
            "financement_annuel": None, "commentaire": "", "animateur_nom": "", "animateur_email": "",
            "animateur_telephone": "", "version": 1, "updated_at": None, "updated_by": ""}
    return base | values


def test_records_of_revision_0002_become_periods_nothing_lost(database_url):
    """A registry made by revision 0002 with real-looking content: each filled record
    becomes one period (from its date_debut, or an unknown start), the blank ones
    none; records, personal fields and history are kept as they were."""
    from datetime import UTC, date, datetime

    from fsdash.domain.territories import CODES
    from fsdash.storage.tables import facilitator_history, facilitators

    raw = create_engine(database_url)
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

    engine = make_engine(database_url)
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
