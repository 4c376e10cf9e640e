"""Benchmark of the national page's rerun after a date change (not a test).

On the real data with a fresh database holding the demonstration timeline, runs
the page once (caches warm), then changes the « Situation au » date and times the
page's rerun (Streamlit's AppTest: the whole script, server side, without the
browser). Two cases: a date not seen before (the registry read on that day, the
points d'attention computed) and a date seen before (caches only). Prints the
medians and the size of what the map element receives on a run.
With ``--browser``, also in Debian's chromium: from the typed date committed (the
field left) to the map's legend showing that day's counts (statuses restyled in
place; the layers are not fetched again).
Target: under 0.3 s.

    .venv/bin/python scripts/bench_national_date.py [--runs 9] [--data-dir DIR] [--browser]
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

TARGET = 0.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--data-dir", default=str(PROJECT_ROOT.parent / "shared" / "data"))
    parser.add_argument("--browser", action="store_true", help="mesurer aussi dans chromium")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="fsdash-bench-")
    os.environ.update({"FSDASH_DATA_DIR": args.data_dir, "FSDASH_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                       "FSDASH_TILES_URL": ""})
    from streamlit.testing.v1 import AppTest

    from fsdash.storage import demo
    from fsdash.storage.engine import get_engine
    from fsdash.storage.rights import operator

    demo.load_demo(get_engine(os.environ["FSDASH_DATABASE_URL"]), operator("bench"))
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/carte.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    days = [date(2023, 6, 30) + timedelta(days=31 * i) for i in range(args.runs)]
    timings: dict[str, list[float]] = {"date nouvelle": [], "date déjà vue": []}
    for label in timings:
        for day in days:
            at.date_input(key="date").set_value(day)
            start = time.perf_counter()
            at.run()
            timings[label].append(time.perf_counter() - start)
            assert not at.exception, at.exception
    element = next(e for e in at.main if getattr(e, "type", "") == "bidi_component")
    payload = len(element.proto.json.encode("utf-8"))
    for label, values in timings.items():
        median = statistics.median(values)
        print(f"relance après changement de date ({label}) : médiane {median * 1000:.0f} ms, "
              f"max {max(values) * 1000:.0f} ms sur {len(values)} — cible {TARGET * 1000:.0f} ms "
              f"{'OK' if median < TARGET else 'DÉPASSÉE'}")
    print(f"données envoyées à la carte par relance : {payload / 1024:.1f} Ko (couches : fichiers déjà en cache)")
    if args.browser:
        browser(os.environ.copy(), days, folder)
    return 0


def browser(env: dict[str, str], days: list[date], folder: str) -> None:
    """In chromium: the date typed in the field, committed, until the legend shows its counts."""
    from playwright.sync_api import sync_playwright

    from fsdash.storage import registry
    from fsdash.storage.engine import get_engine
    from tests.support.browser import MAP, StreamlitServer, launch_chromium, wait_for_map

    engine = get_engine(env["FSDASH_DATABASE_URL"])
    expected = {day: registry.records_at(engine, day)["statut"].value_counts().to_dict() for day in days}
    timings = []
    with StreamlitServer(env, log=Path(folder) / "streamlit.log") as server, sync_playwright() as playwright:
        page = launch_chromium(playwright).new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server.url + "/?date=2026-01-31")
        wait_for_map(page)
        for day in days:
            counts = expected[day]
            texts = [f"mi-temps ({counts.get('mi-temps', 0)})", f"temps plein ({counts.get('temps plein', 0)})"]
            page.get_by_label("jour, Situation au").click()
            page.keyboard.type(day.strftime("%d%m%Y"))
            start = time.perf_counter()
            page.get_by_role("heading", name="Animateurs départementaux France services").click()
            page.wait_for_function(
                "([sel, texts]) => { const l = document.querySelector(sel + ' .fsdash-legend');"
                " return l && texts.every(t => l.textContent.includes(t)); }",
                arg=[MAP, texts], timeout=30_000, polling="raf")
            timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    print(f"chromium, date saisie → carte recolorée : médiane {median * 1000:.0f} ms, max "
          f"{max(timings) * 1000:.0f} ms sur {len(timings)} — cible {TARGET * 1000:.0f} ms "
          f"{'OK' if median < TARGET else 'DÉPASSÉE'}")


if __name__ == "__main__":
    raise SystemExit(main())
