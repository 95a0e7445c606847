"""The 05 and 06 checkers: 'your turn' when undone, 'not yet' for wrong answers, never raising."""

import secrets

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from helpers.exercises.claims import ISSUER, check_except_clause, check_policy_verifier
from helpers.exercises.keys import check_es256_pair, check_loaded_key_token
from helpers.keys.pairs import private_pem, public_pem
from tests.solution_code import solution_names

SECRET = secrets.token_urlsafe(32)


good_verify = solution_names("05-claims-ex1", jwt=jwt, SECRET=SECRET, ISSUER=ISSUER)["verify"]


def test_undone_exercises_say_your_turn():
    def stub(token): ...

    results = [check_policy_verifier(stub, SECRET), check_policy_verifier(..., SECRET),
               check_except_clause(...), check_es256_pair(..., ...),
               check_loaded_key_token(..., b"")]
    assert all(r.correct is None and r.text.startswith("✏️ Your turn") for r in results)


def test_the_policy_verifier_checker():
    assert check_policy_verifier(good_verify, SECRET).correct is True

    def no_require(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"], audience="orders-api",
                              issuer=ISSUER)
        except jwt.InvalidTokenError:
            return None

    feedback = check_policy_verifier(no_require, SECRET)
    assert feedback.correct is False and "without exp" in feedback.message

    def raises(token):
        return jwt.decode(token, SECRET, algorithms=["HS256"], audience="orders-api")

    feedback = check_policy_verifier(raises, SECRET)
    assert feedback.correct is False and "catch" in feedback.message
    assert check_policy_verifier(lambda token: 1 / 0, SECRET).correct is False  # never raises
    assert check_policy_verifier(42, SECRET).correct is False


@pytest.mark.parametrize("answer, correct", [
    (jwt.InvalidTokenError, True), (jwt.PyJWTError, False), (Exception, False),
    (jwt.DecodeError, False), (jwt.InvalidKeyError, False), ("InvalidTokenError", False),
])
def test_the_except_clause_checker(answer, correct):
    assert check_except_clause(answer).correct is correct


@pytest.fixture(scope="module")
def p256():
    return ec.generate_private_key(ec.SECP256R1())


def test_the_es256_pair_checker(p256):
    token = jwt.encode({"sub": "ada"}, p256, algorithm="ES256")
    assert check_es256_pair(token, public_pem(p256)).correct is True
    assert check_es256_pair(token, public_pem(p256).decode()).correct is True
    other = public_pem(ec.generate_private_key(ec.SECP256R1()))
    assert "same private key" in check_es256_pair(token, other).message
    assert "PRIVATE key" in check_es256_pair(token, private_pem(p256)).message
    wrong_alg = jwt.encode({"sub": "ada"}, secrets.token_urlsafe(32), algorithm="HS256")
    assert "ES256" in check_es256_pair(wrong_alg, public_pem(p256)).message
    assert check_es256_pair(token, p256.public_key()).correct is False


def test_the_loaded_key_checker():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode({"sub": "ada"}, key, algorithm="RS256")
    assert check_loaded_key_token(token, public_pem(key)).correct is True
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    wrong = jwt.encode({"sub": "ada"}, other, algorithm="RS256")
    assert check_loaded_key_token(wrong, public_pem(key)).correct is False
    assert check_loaded_key_token("not a token", public_pem(key)).correct is False


# --- review fixes (05/06 expert + beginner reviews) ---
REAL_DECODE_COMPLETE = jwt.api_jws.PyJWS.decode_complete


def verifier(catch=jwt.InvalidTokenError, algorithms=("HS256",), require=("exp", "iat", "sub"),
             **options):
    def verify(token):
        try:
            return jwt.decode(token, SECRET, algorithms=list(algorithms), audience="orders-api",
                              issuer=ISSUER, options={"require": list(require), **options})
        except catch:
            return None
    return verify


@pytest.mark.parametrize("catch", [Exception, jwt.PyJWTError])
def test_a_broad_except_is_refused(catch):
    feedback = check_policy_verifier(verifier(catch=catch), SECRET)
    assert feedback.correct is False and "InvalidKeyError" in feedback.message
    assert check_policy_verifier(verifier(), SECRET).correct is True
    assert jwt.api_jws.PyJWS.decode_complete is REAL_DECODE_COMPLETE  # the checker's patch is gone


def test_a_missing_iat_requirement_is_refused():
    feedback = check_policy_verifier(verifier(require=("exp", "sub")), SECRET)
    assert feedback.correct is False and "without iat" in feedback.message


@pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")
def test_another_hs_algorithm_is_refused():
    feedback = check_policy_verifier(verifier(algorithms=("HS256", "HS512")), SECRET)
    assert feedback.correct is False and "HS512" in feedback.message
    assert "algorithms=['HS256']" in feedback.message


def test_a_switched_off_exp_check_gets_the_verify_hint():
    feedback = check_policy_verifier(verifier(verify_exp=False), SECRET)
    assert feedback.correct is False and "verify_*" in feedback.message


def test_a_verifier_that_imports_decode_directly_still_passes():
    from jwt import decode

    def verify(token):
        try:
            return decode(token, SECRET, algorithms=["HS256"], audience="orders-api",
                          issuer=ISSUER, options={"require": ["exp", "iat", "sub"]})
        except jwt.InvalidTokenError:
            return None

    assert check_policy_verifier(verify, SECRET).correct is True


@pytest.mark.parametrize("answer, missed", [
    (jwt.ExpiredSignatureError, "InvalidAudienceError"),
    (jwt.InvalidAudienceError, "ExpiredSignatureError"),
    (jwt.DecodeError, "ExpiredSignatureError"),
])
def test_the_except_clause_example_is_one_the_answer_misses(answer, missed):
    feedback = check_except_clause(answer)
    assert feedback.correct is False and f"e.g. not {missed}" in feedback.message


def test_exception_is_not_told_to_go_one_level_down():
    for answer in (Exception, BaseException):
        message = check_except_clause(answer).message
        assert "one level down" not in message and "PyJWT's classes" in message
    assert "one level down" in check_except_clause(jwt.PyJWTError).message


def test_a_tuple_of_classes_is_explained():
    feedback = check_except_clause((jwt.InvalidTokenError, jwt.InvalidKeyError))
    assert feedback.correct is False and "not a tuple" in feedback.message


def test_a_public_key_of_the_wrong_type_gets_a_plain_message(p256):
    token = jwt.encode({"sub": "ada"}, p256, algorithm="ES256")
    for other in (rsa.generate_private_key(public_exponent=65537, key_size=2048),
                  ec.generate_private_key(ec.SECP384R1())):
        feedback = check_es256_pair(token, public_pem(other))
        assert feedback.correct is False and "not a P-256 (ES256) public key" in feedback.message
        assert "generator object" not in feedback.message
    assert "an object of type" in check_es256_pair(token, p256.public_key()).message


def test_the_loaded_key_checker_reads_the_payload():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({"sub": "mallory", "admin": True}, key, algorithm="RS256")
    feedback = check_loaded_key_token(forged, public_pem(key))
    assert feedback.correct is False and "'sub': 'ada'" in feedback.message
    good = jwt.encode({"sub": "ada"}, key, algorithm="RS256")
    assert check_loaded_key_token(good, public_pem(key)).correct is True
    new_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert "re-ran the issuer cell" in check_loaded_key_token(good, public_pem(new_key)).message
