"""Where the course lives, and its notebooks in order: the one list every tool and test reads.

    from tools.course import CORE, NOTEBOOKS, course_notebooks

The order and the membership come from the course map, helpers/course/data/course.json (the
same data 00's map, the paths by goal and the README table are made from). A notebook the map
marks as planned counts once its file exists. CORE names the tutorial's notebooks, 00-04 (the
map's "core" track), the part a hub workshop and the JupyterLite site run.
"""

from __future__ import annotations

from pathlib import Path

from helpers.course.catalog import load_course

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def course_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The course's notebooks in `folder` (notebooks/ by default), in course order (00 first)."""
    paths = [folder / notebook.file for notebook in load_course().notebooks]
    return [path for path in paths if path.exists()]


def course_notebook_names() -> list[str]:
    """The file names of course_notebooks(), in the same order."""
    return [path.name for path in course_notebooks()]


CORE: tuple[str, ...] = tuple(notebook.file for notebook in load_course().notebooks
                              if notebook.track == "core")
