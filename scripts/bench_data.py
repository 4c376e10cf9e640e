"""Benchmark of the site list import (not a test): validating the real 2,845-row
list and a modified copy (3 sites removed, 2 moved, 1 renamed), and computing
their difference. Also: the whole preview as the data page runs it
(``site_imports.prepare`` against a current version whose sites are cached),
the quality checks, and a confirmed import into a fresh SQLite database.

Target: validating and diffing under 1 s. Prints the median and the worst of
``--runs`` runs, in seconds.

    .venv/bin/python scripts/bench_data.py [--runs 9]
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from tests.test_site_diff import modified_real_list

from fsdash.inputs import quality as data_quality
from fsdash.inputs.contours import load_contours
from fsdash.inputs.differences import diff_sites
from fsdash.inputs.sites import read_sites
from fsdash.storage import rights, site_imports, site_versions
from fsdash.storage.engine import make_engine
from tests.conftest import REAL_CONTOURS, REAL_SITES

TARGET_S = 1.0


def timed(function, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    real_bytes = REAL_SITES.read_bytes()
    modified_bytes, _ = modified_real_list()
    real, _ = read_sites(real_bytes, REAL_SITES.name)
    modified, _ = read_sites(modified_bytes, "modifiee.csv")
    contours = load_contours(REAL_CONTOURS)

    rows = []

    def row(label, function):
        median, worst, result = timed(function, args.runs)
        rows.append((label, median, worst))
        return result

    row("validation de la liste réelle (2 845 lignes)", lambda: read_sites(real_bytes, REAL_SITES.name))
    row("validation de la copie modifiée (2 842 lignes)", lambda: read_sites(modified_bytes, "modifiee.csv"))
    diff = row("différence seule", lambda: diff_sites(real, modified))
    row("validation de la copie + différence (import, version courante en cache)",
        lambda: diff_sites(real, read_sites(modified_bytes, "modifiee.csv")[0]))
    row("validation des deux listes + différence",
        lambda: diff_sites(read_sites(real_bytes, "r.csv")[0], read_sites(modified_bytes, "m.csv")[0]))
    row("vérifications de qualité (contours compris)", lambda: data_quality.run_checks(real, contours))

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        first = site_imports.ensure_initial_version(engine, REAL_SITES)
        candidate = row("aperçu de la page (validation + différence, version courante en cache)",
                        lambda: site_imports.prepare(engine, modified_bytes, "modifiee.csv", current=(first, real)))
        row("aperçu en ligne de commande (version courante relue en base)",
            lambda: site_imports.prepare(engine, modified_bytes, "modifiee.csv"))
        start = time.perf_counter()
        site_imports.import_candidate(engine, candidate, source=site_versions.SOURCE_CLI,
                                           user=rights.operator("banc d'essai"))
        rows.append(("import confirmé (une transaction, SQLite)", time.perf_counter() - start, float("nan")))
        engine.dispose()

    print(f"Liste réelle : {len(real)} sites ; copie modifiée : {len(modified)} sites.")
    print(f"Différence : {diff.summary()}")
    print(f"{args.runs} passages, secondes (médiane, pire) :")
    width = max(len(label) for label, _, _ in rows)
    for label, median, worst in rows:
        worst_text = "" if worst != worst else f"  {worst:.3f}"
        print(f"  {label:<{width}}  {median:.3f}{worst_text}")
    key = next(m for label, m, _ in rows if label.startswith("validation de la copie + différence"))
    verdict = "atteint" if key < TARGET_S else "MANQUÉ"
    print(f"Objectif validation + différence < {TARGET_S:.0f} s : {verdict} ({key:.3f} s en médiane).")
    return 0 if key < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
