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


class BrowserShell:
    """An IPython shell as the Pyodide kernel has it: set_next_input only keeps the text."""

    def __init__(self) -> None:
        from IPython.core.interactiveshell import InteractiveShell
        from IPython.core.payload import PayloadManager

        self.shell = InteractiveShell()
        self.shell.payload_manager = PayloadManager()
        self.shell.set_next_input = lambda text, replace=False: setattr(self.shell, "rl_next_input", text)


def test_load_fills_the_cell_in_the_browser(monkeypatch: pytest.MonkeyPatch, tmp_path):
    solution = tmp_path / "02-encode-ex1.py"
    solution.write_text("answer = 42\n")
    fake = BrowserShell().shell
    monkeypatch.setattr("IPython.get_ipython", lambda: fake)
    fake.run_line_magic("load", str(solution))
    assert fake.payload_manager.read_payload() == []  # the browser kernel's bug: nothing is sent
    monkeypatch.setattr(browser.sys, "platform", "emscripten")
    assert browser.make_load_fill_the_cell() is True
    assert browser.make_load_fill_the_cell() is False  # once
    fake.run_line_magic("load", str(solution))
    assert fake.payload_manager.read_payload() == [
        {"source": "set_next_input", "text": f"# %load {solution}\nanswer = 42\n", "replace": True}]


def test_load_is_left_alone_outside_the_browser(monkeypatch: pytest.MonkeyPatch):
    fake = BrowserShell().shell
    monkeypatch.setattr("IPython.get_ipython", lambda: fake)
    before = fake.set_next_input
    assert browser.make_load_fill_the_cell() is False
    assert fake.set_next_input is before
