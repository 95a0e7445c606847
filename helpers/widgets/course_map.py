"""Course map: pick a goal, see its notebooks and minutes, with a tick for each notebook done."""

from __future__ import annotations

import html
import os
import time
from typing import Any

import ipywidgets as widgets

from helpers.course import progress
from helpers.course.catalog import Course, GoalPath, Notebook, load_course
from helpers.course.questions import questions_for
from helpers.exercises.registry import exercises_of
from helpers.widgets.base import CourseWidget, button
from helpers.widgets.style import message_html

DEFAULT_GOAL = "everything"


def notebook_row(notebook: Notebook, found: dict[str, str]) -> dict[str, Any]:
    """What the learner has done in one notebook: exercises and questions, and its status."""
    exercises = [found.get(e.key, "") for e in exercises_of(notebook.id)]
    question_set = questions_for(notebook.id)
    questions = [] if question_set is None else [
        found.get(f"{notebook.id}/q:{q.id}", "") for q in question_set.questions]
    done = sum(state == progress.DONE for state in exercises)
    tried = sum(state == progress.TRIED for state in exercises)
    if exercises and done == len(exercises):
        status = "✓ done"
    elif any(exercises) or any(questions):
        status = "started"
    elif notebook.planned:
        status = "being written"
    else:
        status = "not started"
    return {"notebook": notebook, "exercises": exercises, "done": done, "tried": tried,
            "questions": questions, "right": sum(s == progress.DONE for s in questions),
            "status": status, "finished": status == "✓ done"}


def map_table_html(path: GoalPath, rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        notebook = row["notebook"]
        minutes = notebook.minutes if notebook.minutes is not None else "to come"
        exercises = f"{row['done']} of {len(row['exercises'])} done" if row["exercises"] else "-"
        if row["tried"]:
            exercises += f", {row['tried']} tried"
        questions = f"{row['right']} of {len(row['questions'])} right" if row["questions"] else "-"
        lines.append(f'<tr data-notebook="{notebook.id}" data-status="{html.escape(row["status"])}">'
                     f"<th scope=\"row\">{html.escape(notebook.label)}</th>"
                     f'<td class="jwt-num">{minutes}</td><td>{html.escape(row["status"])}</td>'
                     f"<td>{exercises}</td><td>{questions}</td></tr>")
    return (f'<table class="jwt-table jwt-map"><caption>{html.escape(path.goal)}</caption>'
            '<tr><th scope="col">notebook</th><th scope="col">minutes</th><th scope="col">status</th>'
            '<th scope="col">exercises</th><th scope="col">questions</th></tr>'
            f"{''.join(lines)}</table>")


def path_summary(course: Course, path: GoalPath, rows: list[dict[str, Any]]) -> str:
    finished = sum(row["finished"] for row in rows)
    left = [row["notebook"].id for row in rows if not row["finished"]]
    text = (f"{path.goal}: {len(rows)} notebooks, {course.minutes_text(path.notebooks)}. "
            f"Done: {finished} of {len(rows)}")
    if finished and left:
        text += f"; about {course.minutes_text(left)} left"
    text += "."
    return text


def recording_note() -> str:
    """Why progress might not be kept here, in one line ('' when all is well)."""
    if os.environ.get(progress.ENVIRONMENT, "").strip().lower() == "off":
        return "Progress recording is off here (JWT_COURSE_PROGRESS=off)."
    path = progress.progress_file()
    if path is None:
        return ("Progress is not recorded: this notebook is not in the course folder (the one "
                "holding 00-start-here.ipynb).")
    if progress.saving_problem():
        return f"Progress: {progress.saving_problem()}."
    target = path if path.exists() else path.parent
    if not os.access(target, os.W_OK):
        return f"Progress cannot be saved: {target} is read-only."
    return ""


class CourseMap(CourseWidget):
    """Your goal's notebooks with minutes and a tick for each one done; re-read on request."""

    css_class = "jwt-course-map"
    placeholder = ("[Course map: run this cell to pick your goal and see its notebooks, their minutes, "
                   "and a tick for each one you have done.]")

    def __init__(self, goal: str = DEFAULT_GOAL) -> None:
        self.course = load_course()
        ids = [path.id for path in self.course.paths]
        self.goal_box = widgets.Dropdown(options=[(path.goal, path.id) for path in self.course.paths],
                                         value=goal if goal in ids else DEFAULT_GOAL,
                                         description="Your goal", style={"description_width": "initial"})
        self.refresh_button = button("Check my progress again", "refresh", "read the progress file again")
        self.about_view = widgets.HTML()
        self.summary_view = widgets.HTML()
        self.summary_view.add_class("jwt-summary-view")
        self.table_view = widgets.HTML()
        self.table_view.add_class("jwt-map-view")
        self.message_view = widgets.HTML()
        self.message_view.add_class("jwt-message-view")
        self.rows: list[dict[str, Any]] = []
        self.goal_box.observe(self._redraw, names="value")
        self.refresh_button.on_click(self._redraw)
        controls = widgets.HBox([self.goal_box, self.refresh_button],
                                layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        super().__init__([controls, self.about_view, self.summary_view, self.table_view, self.message_view])
        self.given_problem = "" if goal in ids else (
            f"There is no goal {goal!r}; pick one of: {', '.join(ids)}. Showing the whole course.")
        self._redraw()

    def _redraw(self, change: Any = None) -> None:
        try:
            path = self.course.path(self.goal_box.value)
            found = progress.states(progress.read_attempts())
            self.rows = [notebook_row(self.course.notebook(i), found) for i in path.notebooks]
            others = [n.label for n in self.course.notebooks if n.id not in path.notebooks]
            about = html.escape(path.for_whom)
            if path.note:
                about += " " + html.escape(path.note)
            if others:
                about += f" Not on this path: {html.escape(', '.join(others))}."
            self.about_view.value = f'<p class="jwt-intro">{about}</p>'
            summary = path_summary(self.course, path, self.rows)
            self.summary_view.value = f'<p class="jwt-summary">{html.escape(summary)}</p>'
            self.table_view.value = map_table_html(path, self.rows)
            note = self.given_problem if change is None else ""
            note = note or recording_note()
            self.message_view.value = message_html(note, "note") if note else ""
            # A press is said with the time, so that pressing again is heard even when nothing changed.
            said = (f"Progress read again at {time.strftime('%H:%M:%S')}. "
                    if change is self.refresh_button else "")
            self.announce(f"{said}{summary}")
        except Exception as error:  # noqa: BLE001 - a widget shows problems, never raises
            self.show_problem(f"The course map could not be drawn: {type(error).__name__}: {error}",
                              self.message_view)

    @classmethod
    def demo(cls) -> CourseMap:
        return cls("login")
