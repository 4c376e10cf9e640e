"""Start-up and first page runs of two checkouts of fsdash, interleaved (a script, not a test).

For each checkout given, alternately (A, B, A, B…), on the real data and a fresh
SQLite database: time from launching ``streamlit run`` to its health check, then
the first run of the national page (cold: the site list and the contours are
read, the map's data built), then a second run (warm), each measured as a
browser-less session asks for it over Streamlit's websocket. Prints medians.
Used to check that geopandas (issue 10) keeps start-up and page times within 10 %:

    git worktree add --detach /tmp/before <commit before>
    .venv/bin/python scripts/bench_startup.py /tmp/before . --runs 7
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from tests.support.browser import free_port  # noqa: E402

EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")


async def page_run(url: str, page: str) -> float:
    """Seconds for one run of ``page``, from the request to Streamlit's end-of-run message."""
    async with websockets.connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=2**26, ping_interval=None) as ws:
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_name = page
        start = time.perf_counter()
        await ws.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
            if forward.WhichOneof("type") == "script_finished" and forward.script_finished != EARLY_FOR_RERUN:
                return time.perf_counter() - start  # (a run ended early for a rerun goes on)


def measure(checkout: Path, data: Path) -> tuple[float, float, float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FSDASH_DATA_DIR": str(data), "FSDASH_DATABASE_URL": f"sqlite:///{tmp}/b.sqlite",
               "FSDASH_TILES_URL": "", "PYTHONPATH": str(checkout)}
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(checkout / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.05)
            ready = time.perf_counter() - start
            # The national map is the default page: page name "" (a run asked as "carte" shows nothing).
            cold = asyncio.run(page_run(url, ""))
            warm = asyncio.run(page_run(url, ""))
        finally:
            process.terminate()
            process.wait(timeout=20)
    return ready, cold, warm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    results: dict[Path, list[tuple[float, float, float]]] = {c: [] for c in args.checkouts}
    for _ in range(args.runs):
        for checkout in args.checkouts:
            results[checkout].append(measure(checkout.resolve(), args.data))
    print(f"== Démarrage et premières exécutions de la carte nationale ({args.runs} essais alternés, médianes) ==")
    for checkout, rows in results.items():
        ready, cold, warm = (statistics.median(r[k] for r in rows) for k in range(3))
        print(f"{str(checkout):40s} démarrage {ready:5.2f} s · 1re exécution {cold:5.2f} s · "
              f"2e exécution {warm * 1000:6.0f} ms")
    load = os.getloadavg()
    print(f"(charge moyenne {load[0]:.1f} sur {os.cpu_count()} cœurs à la fin)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
