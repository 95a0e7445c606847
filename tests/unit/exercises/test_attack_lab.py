"""The attack lab's checkers: right answers in another spelling pass, and words stay true."""

from __future__ import annotations

from collections.abc import Iterator

import jwt
import pytest

from helpers.exercises.attack_lab import check_attack, check_replay_verdicts
from helpers.lab.api import LabService, serve
from helpers.lab.forging import forge_hmac
from helpers.lab.issuer import LabIssuer
from helpers.lab.safe import make_safe_api
from helpers.lab.vulnerable import make_vulnerable_api
from helpers.tokens.parts import split_token
from helpers.web.client import send


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[LabIssuer, dict[str, LabService]]]:
    issuer = LabIssuer()
    services = {"safe": serve(make_safe_api(issuer), name="exercise-lab-safe")}
    for mistake in ("lifetime and audience", "algorithm confusion"):
        services[mistake] = serve(make_vulnerable_api(mistake, issuer), name=f"exercise-lab-{mistake}")
    yield issuer, services
    for service in services.values():
        service.server.stop()


def test_replay_verdicts_given_as_exception_classes_are_right(lab):
    issuer, services = lab
    classes = {"no exp": jwt.MissingRequiredClaimError, "expired": jwt.ExpiredSignatureError,
               "for billing": jwt.InvalidAudienceError}
    feedback = check_replay_verdicts(classes, issuer.stolen_tokens(), services["lifetime and audience"],
                                     services["safe"])
    assert feedback.correct is True, feedback.text
    assert "<class" not in feedback.message


def test_a_wrong_class_is_still_wrong(lab):
    issuer, services = lab
    classes = {"no exp": jwt.MissingRequiredClaimError, "expired": jwt.DecodeError,
               "for billing": jwt.InvalidAudienceError}
    feedback = check_replay_verdicts(classes, issuer.stolen_tokens(), services["lifetime and audience"],
                                     services["safe"])
    assert feedback.correct is False


@pytest.mark.parametrize("algorithm", ["HS256", "HS512"])
def test_the_confusion_success_names_the_algorithm_the_token_asked_for(lab, algorithm):
    issuer, services = lab
    parts = split_token(issuer.issue(sub="learner", role="user"))
    public_pem = send("GET", services["algorithm confusion"].url + "/public-key.pem").text
    token = forge_hmac({**parts.header, "alg": algorithm}, {**parts.payload, "role": "admin"},
                       public_pem)
    feedback = check_attack("algorithm confusion", token, services["algorithm confusion"],
                            services["safe"])
    assert feedback.correct is True, feedback.text
    assert algorithm in feedback.message
    if algorithm != "HS256":
        assert "HS256" not in feedback.message
