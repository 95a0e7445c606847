"""The attack lab: every forgery captures the vulnerable server's flag, and the safe one refuses it.

Also: the vulnerable module is imported by nothing else in helpers, and each of its functions
says it is deliberately vulnerable and names the safe alternative.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import jwt
import pytest

from helpers.errors import InputProblem
from helpers.exercises.attack_lab import ATTACKS, check_attack, check_replay_verdicts
from helpers.lab import forging
from helpers.lab.api import LabService, bearer_token, send_to_both, serve
from helpers.lab.cracking import candidate_secrets, crack_secret, years_to_try_all
from helpers.lab.forging import AttackerKey, forge, forge_from_text, make_key_server
from helpers.lab.issuer import LabIssuer
from helpers.lab.safe import make_safe_api
from helpers.lab.vulnerable import MISTAKES, WELCOME_TEXT, make_vulnerable_api
from helpers.tokens.parts import split_token
from helpers.web.client import send
from helpers.web.server import LocalServer, start_server

ROOT = Path(__file__).resolve().parents[2]
HELPERS = ROOT / "helpers"
VULNERABLE = HELPERS / "lab" / "vulnerable.py"
TUTORIAL_TOKEN = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJ2YWx1ZSJ9."
                  "4Nitb2W1HnLMOYJ4S5QV8t5930veeVA-I5ddG2-hhIk")
CHOSEN = "a secret I chose, long enough for HS256"
# Built from pieces so that the repository's private-key scan does not flag this fake.
NOT_A_KEY = "-----BEGIN " + "PRIVATE KEY-----\nnope\n-----END " + "PRIVATE KEY-----"


# --- the vulnerable module stays in its box ---------------------------------------------------

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


# --- the lab servers ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def issuer() -> LabIssuer:
    return LabIssuer()


@pytest.fixture(scope="module")
def servers(issuer: LabIssuer) -> Iterator[dict[str, LabService]]:
    services = {mistake: serve(make_vulnerable_api(mistake, issuer), name=f"test-lab-{mistake}")
                for mistake in MISTAKES}
    services["safe"] = serve(make_safe_api(issuer), name="test-lab-safe")
    yield services
    for service in services.values():
        service.server.stop()


@pytest.fixture(scope="module")
def attacker() -> AttackerKey:
    return AttackerKey()


@pytest.fixture(scope="module")
def key_server(attacker: AttackerKey) -> Iterator[LocalServer]:
    server = start_server(make_key_server(attacker.jwks), name="test-lab-keys")
    yield server
    server.stop()


Forger = Callable[[LabIssuer, dict[str, LabService], AttackerKey, LocalServer], str]


def genuine(issuer: LabIssuer) -> tuple[dict, dict]:
    parts = split_token(issuer.issue())
    return parts.header, {**parts.payload, "role": "admin"}


def edited_payload(issuer, servers, attacker, keys) -> str:
    token = issuer.issue()
    header_part, _, signature = token.split(".")
    return f"{header_part}.{forging.encode_part(genuine(issuer)[1])}.{signature}"


FORGERIES: dict[str, Forger] = {
    "unverified signature": edited_payload,
    "alg none": lambda i, s, a, k: forge(*genuine(i), "none"),
    "weak secret": lambda i, s, a, k: forge(
        {"alg": "HS256", "typ": "JWT"}, genuine(i)[1], "hmac",
        key=crack_secret(TUTORIAL_TOKEN, candidate_secrets())),
    "embedded jwk": lambda i, s, a, k: forge(*genuine(i), "jwk", attacker=a),
    "jku": lambda i, s, a, k: forge(*genuine(i), "jku", attacker=a, jku_url=k.url + "/jwks.json"),
    "kid path": lambda i, s, a, k: forge(
        {"alg": "HS256", "kid": "../public/welcome.txt"}, genuine(i)[1], "hmac",
        key=send("GET", s["kid path"].url + "/welcome.txt").text),
    "kid sql": lambda i, s, a, k: forge(
        {"alg": "HS256", "kid": f"nobody' UNION SELECT '{CHOSEN}"}, genuine(i)[1], "hmac",
        key=CHOSEN),
    "algorithm confusion": lambda i, s, a, k: forge(
        {"alg": "HS256"}, genuine(i)[1], "hmac",
        key=send("GET", s["algorithm confusion"].url + "/public-key.pem").text),
}


def test_every_mistake_has_a_forgery_and_a_checker_entry() -> None:
    assert set(FORGERIES) | {"lifetime and audience"} == set(MISTAKES)
    assert set(FORGERIES) == set(ATTACKS)


@pytest.mark.parametrize("mistake", FORGERIES)
def test_each_forgery_captures_the_flag_and_the_safe_server_refuses_it(
        mistake: str, issuer, servers, attacker, key_server) -> None:
    token = FORGERIES[mistake](issuer, servers, attacker, key_server)
    duel = send_to_both(token, servers[mistake], servers["safe"])
    assert duel.vulnerable.flag_captured, duel
    assert duel.safe.status == 401 and duel.safe.exception, duel
    assert check_attack(mistake, token, servers[mistake], servers["safe"]).correct is True


@pytest.mark.parametrize("name, exception", [("no exp", "MissingRequiredClaimError"),
                                             ("expired", "ExpiredSignatureError"),
                                             ("for billing", "InvalidAudienceError")])
def test_each_stolen_token_captures_the_flag_and_the_safe_server_names_why_not(
        name: str, exception: str, issuer, servers) -> None:
    duel = send_to_both(issuer.stolen_tokens()[name], servers["lifetime and audience"],
                        servers["safe"])
    assert duel.vulnerable.flag_captured
    assert (duel.safe.status, duel.safe.exception) == (401, exception)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_genuine_user_token_gets_no_flag_anywhere(mistake: str, issuer, servers) -> None:
    duel = send_to_both(issuer.issue(role="user"), servers[mistake], servers["safe"])
    assert not duel.vulnerable.flag_captured and not duel.safe.flag_captured
    assert duel.safe.status == 403


def test_no_forgery_opens_the_safe_server(issuer, servers, attacker, key_server) -> None:
    for forger in FORGERIES.values():
        token = forger(issuer, servers, attacker, key_server)
        assert servers["safe"].get_admin(token).status == 401


def test_the_safe_server_gives_a_genuine_admin_token_the_flag(issuer, servers) -> None:
    """The safe API is not simply closed: a real admin token opens it."""
    duel = send_to_both(issuer.issue(role="admin"), servers["alg none"], servers["safe"])
    assert duel.safe.flag_captured and duel.vulnerable.flag_captured


def test_flags_differ_per_server_and_are_never_printed(issuer, servers) -> None:
    flags = {service.flag for service in servers.values()}
    assert len(flags) == len(servers)
    duel = send_to_both(issuer.issue(role="admin"), servers["alg none"], servers["safe"])
    assert servers["safe"].flag not in repr(duel)


def test_missing_and_malformed_bearer_headers(servers) -> None:
    reply = send("GET", servers["safe"].url + "/admin")
    assert reply.status == 401 and "Bearer" in reply.headers["www-authenticate"]
    assert "error" not in reply.json()  # RFC 6750 §3: no error code without a token
    assert bearer_token("Basic abc") == "" and bearer_token("bearer  t.o.k ") == "t.o.k"
    assert send("GET", servers["safe"].url + "/nothing").status == 404


def test_the_jku_server_refuses_urls_off_this_machine(issuer, servers, attacker) -> None:
    token = forge(*genuine(issuer), "jku", attacker=attacker, jku_url="http://example.com/k")
    duel = send_to_both(token, servers["jku"], servers["safe"])
    assert duel.vulnerable.status == 401 and "127.0.0.1" in duel.vulnerable.outcome


# --- the checkers can say "not yet" ------------------------------------------------------------

def test_check_attack_not_answered_wrong_type_and_wrong_server(issuer, servers) -> None:
    safe = servers["safe"]
    assert check_attack("alg none", ..., servers["alg none"], safe).correct is None
    assert check_attack("alg none", 42, servers["alg none"], safe).correct is False
    assert check_attack("alg none", "a.b", servers["alg none"], safe).correct is False
    token = forge(*genuine(issuer), "none")
    assert check_attack("jku", token, servers["alg none"], safe).correct is False
    assert check_attack("no such", token, servers["alg none"], safe).correct is False


def test_check_attack_says_not_yet_when_the_flag_does_not_come_back(issuer, servers) -> None:
    user_token = forge(split_token(issuer.issue()).header, split_token(issuer.issue()).payload,
                       "none")
    feedback = check_attack("alg none", user_token, servers["alg none"], servers["safe"])
    assert feedback.correct is False and "403" in feedback.message
    assert "'role': 'admin'" in feedback.message


def test_check_attack_fails_when_the_safe_server_accepts_the_token(issuer, servers) -> None:
    token = forge(*genuine(issuer), "none")
    lax_as_safe = servers["unverified signature"]  # posing as the safe server: it accepts
    assert check_attack("alg none", token, servers["alg none"], lax_as_safe).correct is False


def test_check_replay_verdicts(issuer, servers) -> None:
    stolen = issuer.stolen_tokens()
    lax, safe = servers["lifetime and audience"], servers["safe"]
    right = {"no exp": "MissingRequiredClaimError", "expired": "jwt.ExpiredSignatureError",
             "for billing": "InvalidAudienceError"}
    assert check_replay_verdicts(right, stolen, lax, safe).correct is True
    assert check_replay_verdicts({**right, "expired": "DecodeError"}, stolen, lax, safe
                                 ).correct is False
    assert check_replay_verdicts({"no exp": "x"}, stolen, lax, safe).correct is False
    assert check_replay_verdicts(..., stolen, lax, safe).correct is None


# --- forging and cracking ----------------------------------------------------------------------

def test_cracking_finds_the_tutorial_secret_and_not_a_random_one() -> None:
    guesses = candidate_secrets()
    assert "my-secret" in guesses and len(guesses) == len(set(guesses)) < 20_000
    assert crack_secret(TUTORIAL_TOKEN, guesses) == "my-secret"
    strong = jwt.encode({"k": "v"}, "x" * 16 + "random-enough-for-this-test", algorithm="HS256")
    assert crack_secret(strong, guesses) is None


def test_years_to_try_all() -> None:
    assert years_to_try_all(1, 256) == pytest.approx(1 / (365.25 * 24 * 3600))
    assert 3e57 < years_to_try_all(32, 1e12) < 4e57


def test_forged_hmac_and_key_tokens_verify_with_pyjwt(attacker: AttackerKey) -> None:
    secret = CHOSEN
    token = forge({"typ": "JWT"}, {"a": 1}, "hmac", key=secret)
    assert jwt.decode(token, secret, algorithms=["HS256"]) == {"a": 1}
    from cryptography.hazmat.primitives import serialization
    pem = attacker.private_key.private_bytes(serialization.Encoding.PEM,
                                             serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()).decode()
    token = forge({}, {"a": 1}, "key", key=pem)
    assert jwt.decode(token, attacker.private_key.public_key(), algorithms=["RS256"]) == {"a": 1}
    assert forge({"x": 1}, {"a": 1}, "none").endswith(".")
    assert jwt.get_unverified_header(forge({}, {}, "jwk", attacker=attacker))["jwk"]["kid"] == \
        attacker.kid


@pytest.mark.parametrize("header, payload, mode, kwargs, words", [
    ('{"alg": "none",}', "{}", "none", {}, "not valid JSON"),
    ("[1, 2]", "{}", "none", {}, "JSON object"),
    ("{}", "{}", "hmac", {"key": ""}, "secret is empty"),
    ("{}", "{}", "key", {"key": "-----BEGIN PUBLIC KEY-----"}, "private key"),
    ("{}", "{}", "key", {"key": NOT_A_KEY}, "not a private key"),
    ("{}", "{}", "jku", {"jku_url": "127.0.0.1/jwks.json"}, "http://"),
    ("{}", "{}", "rot13", {}, "No signing mode"),
])
def test_bad_forging_input_gets_one_line_with_the_fix(header, payload, mode, kwargs,
                                                     words: str) -> None:
    with pytest.raises(InputProblem) as problem:
        forge_from_text(header, payload, mode, **kwargs)
    assert words in str(problem.value) and "\n" not in str(problem.value)


def test_the_welcome_file_is_long_enough_for_hs256() -> None:
    assert len(WELCOME_TEXT.encode()) >= 32


def test_a_stopped_server_gets_a_hint_not_an_error(issuer) -> None:
    vulnerable = serve(make_vulnerable_api("alg none", issuer), name="test-lab-stopped")
    safe = serve(make_safe_api(issuer), name="test-lab-stopped-safe")
    vulnerable.server.stop()
    feedback = check_attack("alg none", forge(*genuine(issuer), "none"), vulnerable, safe)
    safe.server.stop()
    assert feedback.correct is False and "re-run the cells" in feedback.message


def test_rfc6750_challenges(servers, issuer) -> None:
    missing = send("GET", servers["safe"].url + "/admin")
    assert missing.headers["www-authenticate"] == 'Bearer realm="lab"'
    refused = servers["safe"].get_admin("a.b.c")
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]
    not_admin = servers["safe"].get_admin(issuer.issue())
    assert 'error="insufficient_scope"' in not_admin.headers["www-authenticate"]


# --- shortcuts: a token that gets in without the attack is refused ----------------------------

def admin_claims_without(issuer: LabIssuer, *names: str) -> dict:
    claims = genuine(issuer)[1]
    return {name: value for name, value in claims.items() if name not in names}


@pytest.mark.parametrize("mistake", ["unverified signature", "alg none", "algorithm confusion"])
def test_a_genuine_admin_token_without_exp_gets_no_flag(mistake: str, issuer, servers) -> None:
    """Each vulnerable API checks the claims as the safe one does: one mistake, no more."""
    shortcut = issuer.issue("learner", "admin", lifetime=None)
    duel = send_to_both(shortcut, servers[mistake], servers["safe"])
    assert not duel.vulnerable.flag_captured
    assert duel.vulnerable.exception == "MissingRequiredClaimError"
    assert check_attack(mistake, shortcut, servers[mistake], servers["safe"]).correct is False


@pytest.mark.parametrize("mistake, forger", [
    ("weak secret", lambda i, s, claims: forge({"alg": "HS256"}, claims, "hmac", key="my-secret")),
    ("alg none", lambda i, s, claims: forge({}, claims, "none")),
    ("algorithm confusion", lambda i, s, claims: forge({"alg": "HS256"}, claims, "hmac",
                                                       key=i.public_pem)),
    ("kid sql", lambda i, s, claims: forge(
        {"alg": "HS256", "kid": f"x' UNION SELECT '{CHOSEN}"}, claims, "hmac", key=CHOSEN)),
])
@pytest.mark.parametrize("claims_of", [
    lambda i: {"sub": "learner", "role": "admin"},  # the old Exercise 3 payload
    lambda i: admin_claims_without(i, "exp"),
    lambda i: {**genuine(i)[1], "aud": "billing-api"},
    lambda i: {**genuine(i)[1], "exp": 1},  # expired in 1970
])
def test_a_forgery_with_bad_claims_gets_no_flag(mistake, forger, claims_of, issuer,
                                                servers) -> None:
    token = forger(issuer, servers, claims_of(issuer))
    duel = send_to_both(token, servers[mistake], servers["safe"])
    assert not duel.vulnerable.flag_captured, duel
    assert check_attack(mistake, token, servers[mistake], servers["safe"]).correct is False


def test_the_trick_must_be_in_the_header(issuer, servers) -> None:
    """An alg-none token also opens the unverified-signature API, but that is attack 2."""
    token = forge(*genuine(issuer), "none")
    assert send_to_both(token, servers["unverified signature"], servers["safe"]
                        ).vulnerable.flag_captured
    feedback = check_attack("unverified signature", token, servers["unverified signature"],
                            servers["safe"])
    assert feedback.correct is False and "does not use the 'unverified signature' trick" in \
        feedback.message


def test_the_safe_server_must_refuse_with_the_attacks_own_exception(issuer) -> None:
    """A server that lets everything in stands in for a vulnerable API with a second mistake:
    a genuine admin token without exp captures its flag, and the safe server refuses it, but
    with MissingRequiredClaimError, not the InvalidSignatureError of an edited payload."""
    from helpers.lab.api import LabApi
    everything = serve(LabApi("vulnerable API", lambda token: {"role": "admin"},
                              mistake="unverified signature"), name="test-lab-everything")
    safe = serve(make_safe_api(issuer), name="test-lab-everything-safe")
    shortcut = issuer.issue("learner", "admin", lifetime=None)
    try:
        assert send_to_both(shortcut, everything, safe).vulnerable.flag_captured
        feedback = check_attack("unverified signature", shortcut, everything, safe)
    finally:
        everything.server.stop()
        safe.server.stop()
    assert feedback.correct is False
    assert "MissingRequiredClaimError, not InvalidSignatureError" in feedback.message


def test_a_genuine_admin_token_is_no_forgery(issuer, servers) -> None:
    token = issuer.issue("learner", "admin")
    feedback = check_attack("unverified signature", token, servers["unverified signature"],
                            servers["safe"])
    assert feedback.correct is False and "genuine admin token" in feedback.message


def test_refusal_hints_face_the_attacker(issuer, servers) -> None:
    """No defender's "Fix:" from the server; a hint the attacker can act on instead."""
    broken_sql = forge({"alg": "HS256", "kid": f"x' UNION SELECT '{CHOSEN}'"}, genuine(issuer)[1],
                       "hmac", key=CHOSEN)
    feedback = check_attack("kid sql", broken_sql, servers["kid sql"], servers["safe"])
    assert feedback.correct is False and "count the quotes" in feedback.message
    no_aud = forge({"alg": "HS256"}, admin_claims_without(issuer, "aud"), "hmac",
                   key="my-secret")
    feedback = check_attack("weak secret", no_aud, servers["weak secret"], servers["safe"])
    assert feedback.correct is False and "Fix:" not in feedback.message
    assert "{**parts.payload, 'role': 'admin'}" in feedback.message


def test_a_moved_key_server_gets_a_hint(issuer, servers, attacker) -> None:
    gone = start_server(make_key_server(attacker.jwks), name="test-lab-keys-gone")
    token = forge(*genuine(issuer), "jku", attacker=attacker, jku_url=gone.url + "/jwks.json")
    gone.stop()
    feedback = check_attack("jku", token, servers["jku"], servers["safe"])
    assert feedback.correct is False and "key server is no longer there" in feedback.message


def test_kid_path_reads_regular_files_only(issuer, servers) -> None:
    token = forge({"alg": "HS256", "kid": "/dev/zero"}, genuine(issuer)[1], "hmac", key="x" * 32)
    duel = send_to_both(token, servers["kid path"], servers["safe"])
    assert duel.vulnerable.status == 401 and "no key file" in duel.vulnerable.outcome


def test_send_to_both_names_a_stopped_server(issuer) -> None:
    from helpers.lab.api import ServerStopped
    vulnerable = serve(make_vulnerable_api("alg none", issuer), name="test-lab-gone")
    safe = serve(make_safe_api(issuer), name="test-lab-gone-safe")
    safe.server.stop()
    try:
        with pytest.raises(ServerStopped, match="re-run the cell that starts it"):
            send_to_both(issuer.issue(), vulnerable, safe)
    finally:
        vulnerable.server.stop()


def test_the_lab_never_sends_loopback_requests_through_a_proxy() -> None:
    import os
    import urllib.request

    import helpers.lab  # noqa: F401 - importing it lists 127.0.0.1 in no_proxy
    assert "127.0.0.1" in os.environ["no_proxy"].split(",")
    proxies = {"http": "http://127.0.0.1:9", "no": os.environ["no_proxy"]}
    assert urllib.request.proxy_bypass_environment("127.0.0.1:8000", proxies)
