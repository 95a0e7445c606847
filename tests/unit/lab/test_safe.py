"""The safe API: no forgery opens it, a genuine admin token does, and it answers as RFC 6750 says."""

from __future__ import annotations

from helpers.lab.api import send_to_both
from helpers.web.client import send
from tests.unit.lab.forgeries import FORGERIES


def test_no_forgery_opens_the_safe_server(lab_issuer, lab_servers, attacker, attacker_key_server) -> None:
    for forger in FORGERIES.values():
        token = forger(lab_issuer, lab_servers, attacker, attacker_key_server)
        assert lab_servers["safe"].get_admin(token).status == 401


def test_the_safe_server_gives_a_genuine_admin_token_the_flag(lab_issuer, lab_servers) -> None:
    """The safe API is not simply closed: a real admin token opens it."""
    duel = send_to_both(lab_issuer.issue(role="admin"), lab_servers["alg none"], lab_servers["safe"])
    assert duel.safe.flag_captured and duel.vulnerable.flag_captured


def test_rfc6750_challenges(lab_servers, lab_issuer) -> None:
    missing = send("GET", lab_servers["safe"].url + "/admin")
    assert missing.headers["www-authenticate"] == 'Bearer realm="lab"'
    refused = lab_servers["safe"].get_admin("a.b.c")
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]
    not_admin = lab_servers["safe"].get_admin(lab_issuer.issue())
    assert 'error="insufficient_scope"' in not_admin.headers["www-authenticate"]
