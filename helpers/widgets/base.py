"""What every course widget shares: the theme CSS and a helpful text before it is run."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from helpers.widgets.style import CSS


class CourseWidget(widgets.VBox):
    """A VBox whose plain-text form says what appears when the cell runs."""

    placeholder = "Run this cell to show the widget."
    css_class = ""  # names the kind of widget in the page, e.g. for browser tests and CSS

    def __init__(self, children: list[widgets.Widget], **kwargs: Any) -> None:
        super().__init__([widgets.HTML(CSS), *children], **kwargs)
        self.add_class("jwt-widget")
        if self.css_class:
            self.add_class(self.css_class)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.placeholder
        return bundle
