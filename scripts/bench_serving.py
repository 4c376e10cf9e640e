"""What serving the dashboard costs (issue 13), measured in one run (a script, not a test).

Prints, on the real data with the demonstration registry:

1. websocket bytes per page run (national map, département 37, simulator): on the wire
   (compressed, ``tests/support/stream.py``, a first visit's run) and as chromium decodes
   them on ``/_stcore/stream`` (first visit, and a rerun);
2. HTTP bytes transferred on a first visit (empty browser cache) and a second
   one (same browser), directly and through nginx (``scripts/deploy.sh``);
3. paint times: navigation → national map painted, département map painted, and
   a bare Streamlit page (title only, same server settings) → title painted,
   first visit and reload, interleaved run by run, directly and through nginx;
4. with ``--load``, the load test (``scripts/load_test.py``) at 50 and 100
   sessions, directly and through nginx.

    .venv/bin/python scripts/bench_serving.py [--runs 7] [--load] [--no-nginx | --no-direct]
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import PAINT_PROBE, StreamlitServer, launch_chromium, paint_times, wait_for_map
from tests.support.demo_servers import demo_dashboard, demo_deployment
from tests.support.stream import page_runs

BARE_APP = 'import streamlit as st\n\nst.title("Page Streamlit nue")\n'
TITLE_PROBE = PAINT_PROBE  # records « title » too


@contextlib.contextmanager
def bare_server():
    """A bare Streamlit page with the dashboard's server settings."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "app.py").write_text(BARE_APP, encoding="utf-8")
        shutil.copytree(ROOT / ".streamlit", folder / ".streamlit", ignore=shutil.ignore_patterns("secrets.toml"))
        with StreamlitServer({}, app=folder / "app.py") as server:
            yield server


@contextlib.contextmanager
def bare_nginx():
    """The same bare page behind the same nginx deployment (scripts/deploy.sh, one process),
    with the theme's fonts beside it as the dashboard has them."""
    from fsdash.domain import frontend
    from tests.support.deploy import deployment

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "app.py").write_text(BARE_APP, encoding="utf-8")
        fonts = f"dsfr-{frontend.DSFR_VERSION}/fonts"
        shutil.copytree(frontend.VENDOR_DIR / fonts, folder / "static" / "vendor" / fonts)
        folder.chmod(0o755)
        with deployment(processes=1, env={"FSDASH_APP": str(folder / "app.py")}, debug=False) as deployed:
            yield deployed.url


# --------------------------------------------------------------------------- one visit


# Counted in the page, not through Playwright's request and frame events: answering those
# events (a call back to the browser for each of a first visit's ~130 requests) slowed the
# page under measurement, a page with many requests more than the bare one.
COUNTERS = """(() => {
  performance.setResourceTimingBufferSize(2000);
  const counted = (window.__fsdashWs = {bytes: 0});
  const Native = window.WebSocket;
  function Counted(...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', (e) => {
      counted.bytes += e.data.byteLength !== undefined ? e.data.byteLength : (e.data.size || e.data.length || 0); });
    return socket;
  }
  Counted.prototype = Native.prototype;
  Object.assign(Counted, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Counted;
})();"""
RECEIVED = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  return {http: entries.reduce((n, e) => n + (e.transferSize || 0), 0), ws: window.__fsdashWs.bytes,
          bundles: entries.filter(e => e.name.includes('/static/js/'))
            .map(e => [e.name.split('/').pop().split('.')[0], e.responseEnd / 1000, e.encodedBodySize])};
}"""


class Visit:
    """A page visit in chromium: paint times, then bytes over HTTP and the websocket (counted in the page)."""

    def __init__(self, context, url: str, wait: str):
        self.page = context.new_page()
        self.page.goto(url)
        if wait == "map":
            wait_for_map(self.page, timeout=60_000)
            self.times = paint_times(self.page, "picture", "map")
        else:
            self.times = paint_times(self.page, "title")
        self.page.wait_for_timeout(300)  # what arrives just after the paint (the rest of the run)
        received = self.page.evaluate(RECEIVED)
        self.http, self.ws = received["http"], received["ws"]
        self.bundles: list[tuple[str, float, int]] = [tuple(b) for b in received["bundles"]]  # name, end (s), bytes

    def close(self) -> None:
        self.page.close()


def visits(browser, base: str, path: str, wait: str, runs: int) -> dict[str, list[float]]:
    out: dict[str, list] = {"first": [], "reload": [], "bytes_first": [], "bytes_second": [], "ws": [], "before": [],
                            "picture_first": [], "picture_reload": [], "before_picture": []}
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(TITLE_PROBE)
        context.add_init_script(COUNTERS)
        first = Visit(context, base + path, wait)
        out["first"].append(first.times[wait if wait == "map" else "title"])
        out["bytes_first"].append(first.http)
        out["ws"].append(first.ws)
        if wait == "map":  # Streamlit's bundles received before the map's picture, and the live map, were painted
            out["before"].append([(n, b) for n, end, b in first.bundles if end <= first.times["map"]])
            out["before_picture"].append([(n, b) for n, end, b in first.bundles if end <= first.times["picture"]])
            out["picture_first"].append(first.times["picture"])
        first.close()
        second = Visit(context, base + path, wait)
        out["reload"].append(second.times[wait if wait == "map" else "title"])
        if wait == "map":
            out["picture_reload"].append(second.times["picture"])
        out["bytes_second"].append(second.http)
        second.close()
        context.close()
    return out


def rerun_bytes(browser, base: str) -> dict[str, int]:
    """Websocket bytes of a rerun: a filter on the national map, another département."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(len(p))))
    page.goto(base + "/")
    wait_for_map(page, timeout=60_000)
    page.wait_for_timeout(1000)
    received.clear()
    page.get_by_role("radio", name="Guyane").click()
    page.wait_for_timeout(2500)
    territory = sum(received)
    page.goto(base + "/departement?dep=37")
    wait_for_map(page, timeout=60_000)
    page.wait_for_timeout(1000)
    received.clear()
    box = page.locator(".st-key-departement-choix input")
    box.click()
    box.fill("87")
    box.press("Enter")
    page.get_by_role("heading", name="Haute-Vienne (87)", exact=True).wait_for(timeout=30_000)
    page.wait_for_timeout(2500)
    other = sum(received)
    context.close()
    return {"carte nationale, autre territoire": territory, "département : 37 → 87": other}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report_visits(label: str, results: dict[str, dict[str, list[float]]]) -> None:
    print(f"== {label} : médianes sur {len(next(iter(results.values()))['first'])} essais alternés ==")
    print(f"{'page':34s} {'1re visite':>10s} {'rechargement':>12s} {'octets 1re':>12s} {'octets 2e':>11s} "
          f"{'ws décodé':>10s}")
    for page, r in results.items():
        print(f"{page:34s} {median(r['first']):9.2f}s {median(r['reload']):11.2f}s "
              f"{median(r['bytes_first']) / 1024:9.0f} Ko {median(r['bytes_second']) / 1024:8.0f} Ko "
              f"{median(r['ws']) / 1024:7.1f} Ko")
    for page, r in results.items():
        if r["picture_first"]:
            print(f"{'  dont image de la carte (aperçu)':34s} {median(r['picture_first']):9.2f}s "
                  f"{median(r['picture_reload']):11.2f}s   ({page})")
    bare = results.get("page Streamlit nue (titre)")
    if bare:  # the target: a map painted within 0.35 s of the bare page, measured the same way
        for page in ("carte nationale", "département 37"):
            if page in results:
                r = results[page]
                print(f"écart avec la page nue, {page} : carte peinte (aperçu) 1re visite "
                      f"{median(r['picture_first']) - median(bare['first']):+.2f} s, rechargement "
                      f"{median(r['picture_reload']) - median(bare['reload']):+.2f} s ; carte interactive "
                      f"(Leaflet) 1re visite {median(r['first']) - median(bare['first']):+.2f} s, rechargement "
                      f"{median(r['reload']) - median(bare['reload']):+.2f} s")


def measure(base: str, bare: str, runs: int, label: str) -> None:
    from playwright.sync_api import sync_playwright

    pages = {"page Streamlit nue (titre)": (bare, "/", "title"),
             "carte nationale": (base, "/", "map"),
             "département 37": (base, "/departement?dep=37", "map"),
             "simulation": (base, "/simulation", "title")}
    results = {name: {"first": [], "reload": [], "bytes_first": [], "bytes_second": [], "ws": [], "before": [],
                      "picture_first": [], "picture_reload": [], "before_picture": []} for name in pages}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for server, path, wait in pages.values():  # warm the servers' caches
            visits(browser, server, path, wait, 1)
        for _ in range(runs):  # interleaved: each run visits every page once
            for name, (server, path, wait) in pages.items():
                one = visits(browser, server, path, wait, 1)
                for key, values in one.items():
                    results[name][key] += values
        reruns = rerun_bytes(browser, base)
        browser.close()
    report_visits(label, results)
    for name in ("carte nationale", "département 37"):
        for key, what in (("before_picture", "l'aperçu de la carte"), ("before", "la carte interactive")):
            last = results[name][key][-1] if results[name][key] else []
            print(f"bundles de Streamlit reçus avant {what} ({name}, dernière 1re visite) : {len(last)}, "
                  f"{sum(b for _, b in last) / 1024:.0f} Ko : " + ", ".join(sorted({n for n, _ in last})))
    for name, size in reruns.items():
        print(f"websocket, réexécution « {name} » : {size / 1024:.1f} Ko de messages décodés")
    for name, run in zip(("carte nationale", "département 37", "simulation"),
                         page_runs(base, ["", "departement?dep=37", "simulation"])):
        print(f"websocket sur le fil, 1re exécution « {name} » : {run.wire / 1024:.1f} Ko "
              f"({run.payload / 1024:.1f} Ko de messages, {run.extensions or 'sans compression'})")


def load(url: str, label: str) -> None:
    for sessions in (50, 100):
        print(f"-- {label}, {sessions} sessions --", flush=True)
        subprocess.run([sys.executable, str(ROOT / "scripts" / "load_test.py"), "--url", url, "--sessions",
                        str(sessions), "--seconds", "60"], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--load", action="store_true", help="also run the load test at 50 and 100 sessions")
    parser.add_argument("--no-nginx", action="store_true", help="only the direct measurements")
    parser.add_argument("--no-direct", action="store_true", help="only the measurements through nginx")
    args = parser.parse_args()
    with bare_server() as bare:
        if not args.no_direct:
            with demo_dashboard(args.data) as direct:
                measure(direct, bare.url, args.runs, "Direct (Streamlit seul)")
                if args.load:
                    load(direct, "Direct")
        if not args.no_nginx:
            with demo_deployment(args.data) as deployed, bare_nginx() as bare_proxied:
                measure(deployed.url, bare_proxied, args.runs,
                        "À travers nginx (2 processus, PostgreSQL ; la page nue derrière le même nginx)")
                if args.load:
                    load(deployed.url, "À travers nginx")
    print(f"(charge moyenne {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs à la fin)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
