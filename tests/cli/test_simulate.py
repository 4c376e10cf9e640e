"""``python -m fsdash simulate``: worked example through a real process, options in process."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest

from fsdash.cli import simulate as budget_cli
from fsdash.domain.territories import CODES

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPS = [c for c in CODES if c != "978"]
NNBSP = "\u202f"
# The programme's horizon and switch (the defaults follow today's date)
PROGRAMME = ("--start", "2023-01", "--end", "2027-12", "--switch", "2024-01")


def write_statuses(path, statuses: dict[str, str], separator: str = ",", bom: bool = False) -> str:
    text = f"departement{separator}statut\n" + "".join(f"{c}{separator}{s}\n" for c, s in statuses.items())
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return str(path)


def worked_example() -> dict[str, str]:
    return {c: ("mi-temps" if i < 73 else "aucun") for i, c in enumerate(DEPS)}


@pytest.fixture
def env(tmp_path, monkeypatch, database_url):
    """Isolated settings: an empty data folder (no site list) and a fresh database."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("FSDASH_DATA_DIR", str(data))
    monkeypatch.setenv("FSDASH_DATABASE_URL", database_url)
    return dict(os.environ)


def run_process(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fsdash", "simulate", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def run_inline(capsys, *args) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="python -m fsdash")
    budget_cli.register(parser.add_subparsers(dest="command"))
    parsed = parser.parse_args(["simulate", *args])
    code = parsed.handler(parsed)
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- through a process


def test_worked_example_json_in_a_process(env, tmp_path):
    path = write_statuses(tmp_path / "statuts.csv", worked_example())
    done = run_process(env, "--statuses", path, "--start", "2023-01", "--end", "2027-12",
                       "--switch", "2024-01", "--delay", "3", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [(y["year"], y["state"]) for y in data["years"]] == [
        (2023, 1_825_000), (2024, 4_700_000), (2025, 5_050_000), (2026, 5_050_000), (2027, 5_050_000),
    ]
    assert {y["baseline_state"] for y in data["years"]} == {1_825_000}
    assert data["total_state"] == 21_675_000
    assert data["total_baseline_state"] == 9_125_000
    assert data["total_diff_state"] == 12_550_000
    assert data["first_full_year"] == 2025
    assert data["sites"] is None  # no site list in the data folder


def test_worked_example_french_table_in_a_process(env, tmp_path):
    path = write_statuses(tmp_path / "statuts.csv", worked_example(), separator=";", bom=True)
    done = run_process(env, "--statuses", path, *PROGRAMME)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    total = next(line for line in lines if line.startswith("Total"))
    assert f"21{NNBSP}675{NNBSP}000{NNBSP}€" in total
    assert f"9{NNBSP}125{NNBSP}000{NNBSP}€" in total
    assert f"12{NNBSP}550{NNBSP}000{NNBSP}€" in total
    assert any(line.split()[:1] == ["2024"] and f"4{NNBSP}700{NNBSP}000{NNBSP}€" in line for line in lines)
    assert "73 à mi-temps" in done.stdout and "28 sans animateur" in done.stdout
    assert "Coût employeur chargé d'1 ETP (par an, hypothèse) : 45" in done.stdout
    assert ("Première année entièrement à temps plein : 2025 (dans ce scénario, tous à temps plein dès avril 2024)"
            in done.stdout)
    assert "Référence : fichier « statuts.csv », ce qui s'est passé jusqu'au 31/12/2022, puis statu quo" in done.stdout


def test_bad_wave_in_a_process_gives_a_french_message_and_no_numbers(env, tmp_path):
    path = write_statuses(tmp_path / "statuts.csv", worked_example())
    done = run_process(env, "--statuses", path, *PROGRAMME, "--wave", "35,99:2024-06", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Département ou région inconnu dans la vague 1 : « 99 »" in done.stderr


# --------------------------------------------------------------------------- options, in process


def test_every_amount_option_and_the_vacancy_toggle(env, tmp_path, capsys):
    path = write_statuses(tmp_path / "statuts.csv", worked_example())
    code, out, _ = run_inline(capsys, "--statuses", path, *PROGRAMME, "--delay", "6", "--half", "30000",
                              "--full", "60 000", "--employer-cost", "70000", "--pay-vacancy", "--json")
    assert code == 0
    data = json.loads(out)
    years = {y["year"]: y for y in data["years"]}
    # vacancy paid: the 28 posts cost the full contribution from January 2024 although filled in July
    assert years[2023]["state"] == 73 * 30_000
    assert years[2024]["state"] == 101 * 60_000
    assert data["total_state"] == 73 * 30_000 + 4 * 101 * 60_000  # 26,430,000
    # host: 70,000 × share − contribution; nothing during the vacancy
    assert years[2023]["host"] == 73 * 5_000
    assert years[2024]["host"] == 73 * 10_000 + 28 * 10_000 * 6 / 12
    assert years[2025]["host"] == 101 * 10_000
    assert years[2025]["baseline_host"] == 73 * 5_000
    assert data["assumptions"]["pay_vacancy"] is True


def test_waves_and_per_departement_options(env, tmp_path, capsys):
    statuses = {"22": "mi-temps", "29": "mi-temps", "35": "mi-temps", "56": "aucun", "01": "mi-temps"}
    path = write_statuses(tmp_path / "statuts.csv", statuses)
    code, out, _ = run_inline(capsys, "--statuses", path, "--start", "2024-01", "--end", "2025-12",
                              "--switch", "aucun", "--wave", "Bretagne:2025-01", "--wave", "R84,35:2024-07",
                              "--departement", "29:2024-01", "--delay", "0", "--json")
    assert code == 0, out
    years = {y["year"]: y["state"] for y in json.loads(out)["years"]}
    # 2024: 22 half (25,000); 29 full (50,000); 35 half then full from July (37,500);
    #       56 none until 2025; 01 (Auvergne-Rhône-Alpes) half then full from July (37,500)
    assert years[2024] == 25_000 + 50_000 + 37_500 + 0 + 37_500
    assert years[2025] == 5 * 50_000


def test_text_output_reports_cost_per_site_from_a_site_list(env, tmp_path, capsys):
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "id_fs,insee_dep,lib_fs,latitude,longitude\n"
        "1,22,France services A,48.5,-2.8\n2,22,France services B,48.4,-2.7\n3,29,France services C,48.2,-4.1\n",
        encoding="utf-8",
    )
    path = write_statuses(tmp_path / "statuts.csv", {"22": "temps plein", "29": "temps plein"})
    code, out, _ = run_inline(capsys, "--statuses", path, "--start", "2024-01", "--end", "2024-12",
                              "--switch", "2024-01", "--sites", str(sites), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["sites"] == 3
    assert data["state_per_site"] == pytest.approx(100_000 / 3, abs=0.01)


def test_registry_is_the_default_start(env, capsys):
    from fsdash.domain.settings import get_settings
    from fsdash.storage import demo, rights
    from fsdash.storage.engine import make_engine

    engine = make_engine(get_settings().database_url)
    # the demonstration timeline: the 101 départements at full time from 01/01/2024; vacancies in
    # 2025: Creuse (23) March–June, Lozère (48) from 15 May (so June–August), Mayotte (976)
    # September–November; Saint-Martin without a facilitator throughout (no post: not simulated)
    demo.load_demo(engine, rights.operator("test"))
    engine.dispose()
    code, out, _ = run_inline(capsys, "--start", "2024-01", "--end", "2026-12", "--switch", "aucun", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["departements"] == 101 and data["unknown_territories"] == 0
    # 2025: 101 × 50,000 less (4 + 3 + 3) vacant months × 50,000 / 12 = 5,008,333.33
    assert [y["state"] for y in data["years"]] == [5_050_000, 5_008_333.33, 5_050_000]
    assert data["total_diff_state"] == 0
    # everyone is already full time: a switch in 2024 changes nothing (issue 11: it used to cost 2023 at full time)
    code, out, _ = run_inline(capsys, "--start", "2024-01", "--end", "2026-12", "--switch", "2024-01", "--json")
    assert json.loads(out)["total_diff_state"] == 0


@pytest.mark.parametrize(("args", "fragment"), [
    (["--switch", "2030-01"], "janvier 2030"),
    (["--half", "-1000"], "0,5 ETP"),
    (["--employer-cost", "-1"], "coût employeur"),
    (["--delay", "-1"], "délai de recrutement"),
    (["--wave", "Bretagne"], "--wave « Bretagne » : format attendu CODES:AAAA-MM"),
    (["--departement", "35:2024-14"], "« 2024-14 »"),
    (["--start", "2028-01"], "janvier 2028"),
    (["--cutoff", "30/06/2025"], "AAAA-MM-JJ"),
    (["--contributions-from", "2026-01:45000"], "--contributions-from « 2026-01:45000 »"),
    (["--back-to-half", "Bretagn:2026-01"], "« Bretagn »"),
])
def test_bad_assumptions_are_refused_in_french(env, tmp_path, capsys, args, fragment):
    path = write_statuses(tmp_path / "statuts.csv", worked_example())
    code, out, err = run_inline(capsys, "--statuses", path, *PROGRAMME, *args, "--json")
    assert code == 2
    assert out == ""
    assert err.startswith("Erreur : ") and fragment in err


def test_bad_statuses_file_lists_its_rows(env, tmp_path, capsys):
    path = write_statuses(tmp_path / "statuts.csv", {"35": "mi-temps", "99": "aucun", "22": "demi-temps"})
    code, out, err = run_inline(capsys, "--statuses", path, "--json")
    assert code == 2 and out == ""
    assert "2 erreur(s)" in err
    assert "ligne 3" in err and "« 99 »" in err
    assert "ligne 4" in err


def test_missing_statuses_file(env, tmp_path, capsys):
    code, _, err = run_inline(capsys, "--statuses", str(tmp_path / "absent.csv"))
    assert code == 2 and "absent.csv" in err


def test_xlsx_statuses_file(env, tmp_path, capsys):
    import pandas as pd

    path = tmp_path / "statuts.xlsx"
    pd.DataFrame({"departement": list(worked_example()), "statut": list(worked_example().values())}).to_excel(
        path, index=False)
    code, out, _ = run_inline(capsys, "--statuses", str(path), *PROGRAMME, "--json")
    assert code == 0
    assert json.loads(out)["total_state"] == 21_675_000


def test_unparseable_numbers_are_argparse_errors_in_french(env, capsys):
    with pytest.raises(SystemExit):
        run_inline(capsys, "--full", "beaucoup")
    assert "montant attendu : « beaucoup »" in capsys.readouterr().err


# --------------------------------------------------------------------------- the long format, the reference


LONG = ("departement;statut;date_effet;structure_porteuse\n"
        "01;mi-temps;2021-03-01;Conseil départemental\n01;temps plein;2024-01-01;\n"
        "02;aucun;;\n02;mi-temps;2023-09-15;\n02;temps plein;2024-01-01;\n02;recrutement en cours;2025-04-01;\n"
        "02;temps plein;2025-07-01;\n03;mi-temps;2022-06-15;\n04;aucun;2019-05-01;\n")
FOUR_YEARS = ("--start", "2023-01", "--end", "2025-12", "--cutoff", "2025-06-30", "--delay", "3")


def test_long_format_switch_aucun_is_what_happened(env, tmp_path, capsys):
    # the worked example of tests/budget/test_simulator.py, through a file in the long format
    path = tmp_path / "periodes.csv"
    path.write_text(LONG, encoding="utf-8")
    code, out, err = run_inline(capsys, "--statuses", str(path), *FOUR_YEARS, "--switch", "aucun", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [(y["year"], y["state"], y["baseline_state"]) for y in data["years"]] == [
        (2023, 56_250, 56_250), (2024, 125_000, 125_000), (2025, 87_500, 87_500)]
    assert data["total_diff_state"] == 0 and data["total_diff_host"] == 0
    assert data["departements"] == 4
    assert data["cutoff"] == "2025-06-30"
    # the 97 other départements have no period: « non renseigné », left out, and said so
    assert (data["unknown_territories"], data["left_out"], data["unknown_treatment"]) == (97, 97, "exclure")


def test_long_format_switch_in_july_2023(env, tmp_path, capsys):
    path = tmp_path / "periodes.csv"
    path.write_text(LONG, encoding="utf-8")
    code, out, _ = run_inline(capsys, "--statuses", str(path), *FOUR_YEARS, "--switch", "2023-07", "--json")
    assert code == 0
    data = json.loads(out)
    assert [y["state"] for y in data["years"]] == [87_500, 150_000, 137_500]
    # counted as without a facilitator, the 97 unknown départements are recruited in October 2025
    code, out, _ = run_inline(capsys, "--statuses", str(path), *FOUR_YEARS, "--switch", "2023-07",
                              "--unknown", "aucun", "--json")
    data = json.loads(out)
    assert data["departements"] == 101 and data["left_out"] == 0
    assert data["years"][2]["state"] == 137_500 + 97 * 12_500


def test_new_assumption_options(env, tmp_path, capsys):
    path = write_statuses(tmp_path / "statuts.csv", {"22": "temps plein", "01": "temps plein"})
    code, out, _ = run_inline(capsys, "--statuses", path, "--start", "2025-01", "--end", "2026-12",
                              "--switch", "aucun", "--contributions-from", "2026-01:20000:45 000",
                              "--back-to-half", "Bretagne:2026-07", "--json")
    assert code == 0
    years = {y["year"]: y["state"] for y in json.loads(out)["years"]}
    # 2026: Ain 45,000; Côtes-d'Armor 6 months at 45,000 then 6 at 20,000: 22,500 + 10,000
    assert years == {2025: 100_000, 2026: 45_000 + 22_500 + 10_000}
    assert json.loads(out)["assumptions"]["contribution_changes"] == [{"month": "2026-01", "half": 20_000.0,
                                                                       "full": 45_000.0}]


def test_long_format_errors_name_their_row_and_column(env, tmp_path, capsys):
    path = tmp_path / "periodes.csv"
    path.write_text("departement,statut,date_effet\n35,mi-temps,2023-01-01\n35,temps plein,2023-01-01\n"
                    "99,aucun,2023-01-01\n22,demi,2023-01-01\n29,aucun,2015-01-01\n56,aucun,01/13/2024\n",
                    encoding="utf-8")
    code, out, err = run_inline(capsys, "--statuses", str(path), *PROGRAMME)
    assert code == 2 and out == ""
    assert "5 erreur(s)" in err
    for fragment in ("ligne 3, colonne « date_effet » : période du département 35 commençant le 01/01/2023 en double",
                     "ligne 4, colonne « departement »", "ligne 5, colonne « statut »",
                     "ligne 6, colonne « date_effet »", "ligne 7, colonne « date_effet » : date illisible"):
        assert fragment in err


def test_json_keeps_its_keys(env, tmp_path, capsys):
    path = write_statuses(tmp_path / "statuts.csv", worked_example())
    _, out, _ = run_inline(capsys, "--statuses", path, *PROGRAMME, "--json")
    data = json.loads(out)
    assert {"years", "total_state", "total_host", "total_baseline_state", "total_baseline_host", "total_diff_state",
            "first_full_month", "first_full_year", "departements", "sites", "state_per_site",
            "assumptions"} <= set(data)
    assert set(data["years"][0]) == {"year", "state", "host", "total", "baseline_state", "baseline_host",
                                     "diff_state", "full_time_end"}


def test_defaults_follow_today():
    from datetime import date

    parser = argparse.ArgumentParser()
    budget_cli.add_arguments(parser)
    a = budget_cli.assumptions_from_args(parser.parse_args([]), today=date(2026, 12, 1))
    assert (a.start, a.end, a.switch, a.cutoff) == ("2026-01", "2030-12", "2027-01", None)
