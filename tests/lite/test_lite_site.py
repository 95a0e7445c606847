"""The JupyterLite site (`make lite`) in Chromium, served from 127.0.0.1 with every other host
blocked: notebooks 02 and 04 run in the browser's Pyodide kernel, their tokens are PyJWT's, and
the countdown ends in ExpiredSignatureError. Nothing may be fetched from anywhere else. Served as
GitHub Pages serves it (under /REPO/, without cross-origin isolation headers), the kernel reads
the site's files and `%load solutions/...` fills the cell.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import jwt
import pytest

from tools import lite_driver
from tools.jupyter_driver import lab as labkit
from tools.lite_driver import ROOT

pytestmark = [pytest.mark.lite,
              pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")]  # 9-byte lesson
SECRET = "lite-test-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"


def unavailable(reason: str) -> None:
    if labkit.browser_required():
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    if not (lite_driver.SITE / "static" / "pyodide" / "pyodide.mjs").exists():
        unavailable("no JupyterLite site in build/lite: run `make lite`")
    with lite_driver.served() as url:
        yield url


def in_own_thread(work: Callable[[], None]) -> None:
    """Run work in a new thread and re-raise what it raised here.

    Playwright's sync API refuses to start in a thread where another Playwright already runs
    (tests/browser keeps one for the whole session); a fresh thread has its own.
    """
    failures: list[BaseException] = []

    def guarded() -> None:
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            failures.append(error)

    thread = threading.Thread(target=guarded, name="lite-browser")
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.fixture(scope="module")
def pages_url(site_url: str) -> Iterator[str]:
    """The same site as GitHub Pages serves a project: under /jwt-course/, with Pages' headers."""
    with lite_driver.served(prefix="/jwt-course", headers=lite_driver.PAGES_HEADERS) as url:
        yield url


@pytest.fixture
def open_lite(site_url: str) -> Iterator[Callable[..., None]]:
    """open_lite(name, check[, url]): open a notebook of the site in Chromium, where only the
    site is reachable, and call check(page); the page must not have tried to reach any other host."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright is not installed")
    executable = labkit.find_chromium()
    if executable is None:
        unavailable("no Chromium (apt-get install -y chromium)")

    def opener(name: str, check: Callable[[Any], None], url: str | None = None) -> None:
        def work() -> None:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                chromium = labkit.launch_chromium(playwright, executable)
                try:
                    page = lite_driver.LitePage(chromium, url or site_url)
                    check(page.open(name))
                    assert page.refused == [], f"the page tried to leave 127.0.0.1: {page.refused}"
                finally:
                    chromium.close()

        in_own_thread(work)

    yield opener


def outputs_text(cell: dict[str, Any]) -> str:
    parts = []
    for output in cell.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain") or ""
        parts.append(text if isinstance(text, str) else "".join(text))
        if output.get("output_type") == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
    return "\n".join(parts)


def run_every_cell(page: lite_driver.LitePage) -> tuple[dict[str, Any], list[tuple[int, list[str], str]]]:
    """Run the notebook cell by cell and check only cells tagged raises-exception failed; its
    JSON and its errors."""
    page.run_cell_by_cell()
    notebook = page.notebook_json()
    errors = labkit.error_outputs(notebook)
    assert [e for e in errors if "raises-exception" not in e[1]] == []
    return notebook, errors


def test_02_runs_in_the_browser_and_its_tokens_are_pyjwts(open_lite: Any):
    def check(page: lite_driver.LitePage) -> None:
        notebook, _ = run_every_cell(page)
        assert labkit.widget_output_count(notebook) >= 1
        # The tutorial's token, made in the browser, is byte for byte the one PyJWT makes here.
        tutorial = jwt.encode({"key": "value"}, "my-secret", algorithm="HS256")
        assert any(tutorial in outputs_text(cell) for cell in notebook["cells"])
        made = page.run_new_cell(f"import jwt\nprint(jwt.encode({{'user': 'ada'}}, {SECRET!r}, "
                                 "algorithm='HS256'))")
        assert outputs_text({"outputs": made}).strip() == \
            jwt.encode({"user": "ada"}, SECRET, algorithm="HS256")
        note = page.run_new_cell("from helpers.setup.browser import browser_note\nprint(browser_note())")
        assert "Browser version (JupyterLite)" in outputs_text({"outputs": note})
        # A glossary link opens the site's glossary, rendered, at the term.
        link = page.page.locator(".jp-RenderedMarkdown a[href*='glossary.md#base64url']").first
        link.scroll_into_view_if_needed()
        link.click()
        page.page.wait_for_function(GLOSSARY_OPEN_JS)

    open_lite("02-encode.ipynb", check)


def test_04_countdown_ends_in_expired_signature_error_in_the_browser(open_lite: Any):
    def check(page: lite_driver.LitePage) -> None:
        notebook, errors = run_every_cell(page)
        # (The Pyodide kernel names errors by their class: "<class 'jwt...ExpiredSignatureError'>".)
        assert any("ExpiredSignatureError" in e[2] for e in errors)
        result = page.page.locator(".jwt-expiry-countdown .jwt-result-view").first
        result.filter(has_text="ExpiredSignatureError").wait_for(timeout=60_000)
        clock = page.page.locator(".jwt-expiry-countdown .jwt-clock-view").first
        # text_content, not inner_text: JupyterLab may hide cells scrolled out of view.
        assert "0.0 s left" in (clock.text_content() or "")
        assert json.dumps(notebook).count("Your turn") >= 2  # the exercises answered, politely

    open_lite("04-expiry.ipynb", check)


# --- as GitHub Pages serves it: the kernel reads files, and %load fills the cell -------------------

PAGE_STATE_JS = """async () => ({isolated: self.crossOriginIsolated,
  serviceWorker: !!(navigator.serviceWorker && navigator.serviceWorker.controller)})"""
RUN_CELL_JS = """async (index) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  notebook.activeCellIndex = index;
  await app.commands.execute('notebook:run-cell');
  return notebook.widgets[index].model.outputs.toJSON();
}"""
LAST_SOURCE_JS = """() => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  return notebook.widgets[notebook.widgets.length - 1].model.sharedModel.getSource();
}"""
READ_FILES = """import os
print(os.getcwd())
print(sorted(os.listdir('solutions')))
print(open('solutions/02-encode-ex1.py').read())"""


def test_files_and_load_work_under_github_pages_headers(open_lite: Any, pages_url: str):
    solution = (ROOT / "notebooks" / "solutions" / "02-encode-ex1.py").read_text(encoding="utf-8")
    load = "%load solutions/02-encode-ex1.py"

    def check(page: lite_driver.LitePage) -> None:
        assert page.page.url.startswith(pages_url + "/lab/")
        state = page.page.evaluate(PAGE_STATE_JS)
        assert state == {"isolated": False, "serviceWorker": True}  # files come through the worker
        page.run_new_cell(load)  # before the course's helpers: the browser kernel's own %load
        page.wait_idle()
        assert page.page.evaluate(LAST_SOURCE_JS) == load  # ...leaves the cell as it was
        setup = next(i for i, cell in enumerate(page.notebook_json()["cells"]) if cell["cell_type"] == "code")
        assert labkit.error_outputs({"cells": [{"outputs": page.page.evaluate(RUN_CELL_JS, setup),
                                                 "metadata": {}, "cell_type": "code"}]}) == []
        read = outputs_text({"outputs": page.run_new_cell(READ_FILES)})
        assert read.startswith("/drive") and "02-encode-ex1.py" in read and solution.strip() in read
        page.run_new_cell(load)
        page.page.wait_for_function(f"() => ({LAST_SOURCE_JS})().startsWith('# ' + {json.dumps(load)})")
        assert page.page.evaluate(LAST_SOURCE_JS) == f"# {load}\n{solution}"

    open_lite("02-encode.ipynb", check, url=pages_url)


# --- save your work: one download, and a restore in a fresh browser --------------------------------

GLOSSARY_OPEN_JS = """() => {
  const widget = window.jupyterapp.shell.currentWidget;
  return widget && widget.title.label === 'glossary.md'
    && [...widget.node.querySelectorAll('h3')].some((h) => h.textContent.startsWith('base64url'));
}"""
SAVE_CELL = "from helpers.widgets import SaveYourWork\nsave = SaveYourWork()\nsave"
READ_PROGRESS = ("from helpers.course.progress import progress_file, read_attempts, states\n"
                 "print(progress_file(), states(read_attempts()))")
OPENED_JS = """async (path) => {
  const widget = await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await widget.context.ready;
  return widget.context.model.toJSON();
}"""
STORED_JS = """async (path) => {
  const contents = window.jupyterapp.serviceManager.contents;
  try { const model = await contents.get(path, {content: true}); return JSON.stringify(model.content); }
  catch (error) { return null; }
}"""


def test_work_downloaded_in_one_browser_is_restored_in_another(open_lite: Any, tmp_path) -> None:
    import zipfile

    download = tmp_path / "work.zip"

    def work_and_download(page: lite_driver.LitePage) -> None:
        # An exercise answered in the browser's kernel is recorded in the site's files.
        answered = page.run_new_cell("from helpers.exercises import check_part_count\n"
                                     "print(check_part_count(3))")
        assert "Correct" in outputs_text({"outputs": answered})
        assert "{'00-start-here/ex1': 'done'}" in outputs_text({"outputs": page.run_new_cell(READ_PROGRESS)})
        page.run_new_cell(SAVE_CELL)
        button = page.page.locator(".jwt-save-work").get_by_role("button", name="Download my work")
        with page.page.expect_download() as downloading:
            button.click()
        downloading.value.save_as(download)

    open_lite("01-import.ipynb", work_and_download)
    archive = zipfile.ZipFile(download)
    assert {"notebooks/00-start-here.ipynb", "notebooks/01-import.ipynb", "progress.jsonl"} <= set(
        archive.namelist())
    assert '"item":"ex1"' in archive.read("progress.jsonl").decode()

    def restore(page: lite_driver.LitePage) -> None:
        # A fresh browser profile: none of the first one's files or progress are here.
        assert "{}" in outputs_text({"outputs": page.run_new_cell(READ_PROGRESS)})
        # 03 as this browser has it differs from the download's (its first cell changed).
        stored = json.loads(page.page.evaluate(STORED_JS, "03-decode.ipynb"))
        stored["cells"][0]["source"] = "# changed in this browser"
        page.page.evaluate("""async ([path, notebook]) => window.jupyterapp.serviceManager.contents.save(
            path, {type: 'notebook', format: 'json', content: notebook})""", ["03-decode.ipynb", stored])
        page.run_new_cell(SAVE_CELL)
        page.page.on("filechooser", lambda chooser: None)  # intercept choosers from the start
        button = page.page.locator(".jwt-save-work").get_by_role("button", name="Restore my work")
        with page.page.expect_file_chooser() as choosing:
            button.click()
        choosing.value.set_files(str(download))
        page.page.locator(".jwt-save-work .jwt-message-view").filter(
            has_text="answer(s) added to your progress").wait_for()
        said = page.page.locator(".jwt-save-work [aria-live=polite]").text_content()
        assert "Restored 1 notebook(s): 03-decode.ipynb." in said and "1 answer(s) added" in said
        assert "{'00-start-here/ex1': 'done'}" in outputs_text({"outputs": page.run_new_cell(READ_PROGRESS)})
        # JupyterLite's own store holds the restored notebook: it opens as the notebook it was.
        restored = page.page.evaluate(OPENED_JS, "03-decode.ipynb")
        original = json.loads((lite_driver.SITE / "files" / "03-decode.ipynb").read_text())
        assert restored["cells"][0]["source"] == "".join(original["cells"][0]["source"])
        assert len(restored["cells"]) == len(original["cells"])

    open_lite("02-encode.ipynb", restore)
