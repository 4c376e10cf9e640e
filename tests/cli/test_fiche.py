"""``python -m fsdash fiche CODE FICHIER.pdf [--date AAAA-MM-JJ]``, end to end on the real data files."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from fsdash.cli.main import main
from fsdash.domain import formatting
from fsdash.domain.formatting import PARIS
from fsdash.storage import demo, registry, rights
from fsdash.storage.tables import site_list_history
from tests.conftest import PROJECT_ROOT, SHARED_DATA
from tests.support.pdfs import read_pdf

ADMIN = rights.operator("Test")
PERSONAL = {"animateur_nom": "Alix Fiche-Commande", "animateur_email": "alix@exemple.gouv.fr"}


@pytest.fixture
def env(monkeypatch, database_url) -> dict[str, str]:
    monkeypatch.setenv("FSDASH_DATA_DIR", str(SHARED_DATA))
    monkeypatch.setenv("FSDASH_DATABASE_URL", database_url)
    return dict(os.environ)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["fiche", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def today():
    return datetime.now(UTC).astimezone(PARIS).date()


def test_departement_fiche_through_a_process(env, tmp_path):
    target = tmp_path / "fiche-37.pdf"
    done = subprocess.run([sys.executable, "-m", "fsdash", "fiche", "37", str(target)], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Fiche écrite dans « {target} » : fiche du département 37 au {formatting.day(today())}" in done.stdout
    pdf = read_pdf(target.read_bytes())
    assert pdf.pages == 1 and "Indre-et-Loire (37)" in pdf.text
    assert "non renseigné" in pdf.text  # a fresh registry
    assert "extrait du 01/08/2024" in pdf.text and "Fiche générée le" in pdf.text
    assert all(f["embedded"] for f in pdf.fonts())
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_operator_is_an_administrator_and_sees_the_facilitator(env, engine, tmp_path, capsys):
    demo.load_demo(engine, ADMIN)
    registry.update_record(engine, "2A", PERSONAL, ADMIN, None)
    code, out, err = run(capsys, "corse-du-sud", tmp_path / "2a.pdf")
    assert code == 0, err
    text = read_pdf((tmp_path / "2a.pdf").read_bytes()).text
    assert "Corse-du-Sud (2A)" in text and "Données de démonstration" in text
    for value in PERSONAL.values():
        assert value in text


def test_national_fiche_has_no_personal_data(env, engine, tmp_path, capsys):
    demo.load_demo(engine, ADMIN)
    registry.update_record(engine, "37", PERSONAL, ADMIN, None)
    code, out, err = run(capsys, "France", tmp_path / "france.pdf", "--date", "2023-06-30")
    assert code == 0, err and "fiche nationale" in out
    pdf = read_pdf((tmp_path / "france.pdf").read_bytes())
    assert pdf.pages == 1 and "France entière" in pdf.text and "73 Animateurs à mi-temps" in pdf.text
    text = " ".join(pdf.text.split())
    assert "Progression" in text and "Sans animateur ou en recrutement depuis plus de 3 mois : 29" in text
    assert PERSONAL["animateur_nom"] not in pdf.text


def test_a_record_never_changed_beside_changed_ones(env, engine, tmp_path, capsys):
    registry.update_record(engine, "41", {"statut": "mi-temps"}, ADMIN, None)
    code, _, err = run(capsys, "37", tmp_path / "37.pdf")
    assert code == 0, err
    assert "Dernière modification jamais modifiée" in read_pdf((tmp_path / "37.pdf").read_bytes()).text


def test_a_past_date_reads_the_registry_in_force_and_the_site_list_current_then(env, engine, tmp_path, capsys):
    demo.load_demo(engine, ADMIN)  # 37: half time through 2023, full time from 01/01/2024
    run(capsys, "37", tmp_path / "first.pdf")  # the site list becomes version 1 today
    with engine.begin() as conn:  # ... as if it had been loaded in August 2023
        conn.execute(update(site_list_history).values(changed_at=datetime(2023, 8, 2, 9)))
    code, out, err = run(capsys, "37", tmp_path / "past.pdf", "--date", "2023-12-31")
    assert code == 0, err
    assert "au 31/12/2023" in out
    text = read_pdf((tmp_path / "past.pdf").read_bytes()).text
    assert "situation au 31/12/2023" in text and "Statuts successifs (dates d'effet)" in text
    assert "Situation en vigueur à cette date" in text
    assert "mi-temps · 0,5 ETP" in text and "temps plein · 1 ETP" not in text
    assert "01/01/2024" not in text  # the change to full time came after that day
    assert "Aucune liste des sites" not in text
    code, out, err = run(capsys, "37", tmp_path / "june-2023.pdf", "--date", "2023-06-30")
    assert "mi-temps · 0,5 ETP" in read_pdf((tmp_path / "june-2023.pdf").read_bytes()).text
    code, _, err = run(capsys, "37", tmp_path / "now.pdf")
    text = read_pdf((tmp_path / "now.pdf").read_bytes()).text
    assert "temps plein · 1 ETP" in text and "01/01/2024 : mi-temps → temps plein" in text


def test_before_any_period_everything_is_unknown(env, engine, tmp_path, capsys):
    demo.load_demo(engine, ADMIN)  # its story starts on 01/01/2020
    code, _, err = run(capsys, "france", tmp_path / "hier.pdf", "--date", "2019-06-30")
    assert code == 0, err
    text = read_pdf((tmp_path / "hier.pdf").read_bytes()).text
    assert "non renseigné 102" in text and "Aucune liste des sites n'était chargée" in text


@pytest.mark.parametrize(("args", "message"), [
    (["37", "{dir}/x.pdf", "--date", "2999-01-01"], "est dans le futur"),
    (["37", "{dir}/x.pdf", "--date", "31/12/2025"], "Date invalide : « 31/12/2025 » (format attendu AAAA-MM-JJ"),
    (["37", "{dir}/x.pdf", "--date", "2025-02-30"], "Date invalide"),
    (["37", "{dir}/x.pdf", "--date", "2010-01-01"], "antérieure à la création"),
    (["99", "{dir}/x.pdf"], "Département inconnu : « 99 »"),
    (["haute", "{dir}/x.pdf"], "Plusieurs départements correspondent à « haute »"),
    (["37", "{dir}/absent/x.pdf"], "n'existe pas"),
])
def test_refusals_are_french_and_write_nothing(env, tmp_path, capsys, args, message):
    code, out, err = run(capsys, *[a.format(dir=tmp_path) for a in args])
    assert code == 2 and message in err and out == ""
    assert not (tmp_path / "x.pdf").exists()
