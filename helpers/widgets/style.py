"""Shared look: CSS on JupyterLab's --jp-* variables, and the colour-coded, labelled token."""

from __future__ import annotations

import html
import json

# Each segment has a colour AND a label AND its own underline style, so colour is never the
# only signal. The colours are JupyterLab theme variables that adapt to light and dark themes.
# They are the code editor's syntax colours, which JupyterLab picks to be readable on the
# theme's background (dark text in Light, light text in Dark): contrast >= 4.5 on
# --jp-layout-color0/1 in both. (--jp-error-color1 and friends are the same in both themes,
# too light on white or too dark on grey.)
SEGMENT_STYLES = {
    "header": ("var(--jp-mirror-editor-string-color, #ba2121)", "solid"),
    "payload": ("var(--jp-content-link-color, #0d47a1)", "dashed"),
    "signature": ("var(--jp-mirror-editor-keyword-color, #008000)", "dotted"),
}

CSS = """
<style>
.jwt-widget { font-family: var(--jp-ui-font-family); font-size: var(--jp-ui-font-size1);
  color: var(--jp-ui-font-color1); }
.jwt-token { font-family: var(--jp-code-font-family); font-size: var(--jp-code-font-size);
  word-break: break-all; line-height: 1.7; padding: 6px 8px; border-radius: 4px;
  background: var(--jp-layout-color1); border: 1px solid var(--jp-border-color1); }
.jwt-seg { text-decoration-line: underline; text-underline-offset: 3px;
  text-decoration-thickness: 2px; }
.jwt-dot { color: var(--jp-ui-font-color2); font-weight: bold; }
.jwt-legend { display: flex; gap: 1.2em; flex-wrap: wrap; margin: 4px 0;
  color: var(--jp-ui-font-color1); }
.jwt-legend span { text-decoration-line: underline; text-underline-offset: 3px;
  text-decoration-thickness: 2px; }
.jwt-message { font-family: var(--jp-ui-font-family); padding: 4px 8px; border-radius: 4px;
  border-left: 4px solid var(--jp-border-color1); background: var(--jp-layout-color2);
  color: var(--jp-ui-font-color1); }
.jwt-message-error { border-left-color: var(--jp-error-color1); }
.jwt-message-ok { border-left-color: var(--jp-success-color1); }
.jwt-message-note { border-left-color: var(--jp-warn-color1); }
.jwt-table { border-collapse: collapse; margin: 4px 0; }
.jwt-table td, .jwt-table th { padding: 2px 10px 2px 0; text-align: left; vertical-align: top;
  color: var(--jp-ui-font-color1); border-bottom: 1px solid var(--jp-border-color2); }
.jwt-table code, .jwt-json { font-family: var(--jp-code-font-family);
  color: var(--jp-content-font-color1); }
.jwt-widget .jwt-json { white-space: pre-wrap; margin: 2px 0; background: var(--jp-layout-color2);
  padding: 4px 8px; border-radius: 4px; }
.jwt-clock { font-family: var(--jp-code-font-family); font-size: 1.6em; font-weight: bold;
  color: var(--jp-ui-font-color0); }
.jwt-feedback { padding: 4px 8px; border-left: 4px solid var(--jp-border-color1);
  color: var(--jp-ui-font-color1); background: var(--jp-layout-color2); }
.jwt-feedback-ok { border-left-color: var(--jp-success-color1); }
.jwt-feedback-no { border-left-color: var(--jp-error-color1); }
.jwt-feedback-todo { border-left-color: var(--jp-warn-color1); }
/* --- concept checks and the course map: questions, options that wrap, tables --- */
.jwt-widget .jwt-question { border-top: 1px solid var(--jp-border-color2); padding: 4px 0 6px; }
.jwt-widget .jwt-prompt, .jwt-widget .jwt-intro, .jwt-widget .jwt-summary { margin: 4px 0;
  line-height: 1.5; color: var(--jp-ui-font-color1); }
.jwt-widget .jwt-prompt code, .jwt-widget .jwt-message code { font-family: var(--jp-code-font-family);
  background: var(--jp-layout-color2); padding: 0 2px; border-radius: 2px; }
.jwt-widget .jwt-options { gap: 4px; margin: 2px 0 4px; }
.jwt-widget .jupyter-button.jwt-option { height: auto; min-height: var(--jp-widgets-inline-height);
  white-space: normal; text-align: left; line-height: 1.45; padding: 4px 10px; overflow: visible;
  text-overflow: clip; max-width: 100%; overflow-wrap: anywhere; }
.jwt-widget .jupyter-button.jwt-option.jwt-chosen { border-left: 5px solid var(--jp-brand-color1);
  font-weight: bold; }
.jwt-widget .jwt-map caption { text-align: left; font-weight: bold; padding: 2px 0; }
.jwt-widget .jwt-map td.jwt-num { text-align: right; }
/* --- accessibility: focus, reflow at 320 px and 200% zoom, reduced motion --- */
.jwt-widget :is(input, textarea, select, button):focus-visible {
  outline: 2px solid var(--jp-brand-color1) !important; outline-offset: 1px; }
.jwt-widget .jwt-sr-only { position: absolute !important; width: 1px; height: 1px; margin: -1px;
  padding: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
.jwt-widget { max-width: 100%; min-width: 0; }
.jwt-widget .widget-inline-hbox, .jwt-widget .widget-hbox { flex-wrap: wrap; min-width: 0;
  max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)); }
.jwt-widget .widget-inline-hbox > :is(input, textarea, select) { min-width: 0; max-width: 100%;
  flex: 1 1 10em; }
.jwt-widget .widget-html, .jwt-widget .widget-html-content { max-width: 100%; min-width: 0; }
.jwt-widget .jwt-table td, .jwt-widget .jwt-table th { overflow-wrap: anywhere; }
.jwt-widget .jwt-json, .jwt-widget .jwt-message { overflow-wrap: anywhere; }
.jwt-widget .jwt-message { line-height: 1.5; }
@media (prefers-reduced-motion: reduce) {
  .jwt-widget .jwt-progress { display: none; }
  .jwt-widget * { transition: none !important; animation: none !important; }
}
</style>
"""

MESSAGE_ICONS = {"error": "⚠️ Problem:", "ok": "✅", "note": "ℹ️ Note:", "info": ""}


def segment_style(name: str) -> str:
    """Inline CSS for one segment: its theme colour and its own underline style."""
    colour, line = SEGMENT_STYLES[name]
    return f"color: {colour}; text-decoration-color: {colour}; text-decoration-style: {line};"


def token_html(token: str) -> str:
    """The token with each segment coloured, underlined its own way and named (for screen
    readers too: each segment is a group labelled header, payload or signature)."""
    segments = token.split(".")
    names = ("header", "payload", "signature")
    spans = [
        f'<span class="jwt-seg jwt-seg-{name}" data-part="{name}" title="{name}" '
        f'role="group" aria-label="{name}" '  # screen readers say "header", then its letters
        f'style="{segment_style(name)}">{html.escape(segment)}</span>'
        for name, segment in zip(names, segments)
    ]
    return f'<div class="jwt-token">{"<span class=jwt-dot>.</span>".join(spans)}</div>'


def legend_html() -> str:
    """The key to the colours, with words: 1 header, 2 payload, 3 signature."""
    items = [
        f'<span style="{segment_style(name)}">{number} {name}: {what}</span>'
        for number, (name, what) in enumerate(
            [("header", "algorithm and type"), ("payload", "the claims, readable by anyone"),
             ("signature", "proof, made with the secret")], start=1)
    ]
    return f'<div class="jwt-legend">{"".join(items)}</div>'


def message_html(text: str, kind: str = "info") -> str:
    """A one-line message; its kind is said in words and an icon, not only by colour."""
    if not text:
        return ""
    icon = MESSAGE_ICONS[kind]
    # No role="status" here: the widget's announcer is its one live region (see a11y.py).
    return (f'<div class="jwt-message jwt-message-{kind}" data-kind="{kind}">'
            f"{icon} {html.escape(text)}</div>")


def json_html(value: object) -> str:
    """A JSON value, pretty-printed and escaped."""
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return f'<pre class="jwt-json">{html.escape(text)}</pre>'
