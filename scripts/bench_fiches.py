"""Benchmark of the PDF fiches (not a test): how long each build takes, and its size.

On the real data with a demonstration registry (SQLite in a temporary folder):
- the cold imports a first fiche pays in a fresh process (fpdf2, matplotlib,
  geopandas, pyproj), measured in a child process;
- each build, once cold (first of its kind in this process) then warm (median of
  ``--runs``): département fiches (37, the longest list 34, Saint-Martin 978),
  the national fiche (map of France with its overseas insets), a simulation PDF;
- the command ``python -m fsdash fiche 37`` end to end in a new process.

    .venv/bin/python scripts/bench_fiches.py [--runs 5] [--data-dir DIR] [--dejavu]
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

IMPORTS = ("import fpdf, matplotlib.figure, matplotlib.backends.backend_agg, geopandas, pyproj, pyogrio; "
           "import fsdash.views.static_map, fsdash.views.fiche_departement")


def seconds(action) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def cold_imports() -> float:
    code = f"import time; s = time.perf_counter(); {IMPORTS}; print(time.perf_counter() - s)"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT.parent / "shared" / "data")
    parser.add_argument("--dejavu", action="store_true", help="DejaVu Sans even when Marianne is installed")
    args = parser.parse_args()

    from datetime import UTC, datetime

    from fsdash.budget import simulator
    from fsdash.budget.assumptions import Assumptions
    from fsdash.domain.settings import find_contours_file, find_sites_file
    from fsdash.inputs.sites import load_sites
    from fsdash.storage import demo, registry, rights
    from fsdash.storage.engine import make_engine
    from fsdash.views.fiche_fonts import font_set

    print(f"Imports à froid (fpdf2, matplotlib, geopandas…) dans un nouveau processus : {cold_imports():.2f} s")
    fonts = font_set(prefer_marianne=not args.dejavu)
    print(f"Police : {fonts.family}")
    sites, _ = load_sites(find_sites_file(args.data_dir))
    contours = find_contours_file(args.data_dir)
    admin = rights.operator("bench")
    sources = ["Source : ANCT, liste des structures France services, extrait du 01/08/2024."]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        engine = make_engine(url)
        demo.load_demo(engine, admin)
        records = registry.all_records(engine)

        from fsdash.views.fiche_departement import departement_fiche
        from fsdash.views.fiche_national import national_fiche
        from fsdash.views.fiche_simulation import simulation_fiche

        now = datetime.now(UTC)
        result = simulator.simulate(registry.current_statuses(engine), Assumptions(),
                                    sites["insee_dep"].value_counts().to_dict())
        builds = {
            **{f"département {code}": (lambda code=code: departement_fiche(
                code, registry.get_record(engine, code), records, sites, admin, sources, now, contours=contours,
                fonts=fonts)) for code in ("37", "34", "978")},
            "nationale": lambda: national_fiche(records, sites, sources, now, contours=contours, fonts=fonts),
            "simulation": lambda: simulation_fiche(result, sources, now, fonts=fonts),
        }
        print(f"{'fiche':<16} {'1re (s)':>8} {'médiane (s)':>12} {'min (s)':>8} {'taille':>9}")
        for name, build in builds.items():
            first, data = seconds(build)
            times = [seconds(build)[0] for _ in range(args.runs)]
            print(f"{name:<16} {first:>8.2f} {statistics.median(times):>12.2f} {min(times):>8.2f} "
                  f"{len(data) / 1024:>7.0f} Ko")
        engine.dispose()

        env = dict(os.environ, FSDASH_DATA_DIR=str(args.data_dir), FSDASH_DATABASE_URL=url)
        target = Path(folder) / "fiche-37.pdf"
        elapsed, done = seconds(lambda: subprocess.run(
            [sys.executable, "-m", "fsdash", "fiche", "37", str(target)], cwd=PROJECT_ROOT, env=env,
            capture_output=True, text=True))
        status = "ok" if done.returncode == 0 else f"échec : {done.stderr.strip()}"
        print(f"Commande « python -m fsdash fiche 37 », nouveau processus : {elapsed:.2f} s ({status})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
