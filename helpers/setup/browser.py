"""Whether the course runs in the browser (JupyterLite, Python compiled to WebAssembly), and what
works there: the environment check adds this line to its verdict."""

from __future__ import annotations

import importlib.util
import sys


def running_in_browser() -> bool:
    """True inside JupyterLite's Pyodide kernel (CPython compiled to WebAssembly)."""
    return sys.platform == "emscripten"


def browser_note() -> str | None:
    """One plain sentence on what works in the browser version; None outside the browser."""
    if not running_in_browser():
        return None
    if importlib.util.find_spec("cryptography") is not None:
        return ("Browser version (JupyterLite): everything runs here, HMAC and public-key "
                "notebooks alike; nothing you do leaves this tab, and it is gone when you clear "
                "the site's data.")
    return ("Browser version (JupyterLite): notebooks 00-04 (HS256, the widgets, the countdown) "
            "run fully here; RSA, EC and EdDSA keys need the cryptography package, which this "
            "site does not have: use `make lab`, Binder or your class's hub for notebooks 05 on.")


def make_load_fill_the_cell() -> bool:
    """Make `%load solutions/...` fill the cell in JupyterLite, as it does in JupyterLab.

    The browser kernel's shell keeps the text `%load` read instead of sending it to the page
    (it lacks ipykernel's set_next_input, jupyterlite/jupyterlite#1076), so the cell stayed as it
    was. This sends it the way ipykernel does. Only in the browser, and once; True if it did.
    """
    if not running_in_browser():
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or getattr(shell, "_course_load_fills_cell", False):
        return False

    def set_next_input(text: str, replace: bool = False) -> None:
        shell.payload_manager.write_payload({"source": "set_next_input", "text": text,
                                             "replace": replace})

    shell.set_next_input = set_next_input
    shell._course_load_fills_cell = True
    return True
