"""helpers.setup.browser: silent on a normal Python, plain about what works in Pyodide."""

from __future__ import annotations

import importlib.util

import pytest

from helpers.setup import browser


def test_no_note_outside_the_browser():
    assert browser.running_in_browser() is False
    assert browser.browser_note() is None


@pytest.mark.parametrize("has_cryptography", [False, True])
def test_the_note_in_the_browser_says_what_works(monkeypatch: pytest.MonkeyPatch, has_cryptography: bool):
    monkeypatch.setattr(browser.sys, "platform", "emscripten")
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(browser.importlib.util, "find_spec",
                        lambda name: (real_find_spec(name) if has_cryptography else None)
                        if name == "cryptography" else real_find_spec(name))
    note = browser.browser_note()
    assert note is not None and note.startswith("Browser version (JupyterLite)")
    if has_cryptography:
        assert "everything runs here" in note
    else:
        assert "00-04" in note and "cryptography" in note and "05" in note


def test_hs256_and_the_widgets_never_need_cryptography():
    """The browser version has no cryptography: importing the widgets and HS256 must not need it."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['cryptography'] = None\n"
            "import jwt, helpers.widgets, helpers.tokens.inspection, helpers.exercises\n"
            "token = jwt.encode({'key': 'value'}, 'k' * 32, algorithm='HS256')\n"
            "print(helpers.tokens.inspection.inspect_token(token, 'k' * 32).verified)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "True"
