"""Serve the built JupyterLite site on 127.0.0.1 and drive it in Chromium with every other host
blocked: shared by tests/lite and the benchmark (P9).
"""

from __future__ import annotations

import functools
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tools.jupyter_driver import lab as labkit

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "lite"
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".json": "application/json", ".whl": "application/zip", ".zip": "application/zip",
         ".ipynb": "application/json"}


# What GitHub Pages sends with every file (measured on github.io sites): no Cross-Origin-Opener-
# or -Embedder-Policy, which Pages cannot set, so the page is never cross-origin isolated and
# the Pyodide kernel reaches the site's files through JupyterLite's service worker.
PAGES_HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=600",
                 "Vary": "Accept-Encoding"}


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files with the types WebAssembly and modules need, without a log line per file."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def served(site: Path = SITE, prefix: str = "", headers: dict[str, str] | None = None
           ) -> Iterator[str]:
    """Serve the site on 127.0.0.1 (a free port) while the block runs; yield its base URL.

    prefix: serve it under a sub-path, as GitHub Pages serves a project (`/REPO`);
    headers: sent with every file (PAGES_HEADERS: what Pages sends)."""
    root = site
    if prefix:
        holder = tempfile.TemporaryDirectory(prefix="jwt-lite-")
        root = Path(holder.name)
        (root / prefix.strip("/")).symlink_to(site.resolve(), target_is_directory=True)
    handler_class = type("Handler", (QuietHandler,), {"extra_headers": dict(headers or {})})
    handler = functools.partial(handler_class, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{'/' + prefix.strip('/') if prefix else ''}"
    finally:
        server.shutdown()
        server.server_close()
        if prefix:
            holder.cleanup()


def block_other_hosts(context: Any, base_url: str) -> list[str]:
    """Abort every request of a browser context that does not go to base_url's host and port;
    return the (live) list of the URLs refused."""
    allowed = urlsplit(base_url).netloc
    refused: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if urlsplit(url).scheme in {"data", "blob"} or urlsplit(url).netloc == allowed:
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    context.route("**/*", route)
    return refused


RUN_CELL_BY_CELL_JS = """async () => {
  window.__cellByCell = 'running';
  try {
    const app = window.jupyterapp;
    const notebook = app.shell.currentWidget.content;
    await app.commands.execute('notebook:clear-all-cell-outputs');
    for (let index = 0; index < notebook.widgets.length; index++) {
      notebook.activeCellIndex = index;
      await app.commands.execute('notebook:run-cell');
    }
    window.__cellByCell = 'done';
  } catch (error) {
    window.__cellByCell = 'failed: ' + error;
  }
}"""
FIRST_TOKEN_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output')]
  .some((node) => /eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+/.test(node.textContent))"""
OUTPUT_SHOWN_JS = """(text) => [...document.querySelectorAll('.jp-OutputArea-output')]
  .some((node) => node.textContent.includes(text))"""


class LitePage:
    """One notebook of the site in a fresh browser context that may reach the site only."""

    def __init__(self, browser: Any, base_url: str, timeout_ms: float = 180_000) -> None:
        self.context = browser.new_context(viewport={"width": 1100, "height": 900})
        self.site_url = base_url
        self.refused = block_other_hosts(self.context, base_url)
        self.page = self.context.new_page()
        self.page.set_default_timeout(timeout_ms)
        self.base_url = base_url
        self.timeout_ms = timeout_ms
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))

    def open(self, name: str) -> LitePage:
        """Open a notebook of the site and wait until its Pyodide kernel is idle."""
        self.page.goto(f"{self.base_url}/lab/index.html?path={name}")
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        self.wait_idle()
        return self

    def wait_idle(self) -> None:
        self.page.wait_for_function(labkit.KERNEL_IDLE_JS, timeout=self.timeout_ms)

    def run_cell_by_cell(self) -> LitePage:
        """Run every cell in order, each once the previous one is done, as with Shift+Enter.

        Not Run All: the Pyodide kernel drops the cells queued behind one that raises, even
        a cell tagged raises-exception (where JupyterLab's own kernels go on).
        """
        labkit.run_script(self.page, RUN_CELL_BY_CELL_JS, "() => window.__cellByCell !== 'running'",
                          "__cellByCell", "done", self.timeout_ms)
        self.wait_idle()
        return self

    def run_new_cell(self, source: str) -> list[dict[str, Any]]:
        return self.page.evaluate(labkit.RUN_NEW_CELL_JS, source)

    def notebook_json(self) -> dict[str, Any]:
        return self.page.evaluate(labkit.NOTEBOOK_JSON_JS)

    def close(self) -> None:
        self.context.close()


def seconds_to(page: LitePage, name: str, shown_js: str, argument: Any = None,
               run_all: bool = True) -> float:
    """Seconds from navigating to a notebook until shown_js is true (after Run All if asked)."""
    started = time.perf_counter()
    page.open(name)
    if run_all:
        page.page.evaluate(RUN_CELL_BY_CELL_JS)
    page.page.wait_for_function(shown_js, arg=argument, timeout=page.timeout_ms)
    return time.perf_counter() - started
