"""The command line, run as a person runs it: ``python -m fsdash ...`` in a process."""

import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT, REAL_SITES, SHARED_DATA


@pytest.fixture
def run(tmp_path, database_url):
    env = {"FSDASH_DATA_DIR": str(SHARED_DATA), "FSDASH_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin",
           "FSDASH_AUTHOR": "test"}

    def _run(*args):
        return subprocess.run([sys.executable, "-m", "fsdash", *args], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
    return _run


def test_help_lists_every_command_in_french(run):
    result = run("--help")
    assert result.returncode == 0
    for command in ("check-sites", "statuses", "demo", "fetch", "simulate"):
        assert command in result.stdout
    assert "utilisation :" in result.stdout and "afficher cette aide" in result.stdout


def test_check_sites_json_on_the_real_file(run):
    result = run("check-sites", str(REAL_SITES), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] == 2845 and report["valid"] == 2845 and report["errors"] == []
    # the one data-quality warning: a site 11.6 km outside its own département
    assert [w["row"] for w in report["warnings"]] == [1434]


def test_check_sites_rejects_an_unusable_file(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("nom;ville\nx;y\n", encoding="utf-8")
    result = run("check-sites", str(bad), "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["rejected"] and report["valid"] == 0
    assert "colonne(s) obligatoire(s) absente(s)" in report["file_errors"][0]


def test_check_sites_text_lists_row_errors_and_stays_usable(run, tmp_path):
    lines = REAL_SITES.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace('"01",', '"00",', 1)  # unknown département on row 2
    path = tmp_path / "liste.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run("check-sites", str(path))
    assert result.returncode == 0
    assert "2845 lignes lues, 2844 valides, 1 erreur(s)" in result.stdout
    assert "ligne 2, colonne « insee_dep » : code département inconnu « 00 »." in result.stdout


def test_statuses_round_trip_demo_and_import_errors(run, tmp_path):
    assert run("demo").returncode == 0
    exported = tmp_path / "registre.xlsx"
    result = run("statuses", "export", str(exported))
    assert result.returncode == 0 and exported.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("departement;statut;etp\n37;temps plein;0,5\n99;aucun;\n", encoding="utf-8")
    result = run("statuses", "import", str(bad))
    assert result.returncode == 1
    assert "ligne 2, colonne « etp »" in result.stderr and "ligne 3, colonne « departement »" in result.stderr
    good = tmp_path / "good.csv"
    good.write_text("departement;statut\n37;mi-temps\n", encoding="utf-8")  # the demo has it at full time today
    result = run("statuses", "import", str(good), "--auteur", "Préfecture 37")
    assert result.returncode == 0 and "1 département(s) modifié(s)" in result.stdout
    csv_out = tmp_path / "registre.csv"
    run("statuses", "export", str(csv_out))
    assert "37;Indre-et-Loire;mi-temps;0,5" in csv_out.read_text(encoding="utf-8-sig")


def test_unknown_command_is_a_french_error(run):
    result = run("nimporte")
    assert result.returncode == 2 and "erreur" in result.stderr
