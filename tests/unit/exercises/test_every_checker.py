"""Every exercise of every notebook, through the registry: hard wrong answers are never Correct.

No checker is trusted on its own: the table in tests/catalogues/wrong_answers.py must name at
least three hard wrong answers for each exercise in helpers/exercises/registry.py, and each of them must get
"Not yet". Its right answer, in the same context, must get "Correct", so that a checker that
refuses everything, or a context that is broken, fails here too.
"""

from __future__ import annotations

import secrets
import warnings
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

import helpers.exercises
from helpers.exercises.feedback import Feedback
from helpers.exercises.registry import EXERCISES, Exercise
from helpers.key_sets.server import JWKS_PATH, JwksApp
from helpers.keys.jwk import public_jwk
from helpers.lab.api import serve
from helpers.lab.forging import AttackerKey, make_key_server
from helpers.lab.issuer import LabIssuer
from helpers.lab.safe import make_safe_api
from helpers.lab.vulnerable import MISTAKES, make_vulnerable_api
from helpers.providers.catalog import start_provider
from helpers.services.bearer_api import BearerAPI
from helpers.services.passwords import TEST_COST
from helpers.services.users import UserStore
from helpers.web.server import start_server
from tests.catalogues.wrong_answers import RIGHT, WRONG, Context

MINIMUM_WRONG = 3


@pytest.fixture(scope="module")
def context() -> Iterator[Context]:
    ctx = Context()
    ctx.rsa_one, ctx.rsa_two = (rsa.generate_private_key(public_exponent=65537, key_size=2048)
                                for _ in range(2))
    ctx.my_key = ec.generate_private_key(ec.SECP256R1())
    issuer = JwksApp(public_jwk(ctx.rsa_one.public_key(), "key-1", "RS256"))
    issuer.publish(ctx.my_key.public_key(), kid="my-key", algorithm="ES256")
    servers = [start_server(issuer, name="every-checker-jwks")]
    ctx.jwks_url = servers[0].url + JWKS_PATH
    users = UserStore(cost=TEST_COST)
    ctx.api_password = "correct horse battery staple"
    users.add("ada@example.com", ctx.api_password)
    servers.append(start_server(BearerAPI(users, secrets.token_urlsafe(32)).app,
                                name="every-checker-api"))
    ctx.api_url = servers[-1].url
    ctx.lab = LabIssuer()
    ctx.services = {"safe": serve(make_safe_api(ctx.lab), name="every-checker-safe")}
    for mistake in MISTAKES:
        ctx.services[mistake] = serve(make_vulnerable_api(mistake, ctx.lab),
                                      name=f"every-checker-{mistake}")
    ctx.attacker = AttackerKey()
    servers.append(start_server(make_key_server(ctx.attacker.jwks), name="every-checker-keys"))
    ctx.key_server_url = servers[-1].url
    ctx.cognito = start_provider("cognito", name="every-checker-cognito")
    servers.append(ctx.cognito.server)
    yield ctx
    for server in [*servers, *(service.server for service in ctx.services.values())]:
        server.stop()


def judge(exercise: Exercise, args: tuple) -> Feedback:
    checker = getattr(helpers.exercises, exercise.checker)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a wrong answer may use a short key: a verdict, no warning
        return checker(*((exercise.attack,) if exercise.attack else ()), *args)


def test_every_exercise_has_a_right_answer_and_hard_wrong_ones():
    keys = [exercise.key for exercise in EXERCISES]
    too_few = [key for key in keys if len(WRONG.get(key, [])) < MINIMUM_WRONG]
    assert not too_few, f"give these exercises at least {MINIMUM_WRONG} hard wrong answers: {too_few}"
    assert not [key for key in keys if key not in RIGHT], "every exercise needs its right answer"
    assert set(WRONG) == set(RIGHT) == set(keys), "the table names an exercise the registry lacks"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.key)
def test_the_right_answer_is_correct(context, exercise):
    feedback = judge(exercise, RIGHT[exercise.key](context))
    assert feedback.correct is True, feedback.text


WRONG_TRIALS = [(exercise, label, build) for exercise in EXERCISES
                for label, build in WRONG.get(exercise.key, [])]


@pytest.mark.parametrize(("exercise", "label", "build"), WRONG_TRIALS,
                         ids=[f"{e.key}: {label}" for e, label, _ in WRONG_TRIALS])
def test_a_hard_wrong_answer_is_never_correct(context, exercise, label, build):
    feedback = judge(exercise, build(context))
    assert feedback.correct is False, f"{exercise.key}, {label}: {feedback.text}"
    assert "\n" not in feedback.message and feedback.message
