"""Checkers for 12-your-app: a FastAPI dependency, a Flask decorator, and a test of expiry.

Each checker runs the learner's code inside a real app, through the framework's own test client,
against tokens that must pass and tokens that must not: a wrong audience or issuer, another
algorithm of the same family, an RS256 token (which a mixed algorithm list turns into a crash),
a forged signature, a token of another type, and a key that breaks (a configuration error that
must stay a 500, never become a 401). The test checker runs the learner's test against a correct
app and against two broken ones: a test that passes against a broken app proves nothing.
"""

from __future__ import annotations

import functools
import inspect
import secrets
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from unittest import mock

import jwt

from helpers.exercises.claims import broken_key_for
from helpers.exercises.feedback import Feedback, friendly, function_problem

ISSUER = "https://login.example.com"  # what the notebook's test fixtures use
AUDIENCE = "profile-api"
LIFETIME = timedelta(minutes=5)
LEEWAY = timedelta(seconds=5)
SCOPE = "orders:read"


# --- tokens the checkers send ------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _other_rsa_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def mint(secret: str, issuer: str, audience: str, *, key: Any = None, algorithm: str = "HS256",
         typ: str = "at+jwt", **changes: Any) -> str:
    """An access token as the notebook's login makes it; change or drop (None) claims by name."""
    now = datetime.now(timezone.utc)
    claims = {"iss": issuer, "aud": audience, "sub": "u_checker", "scope": "profile",
              "iat": now, "exp": now + LIFETIME, "jti": secrets.token_urlsafe(8), **changes}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", jwt.InsecureKeyLengthWarning)
        return jwt.encode({k: v for k, v in claims.items() if v is not None}, secret if key is None else key,
                          algorithm=algorithm, headers={"typ": typ})


@dataclass(frozen=True)
class Case:
    """One request: what it is, the token (None: no header), the path, and the answer expected."""

    what: str
    token: str | None
    path: str
    expect: str  # "ok", "missing" (401, no error code), "invalid" (401 invalid_token), "scope" (403)
    hint: str = ""


def scope_cases(settings: Any, paths: dict[str, str]) -> list[Case]:
    """The requests both scope checkers send; `paths` maps a scope to the path that requires it."""
    def token(**changes: Any) -> str:
        return mint(settings.secret, settings.issuer, settings.audience, **changes)

    orders, profile = paths[SCOPE], paths.get("profile")
    expired = datetime.now(timezone.utc) - timedelta(hours=1)
    return [  # the checks every protected endpoint needs, then the scope's own
        Case(f"a token with scope 'profile {SCOPE}'", token(scope=f"profile {SCOPE}"), orders, "ok"),
        Case(f"a token with scope '{SCOPE}' alone", token(scope=SCOPE), orders, "ok"),
        Case("no Authorization header", None, orders, "missing"),
        Case("a token signed with another secret", token(scope=SCOPE, key=secrets.token_urlsafe(32)),
             orders, "invalid", "Verify the signature with the app's secret before reading any claim."),
        Case("a forged token without the scope", token(key=secrets.token_urlsafe(32)), orders,
             "invalid", "Verify the token first (401), and only then look at its scope (403)."),
        Case("a token that expired an hour ago",
             token(scope=SCOPE, iat=expired - LIFETIME, exp=expired), orders, "invalid",
             "Keep PyJWT's exp check on: verify with the policy."),
        Case("a token for another audience", token(scope=SCOPE, aud="billing-api"), orders, "invalid",
             "Verify with audience= (the policy does)."),
        Case("a token from another issuer", token(scope=SCOPE, iss="https://evil.example.net"), orders,
             "invalid", "Verify with issuer= (the policy does)."),
        Case("a token without exp", token(scope=SCOPE, exp=None), orders, "invalid",
             "Require exp, iat, iss, aud, sub and jti (the policy does)."),
        Case("a token signed with HS512", token(scope=SCOPE, algorithm="HS512"), orders, "invalid",
             "List only HS256 in algorithms= (the policy does)."),
        Case("a token signed with RS256", token(scope=SCOPE, key=_other_rsa_key(), algorithm="RS256"),
             orders, "invalid", "List only HS256 in algorithms=: one key, one kind of algorithm."),
        Case("a token of another type (typ JWT)", token(scope=SCOPE, typ="JWT"), orders, "invalid",
             "Check the header's typ is at+jwt (the policy does)."),
        Case("a token with scope 'profile'", token(), orders, "scope",
             "A missing scope is a 403 with error=\"insufficient_scope\" (RFC 6750, section 3.1)."),
        Case("a token with scope 'orders:readwrite'", token(scope="orders:readwrite"), orders, "scope",
             "'orders:readwrite' is not 'orders:read': split the scope at spaces and look for the "
             "exact word."),
        Case("a token without a scope claim", token(scope=None), orders, "scope",
             "A token without scope has no scope at all: read it with .get('scope', '')."),
        *([] if profile is None else [
            Case("a token with scope 'profile', where 'profile' is required", token(), profile, "ok",
                 "Use the scope passed to require_scope, not a fixed one."),
            Case(f"a token with scope '{SCOPE}', where 'profile' is required", token(scope=SCOPE),
                 profile, "scope", "Use the scope passed to require_scope, not a fixed one.")]),
    ]


Answer = tuple[int, str, Any]  # status, WWW-Authenticate, JSON body
Send = Callable[[str, dict[str, str]], Answer]


def judge(send: Send, cases: list[Case], settings: Any, name: str, claims_hint: str) -> Feedback:
    """Send every case, then the broken key; the first wrong answer is the feedback."""
    for case in cases:
        headers = {} if case.token is None else {"Authorization": f"Bearer {case.token}"}
        try:
            status, challenge, body = send(case.path, headers)
        except jwt.InvalidKeyError as error:
            return Feedback(False, f"{case.what} made your code raise InvalidKeyError ({error}): "
                                   f"{case.hint or 'verify with the policy.'}")
        except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
            return Feedback(False, f"{case.what} made {name} raise {raised(error)}.")
        problem = wrong_answer(case, status, challenge, body, claims_hint)
        if problem:
            return Feedback(False, f"{case.what} got {status}: {problem}")
    good = mint(settings.secret, settings.issuer, settings.audience, scope=f"profile {SCOPE}")
    with broken_key_for(good) as reached:
        try:
            status, _, _ = send(cases[0].path, {"Authorization": f"Bearer {good}"})
        except jwt.InvalidKeyError:
            status = 500
    if reached() and status != 500:
        return Feedback(False, f"when the key itself was broken (an InvalidKeyError the checker faked) "
                               f"{name} answered {status}: a configuration error must stay a 500 that "
                               "someone sees. Catch jwt.InvalidTokenError only, never Exception.")
    return Feedback(True, f"{name} lets through only valid access tokens with the scope, answers 401 "
                          "and 403 as RFC 6750 says, and leaves a broken key a 500.")


def raised(error: BaseException) -> str:
    """An exception the learner's code raised, in one short line: its class and first sentence."""
    lines = str(error).strip().splitlines()
    first = lines[0].split(". ")[0].strip().rstrip(".") if lines else ""
    return f"{type(error).__name__}: {first}"[:160] if first else type(error).__name__


def wrong_answer(case: Case, status: int, challenge: str, body: Any, claims_hint: str = "") -> str:
    """What is wrong with this answer to this case ('' when it is right)."""
    if case.expect == "ok":
        if status != 200:
            said = body.get("error_description") if isinstance(body, dict) else None
            return " ".join(part for part in ("it should get 200", f"(the app said: {said})." if said
                                              else ".", case.hint) if part).replace(" .", ".")
        if not (isinstance(body, dict) and body.get("user") == "u_checker"):
            return f"the view did not get the token's claims ({claims_hint})."
        return ""
    if status == 200:
        return f"it was let through. {case.hint}".strip()
    expected_status = 403 if case.expect == "scope" else 401
    if status != expected_status:
        return (f"expected {expected_status}. {case.hint}" if case.hint
                else f"expected {expected_status} (RFC 6750, section 3.1).")
    if not challenge.lower().startswith("bearer"):
        return "the answer needs a WWW-Authenticate: Bearer challenge: raise bearer_refusal(...)."
    code = {"missing": None, "invalid": "invalid_token", "scope": "insufficient_scope"}[case.expect]
    if code is None and "error=" in challenge:
        return "no token at all is not an error: the challenge carries no error code (RFC 6750, 3.1)."
    if code is not None and f'error="{code}"' not in challenge:
        return f'the challenge should say error="{code}" (RFC 6750, section 3.1).'
    return ""


# --- exercise 1: the FastAPI dependency --------------------------------------------------------

@friendly
def check_orders_dependency(dependency: Any, app: Any) -> Feedback:
    """12, exercise 1: a dependency that passes only verified tokens whose scope has orders:read."""
    problem = function_problem(dependency, "a body for orders_reader",
                               "check_orders_dependency(orders_reader, fastapi_app)")
    if problem:
        return problem
    settings = getattr(getattr(app, "state", None), "settings", None)
    if settings is None:
        return Feedback(False, "pass the notebook's FastAPI app as the second argument: "
                               "check_orders_dependency(orders_reader, fastapi_app).")
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient

    probe = FastAPI(exception_handlers=dict(app.exception_handlers))
    probe.state = app.state  # the dependency may read request.app.state.policy, as current_claims does

    @probe.get("/orders")  # Depends() as a default: this module's annotations are strings
    async def orders(claims=Depends(dependency)):  # noqa: B008 - FastAPI's own idiom
        return {"user": claims.get("sub")} if isinstance(claims, dict) else {"got": repr(claims)[:60]}

    with TestClient(probe) as client:
        def send(path: str, headers: dict[str, str]) -> Answer:
            answer = client.get(path, headers=headers)
            return answer.status_code, answer.headers.get("www-authenticate", ""), _json(answer.json)

        return judge(send, scope_cases(settings, {SCOPE: "/orders"}), settings, "orders_reader",
                     "return them from the dependency")


def _json(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except ValueError:
        return None


# --- exercise 2: the Flask decorator -----------------------------------------------------------

@friendly
def check_scope_decorator(require_scope: Any, app: Any) -> Feedback:
    """12, exercise 2: @require_scope(scope) verifies the token, puts its claims on g, checks the scope."""
    problem = function_problem(require_scope, "a body for require_scope",
                               "check_scope_decorator(require_scope, flask_app)")
    if problem:
        return problem
    config = getattr(app, "config", None)
    if not config or "SETTINGS" not in config:
        return Feedback(False, "pass the notebook's Flask app as the second argument: "
                               "check_scope_decorator(require_scope, flask_app).")
    from flask import Flask, g

    probe = Flask("scope-check")
    probe.config.update(config)
    probe.testing = True  # an exception the app does not handle reaches the checker
    for handlers in app.error_handler_spec.get(None, {}).values():
        for exception_class, handler in handlers.items():
            probe.register_error_handler(exception_class, handler)

    def claims_view() -> dict:
        claims = getattr(g, "claims", None)
        return {"user": claims.get("sub")} if isinstance(claims, dict) else {"got": repr(claims)[:60]}

    for scope, path in ((SCOPE, "/orders"), ("profile", "/profile")):
        try:
            decorator = require_scope(scope)
            view = decorator(_renamed(claims_view, path.strip("/"))) if callable(decorator) else None
        except Exception as error:  # noqa: BLE001 - e.g. checks that ran at once, outside a request
            return Feedback(False, f"require_scope({scope!r})(view) raised {raised(error)}. "
                                   "require_scope(scope) must only build a decorator, which returns the "
                                   "guarded view; the checks run later, on each request.")
        if view is None:
            return Feedback(False, f"require_scope({scope!r}) returned {decorator!r}: it must return a "
                                   "decorator (a function that takes the view).")
        if getattr(view, "__name__", None) != path.strip("/"):
            return Feedback(False, "the guarded view lost its name, so Flask would give every view the "
                                   "same endpoint: decorate the wrapper with @functools.wraps(view).")
        try:
            probe.add_url_rule(path, view_func=view)
        except AssertionError as error:  # Flask: "View function mapping is overwriting ..."
            return Feedback(False, f"Flask refused the views ({error}): use @functools.wraps(view).")
    client = probe.test_client()

    def send(path: str, headers: dict[str, str]) -> Answer:
        answer = client.get(path, headers=headers)
        return answer.status_code, answer.headers.get("WWW-Authenticate", ""), answer.get_json(silent=True)

    settings = config["SETTINGS"]
    return judge(send, scope_cases(settings, {SCOPE: "/orders", "profile": "/profile"}), settings,
                 "require_scope", "put them on g.claims")


def _renamed(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def view() -> Any:
        return function()

    view.__name__ = view.__qualname__ = name
    return view


# --- exercise 3: a test that proves expiry without sleeping ------------------------------------

FIXTURES = ("client", "make_token", "time_machine")
MODES = {  # how each app verifies: the correct one, and two that a good test must catch
    "correct": "",
    "never expires": "an app that never checks exp",
    "refuses everything": "an app that refuses every token",
}


class Slept(Exception):
    """Raised in place of time.sleep while a learner's test runs."""


def reference_app(secret: str, mode: str) -> Any:
    """The app the learner's test is run against: the notebook's /me, correct or broken on purpose."""
    from fastapi import FastAPI, Header
    from fastapi.responses import JSONResponse

    app = FastAPI()

    def refusal(error: str | None, description: str = "") -> JSONResponse:
        """As the notebook's bearer_refusal words it: only "expired" is explained."""
        challenge = 'Bearer realm="profile-api"' + (f', error="{error}"' if error else "") + (
            f', error_description="{description}"' if error and description else "")
        body = {"error": error or "missing_token",
                **({"error_description": description} if description else {})}
        return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": challenge})

    @app.get("/me")
    async def me(authorization: str | None = Header(default=None)) -> Any:
        if mode == "refuses everything":
            return refusal("invalid_token", "the token has expired")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return refusal(None, "send Authorization: Bearer <access token>")
        try:
            claims = jwt.decode(token.strip(), secret, algorithms=["HS256"], audience=AUDIENCE,
                                issuer=ISSUER, leeway=LEEWAY,
                                options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"],
                                         "verify_exp": mode != "never expires"})
        except jwt.ExpiredSignatureError:
            return refusal("invalid_token", "the token has expired")
        except jwt.InvalidTokenError:
            return refusal("invalid_token")
        return {"user": claims["sub"], "scope": claims.get("scope", ""), "expires_at": claims.get("exp")}

    return app


@contextmanager
def fixtures_for(mode: str, wanted: list[str]) -> Iterator[dict[str, Any]]:
    """The fixtures the notebook's tests use, for one run against one app."""
    from fastapi.testclient import TestClient

    secret = secrets.token_urlsafe(32)
    made: dict[str, Any] = {
        "client": TestClient(reference_app(secret, mode)),
        "make_token": functools.partial(mint, secret, ISSUER, AUDIENCE),
    }
    if "time_machine" in wanted:
        import time_machine

        made["time_machine"] = time_machine.TimeMachineFixture()
    try:
        yield {name: made[name] for name in wanted}
    finally:
        if "time_machine" in made:
            made["time_machine"].stop()
        made["client"].close()


def run_once(test: Callable[..., Any], mode: str, wanted: list[str]) -> tuple[str, str]:
    """('passed' | 'failed' | 'slept' | 'error', detail) for one run of the test."""
    with fixtures_for(mode, wanted) as arguments, mock.patch("time.sleep", side_effect=Slept):
        try:
            test(**arguments)
        except Slept:
            return "slept", ""
        except AssertionError as error:
            return "failed", failing_line(error, test)
        except Exception as error:  # noqa: BLE001 - the learner's test may raise anything
            return "error", raised(error)
    return "passed", ""


def failing_line(error: AssertionError, test: Callable[..., Any]) -> str:
    """The line of the learner's test where the assert failed, as they wrote it."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.name == getattr(test, "__name__", None)]
    if not frames:
        return "an assert"
    line = (frames[-1].line or "").strip()
    return f"`{line[:120]}`" if line else f"line {frames[-1].lineno - test.__code__.co_firstlineno + 1} of it"


@friendly
def check_expiry_test(test: Any) -> Feedback:
    """12, exercise 3: a test that shows a token accepted, then refused after exp, without sleeping."""
    problem = function_problem(test, "a body for the test",
                               "check_expiry_test(test_expired_token_gets_401)", " (the test)")
    if problem:
        return problem
    if inspect.iscoroutinefunction(test):
        return Feedback(False, "write the test with def, not async def: TestClient is not awaited.")
    wanted = list(inspect.signature(test).parameters)
    unknown = [name for name in wanted if name not in FIXTURES]
    if unknown:
        return Feedback(False, f"the checker gives your test {', '.join(FIXTURES)}; it asked for "
                               f"{', '.join(unknown)}.")
    outcome, detail = run_once(test, "correct", wanted)
    if outcome == "slept":
        return Feedback(False, "your test calls time.sleep: a suite that waits for tokens to expire "
                               "is slow. Move the clock with time_machine instead.")
    if outcome == "error":
        return Feedback(False, f"against a correct app your test raised {detail}.")
    if outcome == "failed":
        return Feedback(False, f"against a correct app your test failed at {detail}. A token is refused "
                               "from exp + leeway (5 s) on, and only a clock PyJWT reads counts: "
                               "time_machine moves it, patching time.time does not.")
    for mode in ("never expires", "refuses everything"):
        outcome, _ = run_once(test, mode, wanted)
        if outcome == "passed":
            return Feedback(False, f"your test also passes against {MODES[mode]}, so it does not "
                                   "prove expiry: " + (
                "after moving the clock past exp + leeway, assert the 401." if mode == "never expires"
                else "first show the same token accepted (200) before it expires."))
    return Feedback(True, "the same token gets 200 before its exp and 401 after it, and your test "
                          "waits not one second: the clock moved, not the test.")
