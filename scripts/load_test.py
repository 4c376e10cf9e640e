"""Bounded load test on loopback (a script, not a test).

Starts the dashboard on 127.0.0.1 (or uses ``--url``, or with ``--deploy N``
starts the nginx deployment of scripts/deploy.sh with N processes on a
PostgreSQL database of its own and goes through nginx), then runs ``--sessions``
concurrent browser-less sessions for ``--seconds``: each opens Streamlit's
websocket (``/_stcore/stream``) as the browser does, asks for a page run
(in turn the national map, the page of département 37 and the simulator, as people would; ``--pages``), waits for the
run to finish, reads for about ``--think`` seconds, and starts again; beside them, a loop of plain HTTP requests on
the health check and the page. Prints requests served, errors and latency
percentiles. Only loopback addresses are accepted; every loop stops by itself.

    .venv/bin/python scripts/load_test.py --sessions 50 --seconds 60
    .venv/bin/python scripts/load_test.py --sessions 50 --seconds 60 --deploy 2
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

# (page, query string): what a session asks for, in turn.
# The national map is the default page: a browser at « / » asks for page name "" (the name
# "carte" is not a page name Streamlit knows there, and its run shows nothing).
PAGES = {"carte": ("", ""), "departement": ("departement", "dep=37"), "simulation": ("simulation", "")}
DEFAULT_PAGES = "carte,departement,simulation"
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class Stats:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.messages: list[str] = []

    def ok(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def error(self, kind: str, message: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.messages) < 10:
            self.messages.append(f"{kind}: {message}")


async def session(url: str, index: int, deadline: float, stats: Stats, think: float,
                  pages: tuple[str, ...]) -> None:
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    run = 0
    while time.monotonic() < deadline:
        try:
            # No client keepalive pings: with 50 sessions in one process the load generator
            # itself would be too slow to answer them; the server's own pings still run.
            async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=2**26,
                                          open_timeout=30, ping_interval=None) as ws:
                await asyncio.sleep(random.uniform(0, think))  # people do not all arrive at once
                while time.monotonic() < deadline:
                    page = pages[(index + run) % len(pages)]
                    run += 1
                    message = BackMsg()
                    message.rerun_script.page_name, message.rerun_script.query_string = PAGES[page]
                    start = time.monotonic()
                    await ws.send(message.SerializeToString())
                    components = set()
                    while True:
                        raw = await asyncio.wait_for(ws.recv(), timeout=max(5.0, deadline - time.monotonic() + 30))
                        forward = ForwardMsg()
                        forward.ParseFromString(raw)
                        kind = forward.WhichOneof("type")
                        if kind == "session_event" and forward.session_event.WhichOneof("type") == \
                                "script_compilation_exception":
                            raise RuntimeError("script compilation exception")
                        if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
                            raise RuntimeError(forward.delta.new_element.exception.message)
                        if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "bidi_component":
                            components.add(forward.delta.new_element.bidi_component.component_name)
                        if kind == "script_finished" and forward.script_finished != EARLY_FOR_RERUN:
                            break  # (a run that asked for a rerun goes on in the next one)
                    if page != "simulation" and "fsdash.carte" not in components:
                        raise RuntimeError(f"{page} : la page s'est exécutée sans sa carte")
                    stats.ok(f"session:{page}", time.monotonic() - start)
                    await asyncio.sleep(random.uniform(0.5, 1.5) * think)  # reading, then the next click
        except (TimeoutError, OSError, websockets.WebSocketException, RuntimeError) as exc:
            stats.error("session", repr(exc))
            await asyncio.sleep(0.5)


async def http_loop(url: str, deadline: float, stats: Stats) -> None:
    loop = asyncio.get_running_loop()
    paths = ("/_stcore/health", "/", "/simulation")
    i = 0
    while time.monotonic() < deadline:
        path = paths[i % len(paths)]
        i += 1
        start = time.monotonic()
        try:
            status = await loop.run_in_executor(None, lambda p=path: urllib.request.urlopen(url + p, timeout=30).status)
            if status == 200:
                stats.ok(f"http:{path}", time.monotonic() - start)
            else:
                stats.error("http", f"{path} -> {status}")
        except OSError as exc:
            stats.error("http", f"{path}: {exc}")
        await asyncio.sleep(0.05)


async def run_load(url: str, sessions: int, seconds: float, think: float,
                   pages: tuple[str, ...] = tuple(DEFAULT_PAGES.split(","))) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds
    tasks = [asyncio.create_task(session(url, i, deadline, stats, think, pages)) for i in range(sessions)]
    tasks += [asyncio.create_task(http_loop(url, deadline, stats)) for _ in range(4)]
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 120)
    return stats


def report(stats: Stats, sessions: int, seconds: float, think: float) -> None:
    print(f"== Charge : {sessions} sessions simultanées pendant {seconds:.0f} s (boucle locale), "
          f"{think:g} s de lecture en moyenne entre deux actions ==")
    total = 0
    everything: list[float] = []
    for kind, values in sorted(stats.latencies.items()):
        total += len(values)
        everything += values
        print(f"{kind:28s} {len(values):6d} réponses  médiane {statistics.median(values) * 1000:7.0f} ms  "
              f"p95 {percentile(values, 95) * 1000:7.0f} ms  max {max(values) * 1000:7.0f} ms")
    errors = sum(stats.errors.values())
    print(f"total : {total} requêtes servies, {errors} erreur(s), "
          f"p95 global {percentile(everything, 95) * 1000:.0f} ms, {total / seconds:.1f} requêtes/s")
    for message in stats.messages:
        print("  erreur :", message)


def warm(url: str, pages: tuple[str, ...], rounds: int = 3) -> None:
    """Before the clock starts, a few runs of each page, as on a server that has already
    served someone: its caches are filled and Streamlit has left its start-up multipage
    mode (``ui.common.ensure_navigation``). Several processes behind nginx each get some."""
    from tests.support.stream import page_runs

    specs = [f"{PAGES[p][0]}?{PAGES[p][1]}" if PAGES[p][1] else PAGES[p][0] for p in pages]
    for _ in range(rounds):
        page_runs(url, specs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=5.0,
                        help="mean seconds a person reads between two actions (0: back to back, a stress test)")
    parser.add_argument("--pages", default=DEFAULT_PAGES,
                        help=f"pages each session opens in turn, among {', '.join(PAGES)} (département: 37)")
    parser.add_argument("--url", help="an already running dashboard on loopback (default: start one)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--database-url", help="database for the started dashboard (default: a temporary SQLite)")
    parser.add_argument("--deploy", type=int, metavar="N",
                        help="start nginx and N dashboard processes (scripts/deploy.sh, a PostgreSQL database of "
                             "their own, dropped afterwards) and load them through nginx")
    args = parser.parse_args()
    args.pages = tuple(args.pages.split(","))
    if not set(args.pages) <= set(PAGES):
        parser.error(f"--pages : parmi {', '.join(PAGES)}")
    if not 1 <= args.sessions <= 200 or not 1 <= args.seconds <= 600:
        parser.error("1 à 200 sessions, 1 à 600 secondes")
    if args.deploy is not None:
        if not 1 <= args.deploy <= 8 or args.url:
            parser.error("--deploy : 1 à 8 processus, et pas avec --url")
        return run_through_nginx(args)
    if args.url:
        host = urllib.parse.urlparse(args.url).hostname
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            parser.error("la charge ne vise que la boucle locale (127.0.0.0/8, ::1, localhost)")
        warm(args.url.rstrip("/"), args.pages)
        stats = asyncio.run(run_load(args.url.rstrip("/"), args.sessions, args.seconds, args.think, args.pages))
        report(stats, args.sessions, args.seconds, args.think)
        return 0
    from tests.support.demo_servers import demo_dashboard

    with demo_dashboard(args.data, database_url=args.database_url) as url:
        warm(url, args.pages)
        stats = asyncio.run(run_load(url, args.sessions, args.seconds, args.think, args.pages))
    report(stats, args.sessions, args.seconds, args.think)
    return 0


def run_through_nginx(args) -> int:
    """The load through nginx in front of ``args.deploy`` processes, then how it spread over them."""
    from tests.support.demo_servers import demo_deployment

    with demo_deployment(args.data, args.deploy) as deployed:
        warm(deployed.url, args.pages)
        stats = asyncio.run(run_load(deployed.url, args.sessions, args.seconds, args.think, args.pages))
        time.sleep(1)  # nginx logs a websocket when it closes
        entries = deployed.access_entries()
    report(stats, args.sessions, args.seconds, args.think)
    print(f"À travers nginx, {args.deploy} processus :")
    for index, upstream in enumerate(deployed.upstreams, 1):
        sockets = sum(e["upstream"] == upstream and e["path"] == "/_stcore/stream" for e in entries)
        requests = sum(e["upstream"] == upstream and e["path"] != "/_stcore/stream" for e in entries)
        print(f"  processus {index} ({upstream}) : {sockets} websocket(s), {requests} requête(s) HTTP")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
