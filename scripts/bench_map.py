"""Benchmark of the national map on the real data (a script, not a test).

Prints: time to build the map's files in Python and their sizes, the part sent on
each run of the page, and the median time from navigation to painted map in
headless chromium over several runs: from the navigation start
(``performance.timeOrigin``) to the animation frame after the map element holds
the département contours and has placed the sites, as the page itself records it
(``tests.browser_support.PAINT_PROBE``); the time seen by the Playwright driver,
which adds its own polling, is printed beside it. Usage:

    .venv/bin/python scripts/bench_map.py [--runs 7] [--data ../shared/data]
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fsdash.domain.settings import find_contours_file, find_sites_file
from fsdash.inputs.contours import centroids, display_features, load_contours, region_outlines
from fsdash.inputs.sites import load_sites
from fsdash.storage import demo, registry, rights
from fsdash.storage.engine import make_engine
from fsdash.views import maps


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def python_side(data_dir: Path) -> None:
    sites_path, contours_path = find_sites_file(data_dir), find_contours_file(data_dir)
    (sites, _), t_sites = timed(load_sites, sites_path)
    contours, t_contours = timed(load_contours, contours_path)
    features, t_simplify = timed(display_features, contours)
    layer, t_layer = timed(lambda: maps.pack(maps.contours_layer(features, centroids(contours))))
    regions, t_regions = timed(lambda: maps.pack(maps.regions_layer(region_outlines(contours))))
    points, t_points = timed(lambda: maps.pack(maps.points_layer(sites)))
    split, t_details = timed(lambda: {c: maps.pack(rows) for c, rows in maps.details_layers(sites).items()})
    search, t_search = timed(lambda: maps.pack(maps.search_layer(sites)))
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.sqlite")
        demo.load_demo(engine, rights.operator("banc d'essai"))
        records = registry.all_records(engine)
        engine.dispose()
    counts = sites["insee_dep"].value_counts().to_dict()
    specs = []
    for _ in range(21):
        spec, t_spec = timed(maps.map_spec, layers={"contours": "x", "points": "y"}, codes=list(contours.frame.index),
                             records=records, site_counts=counts, view=(46.6, 2.4, 6), insets=True)
        specs.append(t_spec)
    size = len(json.dumps(spec).encode("utf-8"))
    print("== Carte nationale, côté Python (données réelles, 2 845 sites, 102 contours) ==")
    print(f"lecture + validation de la liste : {t_sites * 1000:7.1f} ms (une fois par version, en cache)")
    print(f"contours (geopandas) + simplification : {(t_contours + t_simplify) * 1000:7.1f} ms (une fois, en cache)")
    for label, data, seconds in (("contours", layer, t_layer), ("régions", regions, t_regions),
                                 ("points des sites", points, t_points), ("recherche", search, t_search)):
        print(f"fichier {label:<18}: {len(data) / 1024:7.1f} Ko compressés, construit en {seconds * 1000:7.1f} ms "
              "(une fois par contenu, puis gardé par le navigateur)")
    sizes = [len(data) / 1024 for data in split.values()]
    print(f"détails des sites : {len(split)} fichiers (un par département), {sum(sizes):.1f} Ko en tout, "
          f"{max(sizes):.1f} Ko au plus, celui du 37 {len(split['37']) / 1024:.1f} Ko, "
          f"construits en {t_details * 1000:.1f} ms")
    print(f"partie envoyée à chaque exécution de la page : {size / 1024:5.1f} Ko, construite en "
          f"{statistics.median(specs) * 1000:5.2f} ms (médiane)")


def browser_side(data_dir: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.support.browser import PAINT_PROBE, StreamlitServer, launch_chromium

    with tempfile.TemporaryDirectory() as tmp:
        env = {"FSDASH_DATA_DIR": str(data_dir), "FSDASH_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
               "FSDASH_TILES_URL": ""}
        with StreamlitServer(env) as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            cold, warm = [], []
            returning = browser.new_context(viewport={"width": 1400, "height": 1000})
            returning.add_init_script(PAINT_PROBE)
            for run in range(runs + 1):
                # first visit: a new browser profile, nothing cached
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.add_init_script(PAINT_PROBE)
                first = time_to_map(context.new_page(), server.url)
                context.close()
                # return visit: same profile, Streamlit's and Leaflet's files in the browser cache
                page = returning.new_page()
                again = time_to_map(page, server.url)
                page.close()
                if run:  # the first run warms the server's caches
                    cold.append(first)
                    warm.append(again)
            returning.close()
            browser.close()
    print("== Carte nationale, dans chromium headless ==")
    for label, times in (("première visite (cache vide)", cold), ("visite suivante (cache du navigateur)", warm)):
        painted, title, driver = ([t[k] for t in times] for k in range(3))
        print(f"navigation → carte peinte, {label} : médiane {statistics.median(painted):.2f} s, "
              f"min {min(painted):.2f} s, max {max(painted):.2f} s sur {len(times)} essais  (cible < 1,3 s)")
        print(f"    titre affiché : médiane {statistics.median(title):.2f} s ; "
              f"vu par le pilote Playwright : médiane {statistics.median(driver):.2f} s")
    load = os.getloadavg()
    print(f"(charge moyenne {load[0]:.1f} sur {os.cpu_count()} cœurs à la fin)")


def time_to_map(page, url: str) -> tuple[float, float, float]:
    """Seconds from navigation to the map painted and to the title, as the page
    recorded them, and the seconds the driver waited for the map."""
    from tests.support.browser import paint_times

    start = time.perf_counter()
    page.goto(url + "/")
    page.locator(".fsdash-map[data-sites] path.fsdash-departement").first.wait_for(state="attached",
                                                                                  timeout=60_000)
    driver = time.perf_counter() - start
    marks = paint_times(page, "map", "title")
    return marks["map"], marks["title"], driver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    python_side(args.data)
    if not args.no_browser:
        browser_side(args.data, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
