"""Benchmark (not a test): the registry read at a date, and a statuses file past the row cap.

    .venv/bin/python scripts/bench_registry.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]

Loads the demonstration timeline into a fresh database (a temporary SQLite file by
default), then prints the best and median of 9 reads of the registry in force on
30/06/2023 (issue 11's target: under 50 ms), and the time to refuse a 200,000-row
statuses file (issue 12, point 9).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from fsdash.inputs.statuses_file import read_statuses  # noqa: E402
from fsdash.storage import demo, registry, rights  # noqa: E402
from fsdash.storage.engine import make_engine  # noqa: E402


def timed(call, runs: int = 9) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a PostgreSQL URL (a schema of its own is made and dropped)")
    args = parser.parse_args()
    schema = None
    if args.url:
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with create_engine(args.url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.url}{'&' if '?' in args.url else '?'}options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    engine = make_engine(url)
    try:
        demo.load_demo(engine, rights.operator("bench"))
        reads = timed(lambda: registry.records_at(engine, date(2023, 6, 30)))
        print(f"registre au 30/06/2023 ({engine.dialect.name}) : meilleur {min(reads) * 1000:.1f} ms, "
              f"médiane {statistics.median(reads) * 1000:.1f} ms (cible < 50 ms)")
        big = ("departement;statut\n" + "37;aucun\n" * 200_000).encode()
        refusals = timed(lambda: read_statuses(big, "enorme.csv"), runs=3)
        print(f"fichier de statuts de 200 000 lignes refusé en {min(refusals) * 1000:.0f} ms")
    finally:
        engine.dispose()
        if schema:
            with create_engine(args.url).begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
