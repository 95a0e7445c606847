"""12-your-app's checkers against the wrong answers a learner writes: each is refused, and for
the right reason (the feedback names what to fix). The answers and the notebook's namespace they
run in are in tests/catalogues/your_app_answers.py, shared with test_every_checker.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from helpers.exercises import check_expiry_test, check_orders_dependency, check_scope_decorator
from tests.catalogues.your_app_answers import (
    EXPIRY_TEST,
    ORDERS_READER,
    POLICY,
    REQUIRE_SCOPE,
    answer,
    notebook_12,
    own_decorator,
    own_dependency,
    solution,
)


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return notebook_12()


def verdict(feedback: Any) -> tuple[bool | None, str]:
    return feedback.correct, feedback.message


# --- exercise 1: the FastAPI dependency --------------------------------------------------------

def test_the_solution_and_a_plain_def_version_pass(notebook):
    assert verdict(check_orders_dependency(solution(1, "orders_reader"),
                                           notebook["fastapi_app"]))[0] is True
    plain = answer('''
        def orders_reader(claims: Claims) -> dict:
            if "orders:read" in claims.get("scope", "").split(" "):
                return claims
            raise bearer_refusal("insufficient_scope", "needs orders:read", scope="orders:read")
        ''', "orders_reader")
    assert check_orders_dependency(plain, notebook["fastapi_app"]).correct is True


@pytest.mark.parametrize("arguments", [POLICY, POLICY.replace("leeway=5", "leeway=settings.leeway")],
                         ids=["leeway=5", "leeway=settings.leeway"])
def test_a_policy_written_out_by_hand_passes_both_checkers(notebook, arguments):
    """A learner who writes the whole decode out (one algorithm, audience, issuer, the required
    claims, a small leeway, the typ) instead of building on the notebook's policy is right too."""
    dependency = answer(own_dependency(arguments), "orders_reader")
    assert verdict(check_orders_dependency(dependency, notebook["fastapi_app"]))[0] is True
    decorator = answer(own_decorator(arguments), "require_scope")
    assert verdict(check_scope_decorator(decorator, notebook["flask_app"]))[0] is True


def test_undone_and_odd_inputs_never_raise(notebook):
    stub = answer("async def orders_reader(claims: Claims) -> dict:\n    ...\n", "orders_reader")
    assert check_orders_dependency(stub, notebook["fastapi_app"]).correct is None
    assert check_orders_dependency(..., notebook["fastapi_app"]).correct is None
    for odd in (42, "orders_reader", None):
        assert check_orders_dependency(odd, notebook["fastapi_app"]).correct in (False, None)
    correct = solution(1, "orders_reader")
    missing_app = check_orders_dependency(correct, object())
    assert missing_app.correct is False and "fastapi_app" in missing_app.message




@pytest.mark.parametrize("case", ORDERS_READER)
def test_wrong_dependencies_are_refused_with_the_reason(notebook, case):
    source, reason = ORDERS_READER[case]
    correct, message = verdict(check_orders_dependency(answer(source, "orders_reader"),
                                                       notebook["fastapi_app"]))
    assert correct is False, message
    assert reason in message, message


# --- exercise 2: the Flask decorator -----------------------------------------------------------

def test_the_decorator_solution_and_one_written_from_scratch_pass(notebook):
    correct = solution(2, "require_scope")
    assert check_scope_decorator(correct, notebook["flask_app"]).correct is True
    from_scratch = answer('''
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
                        raise token_refusal(error) from None
                    if scope not in g.claims.get("scope", "").split():
                        raise bearer_refusal("insufficient_scope", "missing " + scope, scope=scope)
                    return view(*args, **kwargs)
                return guarded
            return decorator
        ''', "require_scope")
    assert check_scope_decorator(from_scratch, notebook["flask_app"]).correct is True


def test_an_undone_decorator_and_odd_inputs_never_raise(notebook):
    stub = answer("def require_scope(scope):\n    ...\n", "require_scope")
    assert check_scope_decorator(stub, notebook["flask_app"]).correct is None
    assert check_scope_decorator(lambda scope: 42, notebook["flask_app"]).correct is False
    assert check_scope_decorator(42, notebook["flask_app"]).correct is False
    assert check_scope_decorator(solution(2, "require_scope"), {}).correct is False




@pytest.mark.parametrize("case", REQUIRE_SCOPE)
def test_wrong_decorators_are_refused_with_the_reason(notebook, case):
    source, reason = REQUIRE_SCOPE[case]
    correct, message = verdict(check_scope_decorator(answer(source, "require_scope"),
                                                     notebook["flask_app"]))
    assert correct is False, message
    assert reason in message, message


# --- exercise 3: the test of expiry ------------------------------------------------------------

def test_the_expiry_test_solution_and_a_travel_block_version_pass(notebook):
    assert check_expiry_test(solution(3, "test_expired_token_gets_401")).correct is True
    with_travel = answer('''
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
    stub = answer("def test_x(client, make_token, time_machine):\n    ...\n", "test_x")
    assert check_expiry_test(stub).correct is None
    for odd in (42, "test", answer("async def test_x(client):\n    return 1\n", "test_x")):
        assert check_expiry_test(odd).correct is False




@pytest.mark.parametrize("case", EXPIRY_TEST)
def test_wrong_expiry_tests_are_refused_with_the_reason(notebook, case):
    source, reason = EXPIRY_TEST[case]
    correct, message = verdict(check_expiry_test(answer(source, "test_x")))
    assert correct is False, message
    assert reason in message, message


def test_a_test_left_running_does_not_leave_the_clock_moved(notebook):
    """The checker stops time-machine even when the learner's test fails half-way."""
    import datetime as dt

    halfway = answer('''
        def test_x(client, make_token, time_machine):
            time_machine.move_to(datetime(2040, 1, 1, tzinfo=timezone.utc), tick=False)
            assert False, "stopped half-way"
        ''', "test_x")
    assert check_expiry_test(halfway).correct is False
    assert dt.datetime.now(dt.timezone.utc).year < 2040

