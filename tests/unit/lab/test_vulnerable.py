"""The vulnerable APIs: each falls to its own attack, and the safe API refuses the same token.

Also: the vulnerable module is imported by nothing else in helpers, each of its functions says
it is deliberately vulnerable and names the safe alternative, and a genuine token or a shortcut
gets no flag.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers.exercises.attack_lab import check_attack
from helpers.lab.api import send_to_both
from helpers.lab.forging import forge
from helpers.lab.vulnerable import MISTAKES, WELCOME_TEXT
from tests.unit.lab.forgeries import FORGERIES, genuine
from tools.course import ROOT

HELPERS = ROOT / "helpers"
VULNERABLE = HELPERS / "lab" / "vulnerable.py"


def imports_vulnerable(tree: ast.AST) -> list[int]:
    """Lines of a module that import helpers.lab.vulnerable, in any spelling."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.endswith("lab.vulnerable")
                                                for a in node.names):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.endswith("lab.vulnerable") or (node.level and module == "vulnerable") or (
                    module.endswith("lab") or (node.level and module == "")) and any(
                    a.name == "vulnerable" for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.Constant) and node.value in ("helpers.lab.vulnerable",
                                                                ".vulnerable"):
            lines.append(node.lineno)
    return lines


def test_nothing_else_in_helpers_imports_the_vulnerable_module() -> None:
    importers = {str(path.relative_to(ROOT)): lines for path in sorted(HELPERS.rglob("*.py"))
                 if path != VULNERABLE
                 and (lines := imports_vulnerable(ast.parse(path.read_text(encoding="utf-8"))))}
    assert importers == {}


@pytest.mark.parametrize("source", [
    "import helpers.lab.vulnerable",
    "import helpers.lab.vulnerable as v",
    "from helpers.lab.vulnerable import make_vulnerable_api",
    "from helpers.lab import vulnerable",
    "from . import vulnerable",
    "from .vulnerable import MISTAKES",
    "importlib.import_module('helpers.lab.vulnerable')",
])
def test_the_import_scan_finds_every_spelling(source: str) -> None:
    assert imports_vulnerable(ast.parse(source)) != []


def test_the_import_scan_passes_other_imports() -> None:
    assert imports_vulnerable(ast.parse("from helpers.lab import safe\nimport helpers.lab.api")) == []


def top_level_functions(path: Path) -> list[ast.FunctionDef]:
    return [node for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.FunctionDef)]


def test_every_vulnerable_function_says_so_and_names_the_safe_alternative() -> None:
    functions = top_level_functions(VULNERABLE)
    assert len(functions) >= 10
    for function in functions:
        doc = " ".join((ast.get_docstring(function) or "").split())
        assert doc.startswith("DELIBERATELY VULNERABLE"), function.name
        assert "Safe alternative" in doc or "Safe:" in doc, function.name


@pytest.mark.parametrize("mistake", FORGERIES)
def test_each_forgery_captures_the_flag_and_the_safe_server_refuses_it(
        mistake: str, lab_issuer, lab_servers, attacker, attacker_key_server) -> None:
    token = FORGERIES[mistake](lab_issuer, lab_servers, attacker, attacker_key_server)
    duel = send_to_both(token, lab_servers[mistake], lab_servers["safe"])
    assert duel.vulnerable.flag_captured, duel
    assert duel.safe.status == 401 and duel.safe.exception, duel
    assert check_attack(mistake, token, lab_servers[mistake], lab_servers["safe"]).correct is True


@pytest.mark.parametrize("name, exception", [("no exp", "MissingRequiredClaimError"),
                                             ("expired", "ExpiredSignatureError"),
                                             ("for billing", "InvalidAudienceError")])
def test_each_stolen_token_captures_the_flag_and_the_safe_server_names_why_not(
        name: str, exception: str, lab_issuer, lab_servers) -> None:
    duel = send_to_both(lab_issuer.stolen_tokens()[name], lab_servers["lifetime and audience"],
                        lab_servers["safe"])
    assert duel.vulnerable.flag_captured
    assert (duel.safe.status, duel.safe.exception) == (401, exception)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_genuine_user_token_gets_no_flag_anywhere(mistake: str, lab_issuer, lab_servers) -> None:
    duel = send_to_both(lab_issuer.issue(role="user"), lab_servers[mistake], lab_servers["safe"])
    assert not duel.vulnerable.flag_captured and not duel.safe.flag_captured
    assert duel.safe.status == 403


@pytest.mark.parametrize("mistake", ["unverified signature", "alg none", "algorithm confusion"])
def test_a_genuine_admin_token_without_exp_gets_no_flag(mistake: str, lab_issuer, lab_servers) -> None:
    """Each vulnerable API checks the claims as the safe one does: one mistake, no more."""
    shortcut = lab_issuer.issue("learner", "admin", lifetime=None)
    duel = send_to_both(shortcut, lab_servers[mistake], lab_servers["safe"])
    assert not duel.vulnerable.flag_captured
    assert duel.vulnerable.exception == "MissingRequiredClaimError"
    assert check_attack(mistake, shortcut, lab_servers[mistake], lab_servers["safe"]).correct is False


def test_the_jku_server_refuses_urls_off_this_machine(lab_issuer, lab_servers, attacker) -> None:
    token = forge(*genuine(lab_issuer), "jku", attacker=attacker, jku_url="http://example.com/k")
    duel = send_to_both(token, lab_servers["jku"], lab_servers["safe"])
    assert duel.vulnerable.status == 401 and "127.0.0.1" in duel.vulnerable.outcome


def test_kid_path_reads_regular_files_only(lab_issuer, lab_servers) -> None:
    token = forge({"alg": "HS256", "kid": "/dev/zero"}, genuine(lab_issuer)[1], "hmac", key="x" * 32)
    duel = send_to_both(token, lab_servers["kid path"], lab_servers["safe"])
    assert duel.vulnerable.status == 401 and "no key file" in duel.vulnerable.outcome


def test_the_welcome_file_is_long_enough_for_hs256() -> None:
    assert len(WELCOME_TEXT.encode()) >= 32
