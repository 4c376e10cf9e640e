"""The registry as a spreadsheet: export, all-or-nothing import, template."""

import csv
import io

import openpyxl
import pytest

from fsdash.inputs import statuses_file
from fsdash.inputs.statuses_file import read_statuses
from fsdash.storage import demo, registry, registry_io, rights
from fsdash.storage.rights import ADMIN, User

STEWARD = User("steward@anct.gouv.fr", ADMIN)


def csv_text(engine, user=STEWARD, **kw) -> str:
    return registry_io.export_bytes(engine, "csv", user, **kw).decode("utf-8-sig")


def test_export_csv_has_one_row_per_departement_in_french_spreadsheet_format(engine):
    registry.update_record(engine, "37", {"statut": "mi-temps", "date_debut": "2024-03-01",
                                          "financement_annuel": 25000, "animateur_nom": "Jeanne Martin"}, STEWARD, 1)
    text = csv_text(engine, personal=False)
    lines = text.splitlines()
    assert registry_io.export_bytes(engine, "csv", STEWARD).startswith(b"\xef\xbb\xbf")
    assert lines[0].split(";") == list(statuses_file.EXPORT_COLUMNS)
    assert len(lines) == 103
    row37 = next(line for line in lines if line.startswith("37;"))
    assert row37.startswith("37;Indre-et-Loire;mi-temps;0,5;01/03/2024;")
    assert "25000,0" in row37
    assert "Jeanne Martin" not in text  # personal data only on request…
    assert "Jeanne Martin" in csv_text(engine, personal=True)  # …and for those allowed
    assert "Jeanne Martin" not in csv_text(engine, rights.ANONYMOUS, personal=True)


def test_round_trip_csv_and_xlsx_change_nothing(engine):
    demo.load_demo(engine, STEWARD)
    registry.update_record(engine, "37", {"animateur_nom": "Jeanne Martin"}, STEWARD, None)
    before = registry.history(engine)
    for fmt in ("csv", "xlsx"):
        parsed = read_statuses(registry_io.export_bytes(engine, fmt, STEWARD), f"registre.{fmt}")
        assert parsed.ok, parsed.errors
        assert len(parsed.values) == 102
        assert parsed.values["37"]["animateur_nom"] == "Jeanne Martin"
        assert registry_io.import_statuses(engine, parsed, STEWARD) == []
    assert len(registry.history(engine)) == len(before)


def test_xlsx_has_the_registry_and_the_accepted_values(engine):
    book = openpyxl.load_workbook(io.BytesIO(registry_io.export_bytes(engine, "xlsx", STEWARD)))
    assert book.sheetnames == ["Animateurs", "Valeurs admises"]
    assert book["Animateurs"].max_row == 103
    assert book["Animateurs"]["A2"].value == "01"  # codes stay text


def test_import_applies_a_valid_file_with_history(engine):
    data = ("departement;statut;etp;date_debut;structure_porteuse;type_structure;date_convention;"
            "financement_annuel;commentaire\n"
            "37;temps plein;1;01/01/2024;CD 37;conseil départemental;15/12/2023;50 000;ok\n"
            "1;mi-temps;0,5;;;;;;\n"
            "2a;aucun;;;;;;;\n").encode("cp1252")
    parsed = read_statuses(data, "statuts.csv")
    assert parsed.ok, [str(e) for e in parsed.errors]
    preview = registry_io.preview(engine, parsed, STEWARD)
    assert set(preview["departement"]) == {"37", "01", "2A"}
    changes = registry_io.import_statuses(engine, parsed, STEWARD)
    assert {c.code for c in changes} == {"37", "01", "2A"}
    rec = registry.get_record(engine, "37")
    assert rec["statut"] == "temps plein" and rec["financement_annuel"] == 50000.0
    assert rec["structure_porteuse"] == "CD 37"
    assert registry.get_record(engine, "01")["etp"] == 0.5
    assert set(registry.history(engine)["action"]) == {"import"}


def test_import_with_any_error_changes_nothing_and_lists_every_error(engine):
    data = ("departement,statut,etp,date_debut\n"
            "37,temps plein,1,01/01/2024\n"
            "99,aucun,,\n"
            "41,à fond,,\n"
            "45,mi-temps,1,\n"
            "18,aucun,,32/13/2024\n"
            "37,aucun,,\n").encode()
    parsed = read_statuses(data, "statuts.csv")
    assert not parsed.ok
    found = {(e.row, e.column) for e in parsed.errors}
    assert found == {(3, "departement"), (4, "statut"), (5, "etp"), (6, "date_debut"), (7, "departement")}
    messages = " ".join(str(e) for e in parsed.errors)
    assert "département inconnu « 99 »" in messages and "statut inconnu « à fond »" in messages
    assert "en double (déjà ligne 2)" in messages
    with pytest.raises(ValueError, match="rien n'a été importé"):
        registry_io.import_statuses(engine, parsed, STEWARD)
    assert registry.history(engine).empty


@pytest.mark.parametrize(("data", "message"), [
    (b"", "est vide"),
    (b"code,etat\n37,aucun\n", "colonne(s) obligatoire(s) absente(s) : departement, statut"),
    (b"departement,statut\n", "aucune ligne de données"),
    (b"PK\x03\x04garbage", "pas un classeur XLSX lisible"),
])
def test_unreadable_files(data, message):
    parsed = read_statuses(data, "x.csv")
    assert not parsed.ok and message in str(parsed.errors[0])


def test_template_lists_every_code_and_imports_as_unknown(engine):
    parsed = read_statuses(statuses_file.template_bytes("csv"), "modele.csv")
    assert parsed.ok and len(parsed.values) == 102
    assert set(parsed.statuses().values()) == {"non renseigné"}


def test_formula_in_a_comment_is_exported_as_text(engine):
    registry.update_record(engine, "37", {"commentaire": '=HYPERLINK("http://x","clic")'}, STEWARD, 1)
    rows = list(csv.DictReader(io.StringIO(csv_text(engine)), delimiter=";"))
    assert next(r for r in rows if r["departement"] == "37")["commentaire"] == \
        "'=HYPERLINK(\"http://x\",\"clic\")"
    book = openpyxl.load_workbook(io.BytesIO(registry_io.export_bytes(engine, "xlsx", STEWARD, personal=False)))
    cell = next(c for c in book["Animateurs"]["J"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","clic")'  # a string cell, as typed


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_phone_in_international_format_survives_an_export_and_import(engine, fmt):
    """Issue 12, point 7: « +33 6… » was re-imported as « '+33 6… »."""
    registry.update_record(engine, "87", {"statut": "mi-temps", "animateur_nom": "Jeanne Martin",
                                          "animateur_telephone": "+33 6 12 34 56 78",
                                          "commentaire": "=à revoir"}, STEWARD, 1)
    data = registry_io.export_bytes(engine, fmt, STEWARD)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data))["Animateurs"]
        assert "+33 6 12 34 56 78" in [c.value for row in sheet.iter_rows() for c in row]
    parsed = read_statuses(data, f"registre.{fmt}")
    assert parsed.ok, parsed.errors
    assert parsed.values["87"]["animateur_telephone"] == "+33 6 12 34 56 78"
    assert parsed.values["87"]["commentaire"] == "=à revoir"
    assert registry_io.import_statuses(engine, parsed, STEWARD) == []  # nothing changed on the way
