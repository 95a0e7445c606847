"""07-key-sets in a real kernel: one JWKS server per cell, none left after a restart or the last cell.

Each test starts its own short-lived kernel (cwd = notebooks/) and always shuts it down. Ports
are probed from this test process: a stopped server refuses the connection.
"""

from __future__ import annotations

import re
import socket

import nbformat
import pytest

from tests.kernel.harness import (
    NOTEBOOKS,
    Cell,
    CellRun,
    assert_ok,
    code_cells,
    run_as_committed,
    running_kernel,
)

NOTEBOOK = "07-key-sets.ipynb"
SERVER_THREADS = ("sorted(t.name for t in __import__('threading').enumerate() "
                  "if t.name.startswith('local-server-') and t.is_alive())")
LIVE_SERVERS = "sorted(__import__('helpers.web.server', fromlist=['x']).LIVE_SERVERS)"


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


def cells() -> list[Cell]:
    return code_cells(NOTEBOOK)


def setup_and_server_cells() -> tuple[Cell, Cell, Cell]:
    """The setup cell, the cell making jwk_1, and the cell starting the 'jwks' server."""
    found = cells()
    setup = found[0]
    jwk_cell = next(cell for cell in found if cell.source.startswith("jwk_1 = public_jwk("))
    server_cell = next(cell for cell in found if "start_server(issuer, name='jwks')" in cell.source)
    return setup, jwk_cell, server_cell


def test_rerunning_the_server_cell_replaces_the_server():
    setup, jwk_cell, server_cell = setup_and_server_cells()
    with running_kernel() as kernel:
        for cell in (setup, jwk_cell):
            assert_ok(kernel.run(cell.source, cell_id=cell.id))
        ports = []
        for _ in range(3):
            assert_ok(kernel.run(server_cell.source, cell_id=server_cell.id))
            ports.append(kernel.evaluate("server.port"))
            assert kernel.evaluate(LIVE_SERVERS) == ["jwks"]
            assert kernel.evaluate(SERVER_THREADS) == ["local-server-jwks"]
        assert len(set(ports)) == 3, "each run listens on a fresh port"
        assert [listening(port) for port in ports] == [False, False, True], "only the last one listens"
        assert_ok(kernel.run("send('GET', JWKS_URL).status", cell_id="probe"))


@pytest.mark.parametrize("now", [False, True], ids=["restart", "restart-now-kill"])
def test_a_kernel_restart_leaves_no_listening_port(now):
    setup, jwk_cell, server_cell = setup_and_server_cells()
    with running_kernel() as kernel:
        for cell in (setup, jwk_cell, server_cell):
            assert_ok(kernel.run(cell.source, cell_id=cell.id))
        port = kernel.evaluate("server.port")
        assert listening(port)
        kernel.restart(now=now)
        assert not listening(port)
        assert kernel.evaluate(SERVER_THREADS) == []


def test_run_all_twice_then_the_last_cell_stops_every_server():
    notebook_cells = cells()
    with running_kernel() as kernel:
        for round_number in (1, 2):
            ports = []
            for cell in notebook_cells:
                run_as_committed(kernel, cell, f"round {round_number},")
                if "start_server(" in cell.source and "name='gone'" not in cell.source:
                    ports.append(kernel.evaluate("server.port" if "'jwks'" in cell.source
                                                 else "rotation_server.port"))
            assert len(ports) == 2
            assert kernel.evaluate(LIVE_SERVERS) == []
            assert kernel.evaluate(SERVER_THREADS) == []
            assert not any(listening(port) for port in ports)


# --- a reader's pace: minutes between cells ------------------------------------------------------

# Moves the kernel's monotonic clock 400 s ahead (more than PyJWKClient's 300 s cache lifespan and
# its 30 s cooldown), as if the reader had paused that long before the next cell. PyJWKClient
# reads time.monotonic() for both, so the notebook meets a stale cache exactly as a slow reader's
# kernel would, without the test waiting.
PAUSE = ("import time as _time\n"
         "_time.monotonic = (lambda clock: lambda: clock() + 400)(_time.monotonic)")
PORT = re.compile(r"http://127\.0\.0\.1:\d+")


def committed_texts(name: str) -> dict[str, str]:
    """Each code cell's committed stdout and result text, ports blanked."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    texts = {}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            parts = [o.get("text", "") if o.output_type == "stream" else
                     o.get("data", {}).get("text/plain", "") for o in cell.outputs
                     if o.output_type in ("stream", "execute_result")]
            texts[cell.id] = PORT.sub("PORT", "".join(parts))
    return texts


def shown_text(run: CellRun) -> str:
    parts = [o["content"].get("text", "") if o["msg_type"] == "stream" else
             o["content"].get("data", {}).get("text/plain", "") for o in run.outputs
             if o["msg_type"] in ("stream", "execute_result")]
    return PORT.sub("PORT", "".join(parts))


def test_every_cell_says_the_same_after_a_long_pause_before_it():
    expected = committed_texts(NOTEBOOK)
    with running_kernel() as kernel:
        for cell in cells():
            assert_ok(kernel.run(PAUSE, cell_id="pause"))
            run = run_as_committed(kernel, cell, "after a pause:")
            assert shown_text(run) == expected[cell.id], f"cell {cell.id} after a pause"
        assert kernel.evaluate("__import__('time').monotonic() - __import__('time').perf_counter()") > 400
