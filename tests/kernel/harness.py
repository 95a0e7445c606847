"""A short-lived python3 kernel that runs cells the way JupyterLab does, and reports what came back.

JupyterLab sends each cell's id in the execute_request metadata (`cellId`); ExpiryCountdown
keys its registry on it. `Kernel.run(code, cell_id=...)` builds that message by hand.
"""

from __future__ import annotations

import ast
import queue
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from tests.kernel.transport import UnixSocketKernelManager
from tools.course import NOTEBOOKS

OUTPUT_TYPES = {"stream", "display_data", "update_display_data", "execute_result", "error",
                "clear_output"}
TIMEOUT = 120  # seconds for one cell: generous, the machines are shared

# Expressions evaluated in the kernel (as user_expressions: they run no cell).
LIVE_CLOCKS = ("sorted(t.name for t in __import__('threading').enumerate() "
               "if t.name.startswith('jwt-countdown-') and t.is_alive())")
REGISTERED = ("sorted(getattr(__import__('sys').modules.get('helpers.widgets.countdown'), "
              "'LIVE_COUNTDOWNS', {}))")
OPEN_WIDGETS = ("sorted((type(o).__name__, "
                "{'PayloadEditor': lambda w: w.token is not None, "
                "'TokenInspector': lambda w: not w.inspection.problem, "
                "'ExpiryCountdown': lambda w: w.state in ('counting', 'expired')}[type(o).__name__](o)) "
                "for o in __import__('gc').get_objects() "
                "if type(o).__name__ in ('PayloadEditor', 'TokenInspector', 'ExpiryCountdown') "
                "and getattr(o, 'comm', None) is not None)")


@dataclass
class CellRun:
    """What one execute_request produced."""

    status: str  # "ok" or "error"
    ename: str = ""
    outputs: list[dict[str, Any]] = field(default_factory=list)  # output messages for this cell
    stray: list[dict[str, Any]] = field(default_factory=list)  # output messages for another one
    comm_messages: int = 0  # widget updates seen while this cell ran

    @property
    def stdout(self) -> str:
        return "".join(o["content"]["text"] for o in self.outputs
                       if o["msg_type"] == "stream" and o["content"]["name"] == "stdout")

    def describe(self) -> list[tuple[str, str]]:
        """Each output as (type, short text), for assertion messages."""
        return [(o["msg_type"], str(o["content"].get("text") or o["content"].get("data")
                                    or o["content"].get("evalue"))[:120]) for o in self.outputs]


class Kernel:
    """A python3 kernel of this environment, started in `cwd`."""

    def __init__(self, cwd: Path = NOTEBOOKS, stderr: Any = None) -> None:
        self.manager = UnixSocketKernelManager(kernel_name="python3")
        self.manager.start_kernel(cwd=str(cwd), stderr=stderr)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)

    def run(self, code: str, cell_id: str | None = None) -> CellRun:
        """Execute code as one cell (with JupyterLab's cellId if given); wait until idle."""
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": False}
        message = self.client.session.msg("execute_request", content,
                                          metadata={"cellId": cell_id} if cell_id else {})
        self.client.shell_channel.send(message)
        msg_id = message["header"]["msg_id"]
        run = CellRun(status="?")
        while True:
            reply = self.client.get_iopub_msg(timeout=TIMEOUT)
            mine = reply["parent_header"].get("msg_id") == msg_id
            kind = reply["msg_type"]
            if kind == "comm_msg":
                run.comm_messages += 1
            elif kind in OUTPUT_TYPES:
                (run.outputs if mine else run.stray).append(reply)
            elif kind == "status" and mine and reply["content"]["execution_state"] == "idle":
                break
        shell = self.shell_reply(msg_id)
        run.status, run.ename = shell["status"], shell.get("ename", "")
        return run

    def evaluate(self, expression: str) -> Any:
        """The value of a Python literal expression in the kernel, without running a cell."""
        content = {"code": "", "silent": True, "store_history": False,
                   "user_expressions": {"value": expression}, "allow_stdin": False}
        message = self.client.session.msg("execute_request", content)
        self.client.shell_channel.send(message)
        result = self.shell_reply(message["header"]["msg_id"])["user_expressions"]["value"]
        assert result["status"] == "ok", f"{expression} failed in the kernel: {result}"
        return ast.literal_eval(result["data"]["text/plain"])

    def shell_reply(self, msg_id: str) -> dict[str, Any]:
        while True:
            reply = self.client.get_shell_msg(timeout=TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply["content"]

    def restart(self, now: bool) -> None:
        """Restart the kernel (now=True kills it, as a stuck kernel is restarted)."""
        self.manager.restart_kernel(now=now)
        self.client.wait_for_ready(timeout=TIMEOUT)
        drain(self.client)

    def shutdown(self) -> None:
        try:
            self.client.stop_channels()
        finally:
            self.manager.shutdown_kernel(now=False)


def drain(client: Any) -> None:
    """Drop messages left over from before a restart."""
    for channel in (client.get_iopub_msg, client.get_shell_msg):
        try:
            while True:
                channel(timeout=0.2)
        except queue.Empty:
            pass


@contextmanager
def running_kernel(cwd: Path = NOTEBOOKS, stderr: Any = None) -> Iterator[Kernel]:
    """A kernel that is always shut down, whatever the test does."""
    kernel = Kernel(cwd, stderr)
    try:
        yield kernel
    finally:
        kernel.shutdown()


@dataclass(frozen=True)
class Cell:
    """A code cell of a committed notebook: its id, source, tags and committed error name."""

    id: str
    source: str
    tags: tuple[str, ...]
    committed_error: str


def code_cells(name: str) -> list[Cell]:
    """The code cells of notebooks/<name>, in order."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        errors = [o.get("ename", "") for o in cell.get("outputs", []) if o.output_type == "error"]
        cells.append(Cell(cell.get("id", ""), cell.source, tuple(cell.metadata.get("tags", [])),
                          errors[0] if errors else ""))
    return cells


def assert_ok(run: CellRun) -> None:
    """The cell ran without an error."""
    assert run.status == "ok", f"{run.ename}: {run.describe()}"


def run_as_committed(kernel: Kernel, cell: Cell, when: str = "") -> CellRun:
    """Run a notebook cell and check that it ends as committed: the committed error where it is
    tagged raises-exception, no error elsewhere, and no output sent to another cell."""
    run = kernel.run(cell.source, cell_id=cell.id)
    if "raises-exception" in cell.tags:
        assert run.ename == cell.committed_error, f"{when} {cell.id}".strip()
    else:
        assert_ok(run)
    assert not run.stray, f"output for another cell while {cell.id} ran: {run.stray}"
    return run

