"""10-11's checkers: a flag from the vulnerable API by its own trick, and the safe API's refusal."""

from __future__ import annotations

from collections.abc import Iterator

import jwt
import pytest

from helpers.exercises.attack_lab import ATTACKS, check_attack, check_replay_verdicts
from helpers.lab.api import LabService, send_to_both, serve
from helpers.lab.forging import forge, forge_hmac, make_key_server
from helpers.lab.issuer import LabIssuer
from helpers.lab.safe import make_safe_api
from helpers.lab.vulnerable import MISTAKES, make_vulnerable_api
from helpers.tokens.parts import split_token
from helpers.web.client import send
from helpers.web.server import start_server
from tests.unit.lab.forgeries import CHOSEN, FORGERIES, admin_claims_without, genuine


def test_every_mistake_has_a_forgery_and_a_checker_entry() -> None:
    assert set(FORGERIES) | {"lifetime and audience"} == set(MISTAKES)
    assert set(FORGERIES) == set(ATTACKS)


def test_check_attack_not_answered_wrong_type_and_wrong_server(lab_issuer, lab_servers) -> None:
    safe = lab_servers["safe"]
    assert check_attack("alg none", ..., lab_servers["alg none"], safe).correct is None
    assert check_attack("alg none", 42, lab_servers["alg none"], safe).correct is False
    assert check_attack("alg none", "a.b", lab_servers["alg none"], safe).correct is False
    token = forge(*genuine(lab_issuer), "none")
    assert check_attack("jku", token, lab_servers["alg none"], safe).correct is False
    assert check_attack("no such", token, lab_servers["alg none"], safe).correct is False


def test_check_attack_says_not_yet_when_the_flag_does_not_come_back(lab_issuer, lab_servers) -> None:
    user_token = forge(split_token(lab_issuer.issue()).header, split_token(lab_issuer.issue()).payload,
                       "none")
    feedback = check_attack("alg none", user_token, lab_servers["alg none"], lab_servers["safe"])
    assert feedback.correct is False and "403" in feedback.message
    assert "'role': 'admin'" in feedback.message


def test_check_attack_fails_when_the_safe_server_accepts_the_token(lab_issuer, lab_servers) -> None:
    token = forge(*genuine(lab_issuer), "none")
    lax_as_safe = lab_servers["unverified signature"]  # posing as the safe server: it accepts
    assert check_attack("alg none", token, lab_servers["alg none"], lax_as_safe).correct is False


def test_check_replay_verdicts(lab_issuer, lab_servers) -> None:
    stolen = lab_issuer.stolen_tokens()
    lax, safe = lab_servers["lifetime and audience"], lab_servers["safe"]
    right = {"no exp": "MissingRequiredClaimError", "expired": "jwt.ExpiredSignatureError",
             "for billing": "InvalidAudienceError"}
    assert check_replay_verdicts(right, stolen, lax, safe).correct is True
    assert check_replay_verdicts({**right, "expired": "DecodeError"}, stolen, lax, safe
                                 ).correct is False
    assert check_replay_verdicts({"no exp": "x"}, stolen, lax, safe).correct is False
    assert check_replay_verdicts(..., stolen, lax, safe).correct is None


def test_a_stopped_server_gets_a_hint_not_an_error(lab_issuer) -> None:
    vulnerable = serve(make_vulnerable_api("alg none", lab_issuer), name="test-lab-stopped")
    safe = serve(make_safe_api(lab_issuer), name="test-lab-stopped-safe")
    vulnerable.server.stop()
    feedback = check_attack("alg none", forge(*genuine(lab_issuer), "none"), vulnerable, safe)
    safe.server.stop()
    assert feedback.correct is False and "re-run the cells" in feedback.message


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
def test_a_forgery_with_bad_claims_gets_no_flag(mistake, forger, claims_of, lab_issuer,
                                                lab_servers) -> None:
    token = forger(lab_issuer, lab_servers, claims_of(lab_issuer))
    duel = send_to_both(token, lab_servers[mistake], lab_servers["safe"])
    assert not duel.vulnerable.flag_captured, duel
    assert check_attack(mistake, token, lab_servers[mistake], lab_servers["safe"]).correct is False


def test_the_trick_must_be_in_the_header(lab_issuer, lab_servers) -> None:
    """An alg-none token also opens the unverified-signature API, but that is attack 2."""
    token = forge(*genuine(lab_issuer), "none")
    assert send_to_both(token, lab_servers["unverified signature"], lab_servers["safe"]
                        ).vulnerable.flag_captured
    feedback = check_attack("unverified signature", token, lab_servers["unverified signature"],
                            lab_servers["safe"])
    assert feedback.correct is False and "does not use the 'unverified signature' trick" in \
        feedback.message


def test_the_safe_server_must_refuse_with_the_attacks_own_exception(lab_issuer) -> None:
    """A server that lets everything in stands in for a vulnerable API with a second mistake:
    a genuine admin token without exp captures its flag, and the safe server refuses it, but
    with MissingRequiredClaimError, not the InvalidSignatureError of an edited payload."""
    from helpers.lab.api import LabApi
    everything = serve(LabApi("vulnerable API", lambda token: {"role": "admin"},
                              mistake="unverified signature"), name="test-lab-everything")
    safe = serve(make_safe_api(lab_issuer), name="test-lab-everything-safe")
    shortcut = lab_issuer.issue("learner", "admin", lifetime=None)
    try:
        assert send_to_both(shortcut, everything, safe).vulnerable.flag_captured
        feedback = check_attack("unverified signature", shortcut, everything, safe)
    finally:
        everything.server.stop()
        safe.server.stop()
    assert feedback.correct is False
    assert "MissingRequiredClaimError, not InvalidSignatureError" in feedback.message


def test_a_genuine_admin_token_is_no_forgery(lab_issuer, lab_servers) -> None:
    token = lab_issuer.issue("learner", "admin")
    feedback = check_attack("unverified signature", token, lab_servers["unverified signature"],
                            lab_servers["safe"])
    assert feedback.correct is False and "genuine admin token" in feedback.message


def test_refusal_hints_face_the_attacker(lab_issuer, lab_servers) -> None:
    """No defender's "Fix:" from the server; a hint the attacker can act on instead."""
    broken_sql = forge({"alg": "HS256", "kid": f"x' UNION SELECT '{CHOSEN}'"}, genuine(lab_issuer)[1],
                       "hmac", key=CHOSEN)
    feedback = check_attack("kid sql", broken_sql, lab_servers["kid sql"], lab_servers["safe"])
    assert feedback.correct is False and "count the quotes" in feedback.message
    no_aud = forge({"alg": "HS256"}, admin_claims_without(lab_issuer, "aud"), "hmac",
                   key="my-secret")
    feedback = check_attack("weak secret", no_aud, lab_servers["weak secret"], lab_servers["safe"])
    assert feedback.correct is False and "Fix:" not in feedback.message
    assert "{**parts.payload, 'role': 'admin'}" in feedback.message


def test_a_moved_key_server_gets_a_hint(lab_issuer, lab_servers, attacker) -> None:
    gone = start_server(make_key_server(attacker.jwks), name="test-lab-keys-gone")
    token = forge(*genuine(lab_issuer), "jku", attacker=attacker, jku_url=gone.url + "/jwks.json")
    gone.stop()
    feedback = check_attack("jku", token, lab_servers["jku"], lab_servers["safe"])
    assert feedback.correct is False and "key server is no longer there" in feedback.message


# --- wrong answers that once passed this checker: each one is refused now ------------------------

@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[LabIssuer, dict[str, LabService]]]:
    issuer = LabIssuer()
    services = {"safe": serve(make_safe_api(issuer), name="exercise-lab-safe")}
    for mistake in ("lifetime and audience", "algorithm confusion"):
        services[mistake] = serve(make_vulnerable_api(mistake, issuer), name=f"exercise-lab-{mistake}")
    yield issuer, services
    for service in services.values():
        service.server.stop()


@pytest.mark.parametrize(("expired_class", "right"), [
    (jwt.ExpiredSignatureError, True),
    (jwt.DecodeError, False),  # a wrong class is still wrong
])
def test_replay_verdicts_given_as_exception_classes_are_judged_like_names(lab, expired_class, right):
    issuer, services = lab
    classes = {"no exp": jwt.MissingRequiredClaimError, "expired": expired_class,
               "for billing": jwt.InvalidAudienceError}
    feedback = check_replay_verdicts(classes, issuer.stolen_tokens(), services["lifetime and audience"],
                                     services["safe"])
    assert feedback.correct is right, feedback.text
    assert "<class" not in feedback.message


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
