"""The benchmark runner: `python -m tools.bench --help` (what `make bench` calls)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

from tools.bench import FIGURES
from tools.bench.common import ROOT, Figure, close_session
from tools.jupyter_driver import lab as labkit


def load_figures() -> dict[str, ModuleType]:
    """The figure modules by NAME (P1, P2, ...), in registry order."""
    modules = [importlib.import_module(name) for name in FIGURES]
    return {module.NAME.upper(): module for module in modules}


def goal_met(module: ModuleType, result: dict[str, Any]) -> bool:
    """The module's own check if it has one, else: median of the values at most GOAL."""
    if hasattr(module, "met"):
        return bool(module.met(result))
    if "met" in result:
        return bool(result["met"])
    return statistics.median(result["values"]) <= module.GOAL


def figure_of(module: ModuleType, result: dict[str, Any]) -> Figure:
    return Figure(module.NAME, module.TITLE, result.get("unit", ""), list(result["values"]),
                  module.GOAL_TEXT, goal_met(module, result), result.get("details", {}))


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "chromium": labkit.find_chromium()}


def save(figures: list[Figure], path: Path) -> None:
    """Merge the figures into the JSON file (figures not measured now are kept)."""
    data = json.loads(path.read_text()) if path.exists() else {}
    data.setdefault("figures", {}).update({f.key: f.as_json() for f in figures})
    data["machine"] = machine()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")


def parse(arguments: list[str], known: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench",
                                     description="Measure the course's benchmark figures.")
    parser.add_argument("figures", nargs="*", metavar="P", help=f"figures to measure (default all: "
                                                                 f"{' '.join(known)})")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "bench.json")
    options = parser.parse_args(arguments)
    options.figures = [f.upper() for f in options.figures] or list(known)
    unknown = set(options.figures) - set(known)
    if unknown:
        parser.error(f"unknown figure(s) {sorted(unknown)}; choose from {known}")
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    return options


def main(arguments: list[str]) -> int:
    modules = load_figures()
    options = parse(arguments, list(modules))
    import jwt

    warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
    figures = []
    try:
        for key in options.figures:
            print(f"measuring {key}...", flush=True)
            module = modules[key]
            try:
                figure = figure_of(module, module.measure(options.runs))
            except (Exception, SystemExit) as error:  # noqa: BLE001 - one figure never stops the rest
                print(f"{key} not measured: {error!r}", flush=True)
                continue
            print(figure.line(), flush=True)
            figures.append(figure)
    finally:
        close_session()
    save(figures, options.out)
    print(f"\n{'=' * 30} summary (written to {options.out})")
    for figure in figures:
        print(figure.line())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
