"""A real JupyterHub on 127.0.0.1 with a small class: learners log in, pull the course with
nbgitpuller, and run the core notebooks in their own kernels at the same time.

The hub is classroom/jupyterhub_config.py as an instructor runs it. Everything it started is
stopped at the end, even after a failure (the hub fixture's finalizer, then every process
carrying this run's marker). `make bench BENCH=P8` measures a full class (20-40 learners).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools import hub_driver
from tools.hub_driver import CORE_NOTEBOOKS, COURSE_FOLDER, INSTRUCTOR, Hub, Learner, run_in_threads

pytestmark = pytest.mark.hub
CLASS_SIZE = int(os.environ.get("HUB_TEST_LEARNERS", "3"))
NAMES = [f"learner{number}" for number in range(1, CLASS_SIZE + 1)]


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    missing = hub_driver.missing_tools()
    if missing:
        message = "the hub test needs " + ", ".join(missing)
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    server = Hub(tmp_path_factory.mktemp("hub"))
    try:
        yield server.start()
    finally:
        server.stop()
        assert hub_driver.processes_of_run(server.run_id) == [], "the hub left processes behind"


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hub_driver.course_clone(tmp_path_factory.mktemp("origin") / COURSE_FOLDER)


@pytest.fixture(scope="module")
def learners(hub: Hub, course_repo: Path) -> list[Learner]:
    """The class: created through the REST API, servers started at once, the course pulled."""
    hub.add_learners(NAMES)
    spawned = run_in_threads(hub.start_server, NAMES)
    assert not [s for s in spawned if isinstance(s, Exception)], f"{spawned}\n{hub.log_tail()}"
    class_list = [Learner(hub, name) for name in NAMES]

    def arrive(learner: Learner) -> list[str]:
        learner.log_in()
        return learner.pull(str(course_repo))

    pulled = run_in_threads(arrive, class_list)
    assert not [p for p in pulled if isinstance(p, Exception)], pulled
    return class_list


def test_every_learner_gets_the_course_in_their_own_home(hub: Hub, learners: list[Learner]):
    for learner in learners:
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                    for pid in hub_driver.processes_of_run(hub.run_id, learner.name)]
        server = [command for command in commands if "jupyterhub-singleuser" in command]
        assert len(server) == 1  # one server per learner, started with the course's settings:
        assert "--KernelManager.transport=ipc" in server[0]
        assert "course_server.PromptWebsocketConnection" in server[0]
        listing = learner.home_listing()
        for notebook in CORE_NOTEBOOKS:
            assert f"{COURSE_FOLDER}/notebooks/{notebook}" in listing
        assert (hub.homes / learner.name / COURSE_FOLDER / ".git").is_dir()


def test_the_core_notebooks_run_green_for_every_learner_at_once(learners: list[Learner]):
    def run_course(learner: Learner) -> list[hub_driver.NotebookRun]:
        return [learner.run_notebook(f"{COURSE_FOLDER}/notebooks/{name}",
                                     widget_wait=40 if name.startswith("04") else 0)  # the 30 s countdown
                for name in CORE_NOTEBOOKS]

    results = run_in_threads(run_course, learners)
    for learner, runs in zip(learners, results):
        assert not isinstance(runs, Exception), f"{learner.name}: {runs!r}"
        assert [run.name for run in runs] == CORE_NOTEBOOKS
        for run in runs:
            assert run.unexpected_errors() == [], learner.name
            exercises = [cell for cell in run.cells if "Your turn" in cell.stored]
            assert exercises, f"{run.name} has no exercise"
            for cell in exercises:  # every checker answers (politely: not answered yet)
                assert cell.error is None and "Your turn" in "".join(cell.texts), (learner.name, cell)
        expiry = runs[-1]
        raised = [cell.error for cell in expiry.cells if "raises-exception" in cell.tags]
        assert any(error and error.startswith("ExpiredSignatureError") for error in raised)
        assert any("ExpiredSignatureError" in text for text in expiry.widget_texts), \
            f"{learner.name}'s countdown never showed ExpiredSignatureError"


def test_no_learner_sees_another_learners_files(learners: list[Learner]):
    for learner in learners:
        learner.server_api("PUT", f"/contents/only-{learner.name}.txt",
                           {"type": "file", "format": "text", "content": learner.name})
    for learner in learners:
        listing = learner.home_listing()
        assert f"only-{learner.name}.txt" in listing
        others = [f"only-{other.name}.txt" for other in learners if other is not learner]
        assert not set(others) & set(listing)
        assert not [path for path in listing if any(o.name in path for o in learners
                                                    if o is not learner)]
    first, second = learners[0], learners[1]
    with pytest.raises(hub_driver.HubError):
        second.server_api("GET", "/contents/", token=first.token)
    stolen = first.cookies.get(f"{second.server_url}/api/contents/", allow_redirects=False,
                               timeout=30)
    assert stolen.status_code in {302, 403}


# --- the instructor's view: /services/class-progress/ -----------------------------------------------

def answer_in_own_kernel(learner: Learner, code: str) -> list[str]:
    """Run code in a new kernel of the learner's 00 notebook (cwd: their course's notebooks/)."""
    kernel = learner.open_kernel(f"{COURSE_FOLDER}/notebooks/00-start-here.ipynb")
    try:
        texts, error = kernel.execute(code)
    finally:
        kernel.shutdown()
    assert error is None, error
    return texts


def exercise_states(instructor: Learner, hub: Hub) -> dict[str, str]:
    reply = instructor.cookies.get(f"{hub.url}/services/class-progress/data", timeout=60)
    assert reply.status_code == 200, reply.text[:300]
    return {row["name"]: row["exercises"]["00-start-here/ex1"] for row in reply.json()["learners"]}


def test_the_instructor_sees_the_class_as_it_works_and_no_learner_can(hub: Hub, learners: list[Learner]):
    first, second, third = learners[:3]
    check = "from helpers.exercises import check_part_count\nprint(check_part_count({}))"
    assert "Correct" in "".join(answer_in_own_kernel(first, check.format(3)))
    assert "Not yet" in "".join(answer_in_own_kernel(second, check.format(2)))

    instructor = Learner(hub, INSTRUCTOR)
    instructor.log_in()
    page = instructor.cookies.get(f"{hub.url}/services/class-progress/", timeout=60)
    assert page.status_code == 200 and "<h1>Class progress</h1>" in page.text
    assert f'data-learner="{first.name}"' in page.text and f'data-learner="{INSTRUCTOR}"' not in page.text
    states = exercise_states(instructor, hub)
    assert {name: states[name] for name in (first.name, second.name, third.name)} == {
        first.name: "done", second.name: "tried", third.name: "not started"}

    # The class goes on working: what the page fetches next shows it.
    answer_in_own_kernel(third, check.format(3))
    rows = instructor.cookies.get(f"{hub.url}/services/class-progress/rows", timeout=60).json()
    row = rows["rows"].split(f'data-learner="{third.name}"', 1)[1].split("</tr>", 1)[0]
    assert '<td data-state="done">' in row
    assert exercise_states(instructor, hub)[third.name] == "done"

    for learner in learners:  # the hub refuses every learner before the service sees them
        for path in ("", "data", "rows"):
            refused = learner.cookies.get(f"{hub.url}/services/class-progress/{path}", timeout=60)
            assert refused.status_code == 403, (learner.name, path, refused.status_code)
            assert first.name not in refused.text or learner is first
    # Nor does a learner's own server reach another's home, where the progress file is.
    for path in (f"/contents/../{first.name}/{COURSE_FOLDER}/notebooks",
                 f"/contents/%2E%2E/{first.name}/{COURSE_FOLDER}/notebooks"):
        with pytest.raises(hub_driver.HubError):
            second.server_api("GET", path)
