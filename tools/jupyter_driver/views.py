"""Where each course widget's inputs and outputs are in JupyterLab's page (Playwright locators).

ipywidgets draws a Text as `.widget-text input`, a Textarea as `.widget-textarea textarea`,
a Dropdown as `.widget-dropdown select` and a BoundedIntText as `input[type=number]`; the
course widgets add a class naming their kind and one per output view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EDITOR, INSPECTOR, COUNTDOWN = "editor", "inspector", "countdown"
WIDGET_CLASSES = {EDITOR: "jwt-payload-editor", INSPECTOR: "jwt-token-inspector",
                  COUNTDOWN: "jwt-expiry-countdown"}

# (widget, field) -> the input element inside the widget
FIELD_SELECTORS = {
    (EDITOR, "payload"): ".widget-textarea textarea",
    (EDITOR, "secret"): ".widget-text input[type=text]",
    (EDITOR, "algorithm"): ".widget-dropdown select",
    (INSPECTOR, "token"): ".widget-textarea textarea",
    (INSPECTOR, "secret"): ".widget-text input[type=text]",
    (COUNTDOWN, "lifetime"): "input[type=number]",
}
# attack lab: the forge console (notebook 10)
FORGE = "forge"
WIDGET_CLASSES[FORGE] = "jwt-forge-console"
FIELD_SELECTORS.update({(FORGE, name): f".jwt-forge-{name} {element}" for name, element in (
    ("header", "textarea"), ("payload", "textarea"), ("mode", "select"), ("key", "textarea"),
    ("jku", "input[type=text]"))})

# widget -> the view that shows its one-line message
MESSAGE_SELECTORS = {EDITOR: ".jwt-message-view", INSPECTOR: ".jwt-report-view",
                     COUNTDOWN: ".jwt-result-view", FORGE: ".jwt-message-view"}


@dataclass
class WidgetView:
    """One course widget in a page: its root locator and the parts tests read and type into."""

    kind: str
    root: Any  # a Playwright Locator

    @classmethod
    def find(cls, page: Any, kind: str, index: int = 0) -> WidgetView:
        """The index-th widget of that kind in the page."""
        return cls(kind, page.locator(f".jp-OutputArea-output .{WIDGET_CLASSES[kind]}").nth(index))

    def field(self, name: str) -> Any:
        """The input element for a field name such as 'payload' or 'lifetime'."""
        try:
            return self.root.locator(FIELD_SELECTORS[(self.kind, name)])
        except KeyError:
            raise LookupError(f"no input {name!r} in the {self.kind} widget") from None

    @property
    def message(self) -> Any:
        return self.root.locator(MESSAGE_SELECTORS[self.kind])

    @property
    def token(self) -> Any:
        """The colour-coded token (editor and inspector)."""
        return self.root.locator(".jwt-token").first

    def segment(self, part: str) -> Any:
        """One segment of the shown token: 'header', 'payload' or 'signature'."""
        return self.token.locator(f"[data-part={part}]")

    @property
    def clock(self) -> Any:
        return self.root.locator(".jwt-clock-view")

    def button(self, label: str) -> Any:
        return self.root.get_by_role("button", name=label)

    def enter(self, name: str, value: str) -> None:
        """Put value into a field the way a learner would: type/paste it, or pick it."""
        element = self.field(name)
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(label=value)
            return
        element.fill(value)
        if element.get_attribute("type") == "number":
            element.press("Enter")  # number boxes send their value on Enter, not on each key

    def value_of(self, name: str) -> str:
        """The current value of a field (the selected label for a dropdown)."""
        element = self.field(name)
        if element.evaluate("e => e.tagName") == "SELECT":
            return element.evaluate("e => e.options[e.selectedIndex].label")
        return element.input_value()
