"""The deployment people run: scripts/deploy.sh, nginx (deploy/nginx.conf.template)
in front of two dashboard processes sharing one PostgreSQL database.

Through nginx: the health check, the upload size limit, gzip and long cache
headers on content-named files, the national map painted, a browser kept on one
process by nginx's route cookie while different browsers spread over both, a
record written to the shared database seen from both processes, a département
saved with its page's form on one process (logged in through an OpenID Connect
provider, through nginx) seen from the other, and a direct
load of a page's address without the 404s of Streamlit's base-path probes.

The deployment runs on free loopback ports with a database of its own, dropped
at the end (tests/support/deploy.py), one for the whole folder (tests/deploy/conftest.py).
"""

from __future__ import annotations

import csv
import gzip
import http.client
import io
import json
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.support.browser import PROJECT_ROOT, wait_for_map
from tests.support.deploy import (
    ROUTE_COOKIE,
    UPSTREAM_HEADER,
    wait_until,
)
from tests.support.stream import page_runs

LONG_CACHE = "public, max-age=31536000, immutable"
VENDOR_CACHE = "public, max-age=86400"
UPLOAD_LIMIT = 101 * 1024 * 1024  # client_max_body_size 101m: MAX_UPLOAD_MB (100) and multipart overhead
VIEWPORT = {"width": 1400, "height": 1000}


def brotli_modules() -> bool:
    """Does the deployment's nginx compress with brotli (Debian's modules, installed by deploy.sh)?"""
    return all(os.path.exists(f"/usr/lib/nginx/modules/ngx_http_brotli_{kind}_module.so")
               for kind in ("filter", "static"))


def get(url: str, headers: dict[str, str] | None = None):
    """(status, headers, body) of a GET, without raising on HTTP errors."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_health_check_passes_through_nginx_to_both_processes(deployed):
    seen = set()
    for _ in range(30):  # no cookie: each request is routed on a fresh random value
        status, headers, body = get(deployed.url + "/_stcore/health")
        assert (status, body) == (200, b"ok")
        seen.add(headers[UPSTREAM_HEADER])
        if seen == set(deployed.upstreams):
            break
    assert seen == set(deployed.upstreams)


def test_request_body_is_limited_like_uploads(deployed):
    """A body over the limit is refused by nginx, before any process reads it."""
    host, port = urllib.parse.urlsplit(deployed.url).netloc.split(":")

    def put(length: int, body: bytes = b"") -> int:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            connection.putrequest("PUT", "/_stcore/upload_file/session/file")
            connection.putheader("Content-Type", "multipart/form-data; boundary=x")
            connection.putheader("Content-Length", str(length))
            connection.endheaders(body)
            return connection.getresponse().status
        finally:
            connection.close()

    assert put(UPLOAD_LIMIT + 1) == 413
    assert put(4, b"--x\n") != 413  # a small body reaches the process (which refuses it for its own reasons)


def test_bundles_are_gzipped_and_cached_by_content_name(deployed):
    status, headers, html = get(deployed.url + "/", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "no-cache"
    bundle = re.search(rb'src="\./(static/js/index\.[\w-]+\.js)"', gzip.decompress(html)).group(1).decode()
    status, headers, body = get(f"{deployed.url}/{bundle}", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers.get_all("Cache-Control") == [LONG_CACHE]  # ours replaces Streamlit's, no duplicate
    assert len(gzip.decompress(body)) > 2 * len(body)

    # Files of the app in static/: long cache only for NAME-<hex hash>.EXT.
    folder = PROJECT_ROOT / "static" / f"deploy-test-{uuid.uuid4().hex[:8]}"
    names = {"contours-3f2a9c1b7d.json": LONG_CACHE,  # a content hash
             "liste-20240801.json": "no-cache",  # a date is not a content hash
             "contours-0123456789.json": "no-cache",  # digits only: a counter, not taken for a hash
             "contours.json": "no-cache"}
    try:
        folder.mkdir(parents=True)
        for name in names:
            (folder / name).write_text('{"type": "FeatureCollection", "features": []}' + " " * 2000)
        for name, expected in names.items():
            status, headers, body = get(f"{deployed.url}/app/static/{folder.name}/{name}", {"Accept-Encoding": "gzip"})
            assert status == 200, name
            assert headers.get_all("Cache-Control") == [expected], name
            assert headers["Content-Encoding"] == "gzip", name  # JSON compresses
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    status, headers, _ = get(deployed.url + "/app/static/vendor/leaflet/leaflet.js", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Cache-Control"] == VENDOR_CACHE and headers["Content-Encoding"] == "gzip"


def test_page_runs_cross_nginx_compressed_under_50_kb(deployed):
    """A first visit's run of each main page, through nginx, as a browser asks for it: the
    websocket's messages are compressed (permessage-deflate, agreed through nginx) and each
    run stays under 50 KB on the wire, while its messages weigh well over that."""
    pages = ["", "departement?dep=37", "simulation"]
    runs = page_runs(deployed.url, pages)
    for run in runs:
        assert run.extensions.startswith("permessage-deflate"), run.extensions
        assert any(what == "component fsdash.carte" for _, what in run.parts) or run.page == "simulation"
        assert run.wire < 50 * 1024, (run.page, run.wire)
        assert run.payload > 1.5 * run.wire, (run.page, run.payload, run.wire)


@pytest.mark.browser
def test_national_map_is_painted_through_nginx_and_its_csv_downloads(deployed, chromium, tmp_path):
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = context.new_page()
        responses, sockets = [], []
        page.on("response", lambda r: responses.append(r))
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(deployed.url + "/")
        wait_for_map(page)
        assert sockets == [deployed.url.replace("http://", "ws://") + "/_stcore/stream"]

        bundles = [r for r in responses if re.search(r"/static/js/[^/]+\.js$", r.url)]
        assert len(bundles) > 10
        # Streamlit's bundles, served by nginx from its precompressed copy: brotli
        # (chromium asks for it) when nginx has the module, else gzip.
        encoding = "br" if brotli_modules() else "gzip"
        for response in bundles:
            assert response.headers.get("cache-control") == LONG_CACHE, response.url
            if response.headers.get("content-encoding") != encoding:  # too small to gain (min length 1024)
                assert int(response.headers["content-length"]) < 1024, response.url
        compressed = [r for r in bundles if r.headers.get("content-encoding") == encoding]
        assert len(compressed) > 10 and any("/static/js/index." in r.url for r in compressed)
        vendor = [r for r in responses if "/app/static/vendor/" in r.url and r.url.endswith(".js")]
        assert vendor and all(r.headers.get("cache-control") == VENDOR_CACHE for r in vendor)

        # The CSV is made by the process that ran the page, and only that one has
        # it in memory: the route cookie brings the browser back there.
        button = page.get_by_role("button", name="Télécharger le tableau (CSV)")
        with page.expect_download(timeout=30_000) as download:
            button.click()
        path = tmp_path / "table.csv"
        download.value.save_as(path)
        rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
        assert len(rows) == 102
    finally:
        context.close()


@pytest.mark.browser
def test_a_browser_stays_on_one_process_and_browsers_spread_over_both(deployed, chromium):
    # Several browsers: each gets its own route cookie, and all its requests one process.
    seen = {}
    for _ in range(20):
        context = chromium.new_context()
        try:
            upstreams = {context.request.get(deployed.url + path).headers[UPSTREAM_HEADER.lower()]
                         for path in ("/", "/_stcore/health", "/simulation", "/")}
            assert len(upstreams) == 1
            route = next(c["value"] for c in context.cookies() if c["name"] == ROUTE_COOKIE)
            seen[upstreams.pop()] = route
        finally:
            context.close()
        if len(seen) == 2:
            break
    assert set(seen) == set(deployed.upstreams)

    # A real session: page, bundles, websocket, a reload; every request of it on one process.
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(deployed.url + "/confidentialite")
        page.get_by_role("heading", name="Données personnelles").first.wait_for(timeout=30_000)
        page.reload()
        page.get_by_role("heading", name="Données personnelles").first.wait_for(timeout=30_000)
        route = next(c["value"] for c in context.cookies() if c["name"] == ROUTE_COOKIE)
    finally:
        context.close()  # closes the websockets: nginx logs them now

    def session_entries():
        entries = [e for e in deployed.access_entries() if e["route"] == route]
        return entries if sum(e["path"] == "/_stcore/stream" for e in entries) >= 2 else None

    entries = wait_until(session_entries, timeout=15)
    assert entries, "the session's two websockets are not in nginx's access log"
    # Streamlit's bundles are nginx's own files (no upstream, "-"); everything else one process.
    assert all(e["path"].startswith("/static/") for e in entries if e["upstream"] == "-")
    upstreams = {e["upstream"] for e in entries if e["upstream"] != "-"}
    assert len(upstreams) == 1 and upstreams <= set(deployed.upstreams), upstreams
    assert all(e["status"] == "101" for e in entries if e["path"] == "/_stcore/stream")
    assert any(e["path"].startswith("/static/js/") for e in entries)


@pytest.mark.browser
def test_a_record_written_to_the_shared_database_shows_on_both_processes(deployed, chromium):
    from fsdash.storage import registry, rights
    from fsdash.storage.engine import dispose_engine, get_engine

    first, second = deployed.upstreams
    contexts = [chromium.new_context(viewport={"width": 1400, "height": 1600}) for _ in range(2)]
    try:
        pages = []
        for context, upstream in zip(contexts, (first, second)):
            deployed.pin(context, upstream)
            page = context.new_page()
            response = page.goto(deployed.url + "/departement?dep=37")
            assert response.headers[UPSTREAM_HEADER.lower()] == upstream
            page.get_by_role("heading", name="Indre-et-Loire (37)", exact=True).wait_for(timeout=30_000)
            # Local mode was asked for but not granted: a reader, without the form.
            page.get_by_text("Modification de la fiche de l'animateur : réservé").wait_for(timeout=30_000)
            assert page.get_by_text("Modifier la fiche de l'animateur").count() == 0
            pages.append(page)

        token = uuid.uuid4().hex[:8]
        engine = get_engine(deployed.database_url)
        try:
            registry.update_record(engine, "37", {"statut": "temps plein", "structure_porteuse": f"Mairie {token}",
                                                  "commentaire": f"Écrit hors des deux processus ({token})"},
                                   rights.operator("test du déploiement"), None)
        finally:
            dispose_engine(deployed.database_url)

        for page, upstream in zip(pages, (first, second)):
            response = page.reload()
            assert response.headers[UPSTREAM_HEADER.lower()] == upstream  # still on its own process
            page.get_by_text(f"Mairie {token}").first.wait_for(timeout=30_000)
            page.get_by_text(f"Écrit hors des deux processus ({token})").first.wait_for(timeout=30_000)
    finally:
        for context in contexts:
            context.close()


@pytest.mark.browser
def test_a_departement_saved_on_one_process_is_seen_from_the_other(deployed, provider, chromium):
    """A prefecture logs in (OpenID Connect, through nginx) on the first process and saves
    its record with the page's form; a reader kept on the second process sees the change."""
    from fsdash.storage import accounts, registry, rights
    from fsdash.storage.engine import dispose_engine, get_engine

    first, second = deployed.upstreams
    engine = get_engine(deployed.database_url)
    accounts.grant(engine, rights.operator("test du déploiement"), "pref37@deploy.test", rights.PREFECTURE, ["37"])
    before = registry.get_record(engine, "37")["version"]
    token = uuid.uuid4().hex[:8]
    claims = {"email": "pref37@deploy.test", "email_verified": True}  # the provider vouches for the address
    request = urllib.request.Request(f"{provider}/users/pref37@deploy.test", data=json.dumps(claims).encode(),
                                     headers={"Content-Type": "application/json"}, method="PUT")
    urllib.request.urlopen(request, timeout=10).close()
    editor, reader = (chromium.new_context(viewport={"width": 1400, "height": 1600}) for _ in range(2))
    try:
        deployed.pin(editor, first)
        page = editor.new_page()
        page.goto(deployed.url + "/")
        page.get_by_role("button", name="Se connecter").click()
        page.locator("input[name=sub]").fill("pref37@deploy.test")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(deployed.url + "/**", timeout=60_000)
        response = page.goto(deployed.url + "/departement?dep=37")
        assert response.headers[UPSTREAM_HEADER.lower()] == first
        page.get_by_text("Modifier la fiche de l'animateur").click(timeout=60_000)  # logged in, allowed to edit
        page.get_by_label("Commentaire").fill(f"Enregistré sur le premier processus ({token})")
        page.get_by_role("button", name="Enregistrer").click()
        saved = wait_until(lambda: registry.get_record(engine, "37")["version"] > before, timeout=30)
        assert saved, "the form's save did not reach the shared database"
        assert registry.get_record(engine, "37")["commentaire"].endswith(f"({token})")

        deployed.pin(reader, second)
        other = reader.new_page()
        response = other.goto(deployed.url + "/departement?dep=37")
        assert response.headers[UPSTREAM_HEADER.lower()] == second
        other.get_by_text(f"Enregistré sur le premier processus ({token})").first.wait_for(timeout=30_000)
    finally:
        editor.close()
        reader.close()
        dispose_engine(deployed.database_url)


@pytest.mark.browser
def test_direct_load_of_a_page_address_has_no_404(deployed, chromium):
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        failures, requested, sockets = [], [], []
        page.on("response", lambda r: failures.append((r.status, r.url)) if r.status >= 400 else None)
        page.on("requestfailed", lambda r: failures.append((r.failure, r.url)))
        page.on("request", lambda r: requested.append(urllib.parse.urlsplit(r.url).path))
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(deployed.url + "/departement?dep=37")
        page.get_by_role("heading", name="Indre-et-Loire (37)", exact=True).wait_for(timeout=30_000)
        wait_for_map(page)
        assert failures == []
        # The front end knows the app's base path: it neither probes the page's
        # path nor takes it for the base path (websocket at the root, the page asked for shown).
        assert not [p for p in requested if p.startswith("/departement/")]
        assert "/_stcore/health" in requested and "/_stcore/host-config" in requested
        assert sockets == [deployed.url.replace("http://", "ws://") + "/_stcore/stream"]
    finally:
        context.close()

    # Every page's address gets the same page, telling the front end where the app is.
    for path in ("/", "/carte", "/departement", "/simulation", "/donnees", "/comptes", "/confidentialite"):
        status, _, html = get(deployed.url + path)
        assert status == 200 and b'window.__streamlit={BACKEND_BASE_URL:window.location.origin+"/"}' in html, path
