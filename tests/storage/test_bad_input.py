"""Bad input that used to get through (issue 12, points 3 and 8), on SQLite and PostgreSQL
(FSDASH_TEST_DATABASE_URL): over-long values refused by fsdash before the database, a
database refusal turned into a French message without values, and an import confirmed
after someone saved a record written all or nothing against the preview's versions."""

import tomllib
from datetime import date

import pytest

from fsdash.domain.record_fields import MAX_LENGTHS
from fsdash.inputs import record_values
from fsdash.inputs.record_values import RecordError
from fsdash.inputs.statuses_file import read_statuses
from fsdash.storage import periods as period_store
from fsdash.storage import registry, registry_io
from fsdash.storage.rights import ADMIN, PREFECTURE, User
from fsdash.storage.tables import facilitators
from tests.conftest import PROJECT_ROOT

ANCT = User("anct@anct.gouv.fr", ADMIN)
PREF_87 = User("pref87@haute-vienne.gouv.fr", PREFECTURE, frozenset({"87"}), name="Léa Roux")
NAME = "Jeanne Martin-Personnelle"


@pytest.mark.parametrize("field", sorted(MAX_LENGTHS))
def test_every_text_field_is_checked_against_its_column(field):
    assert facilitators.c[field].type.length in (MAX_LENGTHS[field], None)  # None: Text (commentaire)
    record, errors = record_values.prepare(record_values.blank_values(), {field: "x" * (MAX_LENGTHS[field] + 1)})
    assert "trop long" in errors[field]


def test_a_200_character_phone_is_refused_without_its_value(engine):
    phone = "06" + "1" * 198
    with pytest.raises(RecordError) as caught:
        registry.update_record(engine, "87", {"animateur_nom": NAME, "animateur_telephone": phone}, PREF_87, 1)
    assert "trop long" in caught.value.errors["animateur_telephone"]
    assert phone not in str(caught.value) and NAME not in str(caught.value)
    assert registry.get_record(engine, "87")["version"] == 1


def test_a_205_character_email_in_a_statuses_file_is_refused(engine):
    email = "a" * 190 + "@example.fr" + "x" * 4
    parsed = read_statuses(f"departement;statut;animateur_email\n87;mi-temps;{email}\n".encode(), "f.csv")
    assert not parsed.ok and [(p.row, p.column) for p in parsed.errors] == [(2, "animateur_email")]
    assert email not in " ".join(p.message for p in parsed.errors)
    with pytest.raises(ValueError):
        registry_io.import_statuses(engine, parsed, ANCT)
    assert registry.get_record(engine, "87")["animateur_email"] == ""


def test_a_database_refusal_becomes_a_french_message_without_values(engine, monkeypatch):
    """Past fsdash's own checks (here: a limit lifted), the database's error holds the
    values; the message shown instead quotes none and chains nothing."""
    monkeypatch.setitem(record_values.MAX_LENGTHS, "animateur_nom", 10_000)
    name = "Jeanne " + "Martin-Personnelle" * 15  # 277 characters for a 200-character column
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite stores over-long text: no database error to catch")
    with pytest.raises(registry.StorageError) as caught:
        registry.update_record(engine, "87", {"animateur_nom": name, "animateur_email": "j@example.fr"}, PREF_87, 1)
    message = str(caught.value)
    assert "rien n'a été enregistré" in message and "Martin" not in message and "j@example" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    with pytest.raises(registry.StorageError):
        registry.apply_many(engine, {"87": {"animateur_nom": name}}, ANCT, "import")
    assert registry.get_record(engine, "87")["version"] == 1


def test_errors_are_not_detailed_in_the_browser():
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


# --------------------------------------------------------------------------- point 8


def test_an_import_confirmed_after_a_save_writes_nothing(engine):
    parsed = read_statuses(b"departement;statut\n87;temps plein\n23;mi-temps\n", "registre.csv")
    seen = registry.versions(engine)  # the preview
    assert not registry_io.preview(engine, parsed, ANCT).empty
    registry.update_record(engine, "87", {"statut": "aucun", "commentaire": "poste supprimé"}, PREF_87, 1)
    with pytest.raises(registry.ConcurrentImportError, match="87"):
        registry_io.import_statuses(engine, parsed, ANCT, seen)
    assert registry.get_record(engine, "87")["statut"] == "aucun"  # the prefecture's save stands
    assert registry.get_record(engine, "23")["statut"] == "non renseigné"  # all or nothing
    changes = registry_io.import_statuses(engine, parsed, ANCT, registry.versions(engine))  # a fresh preview
    assert {c.code for c in changes} == {"87", "23"}


def test_an_import_against_the_preview_versions_goes_through(engine):
    parsed = read_statuses(b"departement;statut\n87;temps plein\n", "registre.csv")
    seen = registry.versions(engine)
    registry.update_record(engine, "23", {"statut": "aucun"}, ANCT, 1)  # another département: no matter
    assert [c.code for c in registry_io.import_statuses(engine, parsed, ANCT, seen)] == ["87"]


def test_a_period_import_confirmed_after_a_period_was_saved_writes_nothing(engine):
    """The long format (one row per period): a period saved between preview and confirmation
    moves the record's version, and the whole import is refused."""
    parsed = read_statuses(b"departement;date_effet;statut\n87;2023-06-30;mi-temps\n87;2024-01-01;temps plein\n"
                           b"23;2024-01-01;temps plein\n", "periodes.csv")
    assert parsed.ok and parsed.long, parsed.errors
    seen = registry.versions(engine)
    registry.add_period(engine, "87", date(2025, 3, 1), {"statut": "recrutement en cours"}, PREF_87)
    with pytest.raises(registry.ConcurrentImportError, match="87"):
        registry_io.import_statuses(engine, parsed, ANCT, seen)
    assert [p["statut"] for p in period_store.periods(engine, "87").to_dict("records")] == ["recrutement en cours"]
    assert period_store.periods(engine, "23").empty  # all or nothing
    assert registry_io.import_statuses(engine, parsed, ANCT, registry.versions(engine))
