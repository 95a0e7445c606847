"""Print a learner's progress, or a whole class's: `python -m helpers.progress`.

    python -m helpers.progress                 # your progress (run it in the course folder)
    python -m helpers.progress --json          # the same, for scripts
    python -m helpers.progress --file PATH     # the progress file at PATH
    python -m helpers.progress --class HOMES   # every learner whose home is a folder of HOMES
    python -m helpers.progress --class HOMES --watch 30   # ... again every 30 s (Ctrl+C stops)

Each exercise checker and concept check records its verdicts in the progress file
(`.jwt-progress.jsonl` in the folder of the course's notebooks; see helpers/course/progress.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from helpers.course.catalog import load_course
from helpers.course.classroom import Column, class_json, class_rows, class_text, homes_in
from helpers.course.progress import DONE, TRIED, Attempt, last_activity, progress_file, read_attempts, states
from helpers.course.questions import questions_for
from helpers.exercises.registry import EXERCISES, exercises_of


def exercise_columns() -> list[Column]:
    """Every exercise of the course, in course order, as a column of the class table."""
    return [Column(exercise.key, exercise.notebook, f"ex{exercise.number}", exercise.title)
            for exercise in EXERCISES]


def notebook_summary(notebook_id: str, found: dict[str, str]) -> dict[str, object]:
    """Exercises and questions of one notebook: each one's state, and the counts."""
    exercises = {f"ex{e.number}": found.get(e.key, "") for e in exercises_of(notebook_id)}
    question_set = questions_for(notebook_id)
    questions = {} if question_set is None else {
        q.id: found.get(f"{notebook_id}/q:{q.id}", "") for q in question_set.questions}
    return {"exercises": exercises, "questions": questions,
            "exercises_done": sum(s == DONE for s in exercises.values()),
            "exercises_tried": sum(s == TRIED for s in exercises.values()),
            "questions_right": sum(s == DONE for s in questions.values())}


def learner_report(attempts: list[Attempt]) -> dict[str, object]:
    found = states(attempts)
    return {"attempts": len(attempts), "last": last_activity(attempts),
            "notebooks": {nb.id: notebook_summary(nb.id, found) for nb in load_course().notebooks}}


def learner_text(path: Path | None, attempts: list[Attempt]) -> str:
    if path is None:
        return ("No course folder here: run this in the course's folder (the one with "
                "notebooks/00-start-here.ipynb), or pass --file.")
    report = learner_report(attempts)
    lines = [f"Progress in {path}: {len(attempts)} answers recorded"
             + (f", the last at {report['last'].replace('T', ' ').rstrip('Z')} UTC." if attempts else ".")]
    for notebook in load_course().notebooks:
        summary = report["notebooks"][notebook.id]
        exercises, questions = summary["exercises"], summary["questions"]
        parts = []
        if exercises:
            part = f"exercises {summary['exercises_done']} of {len(exercises)} done"
            if summary["exercises_tried"]:
                part += f", {summary['exercises_tried']} tried"
            parts.append(part)
        if questions:
            parts.append(f"questions {summary['questions_right']} of {len(questions)} right")
        if notebook.planned and not exercises and not questions:
            parts.append("being written")
        tick = "✓" if exercises and summary["exercises_done"] == len(exercises) else " "
        lines.append(f"{tick} {notebook.label:<40} {'; '.join(parts)}")
    lines.append("✓: every exercise of the notebook done.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.progress", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--file", type=Path, help="the progress file to read")
    parser.add_argument("--class", dest="homes", type=Path, metavar="HOMES",
                        help="a folder with one home per learner: print the class's table")
    parser.add_argument("--watch", type=float, metavar="SECONDS",
                        help="with --class: print the table again every SECONDS")
    options = parser.parse_args(argv)
    if options.homes is not None:
        return class_command(options.homes, options.json, options.watch)
    path = options.file if options.file is not None else progress_file()
    attempts = read_attempts(path) if path is not None else []
    if options.json:
        print(json.dumps({"file": str(path) if path else None, **learner_report(attempts),
                          "records": [vars(a) for a in attempts]}, indent=2, ensure_ascii=False))
    else:
        print(learner_text(path, attempts))
    return 0


def class_command(homes: Path, as_json: bool, watch: float | None) -> int:
    if not homes.is_dir():
        print(f"{homes} is not a folder: pass the folder that holds one home per learner "
              "(the hub's JWT_HUB_HOMES).", file=sys.stderr)
        return 2
    columns = exercise_columns()
    while True:
        rows = class_rows(homes_in(homes))
        if as_json:
            print(class_json(rows, columns))
        else:
            if watch:
                print("\033[2J\033[H", end="")  # clear the terminal, as `watch` does
            print(f"{len(rows)} learners in {homes}, at {time.strftime('%H:%M:%S')}")
            print(class_text(rows, columns))
        if not watch:
            return 0
        try:
            time.sleep(watch)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main())
