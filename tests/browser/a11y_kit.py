"""What the accessibility tests share: every course widget kind, its demo notebook, axe-core.

Widgets are found, not listed: every module of `helpers.widgets` is imported and every
`CourseWidget` subclass with a `css_class` is a kind to test, built with its `demo()`
classmethod. A widget added later is covered as soon as it defines `demo()`.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import helpers.widgets
from helpers.widgets.base import COURSE_WIDGETS, CourseWidget
from tools.jupyter_driver.lab import write_notebook

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
DEMOS = "a11y-demos.ipynb"
SERIOUS = {"serious", "critical"}


def course_widget_kinds() -> list[type[CourseWidget]]:
    """Every CourseWidget subclass in helpers.widgets (all its modules imported first)."""
    for module in pkgutil.iter_modules(helpers.widgets.__path__, "helpers.widgets."):
        importlib.import_module(module.name)
    return [kind for kind in COURSE_WIDGETS if kind.css_class]


def variable(kind: type[CourseWidget]) -> str:
    """The notebook variable holding a kind's demo instance, e.g. demo_PayloadEditor."""
    return f"demo_{kind.__name__}"


def demo_cell(kind: type[CourseWidget]) -> str:
    """A cell that builds and shows the kind's demo instance."""
    return (f"from {kind.__module__} import {kind.__name__}\n\n"
            f"{variable(kind)} = {kind.__name__}.demo()\n{variable(kind)}")


def write_demo_notebook(folder: Path) -> Path:
    """One notebook with a demo of every widget kind, in registry order."""
    return write_notebook(folder / DEMOS, [demo_cell(kind) for kind in course_widget_kinds()])


# axe-core, run on one element: the widget's output area (the course's own DOM). JupyterLab's
# chrome (menus, toolbar, side panels, cell prompts) is out of scope: it is not ours to fix,
# and page-level rules about it (landmarks, a main heading) say nothing about the widgets.
AXE_RUN_JS = """async (element) => {
  const result = await axe.run(element, {
    resultTypes: ['violations'],
    rules: {'region': {enabled: false}, 'page-has-heading-one': {enabled: false},
            'landmark-one-main': {enabled: false}},
  });
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' '))}));
}"""


def axe_violations(page: Any, element: Any) -> list[dict[str, Any]]:
    """axe-core's violations inside one element (a Playwright Locator); axe injected once."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text())
    return element.evaluate(AXE_RUN_JS)


# Elements of a widget that stick out of it, or scroll sideways. Text boxes are excluded from
# the scrolling check (a long secret scrolls inside its one-line box, as any input does), and so
# are the hidden live region and script.
OVERFLOW_JS = """(root) => {
  const box = root.getBoundingClientRect();
  const found = [];
  for (const element of [root, ...root.querySelectorAll('*')]) {
    if (element.closest('.jwt-sr-only, .jwt-a11y-enhancer')) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const name = element.tagName + '.' + String(element.className).slice(0, 60);
    if (rect.right > box.right + 1 || rect.left < box.left - 1) {
      found.push(`${name} sticks out: ${Math.round(rect.left)}..${Math.round(rect.right)}`
                 + ` outside ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    const scrolls = getComputedStyle(element).overflowX !== 'visible';
    if (scrolls && !['INPUT', 'TEXTAREA'].includes(element.tagName)
        && element.scrollWidth > element.clientWidth + 1) {
      found.push(`${name} scrolls sideways: ${element.scrollWidth} > ${element.clientWidth}`);
    }
  }
  const area = root.closest('.jp-OutputArea-output');
  if (area.scrollWidth > area.clientWidth + 1) {
    found.push(`output area scrolls sideways: ${area.scrollWidth} > ${area.clientWidth}`);
  }
  return found;
}"""

# The focused element: tag, accessible-ish name (its label), the focus ring it shows.
FOCUS_JS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const label = element.labels && element.labels.length ? element.labels[0].textContent.trim()
    : (element.getAttribute('aria-label') || element.textContent || '').trim();
  return {tag: element.tagName, label, outlineStyle: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth), outlineColor: style.outlineColor,
          focusVisible: element.matches(':focus-visible'),
          widget: (element.closest('.jwt-widget') || {className: ''}).className};
}"""

CELL_COUNT_JS = "() => window.jupyterapp.shell.currentWidget.content.widgets.length"


def focus_cell_of(page: Any, widget: Any) -> None:
    """Select the cell showing `widget` in command mode, its cell focused, as after Escape.

    This is where a keyboard user stands after running the cell; Tab goes on from there.
    """
    widget.evaluate("""(root) => {
      const notebook = window.jupyterapp.shell.currentWidget.content;
      notebook.activeCellIndex = notebook.widgets.findIndex((cell) => cell.node.contains(root));
      notebook.mode = 'command';
      notebook.activeCell.node.focus();
    }""")


def tab_into(page: Any, widget: Any, limit: int = 12) -> None:
    """Press Tab until the focus enters `widget` (from its cell: JupyterLab's cell toolbar,
    which is not ours, may come first). Fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if widget.evaluate("(root) => root.contains(document.activeElement)"):
            return
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{limit} Tabs from the cell never reached the widget; focus: {focused}")
