"""Where the course lives, and its notebooks in order: the one list every tool and test reads.

    from tools.course import CORE, NOTEBOOKS, course_notebooks

`course_notebooks()` is the only place that decides which notebooks make up the course (today:
notebooks/NN-slug.ipynb, in the order of their numbers). CORE names the tutorial's notebooks,
00-04, the part a hub workshop and the JupyterLite site run.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CORE_COUNT = 5  # the tutorial: 00-start-here to 04-expiry


def course_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The course's notebooks in `folder` (notebooks/ by default), in course order (00 first)."""
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def course_notebook_names() -> list[str]:
    """The file names of course_notebooks(), in the same order."""
    return [path.name for path in course_notebooks()]


CORE: tuple[str, ...] = tuple(course_notebook_names()[:CORE_COUNT])
