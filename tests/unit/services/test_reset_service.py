"""The password-reset service over real HTTP: the happy path, every refusal, and the click race."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import jwt
import pytest

from helpers.services.passwords import TEST_COST
from helpers.services.refresh_tokens import RefreshProblem, RefreshStore
from helpers.services.reset_service import FORGOT_ANSWER, PAGE_HEADERS, ResetService, token_from_link
from helpers.services.reset_tokens import MESSAGES, issue_link_token, issue_reset_token
from helpers.services.users import UserStore
from helpers.tokens.expiry import wait_until_rejected
from helpers.web.at_once import at_once
from helpers.web.client import send
from helpers.web.server import stop_all_servers
from helpers.web.wsgi_json import RequestProblem

EMAIL, PASSWORD, NEW = "ada@example.com", "correct horse battery", "a brand new passphrase"


@pytest.fixture()
def service():
    from helpers.web.server import start_server
    users = UserStore(cost=TEST_COST)
    users.add(EMAIL, PASSWORD)
    service = ResetService(users, secrets.token_urlsafe(32))
    server = start_server(service.app, name="reset-test")
    service.public_url = server.url
    yield service
    stop_all_servers()


def token_of(link: str) -> str:
    return parse_qs(urlparse(link).query)["token"][0]


def reset(service: ResetService, token: str, password: str = NEW):
    return send("POST", service.public_url + "/reset", json_body={"token": token, "new_password": password})


def fresh_token(service: ResetService) -> str:
    send("POST", service.public_url + "/forgot", json_body={"email": EMAIL})
    return token_of(service.last_link(EMAIL))


def test_forgot_answers_the_same_for_known_and_unknown_addresses(service):
    known = send("POST", service.public_url + "/forgot", json_body={"email": EMAIL})
    unknown = send("POST", service.public_url + "/forgot", json_body={"email": "eve@example.com"})
    expected = (202, {"message": FORGOT_ANSWER})
    assert (known.status, known.json()) == (unknown.status, unknown.json()) == expected
    assert [mail.to for mail in service.outbox] == [EMAIL]


def test_the_token_names_an_opaque_id_not_the_email_and_has_every_claim(service):
    claims = jwt.decode(fresh_token(service), service.reset_key, algorithms=["HS256"])
    assert claims["sub"].startswith("u_") and EMAIL not in str(claims)
    assert set(claims) == {"sub", "purpose", "jti", "iat", "exp", "pwv"}
    assert claims["purpose"] == "password-reset" and 14 * 60 <= claims["exp"] - claims["iat"] <= 15 * 60


def test_the_reset_page_has_no_referrer_and_does_not_use_the_link_up(service):
    link = fresh_token(service)
    page = send("GET", service.last_link(EMAIL))
    assert page.status == 200 and page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert reset(service, link).status == 200


def test_a_reset_changes_the_password_and_the_link_then_says_used(service):
    token = fresh_token(service)
    assert reset(service, token).status == 200
    assert service.users.check_login(EMAIL, NEW) and not service.users.check_login(EMAIL, PASSWORD)
    again = reset(service, token, "yet another passphrase")
    assert (again.status, again.json()["error"], again.json()["message"]) == (
        400, "link_used", MESSAGES["link_used"])


def test_an_older_link_dies_when_the_password_changes(service):
    older, newer = fresh_token(service), fresh_token(service)
    assert reset(service, newer).status == 200
    assert reset(service, older).json()["error"] == "link_outdated"


def test_other_purpose_foreign_key_deleted_user_and_weak_password_are_refused(service):
    user = service.users.find_by_email(EMAIL)
    verify = issue_link_token(user.id, user.password_version, service.reset_key, "email-verification")
    assert reset(service, verify).json()["error"] == "wrong_purpose"
    login_key_token = issue_reset_token(user.id, user.password_version, secrets.token_urlsafe(32))
    assert reset(service, login_key_token).json()["error"] == "invalid_link"
    token = fresh_token(service)
    weak = reset(service, token, "short")
    assert weak.json()["error"] == "weak_password"
    assert reset(service, token).status == 200  # a weak password did not burn the link
    other = fresh_token(service)
    service.users.delete(user.id)
    assert reset(service, other).json()["error"] == "unknown_user"


def test_an_expired_link_is_refused_with_its_message(service):
    service.send_reset_link(EMAIL, lifetime=timedelta(seconds=1))
    token = token_of(service.last_link(EMAIL))
    wait_until_rejected(token)
    answer = reset(service, token)
    assert (answer.status, answer.json()["error"]) == (400, "link_expired")


def test_twenty_concurrent_clicks_on_one_link_give_exactly_one_success(service):
    token = fresh_token(service)
    answers = at_once(lambda: reset(service, token), 24)
    statuses = sorted(a.status for a in answers)
    assert statuses == [200] + [400] * 23
    assert {a.json()["error"] for a in answers if a.status == 400} == {"link_used"}
    assert service.users.find_by_email(EMAIL).password_version == 2


def test_a_click_that_raced_the_winning_click_hears_link_used_not_outdated(service, monkeypatch):
    # The interleaving that made the test above flaky: the losing click looks for the jti
    # before the winner writes it, and reads the user after the winner changed the password.
    token = fresh_token(service)
    real_was_used, looks = service._was_used, []

    def first_look_before_the_winner_wrote(jti):
        looks.append(jti)
        if len(looks) == 1:
            assert reset(service, token).status == 200  # the other click wins meanwhile
            return False
        return real_was_used(jti)

    monkeypatch.setattr(service, "_was_used", first_look_before_the_winner_wrote)
    with pytest.raises(RequestProblem) as refused:
        service.check_link(token)
    assert refused.value.error == "link_used"


def test_used_jtis_are_forgotten_once_their_tokens_expired(service):
    assert reset(service, fresh_token(service)).status == 200
    assert service.forget_expired(now=time.time()) == 0
    assert service.forget_expired(now=time.time() + 16 * 60) == 1


def test_the_reset_page_form_posts_and_a_spent_link_shows_its_message(service):
    token = fresh_token(service)
    form = f"token={token}&new_password=a+form+posted+passphrase".encode()
    from helpers.web.client import send as post_form
    answer = post_form("POST", service.public_url + "/reset", data=form,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 200 and service.users.check_login(EMAIL, "a form posted passphrase")
    page = send("GET", service.last_link(EMAIL))
    assert page.status == 400 and MESSAGES["link_used"] in page.text
    assert page.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(("body", "status", "error"), [
    ({"email": 42}, 400, "invalid_request"), ({}, 400, "invalid_request")])
def test_forgot_refuses_malformed_bodies(service, body, status, error):
    answer = send("POST", service.public_url + "/forgot", json_body=body)
    assert (answer.status, answer.json()["error"]) == (status, error)


def test_last_link_says_when_nothing_was_sent(service):
    with pytest.raises(LookupError, match="no reset link"):
        service.last_link("nobody@example.com")


KEY = secrets.token_urlsafe(32)


def test_a_reset_calls_after_reset_and_so_revokes_the_thiefs_refresh_family():
    users = UserStore(cost=TEST_COST)
    ada = users.add("ada@example.com", "old pass phrase")
    store = RefreshStore(users.path)
    thief = store.start_family(ada)
    service = ResetService(users, KEY, after_reset=lambda user_id: store.revoke_user(user_id))
    service.send_reset_link("ada@example.com")
    service.reset_password(token_from_link(service.last_link("ada@example.com")), "new pass phrase")
    with pytest.raises(RefreshProblem, match="revoked"):
        store.rotate(thief)


def test_reset_page_forbids_framing():
    assert ("Content-Security-Policy", "frame-ancestors 'none'") in PAGE_HEADERS


def test_last_link_without_a_link_says_to_ask_for_one_first():
    service = ResetService(UserStore(cost=TEST_COST), KEY)
    with pytest.raises(LookupError, match="POST /forgot first"):
        service.last_link("ada@example.com")


def test_a_reset_link_dies_when_the_email_changes():
    users = UserStore(cost=TEST_COST)
    ada = users.add(EMAIL, PASSWORD)
    service = ResetService(users, secrets.token_urlsafe(32))
    service.send_reset_link(EMAIL)
    token = token_from_link(service.last_link(EMAIL))
    users.change_email(ada, "mallory@evil.example")  # say, an attacker who took over the mailbox
    with pytest.raises(RequestProblem) as refused:
        service.reset_password(token, "a brand new passphrase")
    assert refused.value.error == "link_outdated" and "email" in refused.value.message


# --- text that cannot be encoded (a lone surrogate) is refused first, and spends nothing --------

LONE = ["\ud800", "\udfff", "abc\udc80def", "\ude00\ud83d"]


@pytest.mark.parametrize("text", LONE)
def test_a_new_password_with_a_lone_surrogate_is_weak_and_spends_nothing(text):
    users = UserStore(cost=TEST_COST)
    users.add("ada@example.com", "correct horse battery")
    service = ResetService(users, secrets.token_urlsafe(32))
    service.send_reset_link("ada@example.com")
    token = token_from_link(service.last_link("ada@example.com"))
    with pytest.raises(RequestProblem) as refused:
        service.reset_password(token, "a long enough passphrase " + text)
    assert refused.value.error == "weak_password" and "surrogate" in refused.value.message
    assert service.reset_password(token, "a long enough passphrase")  # the same link still works
