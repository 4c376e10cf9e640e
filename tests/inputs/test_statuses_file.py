"""Reading a statuses file without a database: what it may expand to (issue 12, point 9: the
archive's uncompressed size checked before opening, rows capped, errors listed stop after a few
dozen), and the long format (one row per period)."""

import io
import zipfile
from datetime import date

import openpyxl

from fsdash.inputs import spreadsheets, statuses_file
from fsdash.inputs.statuses_file import MAX_LISTED_ERRORS, MAX_ROWS, long_template_bytes, read_statuses


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_archive_that_unzips_too_big_is_refused_before_opening():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (spreadsheets.MAX_XLSX_UNCOMPRESSED + 1))
    data = buffer.getvalue()
    assert len(data) < 200_000
    parsed = read_statuses(data, "bombe.xlsx")  # refused from the archive's directory: nothing unzipped
    assert not parsed.ok and "trop volumineux une fois décompressé" in parsed.errors[0].message


def test_an_archive_with_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(spreadsheets.MAX_XLSX_MEMBERS + 1):
            archive.writestr(f"x/{i}.xml", "")
    assert "trop volumineux" in read_statuses(buffer.getvalue(), "f.xlsx").errors[0].message


def test_a_csv_of_200000_rows_stops_at_the_cap_quickly():
    data = ("departement;statut\n" + "37;aucun\n" * 200_000).encode()
    parsed = read_statuses(data, "enorme.csv")  # one error, not 200,000 (timed in scripts/bench_registry.py)
    assert [p.message for p in parsed.errors] == [
        f"Le fichier « enorme.csv » a plus de {MAX_ROWS} lignes de données : ce n'est pas le fichier attendu."]


def test_an_xlsx_beyond_the_cap_is_refused_and_a_registry_is_not():
    too_long = xlsx([["departement", "statut"], *([["37", "aucun"]] * (MAX_ROWS + 1))])
    assert "plus de" in read_statuses(too_long, "long.xlsx").errors[0].message
    blank = statuses_file.template_bytes("xlsx")  # 102 départements
    assert read_statuses(blank, "modele.xlsx").ok


def test_errors_stop_being_listed_after_a_few_dozen():
    data = ("departement;statut\n" + "".join(f"X{i};aucun\n" for i in range(400))).encode()
    parsed = read_statuses(data, "faux.csv")
    assert len(parsed.errors) == MAX_LISTED_ERRORS + 1 and MAX_LISTED_ERRORS <= 60
    assert "lecture arrêtée après" in parsed.errors[-1].message


def test_the_long_template_reads_back_as_one_timeline():
    for fmt in ("csv", "xlsx"):
        parsed = read_statuses(long_template_bytes(fmt), f"modele.{fmt}")
        assert parsed.ok and parsed.long, [str(e) for e in parsed.errors]
        assert [(start, p["statut"]) for start, p in parsed.timelines["37"]] == [
            (None, "aucun"), (date(2022, 9, 1), "mi-temps"), (date(2024, 1, 1), "temps plein")]
        frame = parsed.periods_frame()
        assert list(frame.columns)[:3] == ["departement", "date_effet", "statut"] and len(frame) == 3
        assert parsed.statuses() == {"37": "temps plein"}  # in force today


def test_long_rows_are_grouped_by_departement_and_errors_keep_row_and_column():
    data = (b"departement;statut;date_effet;commentaire\n"
            b"1;mi-temps;2021-03-01;\n"
            b"01;temps plein;2024-01-01;Poste pourvu\n"
            b"37;aucun;;\n"
            b"37;mi-temps;;\n"
            b"41;recrutement en cours;2999-01-01;\n")
    parsed = read_statuses(data, "periodes.csv")
    assert [(p.row, p.column) for p in parsed.errors] == [(5, "date_effet"), (6, "date_effet")]
    assert "depuis une date inconnue" not in str(parsed.errors[0]) and "une date inconnue en double" in str(
        parsed.errors[0])
    assert [start for start, _ in parsed.timelines["01"]] == [date(2021, 3, 1), date(2024, 1, 1)]
    assert parsed.values["01"]["commentaire"] == "Poste pourvu"


def test_a_departement_with_only_planned_periods_reads_unknown_today():
    parsed = read_statuses(b"departement;statut;date_effet\n37;temps plein;2027-06-01\n", "p.csv")
    assert parsed.ok and parsed.statuses() == {}
    assert parsed.timelines["37"][0][0] == date(2027, 6, 1)
