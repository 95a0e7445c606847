"""P10 keystroke -> token on a hub: P3 measured in Chromium through JupyterHub's proxy (ms).

One learner on a real JupyterHub (tools/hub_driver.py) opens P3's payload-editor notebook in
its JupyterLab twice per run, in the same logged-in browser: once through the hub's proxy
(configurable-http-proxy, what a learner uses) and once straight at the learner's single-user
server port (no proxy; the server is the same, so is its kernel). Keystrokes are timed inside the
page exactly as P3 does. Values: the per-run medians through the proxy; details say what the
proxy adds (median through the proxy minus median straight at the server).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path

from course_server import SERVER_ARGUMENTS
from tools.bench import p3_keystroke as p3
from tools.bench.common import percentile, session, summarise
from tools.hub_driver import Hub, HubError, Learner
from tools.jupyter_driver import lab as labkit
from tools.jupyter_driver import widget_notebooks as wn
from tools.jupyter_driver.views import EDITOR, WidgetView

NAME = "P10"
TITLE = "hub: keystroke -> token"
GOAL = p3.GOAL  # the same goal as P3: a learner on a hub should feel what `make lab` gives
GOAL_TEXT = f"median <= {GOAL}, p95 <= {2 * GOAL}"
LEARNER = "typist"
ROUTES = ("proxy", "direct")


def met(result: dict) -> bool:
    painted = result["details"]["through_proxy"]["all_keystrokes_painted_ms"]
    return painted["median"] <= GOAL and painted["p95"] <= 2 * GOAL


@dataclass
class HubLab:
    """The learner's server as labkit.LabPage needs it: where a notebook opens, how kernels stop."""

    base_url: str  # http://127.0.0.1:<port>/user/<name>, through the proxy or straight
    learner: Learner

    def notebook_url(self, name: str) -> str:
        return f"{self.base_url}/lab/tree/{name}?reset"

    def shutdown_kernels(self, path: str | None = None) -> None:
        for found in self.learner.server_api("GET", "/sessions"):
            if path is None or found.get("path") == path:
                self.learner.server_api("DELETE", f"/sessions/{found['id']}")


def prepare_home(home: Path) -> None:
    """Before the server starts: P3's notebooks, JupyterLab quiet (no news), the app exposed to
    the page's scripts (Run All), all in the learner's ~/.jupyter, which its server reads."""
    wn.write_widget_notebooks(home)
    config = home / ".jupyter"
    labkit.write_lab_settings(config / "lab" / "user-settings")
    (config / "jupyter_server_config.json").write_text(
        json.dumps({"LabApp": {"expose_app_in_browser": True}}, indent=2))


def direct_url(hub: Hub, name: str) -> str:
    """The learner's single-user server itself (its own port, no proxy), from its environment."""
    pid = hub.server_pid(name)
    if pid is None:
        raise HubError(f"{name}'s server has no pid")
    for entry in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"):
        key, _, value = entry.decode(errors="replace").partition("=")
        if key == "JUPYTERHUB_SERVICE_URL":
            return value.rstrip("/")
    raise HubError(f"{name}'s server does not say where it listens")


def server_has_nodelay(hub: Hub, name: str) -> bool:
    """Whether the learner's server runs with the course's kernel-websocket setting (no Nagle)."""
    pid = hub.server_pid(name)
    command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    return all(argument in command for argument in SERVER_ARGUMENTS)


def browser_cookies(learner: Learner) -> list[dict]:
    """The hub's login cookies, as Playwright takes them (cookies ignore ports: both routes)."""
    return [{"name": c.name, "value": c.value or "", "url": f"{learner.hub.url}{c.path or '/'}"}
            for c in learner.cookies.cookies]


WS_URL_JS = "() => window.jupyterapp.serviceManager.serverSettings.wsUrl"


def type_on(context: object, lab: HubLab, per_run: int) -> tuple[list[float], str]:
    """Open the editor notebook in a new page of context, Run All, type per_run letters (P3);
    return the keystrokes' times and the websocket address the page's kernel used."""
    page = labkit.LabPage(context.new_page(), lab).open(wn.EDITOR).run_all()  # type: ignore[attr-defined]
    try:
        _, painted = p3.type_and_time(page.page, WidgetView.find(page.page, EDITOR), per_run)
        websocket = page.page.evaluate(WS_URL_JS)
    finally:
        page.page.close()
        lab.shutdown_kernels(wn.EDITOR)
    return painted, websocket


def measure(runs: int, per_run: int = 30) -> dict:
    # The shared-password mode: this figure is about the proxy, and P3's notebooks are written
    # into the learner's home before the server starts (a Unix account's home is its own).
    hub = Hub(session().workdir / "hub-p10", auth="shared-password")
    context = None
    painted: dict[str, list[float]] = {route: [] for route in ROUTES}
    medians: dict[str, list[float]] = {route: [] for route in ROUTES}
    websockets: dict[str, str] = {}
    try:
        hub.start()
        hub.add_learners([LEARNER])
        prepare_home(hub.homes / LEARNER)
        spawn_s = hub.start_server(LEARNER)
        nodelay = server_has_nodelay(hub, LEARNER)
        learner = Learner(hub, LEARNER)
        learner.log_in()
        labs = {"proxy": HubLab(learner.server_url, learner),
                "direct": HubLab(direct_url(hub, LEARNER), learner)}
        context = session().browser.new_context(viewport={"width": 1100, "height": 900})
        context.add_cookies(browser_cookies(learner))
        # The proxy first: its page completes the hub's OAuth and sets the server's cookie,
        # which the direct route then reuses (same host, another port). Then alternate.
        for run in range(runs):
            for route in ROUTES if run % 2 == 0 else ROUTES[::-1]:
                found, websockets[route] = type_on(context, labs[route], per_run)
                painted[route] += found
                medians[route].append(statistics.median(found))
    finally:
        if context is not None:
            context.close()
        hub.stop()
    both = {route: {"all_keystrokes_painted_ms": {**summarise(painted[route]),
                                                  "p95": percentile(painted[route], 0.95)},
                    "run_medians_ms": medians[route],
                    "kernel_websocket": websockets.get(route, "")} for route in ROUTES}
    added = statistics.median(painted["proxy"]) - statistics.median(painted["direct"])
    return {"unit": "ms", "values": medians["proxy"],
            "details": {"values_are": "per-run medians of keydown -> next frame after the redraw, "
                                      "JupyterLab reached through the hub's proxy",
                        "typing": f"{per_run} letters per run and route, each as soon as the last "
                                  "was painted (as P3)",
                        "through_proxy": both["proxy"], "straight_to_server": both["direct"],
                        "proxy_adds_ms_median": added,
                        "proxy_adds": f"proxy adds {added:.1f} ms (median)",
                        "proxy_adds_per_run_ms": [p - d for p, d in
                                                  zip(medians["proxy"], medians["direct"])],
                        "server_websocket_without_nagle": nodelay,
                        "spawn_s": spawn_s}}
