"""Start a private JupyterLab and drive it with Debian's Chromium: shared by tests/browser and tools/bench.

Everything here binds 127.0.0.1, lives in one temporary folder and is stopped by the code that
started it: the server (REST shutdown, then SIGTERM, then SIGKILL) and any kernel it left
behind (found by the temporary runtime folder in its command line).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from course_server import SERVER_ARGUMENTS
from tools.course import NOTEBOOKS, course_notebook_names
from tools.waiting import free_port, wait_until

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LIGHT, DARK = "JupyterLab Light", "JupyterLab Dark"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# Settings a fresh JupyterLab gets: no news popup or update check, every cell kept in the DOM
# (so tests can see outputs below the fold), no autosave into the served copy.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}


def find_chromium() -> str | None:
    """The Chromium to drive: $CHROMIUM if set (only it), else /usr/bin/chromium or PATH's."""
    override = os.environ.get("CHROMIUM")
    candidates = [override] if override else [CHROMIUM, shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def browser_required() -> bool:
    """True in CI (CI=true) or with REQUIRE_BROWSER=1: a missing browser is then a failure."""
    return (os.environ.get("CI", "").lower() in {"1", "true", "yes"}
            or os.environ.get("REQUIRE_BROWSER", "") not in {"", "0"})


def write_lab_settings(settings_dir: Path, theme: str = LIGHT) -> None:
    """Write JupyterLab user settings (news off, no windowing, no autosave) and the theme."""
    settings = {**LAB_SETTINGS, "@jupyterlab/apputils-extension/themes": {"theme": theme}}
    for plugin, values in settings.items():
        package, name = plugin.rsplit("/", 1)
        path = settings_dir / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))


def copy_course(destination: Path) -> list[str]:
    """Copy notebooks/ (with solutions/) into destination; return the course notebooks' names.

    Only regular files are copied: a test run elsewhere may leave kernel sockets in notebooks/.
    """
    def not_files(folder: str, names: list[str]) -> set[str]:
        return {name for name in names
                if not (Path(folder, name).is_file() or Path(folder, name).is_dir())
                or name == ".ipynb_checkpoints"}

    shutil.copytree(NOTEBOOKS, destination, dirs_exist_ok=True, ignore=not_files)
    return course_notebook_names()


def write_notebook(path: Path, cells: Iterable[str]) -> Path:
    """Write a python3 notebook whose code cells hold the given sources."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                       "name": "python3"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


@dataclass
class LabServer:
    """A JupyterLab serving `root`, with all its state in `state_dir`; start() then stop()."""

    root: Path
    state_dir: Path
    theme: str = LIGHT
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0  # time.time() just before the process was launched
    log: Any = None  # the open server log file

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, name: str) -> str:
        """The URL that opens a notebook in a reset workspace, logged in by token."""
        return f"{self.base_url}/lab/tree/{name}?reset&token={self.token}"

    def environment(self) -> dict[str, str]:
        """Process environment with fresh Jupyter folders inside state_dir."""
        folders = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data",
                   "JUPYTER_RUNTIME_DIR": "runtime", "JUPYTERLAB_SETTINGS_DIR": "settings",
                   "JUPYTERLAB_WORKSPACES_DIR": "workspaces", "IPYTHONDIR": "ipython"}
        env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1")
        for variable, folder in folders.items():
            (self.state_dir / folder).mkdir(parents=True, exist_ok=True)
            env[variable] = str(self.state_dir / folder)
        return env

    def command(self) -> list[str]:
        """`jupyter lab` from this Python's environment, on 127.0.0.1 only, set up like `make lab`."""
        command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
                   f"--port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                   "--LabApp.expose_app_in_browser=True", *SERVER_ARGUMENTS]
        if os.geteuid() == 0:
            command.append("--allow-root")
        return command

    def start(self, timeout: float = 60) -> LabServer:
        """Launch the server and wait until its REST API answers (3 tries, in case of a port clash)."""
        write_lab_settings(self.state_dir / "settings", self.theme)
        for attempt in range(3):
            self.port = free_port()
            self.log = (self.state_dir / f"server-{attempt}.log").open("wb")
            self.started_at = time.time()
            self.process = subprocess.Popen(self.command(), env=self.environment(), cwd=self.root,
                                            stdout=self.log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
            if self._wait_until_up(timeout):
                return self
            self.stop()
        raise RuntimeError(f"JupyterLab did not start; see the logs in {self.state_dir}")

    def _wait_until_up(self, timeout: float) -> bool:
        """True once the REST API answers; False if the server exits first or at the timeout."""
        return wait_until(self._answers_or_exited, timeout, every=0.05) == "up"

    def _answers_or_exited(self) -> str:
        """'up' once the API answers, 'exited' if the server has stopped, '' until then."""
        assert self.process is not None
        if self.process.poll() is not None:
            return "exited"
        try:
            self.api("GET", "/api/status")
            return "up"
        except (OSError, urllib.error.URLError):
            return ""

    def api(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        """Call the server's REST API with the token; return the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
        return json.loads(payload) if payload else None

    def kernels(self) -> list[dict[str, Any]]:
        """The kernels the server runs now."""
        return self.api("GET", "/api/kernels")

    def shutdown_kernels(self, path: str | None = None) -> None:
        """Shut down the sessions (and kernels) of one notebook, or all (the server keeps running)."""
        for session in self.api("GET", "/api/sessions"):
            if path is None or session.get("path") == path:
                self.api("DELETE", f"/api/sessions/{session['id']}")
        if path is None:
            for kernel in self.kernels():
                self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def stop(self) -> None:
        """Stop kernels and server, gently then firmly; kill any kernel left behind."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                self.shutdown_kernels()
                self.api("POST", "/api/shutdown")
                process.wait(timeout=10)
            except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
                stop_process_group(process)
        kill_processes_mentioning(str(self.state_dir / "runtime"))
        if self.log is not None:
            self.log.close()

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process's own group, then SIGKILL it if it does not end within 10 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=10)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def kill_processes_mentioning(marker: str) -> list[int]:
    """SIGKILL the processes whose command line contains marker (our own kernels); return pids."""
    killed = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command_line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in command_line:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
            except ProcessLookupError:
                pass
    return killed


def launch_chromium(playwright: Any, executable: str) -> Any:
    """Headless Chromium with the flags known to work here (Playwright gives it a fresh profile)."""
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS)


# JavaScript run in the page. `window.jupyterapp` exists thanks to expose_app_in_browser.
RUN_ALL_JS = """async () => {
  const app = window.jupyterapp;
  window.__runAll = 'started';
  await app.commands.execute('notebook:clear-all-cell-outputs');
  app.commands.execute('notebook:run-all-cells').catch((e) => { window.__runAll = 'failed: ' + e; });
}"""

# Run All is over when the kernel is idle, no cell is queued or running ([*]) and either every
# non-empty code cell has an execution count, or an untagged cell raised (JupyterLab then stops).
# (The command's own promise resolves at the first error, while later cells still run.)
RUN_ALL_OVER_JS = """() => {
  if (String(window.__runAll).startsWith('failed')) return true;
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.filter((cell) => cell.model.type === 'code');
  const pending = cells.some((cell) => cell.promptNode && cell.promptNode.textContent.includes('*'));
  const ran = (cell) => cell.model.executionCount !== null
    || cell.model.sharedModel.getSource().trim() === '';
  const tags = (cell) => cell.model.getMetadata('tags') || [];
  const stopped = cells.some((cell) => !tags(cell).includes('raises-exception')
    && cell.model.outputs.toJSON().some((output) => output.output_type === 'error'));
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !pending && (cells.every(ran) || stopped) && kernel && kernel.status === 'idle';
}"""

NOTEBOOK_JSON_JS = "() => window.jupyterapp.shell.currentWidget.context.model.toJSON()"

KERNEL_IDLE_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  return !!(bar && bar.textContent.includes('| Idle') && kernel && kernel.status === 'idle');
}"""


RUN_NEW_CELL_JS = """async (source) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  notebook.activeCellIndex = notebook.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  notebook.activeCell.model.sharedModel.setSource(source);
  await app.commands.execute('notebook:run-cell');
  return notebook.activeCell.model.outputs.toJSON();
}"""


def run_script(page: Any, script: str, over_js: str, state: str, success: str, timeout_ms: float) -> None:
    """Evaluate a script that records how it went in window[state]; wait until `over_js` is true,
    then raise unless the record says `success` (e.g. Run All, or running cell by cell)."""
    page.evaluate(script)
    page.wait_for_function(over_js, timeout=timeout_ms)
    outcome = page.evaluate(f"() => window.{state}")
    if outcome != success:
        raise RuntimeError(f"{state} ended as {outcome!r}, not {success!r}")


class LabPage:
    """One browser page (in its own context) showing one notebook of a LabServer."""

    def __init__(self, page: Any, lab: LabServer, timeout_ms: float = 60_000) -> None:
        self.page = page
        self.lab = lab
        self.name = ""
        self.timeout_ms = timeout_ms
        page.set_default_timeout(timeout_ms)

    @classmethod
    def new(cls, browser: Any, lab: LabServer, width: int = 1100, height: int = 900) -> LabPage:
        """A page in a fresh browser context (own cookies and storage)."""
        context = browser.new_context(viewport={"width": width, "height": height})
        return cls(context.new_page(), lab)

    def open(self, name: str) -> LabPage:
        """Open a notebook and wait until its kernel is idle."""
        self.name = name
        self.page.goto(self.lab.notebook_url(name))
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        self.wait_idle()
        return self

    def close(self) -> None:
        """Close the page's context and stop the kernel of its notebook."""
        try:
            self.page.context.close()
        finally:
            if self.name:
                self.lab.shutdown_kernels(self.name)

    def wait_idle(self) -> None:
        """Wait until the status bar says '| Idle' and the kernel itself is idle."""
        self.page.wait_for_function(KERNEL_IDLE_JS, timeout=self.timeout_ms)

    def command(self, name: str, args: dict[str, Any] | None = None) -> Any:
        """Execute a JupyterLab command and return its result."""
        return self.page.evaluate("([name, args]) => window.jupyterapp.commands.execute(name, args)",
                                  [name, args or {}])

    def run_all(self) -> LabPage:
        """Clear every output, Run All, and wait until the run is over and the kernel idle."""
        run_script(self.page, RUN_ALL_JS, RUN_ALL_OVER_JS, "__runAll", "started", self.timeout_ms)
        self.wait_idle()
        return self

    def run_new_cell(self, source: str) -> list[dict[str, Any]]:
        """Append a code cell, run it, wait for its reply; return its outputs (nbformat JSON)."""
        return self.page.evaluate(RUN_NEW_CELL_JS, source)

    def notebook_json(self) -> dict[str, Any]:
        """The notebook as JupyterLab holds it now (nbformat JSON with outputs)."""
        return self.page.evaluate(NOTEBOOK_JSON_JS)

    def set_theme(self, theme: str) -> None:
        """Switch the JupyterLab theme and wait until the page uses it."""
        self.command("apputils:change-theme", {"theme": theme})
        light = "true" if theme == LIGHT else "false"
        self.page.wait_for_function(
            f"() => document.body.dataset.jpThemeLight === '{light}' "
            f"&& document.body.dataset.jpThemeName === {json.dumps(theme)}")

    def collapse_left_area(self) -> None:
        """Close the left sidebar (file browser), giving the notebook the page's full width."""
        if not self.page.evaluate("() => window.jupyterapp.shell.leftCollapsed"):
            self.command("application:toggle-left-area")
        self.page.wait_for_function("() => window.jupyterapp.shell.leftCollapsed")

    def widgets(self, css_class: str = "jwt-widget") -> Any:
        """Locator for the course widgets (each a VBox with class jwt-widget) in the outputs."""
        return self.page.locator(f".jp-OutputArea-output .{css_class}")



PageOpener = Callable[[str], LabPage]  # opens a notebook by name in a fresh page


def error_outputs(notebook: dict[str, Any]) -> list[tuple[int, list[str], str]]:
    """(cell index, tags, 'Name: value') for every error output in a notebook's JSON."""
    found = []
    for index, cell in enumerate(notebook["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append((index, tags, f"{output['ename']}: {output['evalue']}"))
    return found


def widget_output_count(notebook: dict[str, Any]) -> int:
    """How many outputs of a notebook's JSON are widget views."""
    return sum(WIDGET_MIME in output.get("data", {})
               for cell in notebook["cells"] for output in cell.get("outputs", []))


def widget_placeholders() -> list[str]:
    """The text each course widget shows in place of itself before its cell is run."""
    import importlib
    import pkgutil

    import helpers.widgets
    from helpers.widgets.base import COURSE_WIDGETS

    for module in pkgutil.iter_modules(helpers.widgets.__path__):  # every widget kind, also new ones
        importlib.import_module(f"helpers.widgets.{module.name}")
    return [kind.placeholder for kind in COURSE_WIDGETS]
