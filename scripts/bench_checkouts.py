"""First visits of the national map and of a département's page on two (or more) checkouts of
fsdash, interleaved (a script, not a test).

For each checkout given (a git worktree), a Streamlit server on loopback with the real
data and the demonstration registry; then, alternately (A, B, A, B…), a first visit
of each page in a fresh chromium context (empty cache): seconds from the navigation
to the map painted (``tests/support/browser.PAINT_PROBE``; and to the map's first
picture, on a checkout that has one), bytes received over HTTP
until then, and how many of Streamlit's bundles. Prints medians. Used to decide the
charts (README « Choix techniques »): Vega-Lite before, SVG drawn by fsdash after.

    git worktree add --detach /tmp/avant <commit>   # and copy static/vendor/ into it
    .venv/bin/python scripts/bench_checkouts.py /tmp/avant . --runs 7
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.browser import PAINT_PROBE, StreamlitServer, launch_chromium, paint_times, wait_for_map
from tests.support.demo_servers import dashboard_env

PAGES = {"carte nationale": "/", "département 37": "/departement?dep=37"}


@contextlib.contextmanager
def server(checkout: Path, data: Path):
    """``checkout``'s dashboard on loopback with the demonstration registry, both by its own code."""
    with tempfile.TemporaryDirectory() as tmp:
        database = f"sqlite:///{tmp}/bench.sqlite"
        subprocess.run([sys.executable, "-c", "from fsdash.storage import demo, rights; "
                        "from fsdash.storage.engine import make_engine; "
                        f"demo.load_demo(make_engine({database!r}), rights.operator('banc'))"],
                       cwd=checkout, env={**os.environ, "PYTHONPATH": str(checkout)}, check=True)
        env = {**dashboard_env(data, database), "PYTHONPATH": str(checkout)}
        with StreamlitServer(env, app=checkout / "app.py") as started:
            yield started.url


def visit(browser, url: str) -> tuple[float, int, int, float | None]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(PAINT_PROBE)
    page = context.new_page()
    received = {"bytes": 0, "bundles": 0}

    def finished(request) -> None:
        with contextlib.suppress(Exception):
            sizes = request.sizes()
            received["bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            received["bundles"] += "/static/js/" in request.url

    page.on("requestfinished", finished)
    page.goto(url)
    wait_for_map(page, timeout=60_000)
    painted = paint_times(page, "map")["map"]
    snapshot = dict(received)
    picture = page.evaluate("() => window.__fsdashPaint.picture")  # none on a checkout without the map's picture
    context.close()
    return painted, snapshot["bytes"], snapshot["bundles"], picture / 1000 if picture else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--page", choices=list(PAGES), action="append",
                        help="only this page (repeatable); both by default")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    pages = {name: PAGES[name] for name in args.page} if args.page else PAGES
    results = {(c, p): [] for c in args.checkouts for p in pages}
    with contextlib.ExitStack() as stack, sync_playwright() as playwright:
        urls = {c: stack.enter_context(server(c.resolve(), args.data)) for c in args.checkouts}
        browser = launch_chromium(playwright)
        for checkout in args.checkouts:  # warm each server's caches
            for path in pages.values():
                visit(browser, urls[checkout] + path)
        for _ in range(args.runs):
            for page, path in pages.items():
                for checkout in args.checkouts:
                    results[(checkout, page)].append(visit(browser, urls[checkout] + path))
        browser.close()
    print(f"médianes de {args.runs} premières visites alternées (cache vide), serveur direct")
    for page in pages:
        for checkout in args.checkouts:
            runs = results[(checkout, page)]
            pictures = [r[3] for r in runs if r[3] is not None]
            print(f"{page:16s} {str(checkout):28s} carte peinte {statistics.median(r[0] for r in runs):5.2f} s  "
                  + (f"aperçu {statistics.median(pictures):5.2f} s  " if pictures else "")
                  + f"reçu avant {statistics.median(r[1] for r in runs) / 1024:6.0f} Ko  "
                  f"bundles {statistics.median(r[2] for r in runs):4.0f}")
    print(f"(charge moyenne {os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs à la fin)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
