"""``python -m fsdash statuses`` and ``demo`` on the registry's time axis (issue 11)."""

import csv
import io

from tests.cli.test_cli import run  # noqa: F401 - the fixture


def statuses_of(path) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";")
    return {row["departement"]: row["statut"] for row in rows}


def counts(statuses: dict[str, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for status in statuses.values():
        out[status] = out.get(status, 0) + 1
    return out


def test_demo_exported_at_the_programme_milestones(run, tmp_path):  # noqa: F811
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert "Lozère (48)" in result.stdout  # the vacancies are stated
    june = tmp_path / "juin-2023.csv"
    result = run("statuses", "export", str(june), "--date", "2023-06-30")
    assert result.returncode == 0 and "en vigueur le 30/06/2023" in result.stdout
    assert counts(statuses_of(june)) == {"mi-temps": 73, "aucun": 29}  # 28 départements and Saint-Martin
    january = tmp_path / "janvier-2024.csv"
    run("statuses", "export", str(january), "--date", "2024-01-01")
    statuses = statuses_of(january)
    assert counts(statuses) == {"temps plein": 101, "aucun": 1} and statuses["978"] == "aucun"
    result = run("statuses", "export", str(tmp_path / "x.csv"), "--date", "30/06/2023")
    assert result.returncode == 2 and "date illisible « 30/06/2023 » (attendu AAAA-MM-JJ)" in result.stderr


def test_long_format_round_trip_and_errors_with_row_and_column(run, tmp_path):  # noqa: F811
    assert run("demo").returncode == 0
    periods = tmp_path / "periodes.csv"
    result = run("statuses", "export", str(periods), "--periodes")
    assert result.returncode == 0, result.stderr
    text = periods.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("departement;nom;date_effet;statut")
    assert run("statuses", "import", str(periods)).stdout.endswith("0 champ(s) changé(s) aujourd'hui.\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("departement;statut;date_effet;financement_annuel\n"
                   "37;mi-temps;2022-09-01;25000\n"
                   "37;temps plein;2022-09-01;50000\n"
                   "41;temps plein;2018-05-01;\n"
                   "41;aucun;2024-13-01;\n"
                   "2A;à fond;2024-01-01;\n"
                   "99;aucun;2024-01-01;\n", encoding="utf-8")
    result = run("statuses", "import", str(bad))
    assert result.returncode == 1
    for where in ("ligne 3, colonne « date_effet » : période du département 37 commençant le 01/09/2022 en double "
                  "(déjà ligne 2)", "ligne 4, colonne « date_effet » : La date d'effet doit être postérieure",
                  "ligne 5, colonne « date_effet » : date illisible « 2024-13-01 » (attendu AAAA-MM-JJ)",
                  "ligne 6, colonne « statut » : statut inconnu « à fond »",
                  "ligne 7, colonne « departement » : département inconnu « 99 »"):
        assert where in result.stderr, result.stderr
    good = tmp_path / "good.csv"
    good.write_text("departement;statut;date_effet\n87;aucun;\n87;mi-temps;2023-03-15\n87;temps plein;2024-01-01\n",
                    encoding="utf-8")
    result = run("statuses", "import", str(good))
    assert result.returncode == 0, result.stderr
    assert "3 période(s) de 1 département(s) lues" in result.stdout
    march = tmp_path / "mars-2023.csv"
    run("statuses", "export", str(march), "--date", "2023-03-14")
    assert statuses_of(march)["87"] == "aucun"
    run("statuses", "export", str(march), "--date", "2023-03-15")
    assert statuses_of(march)["87"] == "mi-temps"
