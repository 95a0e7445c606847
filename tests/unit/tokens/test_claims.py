"""Claims explained in words, registered ones first."""

from __future__ import annotations

from helpers.tokens.claims import explain_claim, explain_claims

NOW = 1_800_000_000  # 2027-01-15 08:00:00 UTC


def test_exp_is_explained_with_date_and_time_left():
    claim = explain_claim("exp", NOW + 12, now=NOW)
    assert claim.meaning.startswith("expiration time")
    assert claim.when == "2027-01-15 08:00:12 UTC, expires in 12 s"
    assert explain_claim("exp", NOW - 3, now=NOW).when.endswith("expired 3 s ago")


def test_nbf_and_iat_wording():
    assert "not valid yet" in explain_claim("nbf", NOW + 5, now=NOW).when
    assert explain_claim("iat", NOW - 60, now=NOW).when.endswith("issued 1 min ago")


def test_registered_claims_come_first_and_private_claims_are_named_as_such():
    names = [c.name for c in explain_claims({"role": "admin", "exp": NOW, "sub": "42"}, now=NOW)]
    assert names == ["sub", "exp", "role"]
    assert "private claim" in str(explain_claim("role", "admin"))


def test_a_time_claim_that_is_not_a_number_gets_no_date():
    assert explain_claim("exp", "soon", now=NOW).when == ""
