"""The site list: the real file, and every bad input of the foundation issue."""

import csv
import io
import json

import pytest

from fsdash.inputs.sites import COLUMNS, read_sites
from tests.conftest import REAL_SITES

HEADER = ",".join(COLUMNS)


def real():
    return REAL_SITES.read_bytes()


def make_csv(rows: list[dict], sep: str = ",", columns=COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), delimiter=sep, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return buffer.getvalue()


def site(i, dep="37", lat="47.39", lon="0.69", **kw):
    base = {"id_fs": str(i), "insee_dep": dep, "lib_fs": f"France services n° {i}", "latitude": lat,
            "longitude": lon, "type_fs": "Principal", "format_fs": "Fixe", "lib_com": "Tours"}
    base.update(kw)
    return base


def test_real_file_counts():
    frame, report = read_sites(real(), "liste-fs-20240801.csv")
    assert not report.rejected
    assert report.rows == 2845 and report.valid == 2845 and len(frame) == 2845
    assert report.errors == []
    assert frame["insee_dep"].nunique() == 102
    assert frame["id_fs"].is_unique
    assert frame["type_fs"].value_counts().to_dict() == {"Principal": 2721, "Antenne": 124}
    assert frame["format_fs"].value_counts()["Itinérante"] == 29
    assert (frame["insee_dep"] == "978").sum() > 0
    # codes stay strings with their leading zero and their letter
    assert {"01", "2A", "2B", "971", "976"} <= set(frame["insee_dep"])
    assert frame["latitude"].dtype == float
    # multi-line quoted fields are read as one record: 2,885 physical lines for 2,845 rows and a header,
    # the 39 others inside the quoted fields of six sites, each read whole
    assert real().count(b"\n") == 2885
    records = list(csv.DictReader(io.StringIO(real().decode("utf-8"), newline="")))
    multi = {r["id_fs"]: v for r in records for v in r.values() if "\n" in v}  # one such field per site
    assert len(records) == 2845 and sum(v.count("\n") for v in multi.values()) == 39
    assert sorted(multi, key=int) == ["426", "844", "1815", "2092", "2632", "2668"]
    by_id = frame.set_index("id_fs")
    assert by_id.loc["2092", "commentaire"] == multi["2092"] and "\n" in by_id.loc["426", "commentaire"]
    assert by_id.loc["2632", "adresse"] == multi["2632"].strip()  # trailing blank lines trimmed, one site


def test_spreadsheet_resave_semicolon_cp1252_decimal_comma():
    text = real().decode("utf-8")
    frame, _ = read_sites(real(), "x.csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    for row in rows:
        row["latitude"] = row["latitude"].replace(".", ",")
        row["longitude"] = row["longitude"].replace(".", ",")
    resaved = make_csv(rows, sep=";").encode("cp1252", errors="replace")
    frame2, report = read_sites(resaved, "resave.csv")
    assert report.encoding == "cp1252" and report.separator == ";"
    assert report.valid == 2845
    assert frame2["latitude"].round(6).tolist() == frame["latitude"].round(6).tolist()
    assert "Valserhône" in set(frame2["lib_com"])


def test_utf8_with_bom():
    frame, report = read_sites(b"\xef\xbb\xbf" + real(), "bom.csv")
    assert report.encoding == "utf-8-sig" and report.valid == 2845
    assert "id_fs" in frame.columns and frame["id_fs"].iloc[0] == "1"


def test_row_level_problems_are_reported_and_excluded():
    rows = [
        site(1),
        site(2, lat=""),
        site(3, lon="abc"),
        site(4, lat="40.0", lon="-30.0"),  # Atlantic
        site(5, dep="99"),
        site(1, lib_fs="doublon"),
        site(6, lat="0.69", lon="47.39"),  # swapped
        site(7, dep="1", lat="46.1", lon="5.8"),  # « 01 » re-saved as « 1 »
    ]
    frame, report = read_sites(make_csv(rows).encode(), "t.csv")
    assert not report.rejected
    assert report.rows == 8 and report.valid == 2
    assert frame["id_fs"].tolist() == ["1", "7"]
    assert frame["insee_dep"].tolist() == ["37", "01"]
    by_row = {(p.row, p.column): p.message for p in report.errors}
    assert by_row[(3, "latitude")] == "latitude vide."
    assert by_row[(4, "longitude")] == "longitude non numérique « abc »."
    assert "hors de la France" in by_row[(5, "latitude")]
    assert by_row[(6, "insee_dep")] == "code département inconnu « 99 »."
    assert by_row[(7, "id_fs")] == "identifiant « 1 » en double (déjà vu ligne 2)."
    assert "semblent inversées" in by_row[(8, "latitude")]
    json_report = report.to_dict()
    assert json_report["rows"] == 8 and json_report["valid"] == 2
    assert {"row": 6, "column": "insee_dep", "message": "code département inconnu « 99 ».",
            "level": "erreur"} in json_report["errors"]
    json.dumps(json_report, ensure_ascii=False)


def test_overseas_and_saint_martin_coordinates_are_inside_france():
    rows = [site(1, dep="974", lat="-21.0", lon="55.5"), site(2, dep="978", lat="18.07", lon="-63.05"),
            site(3, dep="973", lat="4.9", lon="-52.3"), site(4, dep="976", lat="-12.78", lon="45.23")]
    _, report = read_sites(make_csv(rows).encode(), "dom.csv")
    assert report.valid == 4 and report.errors == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "est vide"),
        (b"   \n", "est vide"),
        (HEADER.encode() + b"\n", "aucune ligne de données"),
        (b"PK\x03\x04" + b"\x00" * 100, "classeur (XLSX ou ZIP)"),
        (bytes(range(256)) * 40, "contenu binaire"),
        (b"nom,ville\nFS Tours,Tours\n", "colonne(s) obligatoire(s) absente(s)"),
    ],
)
def test_file_level_problems_reject_the_file(data, expected):
    frame, report = read_sites(data, "mauvais.csv")
    assert report.rejected
    assert expected in report.file_errors[0]
    assert "« mauvais.csv »" in report.file_errors[0]
    assert frame.empty


def test_older_schema_names_the_missing_columns_and_a_close_match():
    text = make_csv([site(1)], columns=[c if c != "latitude" else "lat" for c in COLUMNS])
    _, report = read_sites(text.encode(), "ancien.csv")
    assert report.rejected
    assert "« latitude » (trouvé « lat » ?)" in report.file_errors[0]


def test_no_valid_row_rejects_the_file():
    _, report = read_sites(make_csv([site(1, lat="x"), site(2, dep="00")]).encode(), "t.csv")
    assert report.rejected and "aucune ligne valide" in report.file_errors[0]
    assert len(report.errors) == 2


def test_truncated_file_keeps_complete_rows():
    text = make_csv([site(1), site(2), site(3)])
    cut = text[: text.rindex("\n3,") + 12]  # in the middle of the last row
    frame, report = read_sites(cut.encode(), "coupe.csv")
    assert frame["id_fs"].tolist() == ["1", "2"]
    assert report.errors[0].row == 4 and "champs au lieu de 24" in report.errors[0].message


def test_unclosed_quote_is_reported():
    text = make_csv([site(1), site(2)]) + '3,37,"France services non fermé,,\n'
    frame, report = read_sites(text.encode(), "guillemet.csv")
    assert frame["id_fs"].tolist() == ["1", "2"]
    assert any("guillemet non fermé" in p.message for p in report.errors)


def test_optional_columns_may_be_absent():
    text = make_csv([site(1)], columns=["id_fs", "insee_dep", "lib_fs", "latitude", "longitude"])
    frame, report = read_sites(text.encode(), "court.csv")
    assert report.valid == 1 and frame["mail"].tolist() == [""]
    assert "facultative" in report.warnings[0].message


def test_html_in_text_is_kept_as_text():
    frame, report = read_sites(make_csv([site(1, lib_fs="<img src=x onerror=alert(1)>")]).encode(), "x.csv")
    assert frame["lib_fs"].iloc[0] == "<img src=x onerror=alert(1)>"
