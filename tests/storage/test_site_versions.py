"""Versions of the site list: first version, import, refusals, stale previews, a
failure half-way, rollback, history; ``import-sites``, ``site-versions`` and
``fetch --import`` (over a loopback HTTP server)."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fsdash.cli import fetch as fetch_cli
from fsdash.cli import sites as import_cli
from fsdash.cli.main import FrenchParser, build_parser
from fsdash.inputs.sites import read_sites
from fsdash.storage import rights, site_imports, site_versions
from fsdash.storage.engine import make_engine
from fsdash.storage.rights import ADMIN, User
from fsdash.storage.site_versions import (
    SOURCE_CLI,
    SOURCE_DOWNLOAD,
    SOURCE_LOCAL,
    SOURCE_UPLOAD,
    FileRefusedError,
    StaleBaseError,
    VersionError,
    site_list_history,
    site_list_versions,
)
from tests.conftest import PROJECT_ROOT, REAL_CONTOURS, REAL_SITES
from tests.support.site_lists import modified_real_list

REAL_BYTES = REAL_SITES.read_bytes()
MODIFIED_BYTES, MODIFIED = modified_real_list()
ALICE = User("alice@anct.gouv.fr", ADMIN, name="Alice Martin")
BOB = User("bob@anct.gouv.fr", ADMIN, name="Bob")


def cli_label(name: str) -> str:
    """How a command run with ``--auteur NAME`` signs: the name and the system user."""
    return rights.operator(name).label


def counts(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(site_list_versions)).scalar(),
                conn.execute(select(func.count()).select_from(site_list_history)).scalar())


@pytest.fixture
def first(engine):
    """A database whose version 1 is the real list, as on first start."""
    version = site_imports.ensure_initial_version(engine, REAL_SITES)
    assert version is not None
    return version


def assert_current_is(engine, version_id: int, data: bytes) -> None:
    current = site_versions.current_version(engine)
    assert current is not None and current.id == version_id
    assert site_versions.version_bytes(engine, version_id) == data


# --------------------------------------------------------------------------- first start


def test_first_start_makes_version_1_from_the_local_file(engine, first):
    assert first.id == 1
    assert first.source == SOURCE_LOCAL and first.source_label == "fichier local"
    assert first.author == site_versions.FIRST_START_AUTHOR
    assert first.file_name == "liste-fs-20240801.csv"
    assert first.extract_date == date(2024, 8, 1)
    assert (first.row_count, first.valid_count, first.error_count) == (2845, 2845, 0)
    assert first.size == len(REAL_BYTES)
    assert_current_is(engine, 1, REAL_BYTES)
    history = site_versions.history(engine)
    assert history[["action", "version_id"]].values.tolist() == [["creation", 1]]
    assert pd_isna(history["previous_version_id"].iloc[0])
    assert history["summary"].iloc[0] == "2\u202f845 sites ajoutés."
    # Idempotent: a second start changes nothing.
    assert site_imports.ensure_initial_version(engine, REAL_SITES).id == 1
    assert counts(engine) == (1, 1)


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_first_start_without_file_or_with_a_rejected_file_makes_nothing(engine, tmp_path):
    assert site_imports.ensure_initial_version(engine, tmp_path / "absent.csv") is None
    bad = tmp_path / "liste-fs.csv"
    bad.write_bytes(b"nom;ville\nx;y\n")
    assert site_imports.ensure_initial_version(engine, bad) is None
    assert site_versions.current_version(engine) is None
    assert counts(engine) == (0, 0)


def test_first_start_takes_url_and_date_from_the_fetch_provenance(engine, tmp_path):
    path = tmp_path / "liste-fs.csv"
    path.write_bytes(REAL_BYTES)
    provenance = {"url": "https://example.test/r/1", "final_url": "https://example.test/liste.csv",
                  "fetched_at": "2026-11-02T08:30:00+00:00"}
    version = site_imports.ensure_initial_version(engine, path, provenance)
    assert version.url == "https://example.test/liste.csv"
    assert version.extract_date == date(2026, 11, 2)


# --------------------------------------------------------------------------- import


def test_prepare_writes_nothing_and_import_makes_the_new_version_current(engine, first):
    candidate = site_imports.prepare(engine, MODIFIED_BYTES, "liste-modifiee.csv")
    assert counts(engine) == (1, 1)
    assert candidate.base.id == 1 and not candidate.rejected and not candidate.identical
    assert sorted(candidate.diff.removed["id_fs"]) == sorted(MODIFIED["removed"])
    version = site_imports.import_candidate(engine, candidate, source=SOURCE_UPLOAD, user=ALICE)
    assert version.id == 2 and version.author == "Alice Martin <alice@anct.gouv.fr>" and version.source == SOURCE_UPLOAD
    assert (version.valid_count, version.extract_date) == (2842, None)
    assert_current_is(engine, 2, MODIFIED_BYTES)
    sites, report = site_versions.load_version(engine, 2)
    assert len(sites) == 2842 and report.file == "liste-modifiee.csv"
    row = site_versions.history(engine).iloc[0]
    assert (row["action"], row["version_id"], row["previous_version_id"], row["author"]) == \
        ("import", 2, 1, ALICE.label)
    assert row["summary"] == "3 sites supprimés, 3 sites modifiés (déplacés de plus de 100 m : 2 ; renommés : 1)."
    assert row["counts"]["supprimes"] == 3 and row["counts"]["deplace"] == 2
    # The first version is still there, bytes intact.
    assert site_versions.version_bytes(engine, 1) == REAL_BYTES
    assert [v.id for v in site_versions.list_versions(engine)] == [2, 1]


def test_identical_file_is_not_imported(engine, first):
    candidate = site_imports.prepare(engine, REAL_BYTES, "copie.csv")
    assert candidate.identical and candidate.diff.is_empty
    with pytest.raises(VersionError, match="identique à la version courante"):
        site_imports.import_candidate(engine, candidate, source=SOURCE_UPLOAD, user=ALICE)
    assert counts(engine) == (1, 1)


def test_rejected_file_is_refused_and_current_untouched(engine, first):
    candidate = site_imports.prepare(engine, b"", "vide.csv")
    assert candidate.rejected and candidate.diff is None
    with pytest.raises(FileRefusedError, match="est vide.*La version courante est inchangée"):
        site_imports.import_candidate(engine, candidate, source=SOURCE_UPLOAD, user=ALICE)
    assert counts(engine) == (1, 1)
    assert_current_is(engine, 1, REAL_BYTES)


def test_an_import_needs_a_user_allowed_to_import(engine, first):
    candidate = site_imports.prepare(engine, MODIFIED_BYTES, "m.csv")
    with pytest.raises(rights.AccessDenied, match="importer une liste des sites"):
        site_imports.import_candidate(engine, candidate, source=SOURCE_UPLOAD, user=rights.ANONYMOUS)
    assert counts(engine) == (1, 1)


def test_stale_preview_is_refused(engine, first):
    """Two stewards preview at the same time; the second confirmation is refused."""
    seen_by_alice = site_imports.prepare(engine, MODIFIED_BYTES, "alice.csv")
    seen_by_bob = site_imports.prepare(engine, REAL_BYTES.replace(b"Valserh", b"VALSERH"), "bob.csv")
    site_imports.import_candidate(engine, seen_by_bob, source=SOURCE_UPLOAD, user=BOB)
    with pytest.raises(StaleBaseError, match="a changé pendant votre vérification.*Rien n'a été modifié"):
        site_imports.import_candidate(engine, seen_by_alice, source=SOURCE_UPLOAD, user=ALICE)
    assert counts(engine) == (2, 2)
    assert site_versions.current_version(engine).author == BOB.label


def test_second_import_prepared_before_any_version_is_refused_once_the_first_is_in(engine):
    """Two imports both prepared while no version exists, confirmed one after the other: the
    first becomes version 1, the second is refused (its base is stale). The simultaneous case is
    the next test."""
    one = site_imports.prepare(engine, REAL_BYTES, "a.csv")
    two = site_imports.prepare(engine, MODIFIED_BYTES, "b.csv")
    assert one.base is None and two.base is None
    site_imports.import_candidate(engine, one, source=SOURCE_CLI, user=ALICE)
    with pytest.raises(StaleBaseError):
        site_imports.import_candidate(engine, two, source=SOURCE_CLI, user=BOB)
    assert counts(engine) == (1, 1)


def test_first_start_and_first_import_racing_make_exactly_one_first_version(database_url):
    """A first start (the file of the data folder) and an import, each with an engine of its own as
    two processes would have, released at the same instant while no version exists: exactly one
    becomes version 1, the other finds it and changes nothing."""
    engines = [make_engine(database_url), make_engine(database_url)]
    candidate = site_imports.prepare(engines[1], MODIFIED_BYTES, "b.csv")
    assert candidate.base is None
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def first_start():
        start.wait()
        outcomes["start"] = site_imports.ensure_initial_version(engines[0], REAL_SITES)

    def first_import():
        start.wait()
        try:
            outcomes["import"] = site_imports.import_candidate(engines[1], candidate, source=SOURCE_CLI, user=BOB)
        except StaleBaseError as exc:
            outcomes["import"] = exc

    threads = [threading.Thread(target=first_start), threading.Thread(target=first_import)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert set(outcomes) == {"start", "import"}
    assert counts(engines[0]) == (1, 1)
    current = site_versions.current_version(engines[0])
    assert outcomes["start"] is not None and outcomes["start"].id == current.id
    if isinstance(outcomes["import"], StaleBaseError):  # the first start won
        assert current.author == site_imports.FIRST_START_AUTHOR
        assert site_versions.version_bytes(engines[0], current.id) == REAL_BYTES
    else:  # the import won; the first start found its version
        assert outcomes["import"].id == current.id and current.author == BOB.label
        assert site_versions.version_bytes(engines[0], current.id) == MODIFIED_BYTES
    for each in engines:
        each.dispose()


def test_failure_half_way_leaves_everything_as_it_was(engine, first, monkeypatch):
    candidate = site_imports.prepare(engine, MODIFIED_BYTES, "m.csv")

    def broken(*args, **kwargs):
        raise RuntimeError("disque plein (simulé)")

    # The version row and the pointer move are written before the history row fails.
    monkeypatch.setattr(site_imports, "_write_history", broken)
    with pytest.raises(RuntimeError):
        site_imports.import_candidate(engine, candidate, source=SOURCE_UPLOAD, user=ALICE)
    assert counts(engine) == (1, 1)
    assert_current_is(engine, 1, REAL_BYTES)
    monkeypatch.undo()
    # (PostgreSQL does not give back the id the failed transaction drew: do not assume 2.)
    imported = site_imports.import_candidate(engine, candidate, source=SOURCE_UPLOAD, user=ALICE)
    monkeypatch.setattr(site_imports, "_write_history", broken)
    with pytest.raises(RuntimeError):
        site_imports.rollback(engine, 1, BOB)
    assert_current_is(engine, imported.id, MODIFIED_BYTES)
    assert counts(engine) == (2, 2)


# --------------------------------------------------------------------------- rollback


def test_rollback_makes_an_earlier_version_current_with_its_own_history(engine, first):
    candidate = site_imports.prepare(engine, MODIFIED_BYTES, "m.csv")
    site_imports.import_candidate(engine, candidate, source=SOURCE_UPLOAD, user=ALICE)
    back = site_imports.rollback(engine, 1, BOB, expected_current=2)
    assert back.id == 1
    assert_current_is(engine, 1, REAL_BYTES)
    history = site_versions.history(engine)
    assert history["action"].tolist() == ["retour", "import", "creation"]
    latest = history.iloc[0]
    assert (latest["version_id"], latest["previous_version_id"], latest["author"]) == (1, 2, BOB.label)
    assert latest["summary"].startswith("Retour à la version n° 1. 3 sites ajoutés, 3 sites modifiés")
    assert counts(engine) == (2, 3)  # nothing deleted, no new version row
    # And forward again.
    site_imports.rollback(engine, 2, ALICE)
    assert_current_is(engine, 2, MODIFIED_BYTES)


def test_rollback_refusals(engine, first):
    with pytest.raises(VersionError, match="déjà la version courante"):
        site_imports.rollback(engine, 1, BOB)
    with pytest.raises(VersionError, match="n'existe pas"):
        site_imports.rollback(engine, 99, BOB)
    candidate = site_imports.prepare(engine, MODIFIED_BYTES, "m.csv")
    site_imports.import_candidate(engine, candidate, source=SOURCE_UPLOAD, user=ALICE)
    with pytest.raises(StaleBaseError):
        site_imports.rollback(engine, 1, BOB, expected_current=1)  # Bob saw version 1 as current
    with pytest.raises(rights.AccessDenied, match="revenir à une version"):
        site_imports.rollback(engine, 1, rights.ANONYMOUS)
    assert counts(engine) == (2, 2)


def test_no_version_no_rollback(engine):
    with pytest.raises(VersionError):
        site_imports.rollback(engine, 1, BOB)


def test_version_label_is_french(engine, first):
    label = first.label()
    assert label.startswith("n° 1 – liste-fs-20240801.csv (2\u202f845 sites), fichier local le ")
    assert label.endswith(" par démarrage du tableau de bord")


# --------------------------------------------------------------------------- command line


@pytest.fixture
def cli_env(monkeypatch, tmp_path, database_url):
    folder = tmp_path / "donnees"
    folder.mkdir()
    (folder / "liste-fs-20240801.csv").write_bytes(REAL_BYTES)
    monkeypatch.setenv("FSDASH_DATA_DIR", str(folder))
    monkeypatch.setenv("FSDASH_DATABASE_URL", database_url)
    from fsdash.storage.engine import create_schema, get_engine

    engine = get_engine(database_url)  # the engine the commands use (one per URL and process)
    create_schema(engine)  # with PostgreSQL, the fixture dropped the tables an earlier test's engine made
    return folder, engine


def run_cli(argv: list[str], answer: str | None = None) -> tuple[int, str, str]:
    args = build_parser().parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    inp = io.StringIO(answer) if answer is not None else None
    code = args.handler(args, out=out, err=err, inp=inp)
    return code, out.getvalue(), err.getvalue()


def write_modified(tmp_path) -> Path:
    path = tmp_path / "liste-modifiee.csv"
    path.write_bytes(MODIFIED_BYTES)
    return path


def test_import_sites_shows_difference_then_imports_on_yes(cli_env, tmp_path):
    _, engine = cli_env
    code, out, err = run_cli(["import-sites", str(write_modified(tmp_path)), "--auteur", "Alice"], answer="oui\n")
    assert code == 0, err
    assert "Fichier « liste-modifiee.csv » : 2842 lignes lues, 2842 valides" in out
    assert "Version courante : n° 1 – liste-fs-20240801.csv" in out
    assert "  sites supprimés : 3" in out and "    dont déplacés de plus de 100 m : 2" in out
    assert "    dont renommés : 1" in out
    for ident in MODIFIED["removed"]:
        assert f"  - {ident} [" in out
    assert "Importer cette liste comme nouvelle version courante ? [o/N]" in out
    assert "Version n° 2 – liste-modifiee.csv (2\u202f842 sites), importée en ligne de commande" in out
    current = site_versions.current_version(engine)
    assert (current.id, current.source, current.author) == (2, SOURCE_CLI, cli_label("Alice"))
    assert current.author.startswith("Alice <") and current.author.endswith("@ligne-de-commande>")


@pytest.mark.parametrize("answer", ["n\n", "\n", ""])
def test_import_sites_not_confirmed_changes_nothing(cli_env, tmp_path, answer):
    _, engine = cli_env
    code, out, err = run_cli(["import-sites", str(write_modified(tmp_path))], answer=answer)
    assert code == import_cli.EXIT_CANCELLED
    assert "Import annulé : la version courante (n° 1) est inchangée." in err
    assert counts(engine) == (1, 1)


def test_import_sites_without_terminal_needs_oui(cli_env, tmp_path, monkeypatch):
    _, engine = cli_env
    monkeypatch.setattr(sys, "stdin", io.StringIO("o\n"))  # not a terminal
    code, out, err = run_cli(["import-sites", str(write_modified(tmp_path))])
    assert code == import_cli.EXIT_CANCELLED
    assert "relancez avec --oui" in err
    assert counts(engine) == (1, 1)
    code, out, err = run_cli(["import-sites", str(write_modified(tmp_path)), "--oui", "--auteur", "Robot"])
    assert code == 0 and site_versions.current_version(engine).author == cli_label("Robot")


def test_import_sites_simulation_and_max(cli_env, tmp_path):
    _, engine = cli_env
    code, out, err = run_cli(["import-sites", str(write_modified(tmp_path)), "--simulation", "--max", "1"])
    assert code == 0
    assert "Simulation : rien n'a été importé, la version courante (n° 1) est inchangée." in out
    assert "… et 2 autre(s) (--max pour en voir plus)." in out
    assert counts(engine) == (1, 1)


def test_import_sites_refusals(cli_env, tmp_path):
    _, engine = cli_env
    code, out, err = run_cli(["import-sites", str(tmp_path / "absent.csv"), "--oui"])
    assert code == 1 and "Impossible de lire" in err and "La version courante est inchangée." in err
    code, out, err = run_cli(["import-sites", str(REAL_CONTOURS), "--oui"])
    assert code == 1
    assert "est un fichier JSON (les contours des départements ?)" in out
    assert "Fichier refusé : la version courante (n° 1) est inchangée." in err
    copy = tmp_path / "copie.csv"
    copy.write_bytes(REAL_BYTES)
    code, out, err = run_cli(["import-sites", str(copy), "--oui"])
    assert code == 0 and "identique à la version courante : rien à importer" in out
    assert counts(engine) == (1, 1)


def test_site_versions_lists_and_rolls_back(cli_env, tmp_path):
    _, engine = cli_env
    run_cli(["import-sites", str(write_modified(tmp_path)), "--oui", "--auteur", "Alice"])
    code, out, err = run_cli(["site-versions"])
    assert code == 0
    assert "2 version(s) de la liste des sites" in out
    assert "[courante]" in out.splitlines()[1] and "n° 2" in out.splitlines()[1]
    assert f"– import (version n° 2) par {cli_label('Alice')} : 3 sites supprimés" in out
    code, out, err = run_cli(["site-versions", "--retour", "1", "--auteur", "Bob"], answer="n\n")
    assert code == import_cli.EXIT_CANCELLED and site_versions.current_version(engine).id == 2
    code, out, err = run_cli(["site-versions", "--retour", "1", "--auteur", "Bob"], answer="o\n")
    assert code == 0, err
    assert "Différence : 3 sites ajoutés, 3 sites modifiés" in out
    assert "La version n° 1 est de nouveau la version courante." in out
    assert site_versions.current_version(engine).id == 1
    code, out, err = run_cli(["site-versions", "--retour", "1", "--oui"])
    assert code == 1 and "déjà la version courante" in err
    code, out, err = run_cli(["site-versions", "--retour", "7", "--oui"])
    assert code == 1 and "n'existe pas" in err


def test_import_sites_through_a_process(cli_env, tmp_path):
    folder, engine = cli_env
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "fsdash", "import-sites", str(write_modified(tmp_path)), "--oui", "--auteur", "CI"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "c'est désormais la version courante" in result.stdout
    assert site_versions.current_version(engine).author == cli_label("CI")


# --------------------------------------------------------------------------- fetch --import


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):  # noqa: N802
        body = {"/liste.csv": MODIFIED_BYTES, "/contours.geojson": REAL_CONTOURS.read_bytes()}.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def http_base(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run_fetch(folder: Path, base: str, *extra: str, answer: str | None = None) -> tuple[int, str, str]:
    parser = FrenchParser(prog="python -m fsdash")
    fetch_cli.register(parser.add_subparsers(dest="command", parser_class=FrenchParser))
    args = parser.parse_args(["fetch", "--dossier", str(folder), "--sites-url", f"{base}/liste.csv",
                              "--contours-url", f"{base}/contours.geojson", *extra])
    out, err = io.StringIO(), io.StringIO()
    if answer is not None:
        sys_stdin = sys.stdin
        sys.stdin = io.StringIO(answer)
    try:
        code = fetch_cli.run(args, out=out, err=err)
    finally:
        if answer is not None:
            sys.stdin = sys_stdin
    return code, out.getvalue(), err.getvalue()


def test_fetch_import_shows_the_difference_and_imports(cli_env, http_base):
    folder, engine = cli_env
    site_imports.ensure_initial_version(engine, folder / "liste-fs-20240801.csv")
    code, out, err = run_fetch(folder, http_base, "--import", "--oui", "--auteur", "Alice")
    assert code == 0, err
    assert "Import de la liste téléchargée :" in out
    assert "  sites supprimés : 3" in out and "dont renommés : 1" in out
    current = site_versions.current_version(engine)
    assert (current.id, current.source, current.author) == (2, SOURCE_DOWNLOAD, cli_label("Alice"))
    assert current.url == f"{http_base}/liste.csv"
    assert current.extract_date is not None  # the download date: the official URL serves the current list
    assert current.source_label == "téléchargée depuis l'adresse officielle"


def test_fetch_import_not_confirmed_keeps_the_current_version(cli_env, http_base):
    folder, engine = cli_env
    site_imports.ensure_initial_version(engine, folder / "liste-fs-20240801.csv")
    code, out, err = run_fetch(folder, http_base, "--import", answer="o\n")  # stdin is not a terminal
    assert code == import_cli.EXIT_CANCELLED
    assert "Import annulé : la version courante (n° 1) est inchangée." in err
    assert (folder / "liste-fs.csv").read_bytes() == MODIFIED_BYTES  # the download itself is kept
    assert counts(engine) == (1, 1)


def test_fetch_import_after_a_failed_download(cli_env, http_base):
    folder, engine = cli_env
    parser = FrenchParser(prog="python -m fsdash")
    fetch_cli.register(parser.add_subparsers(dest="command", parser_class=FrenchParser))
    args = parser.parse_args(["fetch", "--dossier", str(folder), "--sites-url", f"{http_base}/absent.csv",
                              "--contours-url", f"{http_base}/contours.geojson", "--import", "--oui"])
    out, err = io.StringIO(), io.StringIO()
    assert fetch_cli.run(args, out=out, err=err) == 1
    assert "Import impossible : la liste des sites n'a pas été téléchargée" in err.getvalue()
    assert counts(engine) == (0, 0)


def test_fetch_without_import_does_not_touch_versions(cli_env, http_base):
    folder, engine = cli_env
    site_imports.ensure_initial_version(engine, folder / "liste-fs-20240801.csv")
    code, out, err = run_fetch(folder, http_base)
    assert code == 0, err
    assert counts(engine) == (1, 1)


def test_fetch_namespace_without_import_option_still_runs(cli_env, http_base):
    """Older callers build the namespace themselves, without the import options."""
    folder, _ = cli_env
    args = argparse.Namespace(dossier=folder, sites_url=f"{http_base}/liste.csv",
                              contours_url=f"{http_base}/contours.geojson", timeout=10.0)
    assert fetch_cli.run(args, out=io.StringIO(), err=io.StringIO()) == 0


def test_stored_bytes_validate_like_the_file(engine, first):
    sites, report = site_versions.load_version(engine, 1)
    direct, direct_report = read_sites(REAL_BYTES, REAL_SITES.name)
    assert sites.equals(direct) and report.to_dict() == direct_report.to_dict()
