"""Fixtures for the browser tests: one JupyterLab and one Chromium per session, a page per test.

Without Chromium the tests skip with the reason shown by `-ra`. With CI=true, REQUIRE_BROWSER=1
or `--require-browser` (declared in the root conftest.py), a missing Chromium or
Playwright fails them instead.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tools.course import ROOT
from tools.jupyter_driver import lab as labkit
from tools.jupyter_driver.lab import PageOpener
from tools.jupyter_driver.widget_notebooks import write_widget_notebooks

HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser carries the `browser` marker."""
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember each phase's report on the item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def unavailable(config: pytest.Config, reason: str) -> None:
    """Fail when a browser is required, else skip with the reason."""
    if config.getoption("--require-browser") or labkit.browser_required():
        pytest.fail(f"{reason} (a browser is required: CI=true, REQUIRE_BROWSER=1 or "
                    "--require-browser)", pytrace=False)
    pytest.skip(f"{reason}; install it with `apt-get install -y chromium` "
                "(set CI=true to make this a failure)")


@pytest.fixture(scope="session")
def chromium_executable(pytestconfig: pytest.Config) -> str:
    """The Chromium binary, or skip/fail the browser tests with a visible reason."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable(pytestconfig, "Playwright is not installed (pip install -r requirements-dev.txt)")
    executable = labkit.find_chromium()
    if executable is None:
        where = os.environ.get("CHROMIUM") or f"{labkit.CHROMIUM} or on PATH"
        unavailable(pytestconfig, f"no Chromium at {where}")
    return executable


@pytest.fixture(scope="session")
def served_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of notebooks/ plus the generated widget notebooks: what JupyterLab serves."""
    root = tmp_path_factory.mktemp("served")
    labkit.copy_course(root)
    write_widget_notebooks(root)
    return root


@pytest.fixture(scope="session")
def lab(chromium_executable: str, served_dir: Path,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[labkit.LabServer]:
    """One JupyterLab for the session; it and its kernels stop even when tests fail."""
    server = labkit.LabServer(served_dir, tmp_path_factory.mktemp("lab-state"))
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Any]:
    """One headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = labkit.launch_chromium(playwright, chromium_executable)
        try:
            yield chromium
        finally:
            chromium.close()


def artifact_name(node_name: str) -> str:
    """A file name made from a test id."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", node_name).strip("_")


@contextmanager
def page_opener(lab: labkit.LabServer, browser: Any) -> Iterator[PageOpener]:
    """Open notebooks in fresh pages; on exit close them all and stop their kernels."""
    pages: list[labkit.LabPage] = []

    def opener(name: str) -> labkit.LabPage:
        page = labkit.LabPage.new(browser, lab)
        pages.append(page)
        return page.open(name)

    try:
        yield opener
    finally:
        for page in pages:
            page.close()


@pytest.fixture
def open_page(lab: labkit.LabServer, browser: Any) -> Iterator[PageOpener]:
    """Open notebooks for one test."""
    with page_opener(lab, browser) as opener:
        yield opener


@pytest.fixture(scope="module")
def open_module_page(lab: labkit.LabServer, browser: Any) -> Iterator[PageOpener]:
    """Open notebooks shared by the tests of one module."""
    with page_opener(lab, browser) as opener:
        yield opener


@pytest.fixture(autouse=True)
def screenshot_on_failure(request: pytest.FixtureRequest, browser: Any) -> Iterator[None]:
    """When a test fails, photograph every open page into test-artifacts/failures/."""
    yield
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    folder = ARTIFACTS / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    pages = [page for context in browser.contexts for page in context.pages]
    for number, page in enumerate(pages):
        page.screenshot(path=str(folder / f"{artifact_name(request.node.name)}-{number}.png"))


# --- accessibility: axe-core from npm, and a notebook with every widget's demo ---

@pytest.fixture(scope="session")
def axe_installed(pytestconfig: pytest.Config) -> Path:
    """axe-core's script (installed by `make test` with npm), or skip/fail with the reason."""
    from tests.browser.a11y_kit import AXE_JS

    if not AXE_JS.is_file():
        unavailable(pytestconfig, f"axe-core is not installed at {AXE_JS} "
                                  "(run `npm ci --prefix tests/browser`, or `make test`)")
    return AXE_JS


@pytest.fixture(scope="session")
def demos_notebook(served_dir: Path) -> str:
    """The name of a served notebook showing one demo of every course widget kind."""
    from tests.browser.a11y_kit import write_demo_notebook

    return write_demo_notebook(served_dir).name
