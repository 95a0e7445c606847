"""Small notebooks that show one course widget each, with a fixed secret the tests know.

The course notebooks draw a random secret, so a test cannot recompute their tokens; these
notebooks pass a fixed 64-byte secret instead. The benchmark uses them too.
"""

from __future__ import annotations

from pathlib import Path

import jwt

from tools.jupyter_driver.lab import write_notebook

# 64 bytes: PyJWT accepts it without a short-key warning for HS256, HS384 and HS512 alike.
SECRET = "browser-test-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH"
INSPECTED_PAYLOAD = {"user": "ada", "role": "reader"}
COUNTDOWN_LIFETIME = 3  # seconds: long enough to see it tick, short enough to wait for

EDITOR = "editor.ipynb"
INSPECTOR = "inspector.ipynb"
COUNTDOWN = "countdown.ipynb"
GALLERY = "gallery.ipynb"
EMPTY = "empty.ipynb"
FORGE = "forge.ipynb"  # attack lab


def inspected_token() -> str:
    """The valid token the inspector notebook starts with."""
    return jwt.encode(INSPECTED_PAYLOAD, SECRET, algorithm="HS256")


def editor_cell() -> str:
    return f"from helpers.widgets import PayloadEditor\n\nPayloadEditor(secret={SECRET!r})"


def inspector_cell() -> str:
    return (f"from helpers.widgets import TokenInspector\n\n"
            f"TokenInspector(token={inspected_token()!r}, secret={SECRET!r})")


def countdown_cell(lifetime: int = COUNTDOWN_LIFETIME) -> str:
    return (f"from helpers.widgets import ExpiryCountdown\n\n"
            f"ExpiryCountdown({SECRET!r}, lifetime={lifetime})")


def forge_cells() -> list[str]:
    """Attack lab: the safe API and the alg-none vulnerable API on 127.0.0.1, and the console."""
    return ["from helpers.lab.api import serve\n"
            "from helpers.lab.issuer import LabIssuer\n"
            "from helpers.lab.safe import make_safe_api\n"
            "from helpers.lab.vulnerable import make_vulnerable_api\n"
            "from helpers.tokens.parts import split_token\n"
            "from helpers.widgets.forge_console import ForgeConsole\n\n"
            "issuer = LabIssuer()\n"
            "safe = serve(make_safe_api(issuer), name='safe')\n"
            "vulnerable = serve(make_vulnerable_api('alg none', issuer), name='vulnerable')",
            "ForgeConsole(vulnerable, safe, header={'typ': 'JWT'},\n"
            "             payload={**split_token(issuer.issue()).payload, 'role': 'admin'})"]


def write_widget_notebooks(folder: Path) -> dict[str, Path]:
    """Write the widget notebooks (and an empty one) into folder; return them by name."""
    contents = {
        EDITOR: [editor_cell()],
        INSPECTOR: [inspector_cell()],
        COUNTDOWN: [countdown_cell()],
        GALLERY: [editor_cell(), inspector_cell(), countdown_cell()],
        EMPTY: [""],
        FORGE: forge_cells(),
    }
    return {name: write_notebook(folder / name, cells) for name, cells in contents.items()}
