"""The statuses file's long format (one row per period), read without a database."""

from datetime import date

from fsdash.inputs.statuses_file import long_template_bytes, read_statuses


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
