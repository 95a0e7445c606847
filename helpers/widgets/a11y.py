"""Accessibility plumbing every course widget shares: a polite live region and keyboard focus.

ipywidgets gives us labelled inputs and real buttons, but two things it cannot express:

- A stable live region. An `HTML` widget replaces its inner HTML on every update, so a
  `<div aria-live>` inside its value is a new node each time, and screen readers announce
  changes *inside* a live region they already know, not new regions. The live attributes must
  sit on the HTML widget's own content element, which ipywidgets keeps for the widget's life.
- Keys that belong to the widget. JupyterLab's command-mode shortcuts (`a`, `b`, `j`, `k`,
  arrow keys...) fire on a focused `<select>` or button: the arrow keys moved to the next cell
  instead of changing the algorithm. Lumino skips its shortcuts for a focused element that has
  `data-lm-suppress-shortcuts`; text boxes already stop their keys (ipywidgets does that).

A third: a concept check's answer buttons form a group named by their question (a box of
ipywidgets has no role or label of its own).

All three need an attribute that no ipywidgets trait sets, so each widget carries a tiny, fixed
script in a hidden `Output` widget (JupyterLab renders an Output widget's HTML as trusted, and
its scripts run). The script only sets attributes on its own widget. Where it cannot run, the
widget still works; only the announcements and the shortcut shield are missing.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

LIVE_CLASS = "jwt-live"  # an HTML widget whose content element becomes a polite live region
SR_ONLY_CLASS = "jwt-sr-only"  # visually hidden, still read by screen readers
ENHANCER_CLASS = "jwt-a11y-enhancer"

ENHANCER_SCRIPT = """
(() => {
  const script = document.currentScript;
  let tries = 0;
  const mark = (root) => {
    // Lumino checks the focused element itself (and its ancestors below the match), so every
    // control gets the attribute, not only the widget's root.
    for (const control of root.querySelectorAll('input, textarea, select, button')) {
      if (!control.hasAttribute('data-lm-suppress-shortcuts')) {
        control.setAttribute('data-lm-suppress-shortcuts', 'true');
      }
    }
    // A concept check's options: a group named by its question, so that a screen reader says
    // the question when the focus enters its answer buttons.
    for (const question of root.querySelectorAll('.jwt-question')) {
      const prompt = question.querySelector('.jwt-prompt[id]');
      const options = question.querySelector('.jwt-options');
      if (prompt && options && options.getAttribute('role') !== 'group') {
        options.setAttribute('role', 'group');
        options.setAttribute('aria-labelledby', prompt.id);
      }
    }
    for (const content of root.querySelectorAll('.jwt-live > .widget-html-content')) {
      if (content.getAttribute('aria-live') === 'polite') continue;
      content.setAttribute('role', 'status');
      content.setAttribute('aria-live', 'polite');
      content.setAttribute('aria-atomic', 'true');
    }
  };
  const attach = () => {
    const root = script && script.closest('.jwt-widget');
    if (!root) {
      if (tries++ < 600) requestAnimationFrame(attach);
      return;
    }
    mark(root);
    // Child views are drawn, and given their classes, after the root: mark them as they come.
    new MutationObserver(() => mark(root)).observe(
      root, {childList: true, subtree: true, attributes: true, attributeFilter: ['class']});
  };
  attach();
})();
"""


def enhancer() -> widgets.Output:
    """A hidden Output widget whose only content is the accessibility script."""
    output = widgets.Output(layout=widgets.Layout(display="none"))
    output.add_class(ENHANCER_CLASS)
    output.outputs = ({"output_type": "display_data", "metadata": {},
                       "data": {"text/html": f"<script>{ENHANCER_SCRIPT}</script>",
                                "text/plain": ""}},)
    return output


def live_region(visible: bool = False) -> widgets.HTML:
    """An HTML widget that becomes a polite live region (visually hidden unless visible)."""
    region = widgets.HTML()
    region.add_class(LIVE_CLASS)
    if not visible:
        region.add_class(SR_ONLY_CLASS)
    return region


def announcement_html(text: str) -> str:
    """The text a live region holds: escaped, nothing else (the region itself has the role)."""
    return html.escape(text)
