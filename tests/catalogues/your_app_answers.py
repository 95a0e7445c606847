"""Notebook 12's exercises, as its cells leave them: the apps, and hard wrong answers to try.

A learner's answer runs in the notebook's namespace (Claims, bearer_refusal, require_token...), so
this module builds that namespace from the notebook's own app cells (as benchmark P12 does) and
defines each answer there, from its source, as a cell would. The wrong answers are one table for
two tests: tests/unit/exercises/test_every_checker.py (never Correct) and
tests/unit/exercises/test_your_app.py (refused for the right reason).
"""

from __future__ import annotations

import functools
import linecache
import secrets
import textwrap
from datetime import timedelta
from typing import Any

from tests.solution_code import solution_names
from tools.bench_apps import notebook_namespace


@functools.lru_cache(maxsize=1)
def notebook_12() -> dict[str, Any]:
    """The names notebook 12 defines before its exercises, with its two apps built."""
    names = notebook_namespace()
    settings = names["Settings"](secret=secrets.token_urlsafe(32), issuer="https://login.example.com",
                                 audience="profile-api", access_lifetime=timedelta(minutes=5),
                                 refresh_lifetime=timedelta(days=1), leeway=timedelta(seconds=5))
    users = names["UserStore"]()
    names["settings"] = settings
    names["fastapi_app"] = names["create_fastapi_app"](settings, users)
    names["flask_app"] = names["create_flask_app"](settings, users)
    return names


def answer(source: str, name: str) -> Any:
    """Define a learner's answer in the notebook's namespace, with its source in linecache as
    IPython keeps a cell's; return the function named `name`."""
    source = textwrap.dedent(source)
    filename = f"<answer {len(linecache.cache)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    scope = dict(notebook_12())
    exec(compile(source, filename, "exec"), scope)  # noqa: S102 - test answers
    return scope[name]


def solution(number: int, name: str) -> Any:
    """The function the shipped solution of exercise `number` defines."""
    return solution_names(f"12-your-app-ex{number}", **notebook_12())[name]


# A full policy written out by hand, as a learner who does not build on the notebook's policy
# would: right as it stands; each wrong answer below changes one argument.
POLICY = ('algorithms=["HS256"], audience=settings.audience, issuer=settings.issuer, leeway=5, '
          'options={"require": ["exp", "iat", "iss", "aud", "sub", "jti"]}')


def own_dependency(arguments: str = POLICY) -> str:
    """The source of an orders_reader that decodes the token itself with these arguments."""
    return f'''
        async def orders_reader(credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "send Authorization: Bearer <access token>")
            try:
                decoded = jwt.decode_complete(credentials.credentials, settings.secret, {arguments})
            except jwt.InvalidTokenError as error:
                raise token_refusal(error) from None
            if decoded["header"].get("typ") != "at+jwt":
                raise bearer_refusal("invalid_token")
            claims = decoded["payload"]
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        '''


def own_decorator(arguments: str = POLICY) -> str:
    """The source of a require_scope that decodes the token itself with these arguments."""
    return f'''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
                    if scheme.lower() != "bearer" or not token.strip():
                        raise bearer_refusal(None, "send Authorization: Bearer <access token>")
                    settings = current_app.config["SETTINGS"]
                    try:
                        decoded = jwt.decode_complete(token.strip(), settings.secret, {arguments})
                    except jwt.InvalidTokenError as error:
                        raise token_refusal(error) from None
                    if decoded["header"].get("typ") != "at+jwt":
                        raise bearer_refusal("invalid_token")
                    g.claims = decoded["payload"]
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing " + scope, scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        '''


def changed(old: str, new: str) -> str:
    """POLICY with one argument changed; fails loudly when `old` is not in it."""
    assert old in POLICY, old
    return POLICY.replace(old, new)


# label: (the learner's source, a phrase the feedback must contain)
ORDERS_READER = {
    "a substring test lets orders:readwrite in": ('''
        async def orders_reader(claims: Claims) -> dict:
            if "orders:read" not in claims.get("scope", ""):
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
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
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        ''', "KeyError"),
    "the claims are not returned": ('''
        async def orders_reader(claims: Claims):
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
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
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
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
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
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
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
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
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        ''', "broken"),
    "the scope read from an unverified token": ('''
        async def orders_reader(credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            claims = jwt.decode(credentials.credentials, options={"verify_signature": False})
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
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
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        ''', "typ"),
    # the expert review of notebook 12: each of these got "Correct" before the checker was fixed
    "ES256 listed beside HS256": (own_dependency(changed('["HS256"]', '["HS256", "ES256"]')), "ES256"),
    "HS384 listed beside HS256": (own_dependency(changed('["HS256"]', '["HS256", "HS384"]')), "HS384"),
    "'none' listed beside HS256": (own_dependency(changed('["HS256"]', '["HS256", "none"]')), "none"),
    "a leeway of 50 minutes": (own_dependency(changed("leeway=5", "leeway=timedelta(minutes=50)")),
                               "leeway"),
    "verify_nbf switched off": (own_dependency(changed("options={", 'options={"verify_nbf": False, ')),
                                "nbf"),
    "verify_iat switched off": (own_dependency(changed("options={", 'options={"verify_iat": False, ')),
                                "iat"),
    "verify_sub and verify_jti switched off": (own_dependency(changed(
        "options={", 'options={"verify_sub": False, "verify_jti": False, ')), "verify_"),
    "only exp required": (own_dependency(changed('"require": ["exp", "iat", "iss", "aud", "sub", "jti"]',
                                                 '"require": ["exp"]')), "Require"),
    "audience= a list that names another service too": (own_dependency(changed(
        "audience=settings.audience", 'audience=[settings.audience, "admin-api"]')), "audience"),
    "issuer= a list that names another issuer too": (own_dependency(changed(
        "issuer=settings.issuer", 'issuer=[settings.issuer, "https://any.example"]')), "issuer"),
    "a bare except Exception around a decode of the token as bytes": ('''
        async def orders_reader(request: Request, credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            try:
                claims = request.app.state.policy.verify(credentials.credentials.encode(), settings.secret)
            except Exception:
                raise bearer_refusal("invalid_token") from None
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        ''', "broken"),
    "PyJWT's exact reason told to the client": ('''
        async def orders_reader(request: Request, credentials: Credentials) -> dict:
            if credentials is None:
                raise bearer_refusal(None, "no token")
            try:
                claims = request.app.state.policy.verify(credentials.credentials, settings.secret)
            except jwt.InvalidTokenError as error:
                raise bearer_refusal("invalid_token", f"{type(error).__name__}: {error}") from None
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        ''', "log"),
    "the scope compared without case": ('''
        async def orders_reader(claims: Claims) -> dict:
            if "orders:read" not in claims.get("scope", "").lower().split():
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        ''', "case"),
    # the beginner review of notebook 12: mistakes whose feedback did not say what to do
    "the refusal returned instead of raised": ('''
        async def orders_reader(claims: Claims) -> dict:
            if "orders:read" not in claims.get("scope", "").split():
                return bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        ''', "raised, not returned"),
    "claims: dict instead of Claims": ('''
        async def orders_reader(claims: dict) -> dict:
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
            return claims
        ''', "Claims"),
    "the challenge does not name the missing scope": ('''
        async def orders_reader(claims: Claims) -> dict:
            if "orders:read" not in claims.get("scope", "").split():
                raise bearer_refusal("insufficient_scope", "needs orders:read")
            return claims
        ''', 'scope="orders:read"'),
}


REQUIRE_SCOPE = {
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
        ''', "'RS256', 'HS512'"),
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
    # the expert review of notebook 12: each of these got "Correct" before the checker was fixed
    "its own decode with ES256 beside HS256": (own_decorator(changed('["HS256"]', '["HS256", "ES256"]')),
                                               "ES256"),
    "its own decode with a leeway of 50 minutes": (own_decorator(changed(
        "leeway=5", "leeway=timedelta(minutes=50)")), "leeway"),
    "its own decode with verify_nbf off": (own_decorator(changed(
        "options={", 'options={"verify_nbf": False, ')), "nbf"),
    "its own decode requiring only exp": (own_decorator(changed(
        '"require": ["exp", "iat", "iss", "aud", "sub", "jti"]', '"require": ["exp"]')), "Require"),
    "any scheme taken for Bearer": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    _, _, token = request.headers.get("Authorization", "").partition(" ")
                    if not token:
                        raise bearer_refusal(None, "no token")
                    try:
                        g.claims = current_app.config["TOKEN_POLICY"].verify(
                            token, current_app.config["SETTINGS"].secret)
                    except jwt.InvalidTokenError as error:
                        raise token_refusal(error) from None
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "scheme"),
    "a bare except Exception around a decode of the token as bytes": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
                    if scheme.lower() != "bearer" or not token:
                        raise bearer_refusal(None, "no token")
                    try:
                        g.claims = current_app.config["TOKEN_POLICY"].verify(
                            token.encode(), current_app.config["SETTINGS"].secret)
                    except Exception:
                        raise bearer_refusal("invalid_token") from None
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "broken"),
    "the claims passed through a module global on their way to g": ('''
        STATE = {}

        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                @require_token
                def guarded(*args, **kwargs):
                    STATE["claims"] = g.claims
                    if scope not in STATE["claims"].get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    g.claims = STATE["claims"]
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "STATE"),
    "PyJWT's exact reason told to the client": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
                    if scheme.lower() != "bearer" or not token:
                        raise bearer_refusal(None)
                    try:
                        g.claims = current_app.config["TOKEN_POLICY"].verify(
                            token, current_app.config["SETTINGS"].secret)
                    except jwt.InvalidTokenError as error:
                        raise bearer_refusal("invalid_token", repr(error)) from None
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "log"),
    # the beginner review of notebook 12: mistakes whose feedback did not say what to do
    "g.claims read before any token was verified": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                def guarded(*args, **kwargs):
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "require_token"),
    "the view's answer not returned": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                @require_token
                def guarded(*args, **kwargs):
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing", scope=scope)
                    view(*args, **kwargs)
                return guarded
            return decorator
        ''', "return view"),
    "the refusal returned instead of raised": ('''
        def require_scope(scope):
            def decorator(view):
                @functools.wraps(view)
                @require_token
                def guarded(*args, **kwargs):
                    if scope not in g.claims.get("scope", "").split():
                        return bearer_refusal("insufficient_scope", "missing", scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "raised, not returned"),
}


EXPIRY_TEST = {
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
    # the expert review of notebook 12: each of these got "Correct" before the checker was fixed.
    # The waits are short (the token is made 3 s past its exp, within the 5 s leeway), so that
    # only a real wait, not a long run, can give them away.
    "it sleeps with sleep imported from time": ('''
        from time import sleep

        def test_x(client, make_token):
            token = make_token(exp=datetime.now(timezone.utc) - timedelta(seconds=3))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            sleep(2.5)
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "sleep"),
    "it waits on a threading.Event": ('''
        import threading

        def test_x(client, make_token):
            token = make_token(exp=datetime.now(timezone.utc) - timedelta(seconds=3))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            threading.Event().wait(2.5)
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "wait"),
    "it waits with asyncio.sleep": ('''
        import asyncio

        def test_x(client, make_token):
            token = make_token(exp=datetime.now(timezone.utc) - timedelta(seconds=3))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            asyncio.run(asyncio.sleep(2.5))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "sleep"),
    "it waits in a way no patch sees (select with a timeout)": ('''
        import select

        def test_x(client, make_token):
            token = make_token(exp=datetime.now(timezone.utc) - timedelta(seconds=3))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            select.select([], [], [], 3)
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 401
        ''', "of real time"),
    "two different tokens, and the clock never moves": ('''
        def test_x(client, make_token):
            fresh = make_token()
            old = make_token(iat=datetime.now(timezone.utc) - timedelta(hours=1),
                             exp=datetime.now(timezone.utc) - timedelta(minutes=55))
            assert client.get("/me", headers={"Authorization": "Bearer " + fresh}).status_code == 200
            assert client.get("/me", headers={"Authorization": "Bearer " + old}).status_code == 401
        ''', "same token"),
    "any refusal will do (!= 200)": ('''
        def test_x(client, make_token, time_machine):
            time_machine.move_to(datetime(2030, 1, 1, tzinfo=timezone.utc), tick=False)
            token = make_token()
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code == 200
            time_machine.shift(timedelta(hours=1))
            assert client.get("/me", headers={"Authorization": "Bearer " + token}).status_code != 200
        ''', "500"),
}
