"""The bad-input catalogue's browser entries, typed into JupyterLab: each shows its message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.catalogues.bad_inputs import CATALOGUE, BadInput
from tools.jupyter_driver.lab import LabPage, PageOpener
from tools.jupyter_driver.views import WIDGET_CLASSES, WidgetView
from tools.jupyter_driver.widget_notebooks import GALLERY

BROWSER_ENTRIES = [entry for entry in CATALOGUE if entry.browser]


@pytest.fixture(scope="module")
def lab_page(open_module_page: PageOpener) -> LabPage:
    """The gallery notebook: one editor, one inspector, one countdown."""
    return open_module_page(GALLERY).run_all()


def view_for(lab_page: LabPage, entry: BadInput) -> WidgetView:
    """The widget an entry is typed into; fails clearly if the browser cannot take the input."""
    if entry.widget not in WIDGET_CLASSES:
        pytest.fail(f"{entry.id}: no browser view for widget {entry.widget!r}")
    view = WidgetView.find(lab_page.page, entry.widget)
    try:
        field = view.field(entry.field)
    except LookupError as error:
        pytest.fail(f"{entry.id}: {error}")
    if field.evaluate("e => e.tagName") == "SELECT":
        options = field.evaluate("e => Array.from(e.options, o => o.label)")
        if entry.value not in options:
            pytest.fail(f"{entry.id}: a learner cannot pick {entry.value!r} from {options}")
    return view


@contextmanager
def value_restored(view: WidgetView, field: str) -> Iterator[None]:
    """Give the field its old value back afterwards, so entries do not affect each other."""
    old_value = view.value_of(field)
    try:
        yield
    finally:
        view.enter(field, old_value)


@pytest.mark.parametrize("entry", BROWSER_ENTRIES, ids=[entry.id for entry in BROWSER_ENTRIES])
def test_typed_bad_input_shows_its_message(lab_page: LabPage, entry: BadInput) -> None:
    view = view_for(lab_page, entry)
    with value_restored(view, entry.field):
        view.enter(entry.field, entry.value)
        expect(view.message).to_contain_text(entry.expect)
