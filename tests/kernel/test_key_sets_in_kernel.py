"""07-key-sets in a real kernel: one JWKS server per cell, none left after a restart or the last cell.

Each test starts its own short-lived kernel (cwd = notebooks/) and always shuts it down. Ports
are probed from this test process: a stopped server refuses the connection.
"""

from __future__ import annotations

import socket

import pytest

from tests.kernel.harness import Cell, CellRun, code_cells, running_kernel

NOTEBOOK = "07-key-sets.ipynb"
SERVER_THREADS = ("sorted(t.name for t in __import__('threading').enumerate() "
                  "if t.name.startswith('local-server-') and t.is_alive())")
LIVE_SERVERS = "sorted(__import__('helpers.local_server', fromlist=['x']).LIVE_SERVERS)"


def assert_ok(run: CellRun) -> None:
    assert run.status == "ok", f"{run.ename}: {run.describe()}"


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
                run = kernel.run(cell.source, cell_id=cell.id)
                if "raises-exception" in cell.tags:
                    assert run.ename == cell.committed_error, f"round {round_number}, {cell.id}"
                else:
                    assert_ok(run)
                assert not run.stray, f"output for another cell while {cell.id} ran: {run.stray}"
                if "start_server(" in cell.source and "name='gone'" not in cell.source:
                    ports.append(kernel.evaluate("server.port" if "'jwks'" in cell.source
                                                 else "rotation_server.port"))
            assert len(ports) == 2
            assert kernel.evaluate(LIVE_SERVERS) == []
            assert kernel.evaluate(SERVER_THREADS) == []
            assert not any(listening(port) for port in ports)
