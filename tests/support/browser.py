"""Run the dashboard on loopback and drive Debian's chromium through Playwright.

Used by the browser tests (marked ``browser``) and by the benchmark scripts.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FSDASH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
MAP = ".fsdash-map"  # the map element (fsdash.ui.leaflet_map), in the page itself


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """``streamlit run app.py`` on 127.0.0.1 with the given environment (``app``: another
    script, run from its own folder, whose ``.streamlit/`` and ``static/`` it then uses)."""

    def __init__(self, env: dict[str, str], port: int | None = None, log: Path | None = None,
                 args: list[str] | None = None, app: Path | None = None):
        self.app = Path(app) if app is not None else PROJECT_ROOT / "app.py"
        self.port = port or free_port()
        self.args = list(args or [])
        self.env = {**os.environ, **env}
        if self.env.get("FSDASH_LOCAL_MODE") and not self.env.get("FSDASH_LOCAL_TOKEN"):
            from fsdash.domain.local_mode import new_token

            self.env["FSDASH_LOCAL_TOKEN"] = new_token()  # as run.sh makes one
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def link(self, path: str = "/") -> str:
        """The address of ``path`` with the local mode's token (what run.sh prints), when there is one."""
        token = self.env.get("FSDASH_LOCAL_TOKEN")
        if not token:
            return self.url + path
        return f"{self.url}{path}{'&' if '?' in path else '?'}jeton={token}"

    def start(self, timeout: float = 60) -> StreamlitServer:
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.app),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *self.args],
            cwd=self.app.parent, env=self.env, stdout=out, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not answer its health check in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def map_element(page):
    """The locator of the (first) map element on the page."""
    return page.locator(MAP).first


def wait_for_map(page, timeout: float = 30_000) -> None:
    """Wait until the map shows département contours and its sites (dots or markers)."""
    element = map_element(page)
    page.locator(f"{MAP}[data-ready='1'][data-sites]").first.wait_for(state="attached", timeout=timeout)
    element.locator("path.fsdash-departement").first.wait_for(state="attached", timeout=timeout)


# Installed in a page before it loads (``context.add_init_script``): records, in
# milliseconds since the navigation started (``performance.now()``), when the page
# first showed a title, a table, the map's first picture (``views/map_picture.py``:
# the image loaded in the map's place) and the live map (contours drawn and sites
# placed by Leaflet in the map element), each one animation frame later. Read back
# with ``paint_times``.
PAINT_PROBE = """(() => {
  const marks = {};
  const seen = {
    title: () => document.querySelector('h1'),
    table: () => document.querySelector('table.fsdash-table tbody tr, [data-testid="stDataFrame"]'),
    map: () => { const m = document.querySelector('.fsdash-map[data-sites]');
                 return m && m.querySelector('path.fsdash-departement'); },
    picture: () => { const i = document.querySelector('[class*="st-key-fsdash-apercu-"] img');
                     return i && i.complete && i.naturalWidth > 0; },
  };
  const check = () => {
    for (const [name, test] of Object.entries(seen)) {
      if (!(name in marks) && test()) {
        marks[name] = null;
        requestAnimationFrame(() => { marks[name] = performance.now(); });
      }
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, attributes: true,
                                                 attributeFilter: ['data-sites']});
  document.addEventListener('load', check, true);  // an image loaded (no mutation tells)
  window.__fsdashPaint = marks;
})();"""


def paint_times(page, *names: str, timeout: float = 60_000) -> dict[str, float]:
    """Seconds from navigation to each of ``names`` (see ``PAINT_PROBE``), once all are painted."""
    page.wait_for_function(
        "(names) => names.every(n => window.__fsdashPaint && window.__fsdashPaint[n])", arg=list(names),
        timeout=timeout)
    marks = page.evaluate("() => window.__fsdashPaint")
    return {name: marks[name] / 1000 for name in names}


# The footer (``fsdash.ui.chrome.footer``) is drawn by ``app.py`` after the page has run, and
# its sources part only for the pages that asked for it: once it is in the document, every
# element of that run has been sent. Streamlit then draws some of them late (widgets whose code
# is loaded on demand show a skeleton first) and marks those of a previous run stale: the run is
# over, on screen, when the footer is there, no skeleton is left and nothing is stale. Then an
# absence can be checked.
RUN_END = """() => !!document.querySelector('footer.fr-footer .fsdash-sources')
    && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stElementContainer"][data-stale="true"]')"""


def wait_for_run_end(page, timeout: float = 60_000) -> None:
    """Wait until the page's run is over and drawn (see ``RUN_END``)."""
    page.wait_for_function(RUN_END, timeout=timeout)


def downloaded_text(name: str, data: bytes) -> str:
    """Every piece of text of a downloaded file (CSV, XLSX or PDF), to search for values."""
    import io

    if name.endswith(".csv"):
        return data.decode("utf-8-sig")
    if name.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(" ".join("" if v is None else str(v) for v in row)
                         for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    if name.endswith(".pdf"):
        from tests.support.pdfs import read_pdf

        return read_pdf(data).text
    raise AssertionError(f"a download of an unexpected kind: {name}")
