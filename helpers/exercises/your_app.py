"""Checkers for 12-your-app: a FastAPI dependency, a Flask decorator, and a test of expiry.

Each checker runs the learner's code inside a real app, through the framework's own test client,
against tokens that must pass and tokens that must not: a wrong audience or issuer, a claim
missing or not yet valid, an expiry beyond any sensible leeway, other algorithms, a forged
signature, a token of another type, another scheme, and a key that breaks (a configuration error
that must stay a 500, never become a 401). While the requests run, the checker also records what
the learner's code passed to PyJWT (the algorithms, the audience, the issuer), so a list that
allows more than it should is named even when no token of ours happens to exploit it.

The test checker runs the learner's test against a correct app and against broken ones (one that
never checks exp, one that refuses every token, one that answers an expired token with 500): a
test that passes against a broken app proves nothing. It times the test, and stops any call the
test itself makes to time.sleep, asyncio.sleep or Event.wait: a test of expiry must move the clock,
not wait for it.
"""

from __future__ import annotations

import functools
import inspect
import re
import secrets
import site
import sys
import sysconfig
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

import jwt

from helpers.exercises.decode import algorithms_passed_to_decode, broken_key_for
from helpers.exercises.feedback import Feedback, friendly, function_problem

ISSUER = "https://login.example.com"  # what the notebook's test fixtures use
AUDIENCE = "profile-api"
CLIENT_ID = "profile-web"  # the notebook's CLIENT_ID
ALGORITHM = "HS256"  # the notebook's ALGORITHM
LIFETIME = timedelta(minutes=5)
LEEWAY = timedelta(seconds=5)
SCOPE = "orders:read"
MARK = "checker-"  # every jti the checker mints starts with it, so its claims can be recognised


# --- tokens the checkers send ------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _other_keys() -> dict[str, Any]:
    """A key of each other family, made once: RS256/PS256 (RSA), ES256 (P-256), EdDSA (Ed25519)."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    return {"RSA": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "EC": ec.generate_private_key(ec.SECP256R1()),
            "OKP": ed25519.Ed25519PrivateKey.generate()}


def mint(secret: str, issuer: str, audience: str, *, key: Any = None, algorithm: str = ALGORITHM,
         typ: str = "at+jwt", **changes: Any) -> str:
    """An access token as the notebook's login makes it; change or drop (None) claims by name."""
    now = datetime.now(timezone.utc)
    claims = {"iss": issuer, "aud": audience, "sub": "u_checker", "client_id": CLIENT_ID,
              "scope": "profile", "iat": now, "exp": now + LIFETIME,
              "jti": MARK + secrets.token_urlsafe(8), **changes}
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
    scheme: str = "Bearer"
    needs: str = SCOPE  # for a 403: the scope its challenge names

    @property
    def headers(self) -> dict[str, str]:
        return {} if self.token is None else {"Authorization": f"{self.scheme} {self.token}"}


POLICY_HINT = "verify with the policy (it does)."
VERIFY_HINT = "Keep every verify_* option of PyJWT on (the policy does)."
REQUIRE_HINT = "Require exp, iat, iss, aud, sub and jti (the policy requires client_id too)."
ONE_ALGORITHM = (f"List only {ALGORITHM} in algorithms=: a key is used with exactly one algorithm "
                 "(RFC 8725, section 3.1).")


def scope_cases(settings: Any, paths: dict[str, str]) -> list[Case]:
    """The requests both scope checkers send; `paths` maps a scope to the path that requires it."""
    def token(**changes: Any) -> str:
        return mint(settings.secret, settings.issuer, settings.audience, **{"scope": SCOPE, **changes})

    orders, profile = paths[SCOPE], paths.get("profile")
    now = datetime.now(timezone.utc)
    expired, later = now - timedelta(hours=1), now + timedelta(hours=2)
    keys = _other_keys()
    return [  # the checks every protected endpoint needs, then the scope's own
        Case(f"a token with scope 'profile {SCOPE}'", token(scope=f"profile {SCOPE}"), orders, "ok"),
        Case(f"a token with scope '{SCOPE}' alone", token(), orders, "ok"),
        Case("no Authorization header", None, orders, "missing"),
        Case("a valid token sent with the Basic scheme", token(), orders, "missing",
             "Only the Bearer scheme carries an access token: check the scheme, and answer any other "
             "as if no token came.", scheme="Basic"),
        Case("a valid token sent with the scheme 'Token'", token(), orders, "missing",
             "Only the Bearer scheme carries an access token: check the scheme, and answer any other "
             "as if no token came.", scheme="Token"),
        Case("a token signed with another secret", token(key=secrets.token_urlsafe(32)), orders,
             "invalid", "Verify the signature with the app's secret before reading any claim."),
        Case("a forged token without the scope", token(scope="profile", key=secrets.token_urlsafe(32)),
             orders, "invalid", "Verify the token first (401), and only then look at its scope (403)."),
        Case("a token that expired an hour ago", token(iat=expired - LIFETIME, exp=expired), orders,
             "invalid", "Keep PyJWT's exp check on: verify with the policy."),
        Case("a token that expired 2 minutes ago",
             token(iat=now - LIFETIME - timedelta(minutes=2), exp=now - timedelta(minutes=2)), orders,
             "invalid", "Keep the leeway small: the settings' 5 seconds, never over a minute "
                        "(settings.leeway, as the policy uses it)."),
        Case("a token not valid for another 2 hours (nbf)", token(nbf=later), orders, "invalid",
             VERIFY_HINT),
        Case("a token issued 2 hours in the future (iat)", token(iat=later, exp=later + LIFETIME), orders,
             "invalid", VERIFY_HINT),
        Case("a token for another audience", token(aud="billing-api"), orders, "invalid",
             "Verify with audience= (the policy does)."),
        Case("a token from another issuer", token(iss="https://evil.example.net"), orders, "invalid",
             "Verify with issuer= (the policy does)."),
        Case("a token without exp", token(exp=None), orders, "invalid", REQUIRE_HINT),
        Case("a token without iat", token(iat=None), orders, "invalid", REQUIRE_HINT),
        Case("a token without sub", token(sub=None), orders, "invalid", REQUIRE_HINT),
        Case("a token without jti", token(jti=None), orders, "invalid", REQUIRE_HINT),
        Case("a token whose sub is the number 42", token(sub=42), orders, "invalid", VERIFY_HINT),
        Case("a token whose jti is the number 1001", token(jti=1001), orders, "invalid", VERIFY_HINT),
        Case("a token signed with HS384", token(algorithm="HS384"), orders, "invalid", ONE_ALGORITHM),
        Case("a token signed with HS512", token(algorithm="HS512"), orders, "invalid", ONE_ALGORITHM),
        Case("a token signed with RS256", token(key=keys["RSA"], algorithm="RS256"), orders, "invalid",
             ONE_ALGORITHM),
        Case("a token signed with PS256", token(key=keys["RSA"], algorithm="PS256"), orders, "invalid",
             ONE_ALGORITHM),
        Case("a token signed with ES256", token(key=keys["EC"], algorithm="ES256"), orders, "invalid",
             ONE_ALGORITHM),
        Case("a token signed with EdDSA", token(key=keys["OKP"], algorithm="EdDSA"), orders, "invalid",
             ONE_ALGORITHM),
        Case("a token with alg none (no signature)", token(key="", algorithm="none"), orders, "invalid",
             ONE_ALGORITHM),
        Case("a token of another type (typ JWT)", token(typ="JWT"), orders, "invalid",
             "Check the header's typ is at+jwt (the policy does)."),
        Case("a token with scope 'profile'", token(scope="profile"), orders, "scope",
             "A missing scope is a 403 with error=\"insufficient_scope\" (RFC 6750, section 3.1)."),
        Case("a token with scope 'orders:readwrite'", token(scope="orders:readwrite"), orders, "scope",
             "'orders:readwrite' is not 'orders:read': split the scope at spaces and look for the "
             "exact word."),
        Case("a token with scope 'ORDERS:READ'", token(scope="ORDERS:READ"), orders, "scope",
             "Scope words are case-sensitive (RFC 6749, section 3.3): compare them as they are."),
        Case("a token without a scope claim", token(scope=None), orders, "scope",
             "A token without scope has no scope at all: read it with .get('scope', '')."),
        *([] if profile is None else [
            Case("a token with scope 'profile', where 'profile' is required", token(scope="profile"),
                 profile, "ok", "Use the scope passed to require_scope, not a fixed one."),
            Case(f"a token with scope '{SCOPE}', where 'profile' is required", token(), profile, "scope",
                 "Use the scope passed to require_scope, not a fixed one.", needs="profile")]),
    ]


Answer = tuple[int, str, Any]  # status, WWW-Authenticate, JSON body
Send = Callable[[str, dict[str, str]], Answer]


@contextmanager
def audiences_and_issuers() -> Iterator[list[tuple[Any, Any]]]:
    """Inside the block, the (audience, issuer) that every PyJWT claim check was given is recorded
    in the list yielded (every decode, by any route, reaches PyJWT._validate_claims)."""
    from jwt.api_jwt import PyJWT

    original = PyJWT._validate_claims
    parameters = inspect.signature(original)
    given: list[tuple[Any, Any]] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        try:
            arguments = parameters.bind(*args, **kwargs).arguments
            given.append((arguments.get("audience"), arguments.get("issuer")))
        except TypeError:
            pass  # a call PyJWT itself refuses, with its own message
        return original(*args, **kwargs)

    with mock.patch.object(PyJWT, "_validate_claims", recording):
        yield given


def others_named(names: Any, expected: str) -> list[str]:
    """The names besides `expected` that an audience= or issuer= given to PyJWT accepts."""
    if names is None or isinstance(names, str):
        return []
    try:
        return [str(name) for name in names if name != expected]
    except TypeError:
        return []


def too_generous(lists: list[Any], given: list[tuple[Any, Any]], settings: Any) -> str:
    """What the decode arguments recorded so far allow beyond the policy ('' when nothing)."""
    algorithms: list[str] = []
    for listed in lists:
        names = [listed] if isinstance(listed, str) else list(listed or [])
        algorithms += [f"'{name}'" for name in names if name != ALGORITHM and f"'{name}'" not in algorithms]
    if algorithms:
        return (f"your algorithms= also allows {', '.join(algorithms)}. {ONE_ALGORITHM} A token whose "
                "header names another algorithm makes PyJWT use the secret that way.")
    for audience, issuer in given:
        if others := others_named(audience, settings.audience):
            return (f"your audience= also accepts {', '.join(others)}: pass audience=settings.audience "
                    "alone, so that tokens meant for other services are refused.")
        if others := others_named(issuer, settings.issuer):
            return (f"your issuer= also accepts {', '.join(others)}: pass issuer=settings.issuer alone, "
                    "so that only your login server's tokens pass.")
    return ""


def pyjwt_refusal(token: str | None, settings: Any) -> jwt.InvalidTokenError | None:
    """Why PyJWT, with the notebook's policy, refuses this token (None if it does not)."""
    if token is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            jwt.decode(token, settings.secret, algorithms=[ALGORITHM], audience=settings.audience,
                       issuer=settings.issuer, leeway=settings.leeway,
                       options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]})
    except jwt.InvalidTokenError as error:
        return error
    return None


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def told_why(challenge: str, body: Any, refusal: jwt.InvalidTokenError | None) -> str:
    """The description that repeats PyJWT's reason for a refusal to the client ('' if none does)."""
    if refusal is None or isinstance(refusal, jwt.ExpiredSignatureError):
        return ""  # "expired" is the one reason the client may hear: it refreshes
    descriptions = re.findall(r'error_description="([^"]*)"', challenge)
    if isinstance(body, dict):
        descriptions += [str(value) for value in body.values() if isinstance(value, str)]
    reasons = [_letters(type(refusal).__name__), _letters(str(refusal))]
    for description in descriptions:
        if any(len(reason) >= 6 and reason in _letters(description) for reason in reasons):
            return description
    return ""


def shared_holder(functions: list[Any]) -> str:
    """The name of a global or closure variable of the learner's code that holds a token's claims
    after the requests ('' if none): state every request shares, so one can read another's."""
    def codes(code: Any) -> Iterator[Any]:
        yield code
        for constant in code.co_consts:
            if inspect.iscode(constant):
                yield from codes(constant)

    def holds_claims(value: Any, depth: int = 0) -> bool:
        try:  # a proxy such as flask.g raises outside a request
            if isinstance(value, dict):
                if str(value.get("jti", "")).startswith(MARK):
                    return True
                value = list(value.values())
            if depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
                return any(holds_claims(item, depth + 1) for item in value)
        except Exception:  # noqa: BLE001 - whatever the learner's globals are, they hold no claims
            return False
        return False

    for function in functions:
        code = getattr(function, "__code__", None)
        if code is None:
            continue
        namespace = getattr(function, "__globals__", {})
        names = {name for inner in codes(code) for name in inner.co_names}
        for name in sorted(names):
            if not name.startswith("_") and name in namespace and holds_claims(namespace[name]):
                return name
        for name, cell in zip(code.co_freevars, getattr(function, "__closure__", None) or ()):
            try:
                if holds_claims(cell.cell_contents):
                    return name
            except ValueError:  # an empty cell
                continue
    return ""


def judge(send: Send, cases: list[Case], settings: Any, name: str, where_claims: str,
          learners: list[Any]) -> Feedback:
    """Send every case, then the broken key; the first wrong answer is the feedback. Telling the
    client why a token was refused is reported last: it matters least."""
    refusals = {case.what: pyjwt_refusal(case.token, settings) for case in cases if case.expect == "invalid"}
    leaked = ""
    with algorithms_passed_to_decode() as lists, audiences_and_issuers() as given:
        for case in cases:
            try:
                status, challenge, body = send(case.path, case.headers)
            except jwt.InvalidKeyError as error:
                return Feedback(False, too_generous(lists, given, settings) or
                                f"{case.what} made your code raise InvalidKeyError ({error}): "
                                f"{case.hint or POLICY_HINT}")
            except Exception as error:  # noqa: BLE001 - the learner's code may raise anything
                return Feedback(False, too_generous(lists, given, settings) or
                                f"{case.what} made {name} raise {raised(error)}.{advice(error)}")
            if problem := too_generous(lists, given, settings):
                return Feedback(False, problem)
            if problem := wrong_answer(case, status, challenge, body, where_claims):
                return Feedback(False, f"{case.what} got {status}: {problem}")
            if not leaked and (said := told_why(challenge, body, refusals.get(case.what))):
                leaked = f"{case.what} got a 401 that tells the client why ({said[:70]!r})"
    good = mint(settings.secret, settings.issuer, settings.audience, scope=f"profile {SCOPE}")
    with broken_key_for(good) as reached:
        try:
            status, _, _ = send(cases[0].path, {"Authorization": f"Bearer {good}"})
        except jwt.InvalidKeyError:
            status = 500
    if not reached():
        return Feedback(False, f"the checker's broken key never reached PyJWT through {name}: verify "
                               "the token of each request, as it came, with the policy's verify.")
    if status != 500:
        return Feedback(False, f"when the key itself was broken (an InvalidKeyError the checker faked) "
                               f"{name} answered {status}: a configuration error must stay a 500 that "
                               "someone sees. Catch jwt.InvalidTokenError only, never Exception.")
    if holder := shared_holder(learners):
        return Feedback(False, f"{name} keeps a token's claims in {holder}, which every request shares: "
                               "requests are served side by side, so one could read another's claims. "
                               f"Keep them per request: {where_claims}.")
    if leaked:
        return Feedback(False, f"{leaked}: tell a client only that its token expired (raise "
                               "token_refusal(error)), and keep the exact reason for your log.")
    return Feedback(True, f"{name} lets through only valid access tokens with the scope, answers 401 "
                          "and 403 as RFC 6750 says, and leaves a broken key a 500.")


def advice(error: BaseException) -> str:
    """What to do about an exception the learner's code raised, when it comes from a common slip."""
    text = str(error)
    if isinstance(error, AttributeError) and "claims" in text:
        return (" g.claims exists only once require_token has run: put @require_token under "
                "@functools.wraps(view), or verify the token yourself first.")
    if "did not return a valid response" in text:
        if "returned None" in text or "without a return" in text:
            return " Did you forget the return in return view(*args, **kwargs)?"
        return " A refusal is raised, not returned: raise bearer_refusal(...)."
    return ""


def raised(error: BaseException) -> str:
    """An exception the learner's code raised, in one short line: its class and first sentence."""
    lines = str(error).strip().splitlines()
    first = lines[0].split(". ")[0].strip().rstrip(".") if lines else ""
    return f"{type(error).__name__}: {first}"[:160] if first else type(error).__name__


def wrong_answer(case: Case, status: int, challenge: str, body: Any, where_claims: str = "") -> str:
    """What is wrong with this answer to this case ('' when it is right)."""
    if status == 200 and isinstance(body, dict) and "returned" in body:
        return (f"your code returned a {body['returned']} where it should raise it: a refusal is raised, "
                "not returned (raise bearer_refusal(...)).")
    if case.expect == "ok":
        if status == 422:
            return ("FastAPI read the claims from the request's body, and found none. Take claims: Claims, "
                    "so that FastAPI runs current_claims first and hands you the verified claims.")
        if status != 200:
            said = body.get("error_description") if isinstance(body, dict) else None
            return " ".join(part for part in ("it should get 200", f"(the app said: {said})." if said
                                              else ".", case.hint) if part).replace(" .", ".")
        if not (isinstance(body, dict) and body.get("user") == "u_checker"):
            return f"the view did not get the token's claims ({where_claims})."
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
        return ("no token at all is not an error: the challenge carries no error code (RFC 6750, 3.1). "
                + case.hint).strip()
    if code is not None and f'error="{code}"' not in challenge:
        return f'the challenge should say error="{code}" (RFC 6750, section 3.1).'
    named = re.findall(r'scope="([^"]*)"', challenge)
    if code == "insufficient_scope" and case.needs not in " ".join(named).split():
        return ("name the scope the request needs in the challenge: "
                f'bearer_refusal(..., scope="{case.needs}") (RFC 6750, section 3), so the client knows '
                "what to ask for.")
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
        return claims_seen(claims)

    with TestClient(probe) as client:
        def send(path: str, headers: dict[str, str]) -> Answer:
            answer = client.get(path, headers=headers)
            return answer.status_code, answer.headers.get("www-authenticate", ""), _json(answer.json)

        return judge(send, scope_cases(settings, {SCOPE: "/orders"}), settings, "orders_reader",
                     "return them from the dependency", [dependency])


def claims_seen(claims: Any) -> dict[str, Any]:
    """What the probe's view answers: the claims' sub, or what it got instead of claims."""
    if isinstance(claims, dict):
        return {"user": claims.get("sub")}
    if isinstance(claims, BaseException):
        return {"returned": type(claims).__name__}
    return {"got": repr(claims)[:60]}


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
        return claims_seen(getattr(g, "claims", None))

    learners = [require_scope]
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
        learners += [decorator, view]
    client = probe.test_client()

    def send(path: str, headers: dict[str, str]) -> Answer:
        answer = client.get(path, headers=headers)
        return answer.status_code, answer.headers.get("WWW-Authenticate", ""), answer.get_json(silent=True)

    settings = config["SETTINGS"]
    return judge(send, scope_cases(settings, {SCOPE: "/orders", "profile": "/profile"}), settings,
                 "require_scope", "put them on g.claims", learners)


def _renamed(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def view() -> Any:
        return function()

    view.__name__ = view.__qualname__ = name
    return view


# --- exercise 3: a test that proves expiry without sleeping ------------------------------------

FIXTURES = ("client", "make_token", "time_machine")
MODES = {  # how each app verifies: the correct one, and those that a good test must catch
    "correct": "",
    "never expires": "an app that never checks exp",
    "refuses everything": "an app that refuses every token",
    "expired is a 500": "an app that answers an expired token with 500",
}
BUDGET = 2.0  # seconds of real time for one run of the test: waiting out a token takes longer
LIBRARIES = tuple({*(sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")),
                   *site.getsitepackages(), sys.prefix, sys.base_prefix, sys.exec_prefix,
                   str(Path(__file__).resolve().parents[1])})  # where code that is not the learner's lives


class Slept(BaseException):
    """Raised in place of a wait the learner's test makes. Not an Exception, so that an
    `except Exception` in the test cannot swallow it."""


def reference_app(secret: str, mode: str, seen: list[tuple[str, int]]) -> Any:
    """The app the learner's test is run against: the notebook's /me, correct or broken on purpose.
    Each answer's token and status is added to `seen`."""
    from fastapi import FastAPI, Header
    from fastapi.responses import JSONResponse

    app = FastAPI()

    def refusal(error: str | None, description: str = "", status: int = 401) -> JSONResponse:
        """As the notebook's bearer_refusal words it: only "expired" is explained."""
        challenge = 'Bearer realm="profile-api"' + (f', error="{error}"' if error else "") + (
            f', error_description="{description}"' if error and description else "")
        body = ({"error": error, **({"error_description": description} if description else {})}
                if error else {"message": description})
        return JSONResponse(body, status_code=status, headers={"WWW-Authenticate": challenge})

    def answer(authorization: str | None) -> Any:
        if mode == "refuses everything":
            return refusal("invalid_token", "the token has expired")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return refusal(None, "send Authorization: Bearer <access token>")
        try:
            claims = jwt.decode(token.strip(), secret, algorithms=[ALGORITHM], audience=AUDIENCE,
                                issuer=ISSUER, leeway=LEEWAY,
                                options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"],
                                         "verify_exp": mode != "never expires"})
        except jwt.ExpiredSignatureError:
            if mode == "expired is a 500":
                return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
            return refusal("invalid_token", "the token has expired")
        except jwt.InvalidTokenError:
            return refusal("invalid_token")
        return {"user": claims["sub"], "scope": claims.get("scope", ""), "expires_at": claims.get("exp")}

    @app.get("/me")
    async def me(authorization: str | None = Header(default=None)) -> Any:
        response = answer(authorization)
        status = response.status_code if isinstance(response, JSONResponse) else 200
        seen.append(((authorization or "").partition(" ")[2].strip(), status))
        return response

    return app


@contextmanager
def fixtures_for(mode: str, wanted: list[str], seen: list[tuple[str, int]]) -> Iterator[dict[str, Any]]:
    """The fixtures the notebook's tests use, for one run against one app."""
    from fastapi.testclient import TestClient

    secret = secrets.token_urlsafe(32)
    made: dict[str, Any] = {
        "client": TestClient(reference_app(secret, mode, seen)),
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


@contextmanager
def waits_stopped(test: Callable[..., Any]) -> Iterator[list[str]]:
    """Inside the block, a call that the test's own code (not a library) makes in this thread to
    time.sleep, asyncio.sleep or threading.Event.wait raises Slept instead of waiting; the list
    yielded names each such call. Covers `from time import sleep` in the test's module too."""
    import asyncio

    stopped: list[str] = []
    thread = threading.current_thread()
    originals = {"time.sleep": time.sleep, "asyncio.sleep": asyncio.sleep,
                 "threading.Event.wait": threading.Event.wait}

    def stopping(name: str) -> Callable[..., Any]:
        real = originals[name]

        def wait(*args: Any, **kwargs: Any) -> Any:
            caller = sys._getframe(1).f_code.co_filename
            if threading.current_thread() is thread and not caller.startswith(LIBRARIES):
                stopped.append(name)
                raise Slept(name)
            return real(*args, **kwargs)

        return wait

    fakes = {name: stopping(name) for name in originals}
    namespace = getattr(test, "__globals__", {})
    aliases = {alias: fakes[name] for alias, value in list(namespace.items())
               for name, real in originals.items() if value is real}
    with ExitStack() as stack:
        stack.enter_context(mock.patch("time.sleep", fakes["time.sleep"]))
        stack.enter_context(mock.patch("asyncio.sleep", fakes["asyncio.sleep"]))
        stack.enter_context(mock.patch.object(threading.Event, "wait", fakes["threading.Event.wait"]))
        saved = {alias: namespace[alias] for alias in aliases}
        namespace.update(aliases)  # only these names: the rest of the learner's namespace stays as it is
        stack.callback(namespace.update, saved)
        yield stopped


@dataclass(frozen=True)
class Run:
    """One run of the learner's test: its outcome, a detail, its real duration, and what /me saw."""

    outcome: str  # "passed", "failed", "error" or "slept"
    detail: str
    seconds: float
    seen: tuple[tuple[str, int], ...]


def run_once(test: Callable[..., Any], mode: str, wanted: list[str]) -> Run:
    """One run of the test against one app, timed on a clock that time-machine does not move."""
    seen: list[tuple[str, int]] = []
    outcome, detail = "passed", ""
    with fixtures_for(mode, wanted, seen) as arguments, waits_stopped(test) as stopped:
        started = time.perf_counter()
        try:
            test(**arguments)
        except Slept:
            pass
        except AssertionError as error:
            outcome, detail = "failed", failing_line(error, test)
        except Exception as error:  # noqa: BLE001 - the learner's test may raise anything
            outcome, detail = "error", raised(error)
        seconds = time.perf_counter() - started
    if stopped:  # even if the test caught what stopped it
        outcome, detail = "slept", stopped[0]
    return Run(outcome, detail, seconds, tuple(seen))


def failing_line(error: AssertionError, test: Callable[..., Any]) -> str:
    """The line of the learner's test where the assert failed, as they wrote it."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if frame.name == getattr(test, "__name__", None)]
    if not frames:
        return "an assert"
    line = (frames[-1].line or "").strip()
    return f"`{line[:120]}`" if line else f"line {frames[-1].lineno - test.__code__.co_firstlineno + 1} of it"


def accepted_then_refused(seen: tuple[tuple[str, int], ...]) -> bool:
    """Whether one token got a 200 and, later, a 401."""
    accepted: set[str] = set()
    for token, status in seen:
        if status == 200:
            accepted.add(token)
        elif status == 401 and token in accepted:
            return True
    return False


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
    run = run_once(test, "correct", wanted)
    if run.outcome == "slept":
        return Feedback(False, f"your test waits (it calls {run.detail}): a suite that waits for tokens "
                               "to expire is slow. Move the clock with time_machine instead.")
    if run.seconds > BUDGET:
        return Feedback(False, f"your test took {run.seconds:.1f} s of real time against a correct app: it "
                               "waits for the token to expire. Move the clock with time_machine instead, "
                               "and the test takes milliseconds.")
    if run.outcome == "error":
        return Feedback(False, f"against a correct app your test raised {run.detail}.")
    if run.outcome == "failed":
        return Feedback(False, f"against a correct app your test failed at {run.detail}. A token is "
                               "refused from exp + leeway (5 s) on, and only a clock PyJWT reads counts: "
                               "time_machine moves it, patching time.time does not.")
    for mode in ("never expires", "refuses everything", "expired is a 500"):
        if run_once(test, mode, wanted).outcome == "passed":
            return Feedback(False, f"your test also passes against {MODES[mode]}, so it does not prove "
                                   "expiry: " + {
                "never expires": "after moving the clock past exp + leeway, assert the 401.",
                "refuses everything": "first show the same token accepted (200) before it expires.",
                "expired is a 500": "assert that the status is exactly 401, not only that it is not 200.",
            }[mode])
    if not accepted_then_refused(run.seen):
        return Feedback(False, "your test must send the same token twice: accepted (200) first, then "
                               "refused (401) once the clock has passed its exp plus the 5 s of leeway. "
                               "No token of your test got both.")
    return Feedback(True, "the same token gets 200 before its exp and 401 after it, and your test "
                          "waits for nothing: the clock moved, not the test.")
