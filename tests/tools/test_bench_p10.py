"""tools/bench/p10_hub_keystroke.py (P10): registered, P3's goal, and its hub plumbing (no hub, no timing)."""

from __future__ import annotations

import json

from tools.bench import FIGURES
from tools.bench import p3_keystroke as p3
from tools.bench import p10_hub_keystroke as p10
from tools.hub_driver import Hub, Learner


def test_p10_is_registered_with_p3s_goal():
    assert "tools.bench.p10_hub_keystroke" in FIGURES
    assert (p10.NAME, p10.GOAL, p10.GOAL_TEXT) == ("P10", p3.GOAL, p3.GOAL_TEXT)


def test_p10_goal_reads_the_proxy_route():
    def result(median, p95):
        painted = {"median": median, "p95": p95}
        return {"details": {"through_proxy": {"all_keystrokes_painted_ms": painted}}}

    assert p10.met(result(p10.GOAL, 2 * p10.GOAL))
    assert not p10.met(result(p10.GOAL + 1, 2 * p10.GOAL))
    assert not p10.met(result(p10.GOAL, 2 * p10.GOAL + 1))


def test_learner_home_gets_the_editor_notebook_and_an_exposed_app(tmp_path):
    p10.prepare_home(tmp_path)
    assert (tmp_path / "editor.ipynb").is_file()
    config = json.loads((tmp_path / ".jupyter" / "jupyter_server_config.json").read_text())
    assert config == {"LabApp": {"expose_app_in_browser": True}}
    assert list((tmp_path / ".jupyter" / "lab" / "user-settings").rglob("*.jupyterlab-settings"))


def test_hub_cookies_go_to_the_browser_with_their_paths(tmp_path):
    hub = Hub(tmp_path, port=8123)
    learner = Learner(hub, "typist")
    learner.cookies.cookies.set("jupyterhub-hub-login", "abc", domain="127.0.0.1", path="/hub/")
    learner.cookies.cookies.set("_xsrf", "x", domain="127.0.0.1", path="/")
    found = sorted(p10.browser_cookies(learner), key=lambda c: c["name"])
    assert found == [{"name": "_xsrf", "value": "x", "url": "http://127.0.0.1:8123/"},
                     {"name": "jupyterhub-hub-login", "value": "abc",
                      "url": "http://127.0.0.1:8123/hub/"}]


def test_notebooks_open_under_the_route_given(tmp_path):
    lab = p10.HubLab("http://127.0.0.1:5000/user/typist", Learner(Hub(tmp_path), "typist"))
    assert lab.notebook_url("editor.ipynb") == \
        "http://127.0.0.1:5000/user/typist/lab/tree/editor.ipynb?reset"
