"""What every course widget shares: the theme CSS, a helpful text before it is run, a live
region for screen readers, and a registry of widget kinds with a demo instance each."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpers.widgets.a11y import announcement_html, enhancer, live_region
from helpers.widgets.style import CSS, message_html

# Every CourseWidget subclass, in the order they were defined (tests iterate over it).
COURSE_WIDGETS: list[type[CourseWidget]] = []

UNTIL_FIXED = "(no token until the problem below is fixed)"  # a token view's text meanwhile

# A fixed 64-byte secret for demo instances (long enough for HS256, HS384 and HS512): demos are
# for tests and screenshots, never for protecting anything.
DEMO_SECRET = "demo-secret-for-screenshots-and-tests-0123456789abcdefghijklmnopq"  # noqa: S105 - a public demo value


class CourseWidget(widgets.VBox):
    """A VBox whose plain-text form says what appears when the cell runs.

    Subclasses set `css_class` and `placeholder`, and define `demo()`: a classmethod returning
    an instance with sample input, which the accessibility tests build in JupyterLab.
    """

    placeholder = "Run this cell to show the widget."
    css_class = ""  # names the kind of widget in the page, e.g. for browser tests and CSS

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        COURSE_WIDGETS.append(cls)

    def __init__(self, children: list[widgets.Widget], **kwargs: Any) -> None:
        # The live region is the last child: what it says follows what is on screen.
        self.announcer = live_region()
        self.announced = ""  # the last text given to screen readers
        self._announced_key: str | None = None
        super().__init__([widgets.HTML(CSS), enhancer(), *children, self.announcer], **kwargs)
        self.add_class("jwt-widget")
        if self.css_class:
            self.add_class(self.css_class)

    @classmethod
    def demo(cls) -> CourseWidget:
        """An instance with sample input, for the accessibility tests and screenshots."""
        raise NotImplementedError(f"{cls.__name__} has no demo(): add a classmethod that returns "
                                  "an instance with sample input (see CONTRIBUTING.md, The widget contract)")

    def announce(self, text: str, key: str | None = None) -> None:
        """Tell screen readers `text`, politely, unless `key` (default: text) was the last said.

        Screen readers speak a live region each time it changes, so widgets announce states,
        not keystrokes: e.g. a payload editor says "not valid JSON" once, not at every key.
        """
        key = text if key is None else key
        if key == self._announced_key:
            return
        self._announced_key = key
        self.announced = text
        self.announcer.value = announcement_html(text)

    def show_problem(self, message: str, view: widgets.HTML,
                     stale: tuple[widgets.HTML, str] | None = None) -> None:
        """Show one problem line in `view`, grey out what it made stale, and say it once.

        `stale` is (a view, its placeholder text): the token or table that no longer matches the
        input. The problem is said once per kind (its headline), not at every key typed.
        """
        if stale is not None:
            stale_view, text = stale
            stale_view.value = f'<div class="jwt-token" data-state="stale">{text}</div>'
        view.value = message_html(message, "error")
        self.announce(f"Problem: {message}", key=headline(message))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.placeholder
        return bundle


def button(description: str, icon: str, tooltip: str) -> widgets.Button:
    """A button as wide as its words, never cut short."""
    return widgets.Button(description=description, icon=icon, tooltip=tooltip,
                          layout=widgets.Layout(width="auto"))


def html_view(css_class: str) -> widgets.HTML:
    """An HTML area a widget redraws, named by a CSS class (for its styles and the browser tests)."""
    view = widgets.HTML()
    view.add_class(css_class)
    return view


def headline(message: str) -> str:
    """The part of a one-line message that names its kind: the text before its first colon.

    The course's messages say what is wrong, then a colon, then the details and the fix
    ("The payload is not valid JSON (...): ..."); details change as a learner types, the
    headline does not. Screen readers hear a problem again only when its headline changes.
    """
    return message.split(":", 1)[0]
