"""Bad input tried on purpose against the import of a site list.

Each case gets a precise French message or a clean import, and in every case
the current version is intact afterwards: same version, same bytes, same sites.
The database starts with the real list as version 1.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from fsdash.inputs.differences import diff_sites
from fsdash.inputs.sites import COLUMNS, read_sites
from fsdash.inputs.spreadsheets import to_csv_bytes, to_xlsx_bytes
from fsdash.storage import site_imports, site_versions
from fsdash.storage.rights import ADMIN, User
from tests.conftest import REAL_SITES

STEWARD = User("steward@anct.gouv.fr", ADMIN)

REAL_BYTES = REAL_SITES.read_bytes()
REAL_TEXT = REAL_BYTES.decode("utf-8")
REAL_ROWS = list(csv.reader(io.StringIO(REAL_TEXT, newline="")))
HEADER, BODY = REAL_ROWS[0], REAL_ROWS[1:]
COL = {name: i for i, name in enumerate(HEADER)}


def to_bytes(rows, delimiter=",", encoding="utf-8", header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.fixture
def current(engine):
    version = site_imports.ensure_initial_version(engine, REAL_SITES)
    sites, _ = site_versions.load_version(engine, version.id)
    return engine, version, sites


def assert_intact(engine, version, sites) -> None:
    now = site_versions.current_version(engine)
    assert now is not None and now.id == version.id and now.sha256 == version.sha256
    assert site_versions.version_bytes(engine, now.id) == REAL_BYTES
    assert site_versions.load_version(engine, now.id)[0].equals(sites)
    assert len(site_versions.list_versions(engine)) == 1


def refused(engine, data: bytes, name: str) -> str:
    """Prepare and try to import ``data``; it must be refused. Returns the French message."""
    candidate = site_imports.prepare(engine, data, name)
    assert candidate.rejected, candidate.report.summary()
    assert candidate.diff is None and candidate.frame.empty
    with pytest.raises(site_versions.FileRefusedError) as info:
        site_imports.import_candidate(engine, candidate, source=site_versions.SOURCE_UPLOAD, user=STEWARD)
    assert "La version courante est inchangée." in str(info.value)
    return " ".join(candidate.report.file_errors)


# --------------------------------------------------------------------------- refused files


def test_empty_file(current):
    engine, version, sites = current
    assert refused(engine, b"", "vide.csv") == "Le fichier « vide.csv » est vide."
    assert refused(engine, b"  \r\n\n", "blancs.csv") == "Le fichier « blancs.csv » est vide."
    assert_intact(*current)


def test_header_only(current):
    engine, version, sites = current
    message = refused(engine, to_bytes([]), "entete.csv")
    assert message == "Le fichier « entete.csv » ne contient aucune ligne de données."
    assert_intact(*current)


def test_older_export_with_other_column_names(current):
    engine, version, sites = current
    old_header = ["identifiant", "code_departement", "nom", "adresse", "commune", "lat", "lon"]
    rows = [[r[COL["id_fs"]], r[COL["insee_dep"]], r[COL["lib_fs"]], r[COL["adresse"]], r[COL["lib_com"]],
             r[COL["latitude"]], r[COL["longitude"]]] for r in BODY[:50]]
    message = refused(engine, to_bytes(rows, delimiter=";", header=old_header), "export-2022.csv")
    assert message.startswith("Le fichier « export-2022.csv » n'a pas le format de la liste France services : "
                              "colonne(s) obligatoire(s) absente(s) : « id_fs »")
    for column in ("« insee_dep »", "« lib_fs »", "« latitude »", "« longitude »"):
        assert column in message
    assert "Colonnes trouvées : identifiant, code_departement, nom, adresse, commune, lat, lon." in message
    assert_intact(*current)


def test_binary_file_renamed_csv(current):
    engine, version, sites = current
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    assert refused(engine, png, "photo.csv") == ("Le fichier « photo.csv » n'est pas un fichier texte CSV "
                                                 "(contenu binaire).")
    assert_intact(*current)


def test_xlsx_given_instead_of_csv(current):
    engine, version, sites = current
    workbook = to_xlsx_bytes({"Sites": sites[list(COLUMNS)].head(20)})
    assert zipfile.is_zipfile(io.BytesIO(workbook))
    message = refused(engine, workbook, "liste-fs.csv")
    assert message == ("Le fichier « liste-fs.csv » est un classeur (XLSX ou ZIP), pas un fichier CSV : "
                       "enregistrez-le au format CSV.")
    assert_intact(*current)


def test_file_of_50_mb(current):
    engine, version, sites = current
    chunk = REAL_BYTES.split(b"\n", 1)[1]
    data = REAL_BYTES + chunk * (50 * 1024 * 1024 // len(chunk))
    assert len(data) >= 50 * 1024 * 1024
    message = refused(engine, data, "enorme.csv")
    assert message.startswith("Le fichier « enorme.csv » fait 50,")
    assert "Mo : c'est trop pour une liste des France services" in message
    assert "20 Mo au plus" in message
    assert_intact(*current)


def test_html_page_saved_as_csv(current):
    engine, version, sites = current
    page = b"<!DOCTYPE html>\n<html><head><title>Connexion</title></head><body>Session expir\xc3\xa9e</body></html>"
    assert "est une page web (HTML)" in refused(engine, page, "liste.csv")
    assert_intact(*current)


def test_geojson_given_instead_of_csv(current):
    engine, version, sites = current
    assert "est un fichier JSON" in refused(engine, b'{"type": "FeatureCollection", "features": []}', "x.csv")
    assert_intact(*current)


# --------------------------------------------------------------------------- files read with row-level problems


def test_truncated_file_cut_in_the_middle_of_a_row(current):
    engine, version, sites = current
    cut = REAL_BYTES[: len(REAL_BYTES) // 2]
    candidate = site_imports.prepare(engine, cut, "tronque.csv")
    assert not candidate.rejected
    report = candidate.report
    (error,) = report.errors
    assert "ligne tronquée ou guillemet non fermé" in error.message
    assert error.row == report.valid + 2  # the header is row 1, then the valid rows
    assert 1300 < report.valid < 1500
    # The difference shows what would be lost, with a warning, before anything changes.
    assert len(candidate.diff.removed) == 2845 - report.valid
    assert "disparaîtraient du tableau de bord" in candidate.diff.removal_warning()
    assert_intact(*current)


def test_truncated_inside_a_quoted_field(current):
    engine, version, sites = current
    cut = REAL_BYTES[: REAL_BYTES.index(b'"', 200_000) + 5]
    candidate = site_imports.prepare(engine, cut, "coupe.csv")
    assert not candidate.rejected
    assert [p.message.startswith("ligne tronquée") or "champs au lieu de" in p.message
            for p in candidate.report.errors] == [True]
    assert_intact(*current)


def test_windows_1252_with_semicolons_and_decimal_commas_is_a_clean_import(current):
    engine, version, sites = current
    rows = [list(r) for r in BODY]
    for row in rows:
        row[COL["latitude"]] = row[COL["latitude"]].replace(".", ",")
        row[COL["longitude"]] = row[COL["longitude"]].replace(".", ",")
    data = to_bytes(rows, delimiter=";", encoding="cp1252")
    assert "é".encode("cp1252") in data
    candidate = site_imports.prepare(engine, data, "liste-excel.csv")
    report = candidate.report
    assert (report.encoding, report.separator, report.valid, report.problems) == ("cp1252", ";", 2845, [])
    assert candidate.diff.is_empty  # same sites, accents and coordinates intact
    assert not candidate.identical  # other bytes: a new version would record the re-saved file
    assert_intact(*current)
    imported = site_imports.import_candidate(engine, candidate, source=site_versions.SOURCE_UPLOAD, user=STEWARD)
    new_sites, _ = site_versions.load_version(engine, imported.id)
    assert new_sites.drop(columns="row").equals(sites.drop(columns="row"))


def test_byte_order_mark(current):
    engine, version, sites = current
    candidate = site_imports.prepare(engine, b"\xef\xbb\xbf" + REAL_BYTES, "liste-bom.csv")
    assert candidate.report.encoding == "utf-8-sig" and candidate.report.valid == 2845
    assert not candidate.report.problems and candidate.diff.is_empty
    assert list(candidate.frame.columns[:2]) == ["id_fs", "insee_dep"]
    assert_intact(*current)


def test_duplicate_ids(current):
    engine, version, sites = current
    rows = [list(r) for r in BODY]
    rows[40][COL["id_fs"]] = rows[3][COL["id_fs"]]
    candidate = site_imports.prepare(engine, to_bytes(rows), "doublons.csv")
    (error,) = candidate.report.errors
    ident = rows[3][COL["id_fs"]]
    assert (error.row, error.column) == (42, "id_fs")
    assert error.message == f"identifiant « {ident} » en double (déjà vu ligne 5)."
    assert candidate.report.valid == 2844
    # The site whose id was overwritten disappears: the difference says so.
    assert candidate.diff.removed["id_fs"].tolist() == [BODY[40][COL["id_fs"]]]
    assert_intact(*current)


def test_swapped_coordinates(current):
    engine, version, sites = current
    rows = [list(r) for r in BODY]
    row = rows[7]
    row[COL["latitude"]], row[COL["longitude"]] = row[COL["longitude"]], row[COL["latitude"]]
    candidate = site_imports.prepare(engine, to_bytes(rows), "inversees.csv")
    (error,) = candidate.report.errors
    assert error.row == 9 and error.column == "latitude"
    assert error.message.endswith("hors de la France et des outre-mer : latitude et longitude semblent inversées.")
    assert candidate.diff.removed["id_fs"].tolist() == [row[COL["id_fs"]]]
    assert_intact(*current)


def test_swapped_coordinates_overseas(current):
    engine, version, sites = current
    rows = [list(r) for r in BODY]
    index = next(i for i, r in enumerate(rows) if r[COL["insee_dep"]] == "974")
    rows[index][COL["latitude"]], rows[index][COL["longitude"]] = \
        rows[index][COL["longitude"]], rows[index][COL["latitude"]]
    candidate = site_imports.prepare(engine, to_bytes(rows), "inversees.csv")
    assert "semblent inversées" in candidate.report.errors[0].message
    assert_intact(*current)


# --------------------------------------------------------------------------- injection


HYPERLINK = '=HYPERLINK("http://exemple.invalid/vol","Cliquez ici")'
SCRIPT = '<script>window.injected = true</script><img src=x onerror="window.injected=1">'


def injected_rows():
    rows = [list(r) for r in BODY]
    rows[0][COL["lib_fs"]] = HYPERLINK
    rows[1][COL["adresse"]] = SCRIPT
    rows[2][COL["commentaire"]] = "+33 1 00 00 00 00"
    rows[3][COL["mail"]] = "@SUM(1+1)*cmd|' /C calc'!A0"
    return rows


def test_html_and_formula_injection_are_kept_as_text_and_neutralised_in_exports(current):
    engine, version, sites = current
    candidate = site_imports.prepare(engine, to_bytes(injected_rows()), "injection.csv")
    assert not candidate.rejected and candidate.report.valid == 2845 and not candidate.report.errors
    frame = candidate.frame
    assert frame.loc[0, "lib_fs"] == HYPERLINK and frame.loc[1, "adresse"] == SCRIPT  # verbatim, not escaped
    assert candidate.diff.ids("renomme") == [BODY[0][COL["id_fs"]]]
    assert_intact(*current)

    version2 = site_imports.import_candidate(engine, candidate, source=site_versions.SOURCE_UPLOAD, user=STEWARD)
    stored, _ = site_versions.load_version(engine, version2.id)
    exported = to_csv_bytes(stored[list(COLUMNS)]).decode("utf-8-sig")
    assert "'" + HYPERLINK.replace('"', '""') in exported
    assert "\n" + HYPERLINK not in exported and ";" + HYPERLINK not in exported
    assert ";'@SUM(1+1)" in exported and ";'+33 1 00 00 00 00" in exported
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"Sites": stored[list(COLUMNS)].head(10)})))
    cell = book.active.cell(row=2, column=COLUMNS.index("lib_fs") + 1)
    assert cell.value == HYPERLINK and cell.data_type == "s"  # a typed string cell: text, never a formula
    # The difference's own tables go through the same exports.
    diff_export = to_csv_bytes(diff_sites(sites, stored).changes).decode("utf-8-sig")
    assert "'" + HYPERLINK.replace('"', '""') in diff_export


ODD_BYTES = [
    pytest.param(b"\x00\x01\x02", "n'est pas un fichier texte CSV (contenu binaire).", id="binary"),
    pytest.param(b'"', "n'est pas un CSV lisible : guillemet mal placé ou non fermé dans la ligne d'en-tête.",
                 id="lone-quote"),
    pytest.param(b'id_fs,insee_dep,lib_fs,latitude,longitude\n"1,01,x,46,5\n',
                 "ne contient aucune ligne de données.", id="unclosed-quote-in-the-only-row"),
    pytest.param("é".encode("utf-16"), "colonne(s) obligatoire(s) absente(s) : « id_fs », « insee_dep », "
                 "« lib_fs », « latitude », « longitude ». Colonnes trouvées : é.", id="utf16-no-columns"),
    pytest.param(b"id_fs,id_fs,insee_dep,lib_fs,latitude,longitude\n1,1,01,x,46.2,5.2\n",
                 "a des colonnes en double : id_fs.", id="duplicate-column"),
]


@pytest.mark.parametrize(("data", "message"), ODD_BYTES)
def test_odd_bytes_are_refused_with_their_own_message(current, data, message):
    """A few more shapes of broken input: each refused, with the French message that names its fault."""
    engine, version, sites = current
    frame, report = read_sites(data, "x.csv")
    assert report.rejected and frame.empty and report.valid == 0
    assert len(report.file_errors) == 1 and report.file_errors[0].startswith("Le fichier « x.csv » ")
    assert report.file_errors[0].endswith(message)
    candidate = site_imports.prepare(engine, data, "x.csv")
    assert candidate.rejected and candidate.diff is None
    assert_intact(*current)


def test_semicolons_and_decimal_commas_are_read_as_one_valid_site(current):
    """French spreadsheet habits (« ; » between fields, « , » in numbers): one site, read right."""
    engine, version, sites = current
    data = b"id_fs;insee_dep;lib_fs;latitude;longitude\n1;01;x;46,2;5,2\n"
    frame, report = read_sites(data, "x.csv")
    assert not report.rejected and (report.separator, report.rows, report.valid, report.errors) == (";", 1, 1, [])
    assert frame[["id_fs", "insee_dep", "lib_fs", "latitude", "longitude"]].to_dict("records") == [
        {"id_fs": "1", "insee_dep": "01", "lib_fs": "x", "latitude": 46.2, "longitude": 5.2}]
    candidate = site_imports.prepare(engine, data, "x.csv")
    assert not candidate.rejected and candidate.report.valid == 1
    assert_intact(*current)  # prepared, not imported


# --------------------------------------------------------------------------- fixes in fsdash/sites.py


def test_utf16_unicode_text_from_a_spreadsheet_is_read(current):
    """Excel's « Texte Unicode » export: UTF-16 with a byte-order mark, tab separated (was « binaire »)."""
    engine, version, sites = current
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(REAL_ROWS)
    candidate = site_imports.prepare(engine, out.getvalue().encode("utf-16"), "liste.txt")
    report = candidate.report
    assert (report.encoding, report.separator, report.valid, report.problems) == ("utf-16", "\t", 2845, [])
    assert candidate.diff.is_empty
    assert_intact(*current)


def test_broken_quote_in_the_header_gets_a_french_message(current):
    engine, version, sites = current
    message = refused(engine, b'id_fs,"insee_dep"x,lib_fs\n1,01,x\n', "guillemets.csv")
    assert message == ("Le fichier « guillemets.csv » n'est pas un CSV lisible : guillemet mal placé ou non "
                       "fermé dans la ligne d'en-tête.")
    assert_intact(*current)
