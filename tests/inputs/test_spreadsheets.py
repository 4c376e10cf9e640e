"""Files for spreadsheet software: dates as dates, amounts as euros, formulas kept as text."""

import io
from datetime import date

import openpyxl
import pandas as pd

from fsdash.inputs.spreadsheets import read_table, to_csv_bytes, to_xlsx_bytes


def test_xlsx_dates_are_date_cells_shown_the_french_way():
    frame = pd.DataFrame({"Nom": ["A", "B"], "Labellisation": pd.to_datetime(["2020-02-01", None]),
                          "Coût État (€)": [25_000.0, 50_000.0]})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"Sites": frame}))).active
    assert sheet["B2"].value.date() == date(2020, 2, 1) and sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["B2"].value.hour == 0 and sheet["B3"].value is None  # a day, no time; missing stays empty
    assert sheet["C3"].value == 50_000 and sheet["C3"].number_format == '#,##0 "€"'


def test_xlsx_moments_keep_their_time_of_day():
    frame = pd.DataFrame({"Date": pd.to_datetime(["2024-02-01 10:05", None, "2024-02-02 00:00"])})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"Historique": frame}))).active
    assert sheet["A2"].is_date and (sheet["A2"].value.hour, sheet["A2"].value.minute) == (10, 5)
    assert sheet["A2"].number_format == "DD/MM/YYYY HH:MM" and sheet["A3"].value is None
    assert sheet["A4"].value.day == 2  # midnight in a column of moments stays a moment


def test_csv_dates_and_formulas():
    frame = pd.DataFrame({"Labellisation": pd.to_datetime(["2020-02-01"]), "Nom": ["=HYPERLINK(1)"]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    assert "01/02/2020" in text and "'=HYPERLINK(1)" in text


# --------------------------------------------------------------------------- round trips (issue 12, point 7)

TRICKY = ["+33 6 12 34 56 78", "=HYPERLINK(\"http://x\")", "-5 %", "@moi", "'déjà une apostrophe", "Texte"]


def test_xlsx_text_is_a_typed_string_cell_without_apostrophe():
    frame = pd.DataFrame({"Téléphone": TRICKY})
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"Registre": frame}))).active
    cells = [sheet.cell(row=i + 2, column=1) for i in range(len(TRICKY))]
    assert [c.value for c in cells] == TRICKY  # no added apostrophe
    assert {c.data_type for c in cells} == {"s"}  # text, never a formula


def test_the_apostrophe_added_in_csv_is_taken_off_on_reading():
    frame = pd.DataFrame({"telephone": TRICKY})
    header, rows = read_table(to_csv_bytes(frame), "registre.csv")
    assert header == ["telephone"] and [r[0] for r in rows] == TRICKY


def test_an_older_xlsx_with_the_apostrophe_reads_back_clean():
    book = openpyxl.Workbook()
    book.active.append(["telephone"])
    book.active.append(["'+33 6 12 34 56 78"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table(buffer.getvalue(), "ancien.xlsx")[1] == [["+33 6 12 34 56 78"]]


def test_grids_offer_no_csv_of_their_own():
    import tomllib

    from tests.conftest import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
