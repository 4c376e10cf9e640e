"""What a statuses file may expand to (issue 12, point 9): the archive's uncompressed size is
checked before opening, rows are capped (a registry has about a hundred), errors listed stop
after a few dozen."""

import io
import time
import zipfile

import openpyxl

from fsdash.inputs import spreadsheets, statuses_file
from fsdash.inputs.statuses_file import MAX_LISTED_ERRORS, MAX_ROWS, read_statuses


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
    started = time.perf_counter()
    parsed = read_statuses(data, "bombe.xlsx")
    assert time.perf_counter() - started < 1
    assert not parsed.ok and "trop volumineux une fois décompressé" in parsed.errors[0].message


def test_an_archive_with_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(spreadsheets.MAX_XLSX_MEMBERS + 1):
            archive.writestr(f"x/{i}.xml", "")
    assert "trop volumineux" in read_statuses(buffer.getvalue(), "f.xlsx").errors[0].message


def test_a_csv_of_200000_rows_stops_at_the_cap_quickly():
    data = ("departement;statut\n" + "37;aucun\n" * 200_000).encode()
    started = time.perf_counter()
    parsed = read_statuses(data, "enorme.csv")
    assert time.perf_counter() - started < 2
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
