"""What the département page relies on when it saves a facilitator record
(fsdash.registry.update_record): history in the same transaction, nothing
written on failure, no silent overwrite between two editors."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select

from fsdash.inputs import record_values
from fsdash.storage import registry, rights
from fsdash.storage.rights import ADMIN, PREFECTURE, User
from fsdash.storage.tables import facilitator_history

PREF_37 = User("pref@indre-et-loire.gouv.fr", PREFECTURE, frozenset({"37"}), name="Préfecture 37")
ANCT = User("equipe@anct.gouv.fr", ADMIN, name="ANCT")


def count_history(engine, code: str = "37") -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(facilitator_history)
                            .where(facilitator_history.c.departement == code)).scalar()


def test_a_save_writes_the_record_and_its_history_together(engine):
    saved = registry.update_record(engine, "37", {"statut": "mi-temps", "structure_porteuse": "Mairie de Loches"},
                                   PREF_37, expected_version=1)
    assert (saved["version"], saved["etp"], saved["updated_by"]) == (2, 0.5, PREF_37.label)
    history = registry.history(engine, "37")
    assert set(history["field"]) == {"statut", "etp", "structure_porteuse", "date_effet"}
    assert history["change_id"].nunique() == 1
    assert set(history["author"]) == {"Préfecture 37 <pref@indre-et-loire.gouv.fr>"}
    assert dict(zip(history["field"], history["after"]))["statut"] == "mi-temps"


def test_a_failure_while_writing_history_leaves_record_and_history_untouched(engine):
    before = registry.get_record(engine, "37")

    def fail_on_history(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO FACILITATOR_HISTORY"):
            raise RuntimeError("disque plein (simulé)")

    event.listen(engine, "before_cursor_execute", fail_on_history)
    try:
        with pytest.raises(RuntimeError, match="disque plein"):
            registry.update_record(engine, "37", {"statut": "temps plein"}, PREF_37, expected_version=1)
    finally:
        event.remove(engine, "before_cursor_execute", fail_on_history)
    after = registry.get_record(engine, "37")
    assert after == before  # same version, same values, same updated_at
    assert count_history(engine) == 0
    # And the same save goes through once the fault is gone.
    assert registry.update_record(engine, "37", {"statut": "temps plein"}, PREF_37, 1)["version"] == 2
    assert count_history(engine) == 3  # statut, etp and the new period's start


def test_invalid_values_write_nothing(engine):
    with pytest.raises(record_values.RecordError) as caught:
        registry.update_record(engine, "37", {"financement_annuel": -1, "animateur_email": "x@"}, ANCT, 1)
    assert set(caught.value.errors) == {"financement_annuel", "animateur_email"}
    assert registry.get_record(engine, "37")["version"] == 1
    assert count_history(engine) == 0


def test_second_editor_is_refused_with_what_changed(engine):
    loaded = registry.get_record(engine, "37")["version"]
    registry.update_record(engine, "37", {"commentaire": "Jury le 12 mars"}, ANCT, expected_version=loaded)
    with pytest.raises(registry.ConcurrentEditError) as caught:
        registry.update_record(engine, "37", {"commentaire": "Poste pourvu"}, PREF_37, expected_version=loaded)
    assert caught.value.changed == {"commentaire": ("", "Jury le 12 mars")}
    assert "modifiée par ANCT" in str(caught.value)
    assert registry.get_record(engine, "37")["commentaire"] == "Jury le 12 mars"
    assert count_history(engine) == 1


def test_a_save_needs_a_user_allowed_to_edit(engine):
    with pytest.raises(rights.AccessDenied):
        registry.update_record(engine, "37", {"statut": "aucun"}, rights.ANONYMOUS, expected_version=1)
    assert count_history(engine) == 0
    assert registry.get_record(engine, "37")["version"] == 1
