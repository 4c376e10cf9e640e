"""``python -m fsdash fetch`` against a real HTTP server on loopback.

The server (``http.server.ThreadingHTTPServer`` on 127.0.0.1, any free port)
serves the real official files from ../shared/data, plus redirects and broken
answers: 404, 500, truncated body, HTML page instead of the file, no
Content-Length, empty body, a server that does not answer in time.
Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from fsdash.cli import fetch as fetch_cli
from fsdash.cli.main import FrenchParser
from fsdash.domain import formatting
from fsdash.domain.settings import CONTOURS_FILENAME, SITES_FILENAME
from fsdash.inputs import download, fetch
from fsdash.inputs import provenance as prov
from tests.conftest import PROJECT_ROOT, REAL_CONTOURS, REAL_SITES

SITES_BYTES = REAL_SITES.read_bytes()
CONTOURS_BYTES = REAL_CONTOURS.read_bytes()
OLD_SITES = b"id_fs,insee_dep,lib_fs,latitude,longitude\nold,01,Ancien fichier,46.2,5.2\n"
OLD_CONTOURS = b'{"type": "FeatureCollection", "features": [], "note": "ancien fichier"}'
HTML_PAGE = (b"<!DOCTYPE html>\n<html lang=\"fr\"><head><title>data.gouv.fr</title></head>"
             b"<body><h1>Maintenance en cours</h1></body></html>\n")
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- the server


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection, closed after the answer, so a body
    # without Content-Length ends at the close.
    release = threading.Event()  # lets /lent answer (set after the timeout test)

    def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
        pass

    def send_body(self, data: bytes, content_type: str = "application/octet-stream", status: int = 200,
                  length: int | None = None, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802 (http.server's naming)
        path = self.path
        self.server.requests.append((path, self.headers.get("User-Agent")))
        if path == "/static/liste-fs-20240801.csv":
            self.send_body(SITES_BYTES, "text/csv; charset=utf-8", length=len(SITES_BYTES))
        elif path == "/contours/departements-1000m.geojson":
            self.send_body(CONTOURS_BYTES, "application/geo+json", length=len(CONTOURS_BYTES))
        # data.gouv.fr's stable resource URL redirects to the current file.
        elif path == "/fr/datasets/r/31576dff":
            self.redirect(302, "/relais/liste-fs")
        elif path == "/relais/liste-fs":
            self.redirect(301, "/static/liste-fs-20240801.csv")
        elif path == "/permanent/contours":
            self.redirect(308, "/contours/departements-1000m.geojson")
        elif path == "/redirection-vers-404":
            self.redirect(302, "/introuvable")
        elif path == "/sans-longueur.csv":
            self.send_body(SITES_BYTES, "text/csv")
        elif path == "/tronque.csv":
            # Announces the whole file, sends half of it, then closes.
            self.send_body(SITES_BYTES[: len(SITES_BYTES) // 2], "text/csv", length=len(SITES_BYTES))
        elif path == "/page.html":
            self.send_body(HTML_PAGE, "text/html; charset=utf-8", length=len(HTML_PAGE))
        elif path == "/pas-des-contours.geojson":
            body = b'{"type": "FeatureCollection", "features": []}'
            self.send_body(body, "application/geo+json", length=len(body))
        elif path == "/bizarre.geojson":
            body = b'{"type": "FeatureCollection", "features": [1, 2, 3]}'
            self.send_body(body, "application/geo+json", length=len(body))
        elif path == "/vide.csv":
            self.send_body(b"", "text/csv", length=0)
        elif path == "/erreur":
            body = b"<html><body>Internal Server Error</body></html>"
            self.send_body(body, "text/html", status=500, length=len(body))
        elif path == "/lent.csv":
            Handler.release.wait(10)
            self.send_body(SITES_BYTES, "text/csv", length=len(SITES_BYTES))
        else:
            body = b"<html><body>Not Found</body></html>"
            self.send_body(body, "text/html", status=404, length=len(body))


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gives up (timeout, size limit) is expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    Handler.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture
def base(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """urllib honours proxy variables: make sure loopback requests stay local."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "donnees"
    folder.mkdir()
    return folder


def with_previous_files(folder: Path) -> None:
    (folder / SITES_FILENAME).write_bytes(OLD_SITES)
    (folder / CONTOURS_FILENAME).write_bytes(OLD_CONTOURS)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def run_fetch(data_dir: Path, sites_url: str, contours_url: str, *extra: str) -> tuple[int, str, str]:
    """Parse and run ``fetch`` as the command line does (only this module's subcommand)."""
    parser = FrenchParser(prog="python -m fsdash")
    fetch_cli.register(parser.add_subparsers(dest="command", parser_class=FrenchParser))
    args = parser.parse_args(["fetch", "--dossier", str(data_dir), "--sites-url", sites_url,
                              "--contours-url", contours_url, *extra])
    out, err = io.StringIO(), io.StringIO()
    code = fetch_cli.run(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- success


def test_fetch_lands_both_files_with_their_provenance(base, data_dir, server):
    before = datetime.now(UTC).replace(microsecond=0)
    code, out, err = run_fetch(data_dir, f"{base}/static/liste-fs-20240801.csv",
                               f"{base}/contours/departements-1000m.geojson")
    assert code == 0, err
    assert sha256((data_dir / SITES_FILENAME).read_bytes()) == sha256(SITES_BYTES)
    assert sha256((data_dir / CONTOURS_FILENAME).read_bytes()) == sha256(CONTOURS_BYTES)
    assert leftovers(data_dir) == []
    assert "« liste-fs.csv » (liste des France services) enregistré : 2\u202f845 lignes, 2\u202f845 valides" in out
    assert "« departements-1000m.geojson » (contours des départements) enregistré : 102 départements" in out
    assert f"Fichiers à jour dans « {data_dir} »." in out
    # Progress goes to stderr; not a terminal here, so one final line per file.
    assert err.count("\n") == 2 and "\r" not in err
    assert "liste-fs.csv [" in err and "100 %" in err

    provenance = prov.read_provenance(data_dir)
    assert set(provenance) == {SITES_FILENAME, CONTOURS_FILENAME}
    sites = provenance[SITES_FILENAME]
    assert sites["file"] == SITES_FILENAME
    assert sites["method"] == "download"
    assert sites["url"] == sites["final_url"] == f"{base}/static/liste-fs-20240801.csv"
    assert sites["sha256"] == sha256(SITES_BYTES)
    assert sites["size"] == len(SITES_BYTES)
    assert (sites["rows"], sites["valid"], sites["errors"]) == (2845, 2845, 0)
    fetched_at = datetime.fromisoformat(sites["fetched_at"])
    assert fetched_at.tzinfo is not None
    assert before <= fetched_at <= datetime.now(UTC) + timedelta(seconds=1)
    contours = provenance[CONTOURS_FILENAME]
    assert contours["sha256"] == sha256(CONTOURS_BYTES)
    assert contours["size"] == len(CONTOURS_BYTES)
    assert contours["departements"] == 102
    # The sidecar itself is plain JSON in the data folder, readable by people.
    assert json.loads((data_dir / "sources.json").read_text(encoding="utf-8")) == provenance
    # The server saw a named client.
    assert any(ua and ua.startswith("fsdash/") for _, ua in server.requests)


def test_redirects_are_followed_and_recorded(base, data_dir):
    code, _, err = run_fetch(data_dir, f"{base}/fr/datasets/r/31576dff", f"{base}/permanent/contours")
    assert code == 0, err
    assert (data_dir / SITES_FILENAME).read_bytes() == SITES_BYTES
    assert (data_dir / CONTOURS_FILENAME).read_bytes() == CONTOURS_BYTES
    provenance = prov.read_provenance(data_dir)
    assert provenance[SITES_FILENAME]["url"] == f"{base}/fr/datasets/r/31576dff"
    assert provenance[SITES_FILENAME]["final_url"] == f"{base}/static/liste-fs-20240801.csv"
    assert provenance[CONTOURS_FILENAME]["final_url"] == f"{base}/contours/departements-1000m.geojson"


def test_replaces_previous_files_and_says_when_unchanged(base, data_dir):
    with_previous_files(data_dir)
    urls = (f"{base}/static/liste-fs-20240801.csv", f"{base}/contours/departements-1000m.geojson")
    code, out, _ = run_fetch(data_dir, *urls)
    assert code == 0
    assert (data_dir / SITES_FILENAME).read_bytes() == SITES_BYTES
    assert "identique" not in out
    first = prov.read_provenance(data_dir)[SITES_FILENAME]["fetched_at"]
    code, out, _ = run_fetch(data_dir, *urls)
    assert code == 0
    assert out.count("(identique au fichier précédent)") == 2
    assert prov.read_provenance(data_dir)[SITES_FILENAME]["fetched_at"] >= first
    assert leftovers(data_dir) == []


def test_missing_data_folder_is_created(base, tmp_path):
    folder = tmp_path / "pas" / "encore" / "là"
    code, _, err = run_fetch(folder, f"{base}/static/liste-fs-20240801.csv",
                             f"{base}/contours/departements-1000m.geojson")
    assert code == 0, err
    assert (folder / SITES_FILENAME).read_bytes() == SITES_BYTES


def test_download_without_content_length(base, data_dir):
    stream = io.StringIO()
    result = download.download(f"{base}/sans-longueur.csv", data_dir / SITES_FILENAME, fetch.validate_sites,
                            progress=download.TextProgress(SITES_FILENAME, stream=stream, interactive=False))
    assert (data_dir / SITES_FILENAME).read_bytes() == SITES_BYTES
    assert result.size == len(SITES_BYTES) and result.sha256 == sha256(SITES_BYTES)
    assert result.details["rows"] == 2845
    assert stream.getvalue() == f"liste-fs.csv : {formatting.human_size(len(SITES_BYTES))} reçus\n"


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/introuvable", "le serveur a répondu HTTP 404 (fichier introuvable)"),
        ("/erreur", "le serveur a répondu HTTP 500 (erreur interne du serveur)"),
        ("/tronque.csv", "téléchargement incomplet : 574 Ko reçus sur 1,1 Mo annoncés "
                         "(587\u202f290 octets sur 1\u202f174\u202f580)"),
        ("/page.html", "le fichier reçu n'est pas valide. Le serveur a renvoyé une page web (HTML) "
                       "au lieu du fichier attendu"),
        ("/vide.csv", "le serveur a renvoyé un fichier vide"),
    ],
)
def test_failed_site_download_keeps_the_previous_file(base, data_dir, path, expected):
    with_previous_files(data_dir)
    prov.record_provenance(data_dir, {"file": SITES_FILENAME, "url": "ancienne", "sha256": sha256(OLD_SITES)})
    code, out, err = run_fetch(data_dir, f"{base}{path}", f"{base}/contours/departements-1000m.geojson")
    assert code == 1
    assert (data_dir / SITES_FILENAME).read_bytes() == OLD_SITES
    assert leftovers(data_dir) == []
    assert (f"Échec du téléchargement de « liste-fs.csv » depuis {base}{path} : {expected}") in err
    assert "Le fichier précédent est conservé, inchangé." in err
    # The other file is still fetched, and the summary says which one succeeded.
    assert (data_dir / CONTOURS_FILENAME).read_bytes() == CONTOURS_BYTES
    assert "« departements-1000m.geojson » (contours des départements) enregistré" in out
    assert ("Mise à jour partielle : « departements-1000m.geojson » mis à jour ; « liste-fs.csv » en échec."
            in err)
    provenance = prov.read_provenance(data_dir)
    assert provenance[SITES_FILENAME] == {"file": SITES_FILENAME, "url": "ancienne", "sha256": sha256(OLD_SITES)}
    assert provenance[CONTOURS_FILENAME]["sha256"] == sha256(CONTOURS_BYTES)


def test_second_file_failing_keeps_the_first(base, data_dir):
    with_previous_files(data_dir)
    code, out, err = run_fetch(data_dir, f"{base}/static/liste-fs-20240801.csv", f"{base}/introuvable")
    assert code == 1
    assert (data_dir / SITES_FILENAME).read_bytes() == SITES_BYTES
    assert (data_dir / CONTOURS_FILENAME).read_bytes() == OLD_CONTOURS
    assert leftovers(data_dir) == []
    assert "« liste-fs.csv » (liste des France services) enregistré" in out
    assert (f"Échec du téléchargement de « departements-1000m.geojson » depuis {base}/introuvable : "
            "le serveur a répondu HTTP 404 (fichier introuvable). Le fichier précédent est conservé, inchangé."
            in err)
    assert "Mise à jour partielle : « liste-fs.csv » mis à jour ; « departements-1000m.geojson » en échec." in err
    assert set(prov.read_provenance(data_dir)) == {SITES_FILENAME}


def test_invalid_contours_are_refused(base, data_dir):
    with_previous_files(data_dir)
    code, _, err = run_fetch(data_dir, f"{base}/static/liste-fs-20240801.csv", f"{base}/pas-des-contours.geojson")
    assert code == 1
    assert (data_dir / CONTOURS_FILENAME).read_bytes() == OLD_CONTOURS
    assert leftovers(data_dir) == []
    assert ("« departements-1000m.geojson » depuis " f"{base}/pas-des-contours.geojson : le fichier reçu n'est pas "
            "valide. Le fichier « departements-1000m.geojson » ne contient que 0 départements reconnus") in err


def test_odd_json_is_refused_without_a_traceback(base, data_dir):
    (data_dir / CONTOURS_FILENAME).write_bytes(OLD_CONTOURS)
    with pytest.raises(download.FetchError) as caught:
        download.download(f"{base}/bizarre.geojson", data_dir / CONTOURS_FILENAME, fetch.validate_contours,
                       progress=False)
    assert ("le fichier reçu n'est pas valide. Le fichier « departements-1000m.geojson » n'est pas un GeoJSON "
            "de contours lisible") in str(caught.value)
    assert (data_dir / CONTOURS_FILENAME).read_bytes() == OLD_CONTOURS
    assert leftovers(data_dir) == []


def test_destination_that_cannot_be_replaced(base, data_dir):
    (data_dir / SITES_FILENAME).mkdir()  # a folder in the way: os.replace fails
    with pytest.raises(download.FetchError) as caught:
        download.download(f"{base}/static/liste-fs-20240801.csv", data_dir / SITES_FILENAME, fetch.validate_sites,
                       progress=False)
    assert f"impossible d'écrire dans le dossier « {data_dir} »" in str(caught.value)
    assert (data_dir / SITES_FILENAME).is_dir()
    assert leftovers(data_dir) == []


def test_site_list_in_the_wrong_format_is_refused(base, data_dir):
    # A valid CSV, but not the France services list: read_sites rejects it.
    with_previous_files(data_dir)
    code, _, err = run_fetch(data_dir, f"{base}/contours/departements-1000m.geojson",
                             f"{base}/contours/departements-1000m.geojson")
    assert code == 1
    assert (data_dir / SITES_FILENAME).read_bytes() == OLD_SITES
    assert "le fichier reçu n'est pas valide. Fichier « liste-fs.csv » refusé" in err
    assert leftovers(data_dir) == []


def test_redirect_to_a_missing_file_names_both_urls(base, data_dir):
    code, _, err = run_fetch(data_dir, f"{base}/redirection-vers-404", f"{base}/introuvable")
    assert code == 1
    assert (f"depuis {base}/redirection-vers-404 (redirigé vers {base}/introuvable) : "
            "le serveur a répondu HTTP 404") in err
    assert "Aucun fichier n'a été enregistré." in err
    assert "Aucun fichier n'a été mis à jour." in err
    assert list(data_dir.iterdir()) == []


def test_timeout(base, data_dir):
    (data_dir / SITES_FILENAME).write_bytes(OLD_SITES)
    Handler.release.clear()
    try:
        with pytest.raises(download.FetchError) as caught:
            download.download(f"{base}/lent.csv", data_dir / SITES_FILENAME, fetch.validate_sites,
                           progress=False, timeout=0.3)
    finally:
        Handler.release.set()
    assert "pas de réponse du serveur dans le délai de 0,3 s" in str(caught.value)
    assert caught.value.previous_kept
    assert (data_dir / SITES_FILENAME).read_bytes() == OLD_SITES
    assert leftovers(data_dir) == []


def test_connection_refused(data_dir):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(download.FetchError) as caught:
        download.download(f"http://127.0.0.1:{port}/liste-fs.csv", data_dir / SITES_FILENAME, progress=False)
    assert "connexion refusée par le serveur" in str(caught.value)
    assert list(data_dir.iterdir()) == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/liste.csv", "liste-fs.csv", "http://"])
def test_only_http_urls(data_dir, url):
    with pytest.raises(download.FetchError) as caught:
        download.download(url, data_dir / SITES_FILENAME, progress=False)
    assert "adresse invalide : une URL http:// ou https:// est attendue" in str(caught.value)
    assert list(data_dir.iterdir()) == []


def test_size_limit(base, data_dir):
    with pytest.raises(download.FetchError) as announced:
        download.download(f"{base}/static/liste-fs-20240801.csv", data_dir / SITES_FILENAME, progress=False,
                       max_bytes=1000)
    assert "fichier trop volumineux (1,1 Mo annoncés, maximum 1\u202f000 octets)" in str(announced.value)
    with pytest.raises(download.FetchError) as streamed:
        download.download(f"{base}/sans-longueur.csv", data_dir / SITES_FILENAME, progress=False, max_bytes=1000)
    assert "fichier trop volumineux (plus de 1\u202f000 octets)" in str(streamed.value)
    assert list(data_dir.iterdir()) == []


# --------------------------------------------------------------------------- pieces


def test_progress_on_a_terminal_redraws_one_line():
    stream = io.StringIO()
    bar = download.TextProgress("liste-fs.csv", stream=stream, interactive=True, width=10, min_interval=0)
    bar.start(2048)
    bar.update(1024)
    bar.finish(2048)
    text = stream.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "liste-fs.csv [#####-----]  50 % (1 Ko sur 2 Ko)" in text
    assert "liste-fs.csv [##########] 100 % (2 Ko sur 2 Ko)" in text


def test_progress_off_a_terminal_writes_only_a_final_line():
    stream = io.StringIO()
    bar = download.TextProgress("x.csv", stream=stream, interactive=False)
    bar.start(None)
    bar.update(10)
    bar.finish(1_500_000)
    assert stream.getvalue() == "x.csv : 1,4 Mo reçus\n"


def test_read_provenance_when_missing_or_broken(tmp_path):
    assert prov.read_provenance(tmp_path / "absent") == {}
    (tmp_path / "sources.json").write_text("{ pas du JSON", encoding="utf-8")
    assert prov.read_provenance(tmp_path) == {}
    prov.record_provenance(tmp_path, {"file": "a.csv", "size": 1})
    prov.record_provenance(tmp_path, {"file": "b.csv", "size": 2})
    prov.record_provenance(tmp_path, {"file": "a.csv", "size": 3})
    assert prov.read_provenance(tmp_path) == {"a.csv": {"file": "a.csv", "size": 3},
                                               "b.csv": {"file": "b.csv", "size": 2}}
    assert leftovers(tmp_path) == []


def test_bad_timeout_option_is_refused_in_french(capsys):
    parser = FrenchParser(prog="python -m fsdash")
    fetch_cli.register(parser.add_subparsers(dest="command", parser_class=FrenchParser))
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["fetch", "--timeout", "zéro"])
    assert exited.value.code == 2
    assert "délai invalide « zéro » : un nombre de secondes positif est attendu" in capsys.readouterr().err
    args = parser.parse_args(["fetch", "--timeout", "2,5"])
    assert args.timeout == 2.5 and args.handler is fetch_cli.run
    assert isinstance(args, argparse.Namespace)


# --------------------------------------------------------------------------- the real command


def command_env(base: str, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env.update(no_proxy="*", FSDASH_DATA_DIR=str(data_dir),
               FSDASH_SITES_URL=f"{base}/fr/datasets/r/31576dff",
               FSDASH_CONTOURS_URL=f"{base}/contours/departements-1000m.geojson")
    return env


def test_command_help(base, data_dir):
    done = subprocess.run([sys.executable, "-m", "fsdash", "fetch", "--help"], cwd=PROJECT_ROOT,
                          env=command_env(base, data_dir), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("utilisation : python -m fsdash fetch")
    for option in ("--dossier DOSSIER", "--sites-url URL", "--contours-url URL", "--timeout SECONDES"):
        assert option in done.stdout
    assert "Télécharge la liste officielle des France services" in done.stdout
    # Defaults come from the environment, URLs unbroken.
    assert f"{base}/fr/datasets/r/31576dff" in done.stdout
    assert str(data_dir) in done.stdout
    assert list(data_dir.iterdir()) == []


def test_command_fetches_from_the_configured_urls(base, data_dir):
    done = subprocess.run([sys.executable, "-m", "fsdash", "fetch", "--timeout", "20"], cwd=PROJECT_ROOT,
                          env=command_env(base, data_dir), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (data_dir / SITES_FILENAME).read_bytes() == SITES_BYTES
    assert (data_dir / CONTOURS_FILENAME).read_bytes() == CONTOURS_BYTES
    assert prov.read_provenance(data_dir)[SITES_FILENAME]["url"] == f"{base}/fr/datasets/r/31576dff"
    assert f"Fichiers à jour dans « {data_dir} »." in done.stdout


def test_command_failure_exit_code(base, data_dir):
    env = command_env(base, data_dir)
    env["FSDASH_SITES_URL"] = f"{base}/erreur"
    done = subprocess.run([sys.executable, "-m", "fsdash", "fetch", "--contours-url", f"{base}/introuvable"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"« liste-fs.csv » depuis {base}/erreur : le serveur a répondu HTTP 500" in done.stderr
    assert "Aucun fichier n'a été mis à jour." in done.stderr
    assert list(data_dir.iterdir()) == []
