"""Re-execute the course notebooks top to bottom in a clean kernel and save them clean.

Clean means: outputs present, consecutive pieces of one stream joined, execution counts
1..N, kernelspec python3, no saved widget state, and widget outputs reduced to their one-line
text, so a notebook opened before it is run shows what its widget cells will display instead
of "Error displaying widget".

Usage: python tools/execute_notebooks.py [NOTEBOOK ...]   (default: every course notebook)
   or: python -m tools.execute_notebooks [NOTEBOOK ...]
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

if __package__ in (None, ""):  # run by its path (python tools/execute_notebooks.py): find `tools`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.course import ROOT, course_notebooks  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "file_extension": ".py", "mimetype": "text/x-python",
                 "pygments_lexer": "ipython3", "nbconvert_exporter": "python",
                 "codemirror_mode": {"name": "ipython", "version": 3}}


def merge_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same name (stdout, stderr) into one.

    A kernel may send one print() in several pieces; saved apart, they render as separate
    blocks (e.g. 'accepted, sub =' and 'user-42' on two lines in nbconvert and GitHub).
    """
    merged: list = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            merged[-1] = nbformat.from_dict({**previous, "text": "".join(previous["text"])
                                                                 + "".join(output["text"])})
        else:
            merged.append(output)
    return merged
# An installed package's folder as tracebacks show it: /any/where/lib/python3.11/site-packages/
MACHINE_PATH = re.compile(r"(?:/[^/\s:\"'\x1b]+)+/site-packages/")


def clean(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what varies per run or per machine, keep what a learner should see."""
    notebook.metadata.pop("widgets", None)
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = merge_streams(cell.outputs)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
            if output.get("output_type") == "error":  # no path of this machine in tracebacks
                output["traceback"] = [MACHINE_PATH.sub("site-packages/", line)
                                       for line in output.get("traceback", [])]
    return notebook


def execute(path: Path) -> None:
    """Run one notebook in a fresh python3 kernel (cwd = notebooks/) and save it clean."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=False, record_timing=False)
    client.execute()
    nbformat.write(clean(notebook), path)


def main(arguments: list[str]) -> int:
    # The committed outputs must not depend on who ran them: no learner progress is read or written.
    os.environ["JWT_COURSE_PROGRESS"] = "off"
    paths = [Path(a).resolve() for a in arguments] or course_notebooks()
    for path in paths:
        print(f"executing {path.relative_to(ROOT)}", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
