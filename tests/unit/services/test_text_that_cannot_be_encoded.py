"""A lone surrogate reaches no hash, no database and no PyJWT call: refused first, nothing spent.

The expert review of 08-11 (finding 4): a new password with a lone surrogate used the reset link
up, then answered 500. The HTTP replay is in tests/http_bad_requests.py; these call the service
directly, as a framework route would.
"""

from __future__ import annotations

import secrets

import pytest

from helpers.services.passwords import TEST_COST, password_problem
from helpers.services.reset_service import ResetService, token_from_link
from helpers.services.reset_tokens import read_reset_token
from helpers.services.users import UserStore
from helpers.web.wsgi_json import RequestProblem, holds_unencodable_text

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


@pytest.mark.parametrize("text", LONE)
def test_a_reset_token_with_a_lone_surrogate_is_an_invalid_link(text):
    with pytest.raises(RequestProblem) as refused:
        read_reset_token("eyJ" + text, secrets.token_urlsafe(32))
    assert refused.value.error == "invalid_link"


def test_password_problem_names_the_surrogate_and_accepts_real_unicode():
    assert "surrogate" in password_problem("passphrase\ud800")
    assert password_problem("pässwörd mit ümläuten \U0001F511") is None


def test_holds_unencodable_text_looks_everywhere_and_only_at_text():
    assert holds_unencodable_text({"a": [{"b": ["\udbff"]}]})
    assert holds_unencodable_text({"\ud800": 1})
    assert not holds_unencodable_text({"a": ["\U0001F600", 1, None, 2.5, {"b": "ok"}]})
    deep: list = []
    for _ in range(50_000):  # deeper than any recursion limit
        deep = [deep]
    assert not holds_unencodable_text({"deep": deep})
