"""Files for spreadsheet software: CSV (UTF-8 with BOM, semicolons) and XLSX. The one
writer and reader of both for fsdash.

Text that a spreadsheet would take for a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) stays text:
- in XLSX, every text is a typed string cell (never a formula), written as is:
  « +33 6 12 34 56 78 » is that text, without an added apostrophe;
- in CSV, which has no types, such text is prefixed with an apostrophe.
On reading (``read_table``), an apostrophe added that way is taken off again, so a
round trip gives back the same values.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescape(value):
    """A cell as it was before ``spreadsheet_safe``: the apostrophe before a formula start taken off."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(spreadsheet_safe)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as French spreadsheet software opens it: UTF-8 with BOM, ``;``, decimal comma."""
    text = safe_frame(frame).to_csv(index=False, sep=";", decimal=",", date_format="%d/%m/%Y")
    return ("\ufeff" + text).encode("utf-8")


def to_xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame (names cut to Excel's 31 characters), header row frozen,
    columns as wide as their content, amounts (headers ending in « (€) ») as euros."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet = name[:31]
            frame = frame.copy()
            dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c])]
            # A column with a time of day (when a change was recorded) keeps it: 01/02/2020 14:05.
            moments = {c for c in dates if (frame[c].dropna() != frame[c].dropna().dt.normalize()).any()}
            for column in dates:  # days, not timestamps: a date cell shown as 01/02/2020
                frame[column] = frame[column].map(
                    lambda v, keep=column in moments: None if pd.isna(v) else v.to_pydatetime() if keep else v.date())
            frame.to_excel(writer, sheet_name=sheet, index=False)
            worksheet = writer.sheets[sheet]
            worksheet.freeze_panes = "A2"
            for row in worksheet.iter_rows():
                for cell in row:  # text that looks like a formula stays text: a string cell, no prefix
                    if cell.data_type == "f":
                        cell.data_type = "s"
            for cells in worksheet.columns:
                width = max((len(str(c.value)) for c in cells if c.value is not None), default=8)
                worksheet.column_dimensions[cells[0].column_letter].width = min(max(width + 2, 8), 60)
                if str(cells[0].value).endswith("(€)"):
                    for cell in cells[1:]:
                        cell.number_format = '#,##0 "€"'
                if cells[0].value in dates:
                    for cell in cells[1:]:
                        cell.number_format = "DD/MM/YYYY HH:MM" if cells[0].value in moments else "DD/MM/YYYY"
    return buffer.getvalue()


# --------------------------------------------------------------------------- reading


class SpreadsheetError(ValueError):
    """The file cannot be read as a table at all; French message."""


# What a workbook may expand to once unzipped: checked before opening it (a few
# kilobytes of XLSX can unzip to gigabytes).
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_XLSX_MEMBERS = 200


def check_archive(data: bytes, name: str) -> None:
    """Refuse an XLSX archive that would unzip to more than the limits, before opening it."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetError(f"Le fichier « {name} » n'est pas un classeur XLSX lisible.") from None
    total = sum(m.file_size for m in members)
    if len(members) > MAX_XLSX_MEMBERS or total > MAX_XLSX_UNCOMPRESSED:
        raise SpreadsheetError(
            f"Le fichier « {name} » est trop volumineux une fois décompressé ({total // (1024 * 1024)} Mo, "
            f"{MAX_XLSX_UNCOMPRESSED // (1024 * 1024)} Mo au plus) : ce n'est pas un registre.")


def _capped(rows, name: str, max_rows: int | None) -> list:
    table = []
    for row in rows:
        table.append(row)
        if max_rows is not None and len(table) > max_rows + 1:  # the header and max_rows rows
            raise SpreadsheetError(f"Le fichier « {name} » a plus de {max_rows} lignes de données : "
                                   "ce n'est pas le fichier attendu.")
    return table


def read_table(data: bytes, name: str, max_rows: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Header (lower case) and rows of a CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX file;
    ``SpreadsheetError`` beyond ``max_rows`` data rows (reading stops there)."""
    if not data.strip():
        raise SpreadsheetError(f"Le fichier « {name} » est vide.")
    if data[:4] == b"PK\x03\x04":
        import openpyxl

        check_archive(data, name)
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            rows = (["" if v is None else unescape(v) for v in row] for row in sheet.iter_rows(values_only=True))
            table = _capped(rows, name, max_rows)
        except SpreadsheetError:
            raise
        except Exception:  # noqa: BLE001 - any unreadable workbook
            raise SpreadsheetError(f"Le fichier « {name} » n'est pas un classeur XLSX lisible.") from None
        if not table:
            raise SpreadsheetError(f"Le fichier « {name} » est vide.")
        return [str(h).strip().lower() for h in table[0]], table[1:]
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(f"Le fichier « {name} » n'est ni un CSV ni un classeur XLSX.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    header_line = text.split("\n", 1)[0]
    separator = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        table = _capped(csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True), name, max_rows)
    except csv.Error as exc:
        raise SpreadsheetError(f"Le fichier « {name} » n'est pas un CSV lisible : {exc}.") from None
    if not table:
        raise SpreadsheetError(f"Le fichier « {name} » est vide.")
    return [h.strip().lower() for h in table[0]], [[unescape(c) for c in row] for row in table[1:]]


