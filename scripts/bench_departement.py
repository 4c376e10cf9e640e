"""Benchmark of the département page in Debian's chromium (not a test).

Measures, on the real data with a fresh database and tiles off:
- navigation: from the navigation start to the page painted (title, sites table,
  map with the contours and the sites drawn), as the page itself records it
  (``tests.browser_support.PAINT_PROBE``; the driver's own wait is printed too),
  on a return visit (the browser has the app's files) and on a first visit;
- switch: from choosing another département in the selector (Enter pressed) to
  the page updated (new title, new map painted).
Targets on the development machine: 1.3 s and 0.5 s (medians).

    .venv/bin/python scripts/bench_departement.py [--runs 9] [--data-dir DIR]
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from playwright.sync_api import sync_playwright

from fsdash.domain.territories import DEPARTEMENTS
from tests.support.browser import MAP, PAINT_PROBE, StreamlitServer, launch_chromium, paint_times

CODES = ("37", "2A", "974", "59", "978", "75", "13", "48", "971")
TARGETS = {"navigation": 1.3, "switch": 0.5}

# True once the map element shows contours and sites, none of them left from before
# ``mark_old`` (the element stays mounted when the département changes: its map is replaced).
_PAINTED_JS = """(sel) => {
  const d = document.querySelector(sel);
  if (!d) return false;
  const fresh = (q) => d.querySelectorAll(q + ':not([data-bench-old])').length;
  return fresh('path.fsdash-departement') > 0 && fresh('.fsdash-site') + fresh('.marker-cluster') > 0
    && d.querySelectorAll('[data-bench-old]').length === 0;
}"""
_MARK_OLD_JS = """(sel) => {
  const d = document.querySelector(sel);
  if (d) { d.querySelectorAll('path.leaflet-interactive, .marker-cluster')
             .forEach(e => e.setAttribute('data-bench-old', '1')); }
}"""


def wait_painted(page, code: str, timeout: float = 30_000) -> None:
    """Title of ``code``, its sites table and its map painted (contours and sites)."""
    title = f"{DEPARTEMENTS[code].nom} ({code})"
    page.get_by_role("heading", name=title, exact=True).wait_for(timeout=timeout)
    page.wait_for_function(_PAINTED_JS, arg=MAP, timeout=timeout, polling="raf")
    page.locator("table.fsdash-sortable tbody tr").first.wait_for(timeout=timeout)


def choose(page, code: str) -> float:
    """Pick ``code`` in the selector; seconds from Enter to the page updated."""
    page.evaluate(_MARK_OLD_JS, MAP)
    box = page.locator(".st-key-departement-choix input")
    box.click()
    box.fill(code)
    page.get_by_role("option", name=f"{code} – ").first.wait_for()
    start = time.perf_counter()
    box.press("Enter")
    wait_painted(page, code)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--data-dir", default=str(PROJECT_ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {"FSDASH_DATA_DIR": args.data_dir, "FSDASH_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
               "FSDASH_TILES_URL": ""}
        with StreamlitServer(env, log=Path(tmp) / "server.log") as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(PAINT_PROBE)
            page = context.new_page()
            # Warm-up: the home page first (so that app.py's navigation is in place, as for any
            # user after the first), then each département once (file caches, browser cache).
            page.goto(server.url + "/")
            page.locator(MAP).wait_for(timeout=60_000)
            for code in CODES:
                page.goto(f"{server.url}/departement?dep={code}")
                wait_painted(page, code, timeout=60_000)
            page.close()

            navigation, first_content, driver = [], [], []
            for i in range(args.runs):
                code = CODES[i % len(CODES)]
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"{server.url}/departement?dep={code}", wait_until="commit")
                wait_painted(page, code)
                driver.append(time.perf_counter() - start)
                marks = paint_times(page, "title", "table", "map")
                first_content.append(marks["title"])
                navigation.append(max(marks.values()))
                page.close()

            first_visit = []  # a new browser profile each time: nothing in the browser cache
            for i in range(args.runs):
                code = CODES[i % len(CODES)]
                fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
                fresh.add_init_script(PAINT_PROBE)
                page = fresh.new_page()
                page.goto(f"{server.url}/departement?dep={code}", wait_until="commit")
                wait_painted(page, code)
                first_visit.append(max(paint_times(page, "title", "table", "map").values()))
                fresh.close()

            switch = []
            page = context.new_page()
            page.goto(f"{server.url}/departement?dep=37")
            wait_painted(page, "37")
            previous = "37"
            for i in range(args.runs):
                code = CODES[(i + 1) % len(CODES)]
                if code == previous:
                    code = CODES[(i + 2) % len(CODES)]
                switch.append(choose(page, code))
                assert page.url.endswith(f"dep={code}"), page.url
                previous = code
            browser.close()

    load = os.getloadavg()
    print(f"Département page, {args.runs} runs each (real data, tiles off, chromium headless; "
          f"load average {load[0]:.1f} on {os.cpu_count()} cores at the end):")
    for name, values in (("navigation → page painted", navigation),
                         ("same, first visit (empty cache)", first_visit),
                         ("other département → page updated", switch)):
        key = "switch" if name.startswith("other") else "navigation"
        median = statistics.median(values)
        verdict = "OK" if median <= TARGETS[key] else "OVER TARGET"
        print(f"  {name:34s} median {median:.2f} s  (min {min(values):.2f}, max {max(values):.2f}; "
              f"target {TARGETS[key]} s: {verdict})")
        print("    runs: " + " ".join(f"{v:.2f}" for v in values))
    print(f"  for reference, first content (title) after navigation: median {statistics.median(first_content):.2f} s;"
          f" page painted as the Playwright driver saw it: median {statistics.median(driver):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
