"""The instructor's view of the class: a JupyterHub service showing learners x exercises.

Started by the hub (classroom/jwt_hub.py, the `class_progress` step), served at
/services/class-progress/. Only users the hub lets in may open it: the `instructors` group (and
admins); a learner is refused by the hub before this code runs. Each request reads every
learner's progress file from their home (helpers/course/classroom.py); the page redraws its
table every 15 seconds while the class works, and /services/class-progress/data gives the same
as JSON for scripts.

Environment (set by the hub's config):
  JWT_CLASS_HOMES        where a learner's home is, with {username}: "/srv/jwt-course/homes/{username}"
                         when every learner runs as one system user, "~{username}" with one system
                         user per learner (private homes: this service runs as root, like the hub)
  JWT_CLASS_INSTRUCTORS  names not to list as learners, comma-separated
  JUPYTERHUB_*           what every hub service gets (its URL, prefix, API token)
"""

from __future__ import annotations

import html
import json
import os
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the course's helpers, when not installed

from helpers.course.classroom import Column, LearnerRow, class_data, class_rows  # noqa: E402
from helpers.course.progress import DONE, TRIED  # noqa: E402
from helpers.progress import exercise_columns  # noqa: E402

REFRESH_SECONDS = 15
MARKS = {DONE: ("✓", "done"), TRIED: ("~", "tried, not right yet")}

STYLE = """
:root { color-scheme: light dark; --line: #8888; }
body { font-family: system-ui, sans-serif; margin: 1.5rem; line-height: 1.4; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 0.2rem 0.4rem; text-align: center; }
th[scope=row], td.wide { text-align: left; }
thead th { position: sticky; top: 0; background: Canvas; }
td[data-state=done] { font-weight: bold; }
td[data-state=tried] { outline: 2px dashed currentColor; outline-offset: -3px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }
button { font: inherit; padding: 0.2rem 0.6rem; }
:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
"""

SCRIPT = """
const every = %d * 1000;
let paused = false;
const button = document.getElementById('pause');
button.addEventListener('click', () => {
  paused = !paused;
  button.setAttribute('aria-pressed', String(paused));
  button.textContent = paused ? 'Resume updates' : 'Pause updates';
});
async function update() {
  if (paused) return;
  try {
    const reply = await fetch('rows', {credentials: 'same-origin', cache: 'no-store'});
    if (!reply.ok) throw new Error(reply.status);
    const fresh = await reply.json();
    document.querySelector('#class tbody').innerHTML = fresh.rows;
    document.getElementById('updated').textContent = fresh.updated;
  } catch (error) {
    document.getElementById('updated').textContent = 'Could not update (' + error + '); trying again.';
  }
}
setInterval(update, every);
"""


def learner_homes(names: list[str], template: str) -> dict[str, Path]:
    """Each learner's home from the template ('{username}' in a path, or '~{username}')."""
    return {name: Path(os.path.expanduser(template.format(username=name))) for name in names}


def header_html(columns: list[Column]) -> str:
    cells = "".join(
        f'<th scope="col"><abbr title="{html.escape(c.notebook)}, {html.escape(c.label)}: '
        f'{html.escape(c.title)}">{html.escape(c.notebook[:2])}·{html.escape(c.label[2:])}</abbr></th>'
        for c in columns)
    return (f'<tr><th scope="col">Learner</th>{cells}'
            '<th scope="col">Stuck on (tried, not right yet)</th>'
            '<th scope="col">Questions right / tried</th><th scope="col">Last answer (UTC)</th></tr>')


def rows_html(rows: list[LearnerRow], columns: list[Column]) -> str:
    lines = []
    for row in rows:
        cells = []
        for column in columns:
            state = row.state(column.key)
            mark, words = MARKS.get(state, ("", "not started"))
            cells.append(f'<td data-state="{"none" if state not in MARKS else state}">'
                         f'<span aria-hidden="true">{mark}</span><span class="sr">{words}</span></td>')
        stuck = [f"{c.notebook[:2]} {c.label}" for c in columns if row.state(c.key) == TRIED]
        last = row.last.replace("T", " ").rstrip("Z") if row.last else "-"
        name = html.escape(row.name)
        lines.append(f'<tr data-learner="{name}"><th scope="row">{name}</th>'
                     f"{''.join(cells)}<td class=\"wide\">{html.escape(', '.join(stuck)) or '-'}</td>"
                     f"<td>{row.questions_right} / {row.questions_tried}</td>"
                     f"<td>{html.escape(last)}</td></tr>")
    if not rows:
        lines.append(f'<tr><td colspan="{len(columns) + 4}">No learners yet.</td></tr>')
    return "".join(lines)


def page_html(rows: list[LearnerRow], columns: list[Column], updated: str) -> str:
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Class progress</title>
<style>{STYLE}</style></head><body><main>
<h1>Class progress</h1>
<p>One row per learner, one column per exercise (each heading's title says which).
✓ done, ~ tried but not right yet, empty: not started. A learner stuck on an exercise shows it
under <em>Stuck on</em>. The table updates every {REFRESH_SECONDS} seconds.</p>
<p><span id="updated">{html.escape(updated)}</span>
<button id="pause" type="button" aria-pressed="false">Pause updates</button>
<a href="data">JSON</a></p>
<table id="class"><caption class="sr">Learners by exercises</caption>
<thead>{header_html(columns)}</thead><tbody>{rows_html(rows, columns)}</tbody></table>
</main><script>{SCRIPT % REFRESH_SECONDS}</script></body></html>"""


def main() -> None:
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop
    from tornado.web import Application, RequestHandler, authenticated

    prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
    template = os.environ.get("JWT_CLASS_HOMES", "/srv/jwt-course/homes/{username}")
    instructors = {n.strip() for n in os.environ.get("JWT_CLASS_INSTRUCTORS", "").split(",") if n.strip()}
    columns = exercise_columns()

    class ClassHandler(HubOAuthenticated, RequestHandler):
        def learner_rows(self) -> list[LearnerRow]:
            names = [user["name"] for user in self.hub_users() if user["name"] not in instructors]
            return class_rows(learner_homes(names, template))

        def hub_users(self) -> list[dict]:
            """The hub's users, asked with this service's own token (scope list:users)."""
            token = os.environ["JUPYTERHUB_API_TOKEN"]
            request = urllib.request.Request(  # noqa: S310 - the hub's own http URL
                url_path_join(os.environ["JUPYTERHUB_API_URL"], "users"),
                headers={"Authorization": f"token {token}"})
            with urllib.request.urlopen(request, timeout=10) as reply:  # noqa: S310 - the hub's own http URL
                users = json.loads(reply.read())
            return users if isinstance(users, list) else users.get("items", [])

        def updated(self) -> str:
            return f"Updated at {time.strftime('%H:%M:%S')}."

    class Page(ClassHandler):
        @authenticated
        def get(self) -> None:
            self.write(page_html(self.learner_rows(), columns, self.updated()))

    class Rows(ClassHandler):
        @authenticated
        def get(self) -> None:
            self.set_header("Content-Type", "application/json")
            rows = rows_html(self.learner_rows(), columns)
            self.write(json.dumps({"rows": rows, "updated": self.updated()}))

    class Data(ClassHandler):
        @authenticated
        def get(self) -> None:
            self.set_header("Content-Type", "application/json")
            self.write(json.dumps(class_data(self.learner_rows(), columns), ensure_ascii=False))

    application = Application([
        (prefix, Page),
        (url_path_join(prefix, "rows"), Rows),
        (url_path_join(prefix, "data"), Data),
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
    ], cookie_secret=os.urandom(32))
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    HTTPServer(application).listen(url.port, url.hostname)
    IOLoop.current().start()


if __name__ == "__main__":
    main()
