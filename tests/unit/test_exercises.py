"""Exercise checkers: friendly, never raising, and they can say 'Not yet'."""

import secrets

import jwt
import pytest
from jwt import decode as jwt_decode

from helpers import exercises
from helpers.exercises.feedback import Feedback, friendly

SECRET = secrets.token_urlsafe(32)
SECRET_384 = secrets.token_urlsafe(48)


def reset_token(email, secret, minutes=15):
    from datetime import datetime, timedelta, timezone

    now = datetime.now(timezone.utc)
    claims = {"sub": email, "purpose": "password-reset", "jti": "x1",
              "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm="HS256")


def test_left_undone_every_checker_says_your_turn():
    def stub(token): ...

    results = [
        exercises.check_version_answer(...), exercises.check_fix_command(...),
        exercises.check_hs384_token(..., ...), exercises.check_hs384_token(..., SECRET_384),
        exercises.check_payload_read_by_hand(..., jwt.encode({}, SECRET, algorithm="HS256")),
        exercises.check_secret_strength(...), exercises.check_verdicts(..., {}, SECRET),
        exercises.check_safe_decode(stub, SECRET), exercises.check_ten_minute_token(..., SECRET, ...),
        exercises.check_reset_verifier(stub, SECRET, reset_token),
    ]
    assert all(r.correct is None and r.text.startswith("✏️ Your turn") for r in results)


@pytest.mark.parametrize("answer, correct", [
    (jwt.encode({"user": "ada"}, SECRET_384, algorithm="HS384"), True),
    (jwt.encode({"user": "ada"}, SECRET_384, algorithm="HS256"), False),
    (jwt.encode({"user": "bob"}, SECRET_384, algorithm="HS384"), False),
    (jwt.encode({"user": "ada"}, SECRET_384 + "x", algorithm="HS384"), False),
    (b"bytes", False),
    ("garbage", False),
])
def test_hs384_checker(answer, correct):
    assert exercises.check_hs384_token(answer, SECRET_384).correct is correct


def test_hs384_checker_wants_a_48_byte_secret():
    feedback = exercises.check_hs384_token(..., SECRET)
    assert feedback.correct is False and "HS384 wants 48" in feedback.message


@pytest.mark.parametrize("secret, correct", [
    (secrets.token_urlsafe(48), True),
    (secrets.token_bytes(48), True),      # PyJWT takes bytes keys too
    ("a" * 48, False),                     # 48 bytes long, no randomness
    (secrets.token_hex(24), False),        # 48 characters, only 24 random bytes
])
def test_hs384_checker_judges_the_randomness_of_the_secret(secret, correct):
    token = jwt.encode({"user": "ada"}, secret, algorithm="HS384")
    assert exercises.check_hs384_token(token, secret).correct is correct


@pytest.mark.parametrize("command, correct", [
    ("python -m pip uninstall -y jwt PyJWT && python -m pip install 'pyjwt>=2.10'", True),  # diagnose()
    ("pip uninstall -y jwt pyjwt && pip install pyjwt", True),
    ("pip uninstall -y jwt; pip uninstall -y pyjwt; pip install pyjwt", True),
    ("pip uninstall -y jwt && pip install --force-reinstall pyjwt", True),
    ("pip uninstall -y jwt && pip install pyjwt", False),  # leaves PyJWT without its shared files
    ("pip install pyjwt", False),
    ("pip uninstall -y jwt pyjwt", False),
    ("pip install pyjwt && pip uninstall -y jwt pyjwt", False),  # the install comes first
    ("pip uninstall -y jwt pyjwt && pip install jwt pyjwt", False),  # the wrong package again
    ("pip uninstall -y jwt pyjwt && pip install pyjwt==1.7.1", False),
    ("pip uninstall -y jwt pyjwt && pip install 'pyjwt<2.15'", False),
    ("pip uninstall -y jwt pyjwt && pip install 'pyjwt>=2.15,<3'", True),
    ("%pip uninstall -y jwt pyjwt && %pip install pyjwt", False),  # one %pip per line
])
def test_fix_command_checker_agrees_with_diagnose(command, correct):
    assert exercises.check_fix_command(command).correct is correct


def test_fix_command_checker_asks_for_one_string():
    feedback = exercises.check_fix_command(["pip uninstall -y jwt pyjwt", "pip install pyjwt"])
    assert feedback.correct is False and "one string" in feedback.message


def test_fix_command_checker_accepts_the_command_diagnose_prints():
    from helpers.setup.environment import EnvironmentFacts, diagnose

    facts = EnvironmentFacts(jwt_importable=True, jwt_has_encode=False, pyjwt_version=None,
                             other_jwt_distribution=True, cryptography_version="44.0.0")
    assert exercises.check_fix_command(" && ".join(diagnose(facts).fixes)).correct is True


@pytest.mark.parametrize("make_secret, correct", [
    (lambda: secrets.token_urlsafe(32), True),
    (lambda: secrets.token_hex(32), True),
    (lambda: secrets.token_hex(32).upper(), True),
    (lambda: secrets.token_bytes(32), True),
    (lambda: secrets.token_hex(16), False),       # 32 characters, but only 16 random bytes
    (lambda: secrets.token_hex(24).upper(), False),  # hex counts 4 bits a character, either case
    (lambda: secrets.token_urlsafe(16), False),
    (lambda: secrets.token_hex(16) * 2, False),    # an exact repeat
    (lambda: "abcdefghijklmnopqrstuvwxyz0123456789" + secrets.token_urlsafe(8), False),  # a sequence
    (lambda: "a" * 32, False),
    (lambda: "ThisIsMyVeryLongAndSecurePasswordForJWT2024", False),  # a password a person chose
    (lambda: "correct-horse-battery-staple-purple-monkey-dishwasher", False),
    (lambda: b"\x00" * 32, False),
    (lambda: secrets.token_bytes(16), False),
])
def test_secret_strength_wants_a_function_making_fresh_random_secrets(make_secret, correct):
    assert exercises.check_secret_strength(make_secret).correct is correct


def test_secret_strength_wants_the_function_not_a_string():
    feedback = exercises.check_secret_strength(secrets.token_urlsafe(32))
    assert feedback.correct is False and "function" in feedback.message


def test_secret_strength_rounds_down_and_never_contradicts_itself():
    message = exercises.check_secret_strength(lambda: secrets.token_urlsafe(42)[:42]).message
    assert "31" in message and "fewer than 32" in message
    assert "16" in exercises.check_secret_strength(lambda: secrets.token_hex(16)).message


def test_payload_checker_says_bytes_for_bytes():
    token = exercises.make_mystery_token()
    feedback = exercises.check_payload_read_by_hand(b'{"user": "x"}', token)
    assert feedback.correct is False and "bytes" in feedback.message


def test_mystery_tokens_differ_so_the_payload_must_be_read():
    from helpers.tokens.parts import split_token

    payloads = {str(split_token(exercises.make_mystery_token()).payload) for _ in range(5)}
    assert len(payloads) > 1


@pytest.mark.parametrize("answer", [{"a": "True", "b": False, "c": False}, {"a": 1, "b": 0, "c": 0}])
def test_verdicts_want_true_or_false_without_quotes(answer):
    suspects = {"a": jwt.encode({"u": 1}, SECRET, algorithm="HS256"),
                "b": jwt.encode({"u": 1}, SECRET + "x", algorithm="HS256"), "c": "x.y.z"}
    feedback = exercises.check_verdicts(answer, suspects, SECRET)
    assert feedback.correct is False and "without quotes" in feedback.message
    assert exercises.check_verdicts({"a": True, "b": False, "c": False}, suspects, SECRET).correct


@pytest.mark.parametrize("answer", ["3", 3.0, "three"])
def test_part_count_says_a_number_is_wanted(answer):
    feedback = exercises.check_part_count(answer)
    assert feedback.correct is False and "dots in the token" not in feedback.message
    assert "quotes" in feedback.message


def test_version_checker_wants_the_installed_version():
    from importlib.metadata import version

    assert exercises.check_version_answer(version("pyjwt")).correct is True
    assert exercises.check_version_answer("1.7.1").correct is False


def test_safe_decode_checker_catches_functions_that_raise_or_accept_forgeries():
    def raises(token):
        return jwt.decode(token, SECRET, algorithms=["HS256"])

    def no_verification(token):
        return jwt.decode(token, options={"verify_signature": False})  # the bad habit, on purpose

    def good(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return None

    assert "raised InvalidSignatureError" in exercises.check_safe_decode(raises, SECRET).message
    assert exercises.check_safe_decode(no_verification, SECRET).correct is False
    assert exercises.check_safe_decode(good, SECRET).correct is True


def test_ten_minute_checker_refuses_a_naive_expires_even_on_a_utc_machine():
    from datetime import datetime, timedelta, timezone

    naive = (datetime.now(timezone.utc) + timedelta(minutes=10)).replace(tzinfo=None)
    token = jwt.encode({"user": "ada", "exp": naive}, SECRET, algorithm="HS256")
    feedback = exercises.check_ten_minute_token(token, SECRET, naive)
    assert feedback.correct is False and "naive" in feedback.message


def test_ten_minute_checker_accepts_an_aware_expires_and_its_token():
    from datetime import datetime, timedelta, timezone

    expires = datetime.now(timezone.utc) + timedelta(minutes=10)
    token = jwt.encode({"user": "ada", "exp": expires}, SECRET, algorithm="HS256")
    assert exercises.check_ten_minute_token(token, SECRET, expires).correct is True
    other = jwt.encode({"user": "ada", "exp": expires + timedelta(seconds=30)}, SECRET, algorithm="HS256")
    assert exercises.check_ten_minute_token(other, SECRET, expires).correct is False


def test_reset_verifier_checker_refuses_a_verifier_that_ignores_purpose():
    def ignores_purpose(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256"])["sub"]
        except jwt.InvalidTokenError:
            return None

    assert exercises.check_reset_verifier(ignores_purpose, SECRET, reset_token).correct is False


def test_editor_exercise_left_undone_does_not_mention_dots_to_replace():
    class Editor:
        token = jwt.encode({"key": "value"}, SECRET, algorithm="HS256")

    feedback = exercises.check_editor_payload(Editor())
    assert feedback.correct is None and "..." not in feedback.message


def test_friendly_turns_exceptions_into_feedback():
    @friendly
    def broken(answer):
        raise KeyError("boom")

    feedback = broken(1)
    assert isinstance(feedback, Feedback) and feedback.correct is False
    assert "KeyError" in feedback.message


def test_feedback_is_not_colour_only():
    html = Feedback(False, "try again")._repr_html_()
    assert "Not yet" in html and "❌" in html


@pytest.mark.filterwarnings("ignore::jwt.InsecureKeyLengthWarning")  # the wrong answer decodes HS512
def test_safe_decode_checker_refuses_the_algorithm_from_the_header():
    def header_alg(token):
        try:
            return jwt.decode(token, SECRET, algorithms=[jwt.get_unverified_header(token)["alg"]])
        except Exception:  # noqa: BLE001 - a learner's answer
            return None

    for wrong in (header_alg,):
        feedback = exercises.check_safe_decode(wrong, SECRET)
        assert feedback.correct is False and "algorithms=['HS256']" in feedback.message


def test_safe_decode_checker_points_at_a_swallowed_error():
    def no_algorithms(token):
        try:
            return jwt.decode(token, SECRET)
        except jwt.InvalidTokenError:
            return None

    feedback = exercises.check_safe_decode(no_algorithms, SECRET)
    assert feedback.correct is False and "swallowed" in feedback.message
    assert "check_safe_decode(safe_decode, SECRET)" in exercises.check_safe_decode(3, SECRET).message


def ten_minutes(**delta):
    from datetime import datetime, timedelta, timezone

    return datetime.now(timezone.utc) + timedelta(**delta)


def test_ten_minute_checker_accepts_exp_as_a_timestamp():
    expires = ten_minutes(minutes=10)
    token = jwt.encode({"user": "ada", "exp": expires.timestamp()}, SECRET, algorithm="HS256")
    assert exercises.check_ten_minute_token(token, SECRET, expires).correct is True


def test_ten_minute_checker_refuses_eleven_minutes_and_another_user():
    expires = ten_minutes(minutes=11)
    token = jwt.encode({"user": "ada", "exp": expires}, SECRET, algorithm="HS256")
    assert exercises.check_ten_minute_token(token, SECRET, expires).correct is False
    expires = ten_minutes(minutes=10)
    token = jwt.encode({"user": "bob", "exp": expires}, SECRET, algorithm="HS256")
    feedback = exercises.check_ten_minute_token(token, SECRET, expires)
    assert feedback.correct is False and "'user': 'ada'" in feedback.message


def test_ten_minute_checker_speaks_to_the_signer_and_to_a_late_rerun():
    expires = ten_minutes(minutes=10)
    token = jwt.encode({"user": "ada", "exp": expires}, "my-secret-" * 4, algorithm="HS256")
    feedback = exercises.check_ten_minute_token(token, SECRET, expires)
    assert feedback.correct is False and "sign it with" in feedback.message
    late = ten_minutes(minutes=9)  # the check cell run again a minute later
    token = jwt.encode({"user": "ada", "exp": late}, SECRET, algorithm="HS256")
    assert "run the whole cell again" in exercises.check_ten_minute_token(token, SECRET, late).message


def test_reset_verifier_checker_refuses_a_verifier_not_requiring_exp():
    def no_require(token):
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return None
        return claims["sub"] if claims.get("purpose") == "password-reset" else None

    def requires(token):
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"],
                                options={"require": ["exp", "sub", "purpose"]})
        except jwt.InvalidTokenError:
            return None
        return claims["sub"] if claims["purpose"] == "password-reset" else None

    feedback = exercises.check_reset_verifier(no_require, SECRET, reset_token)
    assert feedback.correct is False and "require" in feedback.message
    assert exercises.check_reset_verifier(requires, SECRET, reset_token).correct is True


def test_reset_verifier_checker_answers_a_key_error_with_require_or_get():
    def indexes(token):
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["exp"]})
        except jwt.InvalidTokenError:
            return None
        return claims["sub"] if claims["purpose"] == "password-reset" else None

    feedback = exercises.check_reset_verifier(indexes, SECRET, reset_token)
    assert feedback.correct is False and "KeyError" in feedback.message and ".get" in feedback.message


def test_safe_decode_checker_says_never_list_none():
    def lists_none(token):
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256", "none"])
        except jwt.InvalidTokenError:
            return None

    feedback = exercises.check_safe_decode(lists_none, SECRET)
    assert feedback.correct is False and "Never list it" in feedback.message


@pytest.mark.parametrize("listed", [["HS256", "none"], ("HS256", "none"), ["none"]])
def test_safe_decode_checker_sees_none_listed_even_when_every_error_is_caught(listed):
    def catches_everything(token):
        try:
            return jwt.decode(token, SECRET, algorithms=listed)
        except Exception:  # noqa: BLE001 - a learner's answer: safe by accident, not by design
            return None

    feedback = exercises.check_safe_decode(catches_everything, SECRET)
    assert feedback.correct is False and "lists 'none'" in feedback.message, feedback.message
    assert jwt.api_jws.PyJWS.decode_complete.__name__ == "decode_complete"  # the spy is gone again


@pytest.mark.parametrize("call", [
    lambda token: jwt_decode(token, SECRET, algorithms=["HS256", "none"]),  # imported by name
    lambda token: jwt.decode_complete(token, SECRET, algorithms=["HS256", "none"])["payload"],
    lambda token: jwt.PyJWT().decode(token, SECRET, algorithms=["HS256", "none"]),
    lambda token: jwt.decode(token, SECRET, algorithms="HS256,none"),  # PyJWT tests 'in' a str
], ids=["from-import", "decode_complete", "PyJWT()", "a-string"])
def test_safe_decode_checker_sees_none_listed_however_decode_is_called(call):
    def catches_everything(token):
        try:
            return call(token)
        except Exception:  # noqa: BLE001 - a learner's answer
            return None

    feedback = exercises.check_safe_decode(catches_everything, SECRET)
    assert feedback.correct is False and "lists 'none'" in feedback.message, feedback.message


def test_safe_decode_checker_does_not_flag_none_in_another_case():
    def upper_case(token):  # alg names are case-sensitive: PyJWT refuses alg "none" here
        try:
            return jwt.decode(token, SECRET, algorithms=["HS256", "NONE"])
        except jwt.InvalidTokenError:
            return None

    assert "lists 'none'" not in exercises.check_safe_decode(upper_case, SECRET).message


def test_safe_decode_checker_spy_reads_algorithms_given_by_position():
    def positional(token):
        try:
            return jwt.decode(token, SECRET, ["HS256", "none"])
        except jwt.InvalidTokenError:
            return None

    assert "lists 'none'" in exercises.check_safe_decode(positional, SECRET).message
