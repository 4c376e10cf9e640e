"""The facilitator registry: fresh state, versioned updates, history, demo."""

from datetime import date

import pytest
from sqlalchemy import select

from fsdash.inputs.record_values import RecordError
from fsdash.storage import demo, periods, registry, rights
from fsdash.storage.registry import ConcurrentEditError
from fsdash.storage.rights import ADMIN, PREFECTURE, AccessDenied, User
from fsdash.storage.tables import facilitator_history

ALICE = User("alice@indre-et-loire.gouv.fr", PREFECTURE, frozenset({"37", "41"}), name="Alice (préfecture 37)")
BOB = User("bob@loir-et-cher.gouv.fr", PREFECTURE, frozenset({"41"}), name="Bob")
ANCT = User("anct@anct.gouv.fr", ADMIN)


def test_fresh_database_has_every_code_unknown(engine):
    frame = registry.all_records(engine)
    assert len(frame) == 102
    assert set(frame["statut"]) == {"non renseigné"}
    assert (frame["version"] == 1).all()
    assert registry.history(engine).empty
    assert not registry.is_demo(engine)


def test_update_writes_fields_and_history_in_one_go(engine):
    rec = registry.update_record(engine, "37", {
        "statut": "mi-temps", "structure_porteuse": "Conseil départemental d'Indre-et-Loire",
        "type_structure": "conseil départemental", "date_convention": "01/02/2024", "date_debut": "2024-03-01",
        "financement_annuel": "25 000", "animateur_email": "anim@example.fr",
    }, ALICE, expected_version=1)
    assert rec["statut"] == "mi-temps" and rec["etp"] == 0.5  # ETP follows the status
    assert rec["date_debut"] == date(2024, 3, 1) and rec["financement_annuel"] == 25000.0
    assert rec["version"] == 2 and rec["updated_by"] == "Alice (préfecture 37) <alice@indre-et-loire.gouv.fr>"
    hist = registry.history(engine, "37")
    assert set(hist["field"]) == {"statut", "etp", "structure_porteuse", "type_structure", "date_convention",
                                  "date_effet", "financement_annuel", "animateur_email"}
    dated = hist[hist["field"] != "animateur_email"]
    assert (dated["date_effet"] == date(2024, 3, 1)).all()  # each row says which period it is about
    assert set(dated["action"]) == {"période ajoutée"}
    assert hist["change_id"].nunique() == 1 and set(hist["author"]) == {ALICE.label}
    row = hist.set_index("field").loc["statut"]
    assert (row["before"], row["after"]) == ("non renseigné", "mi-temps")


def test_saving_the_same_values_writes_nothing(engine):
    registry.update_record(engine, "01", {"statut": "aucun"}, ANCT, 1)
    again = registry.update_record(engine, "01", {"statut": "aucun"}, ANCT, 2)
    assert again["version"] == 2
    assert sorted(registry.history(engine, "01")["field"]) == ["date_effet", "statut"]  # etp stayed 0


def test_second_editor_is_refused_with_what_changed(engine):
    registry.update_record(engine, "41", {"statut": "temps plein", "structure_porteuse": "MSA"}, ALICE, 1)
    with pytest.raises(ConcurrentEditError) as refused:
        registry.update_record(engine, "41", {"statut": "mi-temps"}, BOB, 1)
    error = refused.value
    assert error.changed["statut"] == ("non renseigné", "temps plein")
    assert error.changed["structure_porteuse"] == ("", "MSA")
    assert "modifiée par Alice (préfecture 37)" in str(error) and "Statut" in str(error)
    rec = registry.get_record(engine, "41")
    assert rec["statut"] == "temps plein" and rec["version"] == 2
    assert set(registry.history(engine, "41")["author"]) == {ALICE.label}


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"statut": "plein temps"}, "statut", "statut inconnu « plein temps »"),
    ({"statut": "temps plein", "etp": "0,5"}, "etp", "correspond à 1 ETP, pas 0,5"),
    ({"statut": "aucun", "etp": 1}, "etp", "correspond à 0 ETP"),
    ({"financement_annuel": "-5"}, "financement_annuel", "négatif"),
    ({"financement_annuel": "beaucoup"}, "financement_annuel", "montant illisible"),
    ({"animateur_email": "pas-un-courriel"}, "animateur_email", "courriel invalide"),
    ({"date_debut": "31/02/2024"}, "date_debut", "date illisible"),
    ({"date_convention": "15/02/2041"}, "date_convention", "hors de la période admise"),
    ({"date_debut": "2041-01-01"}, "date_debut", "ne peut pas dépasser"),
    ({"date_debut": "2018-12-31"}, "date_debut", "postérieure au 01/01/2019"),
    ({"animateur_telephone": "12345"}, "animateur_telephone", "numéro de téléphone invalide"),
    ({"type_structure": "banque"}, "type_structure", "type inconnu"),
])
def test_invalid_values_save_nothing(engine, values, field, message):
    with pytest.raises(RecordError) as refused:
        registry.update_record(engine, "37", values, ALICE, 1)
    assert message in refused.value.errors[field]
    assert registry.get_record(engine, "37")["version"] == 1
    assert registry.history(engine, "37").empty


def test_invalid_email_is_not_repeated_in_the_exception_text(engine):
    """The message beside the field quotes what was typed; the exception's text,
    which may end up in a log, does not."""
    with pytest.raises(RecordError) as refused:
        registry.update_record(engine, "37", {"animateur_email": "jeanne.martin@@example"}, ALICE, 1)
    assert "jeanne.martin@@example" in refused.value.errors["animateur_email"]
    assert "jeanne.martin@@example" not in str(refused.value)
    assert "Courriel de l'animateur : adresse de courriel invalide « (masqué) »" in str(refused.value)


def test_a_user_is_required_and_code_must_exist(engine):
    with pytest.raises(AccessDenied):
        registry.update_record(engine, "37", {"statut": "aucun"}, rights.ANONYMOUS, 1)
    with pytest.raises(KeyError):
        registry.update_record(engine, "99", {"statut": "aucun"}, ANCT, 1)


def test_failure_during_history_write_rolls_back_the_record(engine, monkeypatch):
    original = facilitator_history

    class Broken(Exception):
        pass

    def boom(*args, **kwargs):
        raise Broken

    broken = lambda table: boom() if table is original else __import__("sqlalchemy").insert(table)  # noqa: E731
    monkeypatch.setattr(registry, "insert", broken)
    monkeypatch.setattr(periods, "insert", broken)
    with pytest.raises(Broken):
        registry.update_record(engine, "37", {"statut": "aucun"}, ALICE, 1)
    monkeypatch.undo()
    rec = registry.get_record(engine, "37")
    assert rec["statut"] == "non renseigné" and rec["version"] == 1
    with engine.connect() as conn:
        assert conn.execute(select(original)).first() is None


def test_apply_many_is_all_or_nothing(engine):
    with pytest.raises(RecordError) as refused:
        registry.apply_many(engine, {"01": {"statut": "mi-temps"}, "02": {"statut": "n'importe"}}, ANCT, "import")
    assert "02:statut" in refused.value.errors
    assert registry.get_record(engine, "01")["statut"] == "non renseigné"
    changes = registry.apply_many(engine, {"01": {"statut": "mi-temps"}, "02": {"statut": "aucun"}}, ANCT, "import")
    assert [c.code for c in changes] == ["01", "02"]
    assert registry.history(engine)["change_id"].nunique() == 1


def test_demo_state_and_flag(engine):
    demo.load_demo(engine, ANCT)
    assert registry.records_at(engine, date(2023, 6, 30))["statut"].value_counts().to_dict() == {
        "mi-temps": 73, "aucun": 29}  # the 28 others and Saint-Martin
    assert registry.records_at(engine, date(2024, 1, 1))["statut"].value_counts().to_dict() == {
        "temps plein": 101, "aucun": 1}
    assert registry.is_demo(engine)
    # one edit leaves the rest demonstration data: the flag stays
    registry.update_record(engine, "37", {"statut": "mi-temps"}, ALICE, None)
    assert registry.is_demo(engine)
    demo.clear_demo(engine, ANCT)
    assert not registry.is_demo(engine)
    assert set(registry.all_records(engine)["statut"]) == {"non renseigné"}
    assert periods.periods(engine).empty


def test_importing_a_whole_registry_ends_the_demo(engine):
    demo.load_demo(engine, ANCT)
    registry.apply_many(engine, {"01": {"statut": "temps plein"}}, ANCT, "import")
    assert not registry.is_demo(engine)
