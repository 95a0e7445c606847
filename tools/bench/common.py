"""What every benchmark figure shares: the result record, statistics, and one lazy browser session.

A figure module exposes NAME, TITLE, GOAL (one threshold), GOAL_TEXT (made from GOAL) and
`measure(runs) -> dict` returning {"unit": str, "values": [float, ...], "details": {...}};
it may also define `met(result) -> bool` (made from GOAL). Without `met`, a figure meets its
goal when the median of its values is at most GOAL.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tools.jupyter_driver import lab as labkit
from tools.jupyter_driver import widget_notebooks as wn

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Figure:
    """One benchmark figure: its values per run, summarised against a goal."""

    key: str
    title: str
    unit: str
    values: list[float]
    goal: str
    met: bool
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def summary(self) -> dict[str, float]:
        return summarise(self.values)

    def line(self) -> str:
        s = self.summary
        verdict = "MET " if self.met else "MISSED"
        return (f"{self.key} {self.title:<24} median {s['median']:>9.3f} {self.unit:<6} "
                f"(min {s['min']:.3f}, max {s['max']:.3f}, IQR {s['q1']:.3f}-{s['q3']:.3f}, "
                f"n={s['n']})  goal {self.goal:<22} {verdict}")

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "summary": self.summary,
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def summarise(values: list[float]) -> dict[str, float]:
    """Median, min, max and quartiles of a list of numbers."""
    ordered = sorted(values)
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 \
        else (ordered[0], ordered[0], ordered[0])
    return {"median": statistics.median(ordered), "min": ordered[0], "max": ordered[-1],
            "q1": q1, "q3": q3, "n": len(ordered)}


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


class Session:
    """Lazily started JupyterLab + Chromium shared by the browser figures, all in one temp dir."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.served = workdir / "served"
        self._stack: list[Callable[[], None]] = []
        self._lab: labkit.LabServer | None = None
        self._browser: Any = None

    def served_dir(self) -> Path:
        if not self.served.exists():
            self.served.mkdir(parents=True)
            labkit.copy_course(self.served)
            wn.write_widget_notebooks(self.served)
        return self.served

    def on_close(self, stop: Callable[[], None]) -> None:
        """Run stop() when the session closes (last registered, first run)."""
        self._stack.append(stop)

    @property
    def browser(self) -> Any:
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            executable = labkit.find_chromium()
            if executable is None:
                raise SystemExit("No Chromium: install it with `apt-get install -y chromium`.")
            playwright = sync_playwright().start()
            self._stack.append(playwright.stop)
            self._browser = labkit.launch_chromium(playwright, executable)
            self._stack.append(self._browser.close)
        return self._browser

    @property
    def lab(self) -> labkit.LabServer:
        if self._lab is None:
            self._lab = labkit.LabServer(self.served_dir(), self.workdir / "lab-state").start()
            self._stack.append(self._lab.stop)
        return self._lab

    def open(self, name: str, lab: labkit.LabServer | None = None) -> labkit.LabPage:
        return labkit.LabPage.new(self.browser, lab or self.lab).open(name)

    def close(self) -> None:
        while self._stack:
            self._stack.pop()()


_session: Session | None = None
_tempdir: tempfile.TemporaryDirectory[str] | None = None


def session() -> Session:
    """The benchmark run's shared session (a temporary folder, lazily a JupyterLab and Chromium)."""
    global _session, _tempdir
    if _session is None:
        _tempdir = tempfile.TemporaryDirectory(prefix="jwt-bench-")
        _session = Session(Path(_tempdir.name))
    return _session


def close_session() -> None:
    """Stop whatever the figures started and remove the temporary folder."""
    global _session, _tempdir
    try:
        if _session is not None:
            _session.close()
    finally:
        if _tempdir is not None:
            _tempdir.cleanup()
        _session, _tempdir = None, None
