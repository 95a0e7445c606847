"""The Authorization header: one bearer token, RFC 6750's refusals and challenges."""

from __future__ import annotations

import pytest

from helpers.web.bearer_header import BearerProblem, bearer_token, challenge


@pytest.mark.parametrize(("header", "token"), [("Bearer abc.def", "abc.def"), ("bearer abc", "abc"),
                                               ("Bearer   abc=", "abc="),
                                               ("Bearer " + "a" * 8192, "a" * 8192)])  # the longest
def test_bearer_token_reads_one_token(header, token):
    assert bearer_token(header) == token


@pytest.mark.parametrize(("header", "status", "error"), [
    (None, 401, "missing_token"), ("Basic YTpi", 401, "missing_token"), ("Bearer", 400, "invalid_request"),
    ("Bearer a b", 400, "invalid_request"), ("Bearer a,b", 400, "invalid_request"),
    ("Bearer é", 400, "invalid_request"), ("Bearer " + "a" * 9000, 401, "invalid_token"),
    ("Bearer a\u2003b", 400, "invalid_request"), ("Bearer a\x1cb", 400, "invalid_request"),  # Unicode spaces
    ("Bearer " + "a" * 9000 + " b", 400, "invalid_request"), ("Bearer " + "a" * 8193, 401, "invalid_token")])
def test_bearer_token_refusals(header, status, error):
    with pytest.raises(BearerProblem) as refused:
        bearer_token(header)
    assert (refused.value.status, refused.value.error) == (status, error)


def test_challenges_quote_safely():
    assert challenge() == 'Bearer realm="course-api"'
    assert challenge("invalid_token", 'bad "x"\\') == (
        'Bearer realm="course-api", error="invalid_token", error_description="bad x"')


@pytest.mark.parametrize("query", ["access_token=", "access_token", "a=1&access_token=x"])
def test_access_token_in_the_url_is_refused_even_when_empty(query):
    with pytest.raises(BearerProblem) as refused:
        bearer_token("Bearer abc", query)
    assert refused.value.status == 400
