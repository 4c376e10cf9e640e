"""The nginx deployment (scripts/deploy.sh) on free loopback ports, for tests and benchmarks.

``deployment()`` is a context manager: it gives the deployment a PostgreSQL
database of its own and a run folder of its own, starts nginx and the dashboard
processes through the script, and on the way out, whatever happened, stops them
(``deploy.sh stop``, then any process left in a pid file), drops the database and
removes the run folder. Everything listens on 127.0.0.1 only.

    with deployment(processes=2) as d:
        urllib.request.urlopen(d.url + "/_stcore/health")
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.browser import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEPLOY_SCRIPT = PROJECT_ROOT / "scripts" / "deploy.sh"
SHARED_DATA = (PROJECT_ROOT.parent / "shared" / "data").resolve()
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
ROUTE_COOKIE = "fsdash_route"
UPSTREAM_HEADER = "X-Fsdash-Upstream"  # only with debug=True (FSDASH_NGINX_DEBUG=1)
ACCESS_LINE = re.compile(
    r'^(?P<client>\S+) \[(?P<time>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+)[^"]*" (?P<status>\d+) (?P<bytes>\d+) '
    r"(?P<seconds>[\d.]+) upstream=(?P<upstream>\S*) route=(?P<route>\S*)$")


class DeploymentError(RuntimeError):
    pass


def nginx_available() -> bool:
    return bool(os.environ.get("FSDASH_NGINX") or shutil.which("nginx") or Path("/usr/sbin/nginx").exists())


def admin_url() -> str:
    """The PostgreSQL server's maintenance URL (FSDASH_PG_URL, default the local test database), for psycopg."""
    return os.environ.get("FSDASH_PG_URL", DEFAULT_PG).replace("postgresql+psycopg://", "postgresql://")


def postgres_available() -> bool:
    import psycopg

    try:
        psycopg.connect(admin_url(), connect_timeout=5).close()
    except psycopg.OperationalError:
        return False
    return True


@dataclass
class Deployment:
    url: str  # nginx, e.g. http://127.0.0.1:40123
    ports: list[int]  # the dashboard processes, in order
    run_dir: Path
    database_url: str  # SQLAlchemy URL of the deployment's own database

    @property
    def upstreams(self) -> list[str]:
        return [f"127.0.0.1:{port}" for port in self.ports]

    @property
    def access_log(self) -> Path:
        return self.run_dir / "nginx" / "access.log"

    def access_entries(self) -> list[dict]:
        """nginx's access log, one dict per request (path, status, upstream, route…).
        A websocket is logged when it closes."""
        if not self.access_log.exists():
            return []
        entries = []
        for line in self.access_log.read_text(encoding="utf-8", errors="replace").splitlines():
            match = ACCESS_LINE.match(line)
            if match:
                entries.append(match.groupdict())
        return entries

    def process_log(self, index: int) -> str:
        """The output of dashboard process ``index`` (1-based)."""
        path = self.run_dir / f"streamlit-{index}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def upstream_for(self, route: str) -> str:
        """The process nginx sends a browser carrying ``route`` in its cookie to."""
        request = urllib.request.Request(self.url + "/_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}={route}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            upstream = response.headers.get(UPSTREAM_HEADER)
        if not upstream:
            raise DeploymentError(f"no {UPSTREAM_HEADER} header: start the deployment with debug=True")
        return upstream

    def route_to(self, upstream: str, attempts: int = 200) -> str:
        """A route cookie value that nginx sends to ``upstream`` (found by trying random values)."""
        for _ in range(attempts):
            route = secrets.token_hex(16)
            if self.upstream_for(route) == upstream:
                return route
        raise DeploymentError(f"no route to {upstream} in {attempts} random values")

    def pin(self, context, upstream: str) -> str:
        """Give a Playwright browser context the cookie that keeps it on ``upstream``."""
        route = self.route_to(upstream)
        context.add_cookies([{"name": ROUTE_COOKIE, "value": route, "url": self.url}])
        return route


def _run_script(command: str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(DEPLOY_SCRIPT), command], cwd=PROJECT_ROOT, env=env, timeout=timeout,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)


def _kill_leftovers(run_dir: Path) -> None:
    """Last resort when ``deploy.sh stop`` failed: signal what the pid files still name."""
    for pid_file in [run_dir / "nginx" / "nginx.pid", *run_dir.glob("streamlit-*.pid")]:
        with contextlib.suppress(OSError, ValueError):
            pid = int(pid_file.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if "streamlit run" in cmdline or str(run_dir) in cmdline:
                os.kill(pid, signal.SIGKILL)


def _tails(run_dir: Path) -> str:
    parts = []
    for path in sorted(run_dir.glob("streamlit-*.log")) + [run_dir / "nginx" / "error.log"]:
        if path.exists():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            parts.append(f"--- {path.name} ---\n" + "\n".join(lines))
    return "\n".join(parts)


def _distinct_ports(count: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


@contextlib.contextmanager
def deployment(processes: int = 2, env: dict[str, str] | None = None, debug: bool = True,
               timeout: float = 180, nginx_port: int | None = None) -> Iterator[Deployment]:
    """nginx and ``processes`` dashboard processes on free loopback ports, with a
    PostgreSQL database of their own (dropped afterwards) and the real data,
    tiles off. ``env`` adds or overrides variables of the deployment; ``debug``
    adds the X-Fsdash-Upstream header (which process answered); ``nginx_port``
    when the address must be known before the start (a login's redirect address)."""
    import psycopg

    name = f"fsdash_deploy_{uuid.uuid4().hex[:10]}"
    database_url = admin_url().rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    # Not under pytest's tmp_path: nginx's workers (www-data when run as root)
    # must reach their temporary files here.
    run_dir = Path(tempfile.mkdtemp(prefix="fsdash-deploy-"))
    run_dir.chmod(0o755)
    chosen, *ports = _distinct_ports(processes + 1)
    while nginx_port in ports:
        ports = _distinct_ports(processes)
    nginx_port = nginx_port or chosen
    script_env = {
        **os.environ,
        "FSDASH_DATA_DIR": str(SHARED_DATA),
        "FSDASH_TILES_URL": "",
        **(env or {}),
        "FSDASH_DEPLOY_DIR": str(run_dir),
        "FSDASH_PORTS": " ".join(map(str, ports)),
        "FSDASH_NGINX_ADDRESS": "127.0.0.1",
        "FSDASH_NGINX_PORT": str(nginx_port),
        "FSDASH_PYTHON": sys.executable,
        "FSDASH_DATABASE_URL": database_url,
        "FSDASH_NGINX_DEBUG": "1" if debug else "0",
        # Streamlit's files precompressed for nginx, once for every deployment of the tests.
        "FSDASH_STATIC_CACHE": str(Path(tempfile.gettempdir()) / "fsdash-nginx-static"),
    }
    started = None
    try:
        started = _run_script("start", script_env, timeout)
        if started.returncode != 0:
            raise DeploymentError(f"deploy.sh start failed ({started.returncode}):\n{started.stdout}\n"
                                  f"{started.stderr}\n{_tails(run_dir)}")
        yield Deployment(f"http://127.0.0.1:{nginx_port}", ports, run_dir, database_url)
    except BaseException:
        print(_tails(run_dir), file=sys.stderr)  # shown by pytest with the failure
        raise
    finally:
        try:
            stopped = _run_script("stop", script_env, 60)
            if stopped.returncode != 0:
                _kill_leftovers(run_dir)
        except subprocess.TimeoutExpired:
            _kill_leftovers(run_dir)
        with contextlib.suppress(psycopg.Error):
            with psycopg.connect(admin_url(), autocommit=True, connect_timeout=10) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(run_dir, ignore_errors=True)


def wait_until(predicate, timeout: float = 30, interval: float = 0.2):
    """Poll ``predicate`` until it returns a true value (returned) or ``timeout`` seconds pass (None)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None
