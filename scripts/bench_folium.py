"""streamlit-folium's ``st_folium`` against the dashboard's own map element, on the same
pages, in one interleaved run (a script, not a test; issue 10, README « Choix techniques »).

Needs ``requirements-bench.txt`` (folium, streamlit-folium) in the environment:

    .venv/bin/pip install -r requirements-bench.txt
    .venv/bin/python scripts/bench_folium.py [--runs 5]

Two servers with the same settings, data and demonstration registry: the dashboard as
it is, and the dashboard with ``leaflet_map.show`` replaced by ``st_folium``
(``scripts/bench_folium_map.py``). In chromium, run after run, each variant in turn:
national map (first visit with an empty cache, then a reload), département 37 (first
visit, reload), then choosing 87 in the département selector. Times are from the
navigation start (or from the key press) to the first animation frame where the map
shows its contours and its sites, found by a probe in every frame (st_folium's map
lives in a frame); medians. Also the websocket bytes of a first visit of the national map.
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import StreamlitServer, launch_chromium

APP = ROOT / ".bench_folium_app.py"  # beside app.py: the same static/ folder and pages
APP_CODE = '''import runpy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "scripts"))
import bench_folium_map  # noqa: E402

bench_folium_map.install()
runpy.run_path(str(Path(__file__).with_name("app.py")), run_name="__main__")
'''

# In every frame: when a map first shows its contours and sites, keyed by what identifies
# that drawing (the element: its site count; folium: its map's id), in epoch milliseconds.
PROBE = """(() => {
  window.__maps = {};
  const mark = (key) => {
    if (key in window.__maps) { return; }
    window.__maps[key] = null;
    requestAnimationFrame(() => { window.__maps[key] = performance.timeOrigin + performance.now(); });
  };
  const check = () => {
    const m = document.querySelector('.fsdash-map[data-sites]');
    if (m && m.querySelector('path.fsdash-departement')) { mark('element:' + m.dataset.sites); }
    const f = !m && document.querySelector('.leaflet-container');  // st_folium's frame
    if (f) {
      const paths = f.querySelectorAll('path.leaflet-interactive').length;
      const clusters = [...f.querySelectorAll('.marker-cluster')].map((c) => c.textContent).join(',');
      if (paths >= 100 && (clusters || paths > 102)) { mark('folium:' + paths + ':' + clusters); }
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true,
                                                 attributeFilter: ['data-sites']});
  setInterval(check, 20);  // and every 20 ms (mutations in st_folium's frame were not always seen)
})();"""

SCENARIOS = ("carte nationale, 1re visite", "carte nationale, rechargement", "département 37, 1re visite",
             "département 37, rechargement", "département 37 → 87 (sélecteur)")


def painted(page) -> dict[str, float]:
    out: dict[str, float] = {}
    for frame in page.frames:
        with contextlib.suppress(Exception):
            out.update({k: v for k, v in (frame.evaluate("() => window.__maps || {}") or {}).items() if v})
    return out


def wait_new_map(page, before: set[str], start: float, timeout: float = 90) -> float:
    """Seconds from ``start`` (epoch ms) to the first map drawing not in ``before``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fresh = {k: v for k, v in painted(page).items() if k not in before}
        if fresh:
            return (min(fresh.values()) - start) / 1000
        time.sleep(0.03)
    raise TimeoutError("no map painted")


def visit(page, url: str) -> float:
    page.goto(url)
    origin = page.evaluate("() => performance.timeOrigin")
    return wait_new_map(page, set(), origin)


def one_run(browser, base: str) -> tuple[dict[str, float], int]:
    times: dict[str, float] = {}
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(PROBE)
    page = context.new_page()
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(len(p))))
    times[SCENARIOS[0]] = visit(page, base + "/")
    page.wait_for_timeout(1500)
    ws_bytes = sum(received)
    times[SCENARIOS[1]] = visit(page, base + "/")
    context.close()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(PROBE)
    page = context.new_page()
    times[SCENARIOS[2]] = visit(page, base + "/departement?dep=37")
    times[SCENARIOS[3]] = visit(page, base + "/departement?dep=37")
    page.wait_for_timeout(1000)
    before = set(painted(page))
    box = page.locator(".st-key-departement-choix input")
    box.click()
    box.fill("87")
    start = page.evaluate("() => performance.timeOrigin + performance.now()")
    box.press("Enter")
    times[SCENARIOS[4]] = wait_new_map(page, before, start)
    context.close()
    return times, ws_bytes


@contextlib.contextmanager
def servers(data: Path):
    from tests.support.demo_servers import dashboard_env, temporary_database

    with temporary_database() as url:
        env = dashboard_env(data, url)
        APP.write_text(APP_CODE, encoding="utf-8")
        try:
            with StreamlitServer(env) as element, StreamlitServer(env, app=APP) as folium_server:
                yield {"élément de la page (fsdash)": element.url, "st_folium (streamlit-folium)": folium_server.url}
        finally:
            APP.unlink(missing_ok=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, list[float]]] = {}
    ws: dict[str, list[int]] = {}
    with servers(args.data) as urls, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for url in urls.values():  # warm both servers' caches
            one_run(browser, url)
        for _ in range(args.runs):
            for name, url in urls.items():
                times, ws_bytes = one_run(browser, url)
                for scenario, value in times.items():
                    results.setdefault(name, {}).setdefault(scenario, []).append(value)
                ws.setdefault(name, []).append(ws_bytes)
        browser.close()
    names = list(results)
    print(f"== Carte : élément de la page contre st_folium, médianes sur {args.runs} essais alternés "
          f"(secondes jusqu'à la carte peinte) ==")
    print(f"{'scénario':38s}" + "".join(f"{n:>32s}" for n in names) + f"{'écart':>9s}")
    for scenario in SCENARIOS:
        values = [statistics.median(results[n][scenario]) for n in names]
        print(f"{scenario:38s}" + "".join(f"{v:31.2f}s" for v in values) + f"{values[1] - values[0]:+8.2f}s")
    print(f"{'websocket, 1re visite nationale':38s}"
          + "".join(f"{statistics.median(ws[n]) / 1024:29.0f} Ko" for n in names))
    print(f"(charge moyenne {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs à la fin)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
