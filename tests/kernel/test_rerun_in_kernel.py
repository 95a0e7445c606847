"""Re-run safety in a real kernel: re-runs, Run All twice, out-of-order cells, restarts.

Each test starts its own short-lived kernel (cwd = notebooks/, like nbval and JupyterLab)
and always shuts it down. Cells are sent with JupyterLab's `cellId` where the test says so.
Nothing here asserts on durations: waits are joins and kernel round trips.
"""

from __future__ import annotations

import pytest

from tests.kernel.harness import (
    LIVE_CLOCKS,
    OPEN_WIDGETS,
    REGISTERED,
    Cell,
    assert_ok,
    code_cells,
    run_as_committed,
    running_kernel,
)
from tools.course import course_notebook_names

SETUP = ("import secrets\n\nfrom helpers.widgets import ExpiryCountdown\n\n"
         "SECRET = secrets.token_urlsafe(32)")
# Each registered countdown's key, state, result and whether its clock runs (a thread, or an
# event-loop task where a thread cannot start: the widget's own fallback).
COUNTDOWN_STATES = ("[(k, c.state, c.result, c.ticking) for k, c in "
                    "__import__('sys').modules['helpers.widgets.countdown'].LIVE_COUNTDOWNS.items()]")
LONG = 600  # seconds: no clock reaches zero during these tests unless the test wants it


def widget_cell_ids(cells: list[Cell]) -> set[str]:
    return {cell.id for cell in cells if "ExpiryCountdown(" in cell.source
            and not cell.source.lstrip().startswith("from")}


# --- re-running one countdown cell ------------------------------------------------------------

@pytest.mark.parametrize("cell_code, cell_id, key", [
    pytest.param(f"ExpiryCountdown(SECRET, lifetime={LONG}, name='lesson')", None, "lesson",
                 id="explicit-name"),
    pytest.param(f"ExpiryCountdown(SECRET, lifetime={LONG})", "cell-7f3a", "cell-7f3a",
                 id="jupyterlab-cell-id"),
])
def test_rerunning_a_countdown_cell_leaves_exactly_one_live_clock(cell_code, cell_id, key):
    with running_kernel() as kernel:
        assert_ok(kernel.run(SETUP))
        for _ in range(3):
            assert_ok(kernel.run(cell_code, cell_id=cell_id))
            assert kernel.evaluate(LIVE_CLOCKS) == [f"jwt-countdown-{key}"]
            assert kernel.evaluate(REGISTERED) == [key]
            assert kernel.evaluate(OPEN_WIDGETS) == [("ExpiryCountdown", True)]


def test_two_countdown_cells_keep_one_clock_each():
    with running_kernel() as kernel:
        assert_ok(kernel.run(SETUP))
        for cell_id in ("cell-a", "cell-b", "cell-a", "cell-b"):
            assert_ok(kernel.run(f"ExpiryCountdown(SECRET, lifetime={LONG})", cell_id=cell_id))
        assert kernel.evaluate(LIVE_CLOCKS) == ["jwt-countdown-cell-a", "jwt-countdown-cell-b"]


# --- Run All, twice -----------------------------------------------------------------------------

def test_run_all_twice_on_the_expiry_notebook_leaves_a_clean_state():
    cells = code_cells("04-expiry.ipynb")
    widget_cells = widget_cell_ids(cells)
    assert widget_cells, "04-expiry has a countdown cell"
    with running_kernel() as kernel:
        for round_number in (1, 2):
            for cell in cells:
                run_as_committed(kernel, cell, f"round {round_number},")
        registered = kernel.evaluate(REGISTERED)
        clocks = kernel.evaluate(LIVE_CLOCKS)
        assert sorted(registered) == sorted(widget_cells), "one countdown per widget cell"
        assert set(clocks) <= {f"jwt-countdown-{key}" for key in registered}, "orphaned clock"
        assert len(clocks) == len(set(clocks)), "two clocks for one cell"
        assert kernel.evaluate(OPEN_WIDGETS) == [("ExpiryCountdown", True)] * len(widget_cells)
        assert kernel.run("print('still alive')").stdout == "still alive\n"


# --- cells out of order -------------------------------------------------------------------------

@pytest.mark.parametrize("notebook", course_notebook_names())
def test_cells_out_of_order_give_a_name_error_at_worst_and_then_recover(notebook):
    cells = code_cells(notebook)
    with running_kernel() as kernel:
        for cell in reversed(cells):  # every later cell before its setup
            run = kernel.run(cell.source, cell_id=cell.id)
            allowed = {"", "NameError"} | ({cell.committed_error} if cell.committed_error else set())
            assert run.ename in allowed, f"{cell.id} run out of order: {run.describe()}"
        assert all(ok for _, ok in kernel.evaluate(OPEN_WIDGETS)), "a widget in a broken state"
        for cell in cells:  # then in order, as the learner does next
            run = kernel.run(cell.source, cell_id=cell.id)
            assert run.ename == cell.committed_error, f"{cell.id} in order: {run.describe()}"
        widgets = kernel.evaluate(OPEN_WIDGETS)
        assert all(ok for _, ok in widgets), f"a widget in a broken state: {widgets}"


def test_a_countdown_cell_run_before_its_lifetime_is_set_leaves_no_clock_behind():
    cells = {cell.source.split("\n")[0]: cell for cell in code_cells("04-expiry.ipynb")}
    setup = next(c for first, c in cells.items() if first.startswith("# Setup"))
    lifetime = next(c for first, c in cells.items() if first.startswith("LIFETIME ="))
    countdown = next(c for c in cells.values() if c.source.startswith("ExpiryCountdown("))
    with running_kernel() as kernel:
        assert kernel.run(countdown.source, cell_id=countdown.id).ename == "NameError"
        assert_ok(kernel.run(setup.source, cell_id=setup.id))
        assert kernel.run(countdown.source, cell_id=countdown.id).ename == "NameError"  # LIFETIME
        assert kernel.evaluate(LIVE_CLOCKS) == []
        assert kernel.evaluate(REGISTERED) == []
        assert_ok(kernel.run(lifetime.source, cell_id=lifetime.id))
        assert_ok(kernel.run(countdown.source, cell_id=countdown.id))
        assert kernel.evaluate(REGISTERED) == [countdown.id]
        assert kernel.evaluate(OPEN_WIDGETS) == [("ExpiryCountdown", True)]


# --- restarting the kernel mid-countdown ---------------------------------------------------------

@pytest.mark.parametrize("now", [False, True], ids=["restart", "restart-now-kill"])
def test_restarting_the_kernel_during_a_countdown_leaves_a_working_kernel(now, tmp_path):
    log = tmp_path / "kernel-stderr.txt"
    with log.open("w") as stderr, running_kernel(stderr=stderr) as kernel:
        assert_ok(kernel.run(SETUP))
        assert_ok(kernel.run(f"ExpiryCountdown(SECRET, lifetime={LONG})", cell_id="cell-c"))
        assert kernel.evaluate(LIVE_CLOCKS) == ["jwt-countdown-cell-c"]
        kernel.restart(now=now)
        result = kernel.run("1 + 1")
        assert_ok(result)
        assert result.outputs[-1]["content"]["data"]["text/plain"] == "2"
        assert kernel.evaluate(LIVE_CLOCKS) == []
        assert kernel.evaluate(REGISTERED) == [], "a fresh kernel has no countdown yet"
        assert_ok(kernel.run(SETUP))
        assert_ok(kernel.run(f"ExpiryCountdown(SECRET, lifetime={LONG})", cell_id="cell-c"))
        countdowns = kernel.evaluate(COUNTDOWN_STATES)
        assert [(key, state, ticking) for key, state, _, ticking in countdowns] == [
            ("cell-c", "counting", True)], f"{countdowns}; kernel stderr: {log.read_text()[-2000:]}"
        assert set(kernel.evaluate(LIVE_CLOCKS)) <= {"jwt-countdown-cell-c"}, "orphaned clock"
        waited = kernel.run("await __import__('asyncio').sleep(0.5)")  # a thread or a task ticks
        assert waited.comm_messages > 0, "the new clock ticks (widget updates) while a cell runs"
    text = log.read_text()
    assert "Traceback" not in text and "Exception in thread" not in text, text


# --- no output in other cells -------------------------------------------------------------------

def test_a_running_countdown_writes_nothing_into_the_cells_run_after_it():
    with running_kernel() as kernel:
        assert_ok(kernel.run(SETUP + "\nimport time"))
        start = kernel.run("countdown = ExpiryCountdown(SECRET, lifetime=5)", cell_id="cell-clock")
        assert_ok(start)
        printed = kernel.run("print('x')", cell_id="cell-print")
        slept = kernel.run("time.sleep(1.5)", cell_id="cell-sleep")
        waited = kernel.run("countdown.thread.join(timeout=60)", cell_id="cell-wait")  # to zero
        assert printed.describe() == [("stream", "x\n")]
        assert slept.outputs == [] and waited.outputs == []
        assert not (printed.stray or slept.stray or waited.stray)
        ticks = printed.comm_messages + slept.comm_messages + waited.comm_messages
        assert ticks > 0, "the clock was ticking (widget updates) while those cells ran"
        assert kernel.evaluate("countdown.state") == "expired"
        assert "ExpiredSignatureError" in kernel.evaluate("countdown.result")
