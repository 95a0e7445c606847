"""Build the course's JupyterLite site: notebooks 00-04 running in the browser, nothing from a CDN.

    python -m tools.build_lite [--out build/lite] [--lite-python .venv-lite/bin/python]

(`make lite` installs what it needs and calls this.) The site holds:
- notebooks 00-04 and their solutions, as the site's files, and docs/glossary.md;
- the Pyodide runtime from the npm `pyodide` package (lite/node_modules), in static/pyodide/,
  with the pure-Python wheels the kernel loads at start (micropip, IPython and its
  dependencies) downloaded from PyPI at the versions Pyodide's lock names;
- pure-Python wheels for pyjwt, ipywidgets, comm (versions from requirements-lock.txt) and the
  course's helpers (built from this checkout), added to the site's Pyodide lock and loaded when
  the kernel starts, so `import jwt` and `from helpers...` work with no install cell.
The site's settings point the Pyodide kernel at static/pyodide/ and turn off PyPI fallback.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tools.course import CORE, ROOT
from tools.lock import pinned_version

LITE = ROOT / "lite"
PYODIDE_NPM = LITE / "node_modules" / "pyodide"
LITE_NOTEBOOKS = CORE  # the tutorial, 00-04 (RS256 and friends need cryptography, not in Pyodide)
# Course packages the kernel loads at start: (lock name, PyPI name or None for the helpers).
COURSE_PACKAGES = {"pyjwt": "jwt", "comm": "comm", "ipywidgets": "ipywidgets",
                   "jwt-course-helpers": "helpers"}
COURSE_DEPENDS = {"pyjwt": [], "comm": ["traitlets"], "ipywidgets": ["comm", "ipython", "traitlets"],
                  "jwt-course-helpers": ["pyjwt", "ipywidgets"]}
KERNEL_NEEDS = ["micropip", "ipython", "packaging", "jedi"]  # what the Pyodide kernel loads itself
PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"


def locked_version(name: str) -> str:
    """The version requirements-lock.txt pins for a package."""
    try:
        return pinned_version(name)
    except LookupError as missing:
        raise SystemExit(str(missing)) from None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def download_wheel(name: str, version: str, folder: Path) -> Path:
    """A pure-Python wheel from PyPI (or pip's cache)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--only-binary=:all:", "--python-version", "3.13", "--platform", "any",
                    "--disable-pip-version-check", "-d", str(folder), f"{name}=={version}"],
                   check=True)
    stem = "[-_.]".join(re.escape(part) for part in re.split(r"[-_.]+", name))
    pattern = re.compile(rf"^{stem}-{re.escape(version)}-.*none-any\.whl$", re.IGNORECASE)
    found = [path for path in folder.iterdir() if pattern.match(path.name)]
    if not found:
        raise SystemExit(f"no pure-Python wheel of {name}=={version} on PyPI")
    return found[0]


def helpers_wheel(folder: Path) -> Path:
    """The course's helpers as a wheel, built from this checkout."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "-w", str(folder), str(ROOT)], check=True)
    return next(folder.glob("jwt_course_helpers-*.whl"))


def closure(lock: dict[str, Any], names: list[str]) -> list[str]:
    """The packages of Pyodide's lock these names need (themselves and their dependencies)."""
    found: list[str] = []
    todo = list(names)
    while todo:
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in found:
            continue
        found.append(name)
        todo += lock["packages"][name].get("depends", [])
    return sorted(found)


def add_runtime(site: Path, wheels: Path) -> list[str]:
    """Copy Pyodide into the site with every wheel its kernel loads; return the packages added."""
    target = site / "static" / "pyodide"
    if not (PYODIDE_NPM / "pyodide.mjs").exists():
        raise SystemExit("No Pyodide runtime: run `npm ci --prefix lite` (make lite does).")
    shutil.copytree(PYODIDE_NPM, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.map", "*.d.ts", "README.md", "console*.html"))
    lock = json.loads((target / "pyodide-lock.json").read_text())
    for name in closure(lock, [*KERNEL_NEEDS, "traitlets"]):
        entry = lock["packages"][name]
        if not entry["file_name"].endswith("none-any.whl"):
            raise SystemExit(f"{name} is not pure Python in Pyodide; it cannot come from PyPI")
        wheel = download_wheel(name, entry["version"], wheels)
        shutil.copy2(wheel, target / wheel.name)
        entry.update(file_name=wheel.name, sha256=sha256(wheel))
    added = []
    for name, module in COURSE_PACKAGES.items():
        wheel = helpers_wheel(wheels / "course") if name == "jwt-course-helpers" else \
            download_wheel(name, locked_version(name), wheels)
        shutil.copy2(wheel, target / wheel.name)
        version = wheel.name.split("-")[1]
        lock["packages"][name] = {
            "name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": sha256(wheel), "package_type": "package", "imports": [module],
            "depends": COURSE_DEPENDS[name], "unvendored_tests": False, "shared_library": False}
        added.append(name)
    (target / "pyodide-lock.json").write_text(json.dumps(lock))
    return added


def stage_contents(stage: Path) -> Path:
    """The site's files: notebooks 00-04 (with solutions) as the learner sees them, and the
    glossary their links open (`../docs/glossary.md` from the site's top folder lands there)."""
    files = stage / "files"
    shutil.rmtree(files, ignore_errors=True)
    (files / "solutions").mkdir(parents=True)
    for name in LITE_NOTEBOOKS:
        shutil.copy2(ROOT / "notebooks" / name, files / name)
        for solution in (ROOT / "notebooks" / "solutions").glob(f"{name[:2]}-*"):
            shutil.copy2(solution, files / "solutions" / solution.name)
    (files / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "glossary.md", files / "docs" / "glossary.md")
    return files


def settings(packages: list[str]) -> dict[str, Any]:
    """jupyter-lite.json: the Pyodide kernel uses the site's runtime and never PyPI."""
    return {"jupyter-lite-schema-version": 0, "jupyter-config-data": {
        "appName": "JWT with Python (in your browser)",
        "exposeAppInBrowser": True,  # window.jupyterapp: the site's browser test drives it
        # The notebooks' glossary links open docs/glossary.md rendered, not as Markdown source
        # (JupyterLite opens a linked .md file in the text editor otherwise).
        "settingsOverrides": {"@jupyterlab/docmanager-extension:plugin": {
            "defaultViewers": {"markdown": "Markdown Preview"}}},
        "litePluginSettings": {PLUGIN: {
            # Relative to the app pages (lab/, notebooks/, tree/): works under any base path.
            "pyodideUrl": "../static/pyodide/pyodide.mjs",
            "disablePyPIFallback": True,
            "loadPyodideOptions": {"packages": packages},
        }}}}


def build(out: Path, lite_python: Path) -> Path:
    stage = ROOT / "build" / "lite-stage"
    files = stage_contents(stage)
    shutil.rmtree(out, ignore_errors=True)
    # jupyter lite remembers finished steps in this file and would skip them for a new output
    # folder (the site then lacks our settings and fetches Pyodide from a CDN): start afresh.
    for done in stage.glob(".jupyterlite.doit.db*"):
        done.unlink()
    (stage / "jupyter-lite.json").write_text(json.dumps(settings(list(COURSE_PACKAGES)), indent=2))
    jupyter = lite_python.parent / "jupyter"
    subprocess.run([str(jupyter), "lite", "build", "--lite-dir", str(stage), "--contents",
                    str(files), "--output-dir", str(out), "--no-sourcemaps"], check=True,
                   cwd=stage)
    add_runtime(out, stage / "wheels")
    (out / ".nojekyll").touch()  # GitHub Pages: serve files whose names start with _ as they are
    return out


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lite")
    parser.add_argument("--lite-python", type=Path, default=ROOT / ".venv-lite" / "bin" / "python")
    options = parser.parse_args(arguments)
    site = build(options.out, options.lite_python)
    print(f"JupyterLite site in {site.relative_to(ROOT) if site.is_relative_to(ROOT) else site}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
