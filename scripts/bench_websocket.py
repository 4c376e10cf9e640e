"""What a page run sends over the websocket (a script, not a test).

Starts the dashboard on loopback with the real data and the demonstration
registry, then asks for a run of each page in a new session (a first visit) and
prints the bytes on the wire (compressed when the server and the client agree on
permessage-deflate), the bytes of the decoded messages, and the largest messages
by element. ``--no-compression`` starts the server with compression off, for the
comparison; ``--url`` measures a running dashboard (or nginx in front of it).

    .venv/bin/python scripts/bench_websocket.py [--top 8] [--no-compression] [--url http://127.0.0.1:8080]
"""
# ruff: noqa: E402 (imports follow the sys.path line)

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.demo_servers import demo_dashboard
from tests.support.stream import page_runs

PAGES = {"carte nationale": "", "département 37": "departement?dep=37", "simulation": "simulation"}


def dashboard(data: Path, compression: bool):
    """The dashboard on loopback, its websocket compression on or off."""
    return demo_dashboard(data, {"STREAMLIT_SERVER_ENABLE_WEBSOCKET_COMPRESSION": "true" if compression else "false"})


def report(url: str, top: int) -> None:
    page_runs(url, list(PAGES.values()))  # warm the server's caches
    runs = page_runs(url, list(PAGES.values()))
    print(f"extension négociée : {runs[0].extensions or 'aucune (pas de compression)'}")
    for name, run in zip(PAGES, runs):
        print(f"== {name} : {run.wire / 1024:.1f} Ko sur le fil, {run.payload / 1024:.1f} Ko de messages, "
              f"{len(run.parts)} messages (1re visite)")
        for size, what in sorted(run.parts, reverse=True)[:top]:
            print(f"   {size / 1024:6.1f} Ko  {what}")
    again = page_runs(url, [PAGES["carte nationale"]] * 2, same_session=True)[1]
    print(f"carte nationale, 2e exécution dans la même session : {again.wire / 1024:.1f} Ko sur le fil "
          f"(ce client ne garde pas de cache de messages, contrairement au navigateur)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=int, default=8, help="largest messages listed per page")
    parser.add_argument("--no-compression", action="store_true")
    parser.add_argument("--url", help="a running dashboard on loopback")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    if args.url:
        report(args.url.rstrip("/"), args.top)
        return 0
    with dashboard(args.data, not args.no_compression) as url:
        report(url, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
