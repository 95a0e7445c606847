"""12-your-app's checkers against the wrong answers a learner writes, and the shortcuts that fool.

The learner's code runs in the notebook's namespace (Claims, bearer_refusal, require_token, ...),
so this module runs the notebook's own code cells once, up to "Your turn", and writes each
answer against them.
"""

from __future__ import annotations

import linecache
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import nbformat
import pytest

from helpers.exercises import check_expiry_test, check_orders_dependency, check_scope_decorator
from helpers.web.server import stop_all_servers

NOTEBOOK = Path(__file__).resolve().parents[3] / "notebooks" / "12-your-app.ipynb"
SOLUTIONS = NOTEBOOK.parent / "solutions"


def notebook_code() -> list[str]:
    """The code cells before the exercises, without the tests (ipytest needs IPython) and timings."""
    cells = []
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## Your turn"):
            break
        if (cell.cell_type == "code" and "ipytest" not in cell.source
                and "nbval-ignore-output" not in cell.metadata.get("tags", [])):
            cells.append(cell.source)
    return cells


@pytest.fixture(scope="module")
def notebook() -> Any:
    """The namespace of notebook 12 after its cells up to the exercises (a module, as a kernel's is)."""
    module = types.ModuleType("notebook_12")
    sys.modules[module.__name__] = module  # dataclasses look their module up there
    try:
        for source in notebook_code():
            exec(compile(source, "<notebook 12>", "exec"), module.__dict__)  # noqa: S102 - the course's cells
        yield module.__dict__
    finally:
        stop_all_servers()
        del sys.modules[module.__name__]


def answer(notebook: dict[str, Any], source: str, name: str) -> Any:
    """Define the learner's answer in the notebook's namespace, as a cell would (its source in
    linecache, as IPython keeps it); return the function named `name`."""
    source = textwrap.dedent(source)
    filename = f"<answer {len(linecache.cache)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    scope = dict(notebook)
    exec(compile(source, filename, "exec"), scope)  # noqa: S102
    return scope[name]


def solution(notebook: dict[str, Any], number: int, name: str) -> Any:
    source = (SOLUTIONS / f"12-your-app-ex{number}.py").read_text()
    return answer(notebook, source.split("\n\ncheck_")[0], name)


def verdict(feedback: Any) -> tuple[bool | None, str]:
    return feedback.correct, feedback.message


# --- exercise 1: the FastAPI dependency --------------------------------------------------------

def test_the_solution_and_a_plain_def_version_pass(notebook):
    assert verdict(check_orders_dependency(solution(notebook, 1, "orders_reader"),
                                           notebook["fastapi_app"]))[0] is True
    plain = answer(notebook, '''
        def orders_reader(claims: Claims) -> dict:
            if "orders:read" in claims.get("scope", "").split(" "):
                return claims
            raise bearer_refusal("insufficient_scope", "needs orders:read")
        ''', "orders_reader")
    assert check_orders_dependency(plain, notebook["fastapi_app"]).correct is True


def test_undone_and_odd_inputs_never_raise(notebook):
    stub = answer(notebook, "async def orders_reader(claims: Claims) -> dict:\n    ...\n", "orders_reader")
    assert check_orders_dependency(stub, notebook["fastapi_app"]).correct is None
    assert check_orders_dependency(..., notebook["fastapi_app"]).correct is None
    for odd in (42, "orders_reader", None):
        assert check_orders_dependency(odd, notebook["fastapi_app"]).correct in (False, None)
    correct = solution(notebook, 1, "orders_reader")
    missing_app = check_orders_dependency(correct, object())
    assert missing_app.correct is False and "fastapi_app" in missing_app.message


DEPENDENCY_WRONG_ANSWERS = {
    "a substring test lets orders:readwrite in": ('''
        async def orders_reader(claims: Claims) -> dict:
            if "orders:read" not in claims.get("scope", ""):
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', "orders:readwrite"),
    "401 instead of 403 for a missing scope": ('''
        async def orders_reader(claims: Claims) -> dict:
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("invalid_token", "needs orders:read")
            return claims
        ''', "expected 403"),
    "a bare 403 without the challenge": ('''
        from fastapi import HTTPException

        async def orders_reader(claims: Claims) -> dict:
            if "orders:read" not in claims.get("scope", "").split():
                raise HTTPException(403, "needs orders:read")
            return claims
        ''', "WWW-Authenticate"),
    "a KeyError for a token without scope": ('''
        async def orders_reader(claims: Claims) -> dict:
            if "orders:read" not in claims["scope"].split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', "KeyError"),
    "the claims are not returned": ('''
        async def orders_reader(claims: Claims):
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
        ''', "claims"),
    "a mixed algorithm list in its own decode": ('''
        async def orders_reader(credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            try:
                claims = jwt.decode(credentials.credentials, settings.secret, algorithms=["HS256", "RS256"],
                                    audience=settings.audience, issuer=settings.issuer,
                                    options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]})
            except jwt.InvalidTokenError as error:
                raise bearer_refusal("invalid_token", str(error)) from None
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', "RS256"),
    "no audience check": ('''
        async def orders_reader(credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            try:
                claims = jwt.decode(credentials.credentials, settings.secret, algorithms=["HS256"],
                                    issuer=settings.issuer, options={"verify_aud": False})
            except jwt.InvalidTokenError as error:
                raise bearer_refusal("invalid_token", str(error)) from None
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', "audience"),
    "no audience= at all, so every token with aud is refused": ('''
        async def orders_reader(credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            try:
                claims = jwt.decode(credentials.credentials, settings.secret, algorithms=["HS256"])
            except jwt.InvalidTokenError as error:
                raise bearer_refusal("invalid_token", str(error)) from None
            return claims
        ''', "Invalid audience"),
    "a bare except Exception hides a broken key": ('''
        async def orders_reader(request: Request, credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            try:
                claims = request.app.state.policy.verify(credentials.credentials, settings.secret)
            except Exception:
                raise bearer_refusal("invalid_token", "bad token") from None
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', "broken"),
    "except PyJWTError hides a broken key too": ('''
        async def orders_reader(request: Request, credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            try:
                claims = request.app.state.policy.verify(credentials.credentials, settings.secret)
            except jwt.PyJWTError:
                raise bearer_refusal("invalid_token", "bad token") from None
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', "broken"),
    "the scope read from an unverified token": ('''
        async def orders_reader(credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            claims = jwt.decode(credentials.credentials, options={"verify_signature": False})
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', "another secret"),
    "no typ check in its own decode": ('''
        async def orders_reader(credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            try:
                claims = jwt.decode(credentials.credentials, settings.secret, algorithms=["HS256"],
                                    audience=settings.audience, issuer=settings.issuer,
                                    options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]})
            except jwt.InvalidTokenError as error:
                raise bearer_refusal("invalid_token", str(error)) from None
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', "typ"),
}


@pytest.mark.parametrize("case", DEPENDENCY_WRONG_ANSWERS)
def test_wrong_dependencies_are_refused_with_the_reason(notebook, case):
    source, reason = DEPENDENCY_WRONG_ANSWERS[case]
    correct, message = verdict(check_orders_dependency(answer(notebook, source, "orders_reader"),
                                                       notebook["fastapi_app"]))
    assert correct is False, message
    assert reason in message, message


# --- exercise 2: the Flask decorator -----------------------------------------------------------

def test_the_decorator_solution_and_one_written_from_scratch_pass(notebook):
    correct = solution(notebook, 2, "require_scope")
    assert check_scope_decorator(correct, notebook["flask_app"]).correct is True
    from_scratch = answer(notebook, '''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
                    if scheme.lower() != "bearer" or not token:
                        raise bearer_refusal(None, "no token")
                    try:
                        g.claims = current_app.config["TOKEN_POLICY"].verify(
                            token, current_app.config["SETTINGS"].secret)
                    except jwt.InvalidTokenError as error:
                        raise bearer_refusal("invalid_token", str(error)) from None
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing " + scope, scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "require_scope")
    assert check_scope_decorator(from_scratch, notebook["flask_app"]).correct is True


def test_an_undone_decorator_and_odd_inputs_never_raise(notebook):
    stub = answer(notebook, "def require_scope(scope):\n    ...\n", "require_scope")
    assert check_scope_decorator(stub, notebook["flask_app"]).correct is None
    assert check_scope_decorator(lambda scope: 42, notebook["flask_app"]).correct is False
    assert check_scope_decorator(42, notebook["flask_app"]).correct is False
    assert check_scope_decorator(solution(notebook, 2, "require_scope"), {}).correct is False


DECORATOR_WRONG_ANSWERS = {
    "no functools.wraps": ('''
        def require_scope(scope):
            def decorator(view):
                @require_token
                def guarded(*args, **kwargs):
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "functools.wraps"),
    "a fixed scope instead of the argument": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                @require_token
                def guarded(*args, **kwargs):
                    if "orders:read" not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope="orders:read")
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "the scope passed to require_scope"),
    "a plain decorator, not a factory": ('''
        def require_scope(view):
            @functools.wraps(view)
            @require_token
            def guarded(*args, **kwargs):
                return view(*args, **kwargs)
            return guarded
        ''', "decorator"),
    "a substring test": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                @require_token
                def guarded(*args, **kwargs):
                    if scope not in g.claims.get("scope", ""):
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "orders:readwrite"),
    "the claims kept in a global instead of g": ('''
        CLAIMS = {}

        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    _, _, token = request.headers.get("Authorization", "").partition(" ")
                    try:
                        CLAIMS.update(current_app.config["TOKEN_POLICY"].verify(
                            token, current_app.config["SETTINGS"].secret))
                    except jwt.InvalidTokenError as error:
                        raise bearer_refusal("invalid_token", str(error)) from None
                    if scope not in CLAIMS.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "claims"),
    "a bare except Exception": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
                    if scheme.lower() != "bearer" or not token:
                        raise bearer_refusal(None, "no token")
                    try:
                        g.claims = current_app.config["TOKEN_POLICY"].verify(
                            token, current_app.config["SETTINGS"].secret)
                    except Exception:
                        raise bearer_refusal("invalid_token", "bad token") from None
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "broken"),
    "its own decode with a mixed algorithm list": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
                    if scheme.lower() != "bearer" or not token:
                        raise bearer_refusal(None, "no token")
                    settings = current_app.config["SETTINGS"]
                    try:
                        g.claims = jwt.decode(token, settings.secret, algorithms=["HS256", "RS256", "HS512"],
                                              audience=settings.audience, issuer=settings.issuer)
                    except jwt.InvalidTokenError as error:
                        raise bearer_refusal("invalid_token", str(error)) from None
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "a token without exp"),
    "the scope checked before the signature": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    _, _, token = request.headers.get("Authorization", "").partition(" ")
                    try:
                        unverified = jwt.decode(token, options={"verify_signature": False})
                    except jwt.InvalidTokenError:
                        raise bearer_refusal(None, "no token") from None
                    if scope not in unverified.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return require_token(view)(*args, **kwargs)
                return guarded
            return decorator
        ''', "Verify the token first"),
}


@pytest.mark.parametrize("case", DECORATOR_WRONG_ANSWERS)
def test_wrong_decorators_are_refused_with_the_reason(notebook, case):
    source, reason = DECORATOR_WRONG_ANSWERS[case]
    correct, message = verdict(check_scope_decorator(answer(notebook, source, "require_scope"),
                                                     notebook["flask_app"]))
    assert correct is False, message
    assert reason in message, message


# --- exercise 3: the test of expiry ------------------------------------------------------------

def test_the_expiry_test_solution_and_a_travel_block_version_pass(notebook):
    assert check_expiry_test(solution(notebook, 3, "test_expired_token_gets_401")).correct is True
    with_travel = answer(notebook, '''
        import time_machine

        def test_expired(client, make_token):
            with time_machine.travel(datetime(2031, 5, 1, tzinfo=timezone.utc), tick=False):
                token = make_token()
                assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            with time_machine.travel(datetime(2031, 5, 1, 0, 10, tzinfo=timezone.utc), tick=False):
                assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "test_expired")
    assert check_expiry_test(with_travel).correct is True


def test_an_undone_test_and_odd_inputs_never_raise(notebook):
    stub = answer(notebook, "def test_x(client, make_token, time_machine):\n    ...\n", "test_x")
    assert check_expiry_test(stub).correct is None
    for odd in (42, "test", answer(notebook, "async def test_x(client):\n    return 1\n", "test_x")):
        assert check_expiry_test(odd).correct is False


EXPIRY_TEST_WRONG_ANSWERS = {
    "it sleeps": ('''
        import time

        def test_x(client, make_token):
            token = make_token(exp=datetime.now(timezone.utc) + timedelta(seconds=1))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            time.sleep(7)
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "time.sleep"),
    "it patches time.time, which PyJWT does not read": ('''
        import time
        from unittest import mock

        def test_x(client, make_token):
            token = make_token()
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            with mock.patch("time.time", return_value=time.time() + 3600):
                assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "failed at `assert client.get"),
    "it never shows the token accepted first": ('''
        def test_x(client, make_token):
            token = make_token(exp=datetime.now(timezone.utc) - timedelta(hours=1))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "refuses every token"),
    "it asserts nothing about the refusal": ('''
        def test_x(client, make_token, time_machine):
            time_machine.move_to(datetime(2030, 1, 1, tzinfo=timezone.utc), tick=False)
            token = make_token()
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            time_machine.shift(timedelta(hours=1))
            client.get("/me", headers={"Authorization": "Bearer " + token})
        ''', "never checks exp"),
    "it stops inside the leeway": ('''
        def test_x(client, make_token, time_machine):
            time_machine.move_to(datetime(2030, 1, 1, tzinfo=timezone.utc), tick=False)
            token = make_token()
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            time_machine.shift(timedelta(minutes=5, seconds=1))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "against a correct app"),
    "it asks for a fixture the checker does not give": ('''
        def test_x(client, make_token, monkeypatch):
            assert client
        ''', "monkeypatch"),
    "it raises something else": ('''
        def test_x(client, make_token, time_machine):
            time_machine.move_to(datetime(2030, 1, 1, tzinfo=timezone.utc), tick=False)
            return client.get("/me", headers=make_token())
        ''', "raised"),
}


@pytest.mark.parametrize("case", EXPIRY_TEST_WRONG_ANSWERS)
def test_wrong_expiry_tests_are_refused_with_the_reason(notebook, case):
    source, reason = EXPIRY_TEST_WRONG_ANSWERS[case]
    correct, message = verdict(check_expiry_test(answer(notebook, source, "test_x")))
    assert correct is False, message
    assert reason in message, message


def test_a_test_left_running_does_not_leave_the_clock_moved(notebook):
    """The checker stops time-machine even when the learner's test fails half-way."""
    import datetime as dt

    halfway = answer(notebook, '''
        def test_x(client, make_token, time_machine):
            time_machine.move_to(datetime(2040, 1, 1, tzinfo=timezone.utc), tick=False)
            assert False, "stopped half-way"
        ''', "test_x")
    assert check_expiry_test(halfway).correct is False
    assert dt.datetime.now(dt.timezone.utc).year < 2040

