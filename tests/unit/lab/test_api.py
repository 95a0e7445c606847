"""The lab's servers and client: a flag per server, bearer headers, a stopped server named, no proxy."""

from __future__ import annotations

import pytest

from helpers.lab.api import bearer_token, send_to_both, serve
from helpers.lab.safe import make_safe_api
from helpers.lab.vulnerable import make_vulnerable_api
from helpers.web.client import send


def test_flags_differ_per_server_and_are_never_printed(lab_issuer, lab_servers) -> None:
    flags = {service.flag for service in lab_servers.values()}
    assert len(flags) == len(lab_servers)
    duel = send_to_both(lab_issuer.issue(role="admin"), lab_servers["alg none"], lab_servers["safe"])
    assert lab_servers["safe"].flag not in repr(duel)


def test_missing_and_malformed_bearer_headers(lab_servers) -> None:
    reply = send("GET", lab_servers["safe"].url + "/admin")
    assert reply.status == 401 and "Bearer" in reply.headers["www-authenticate"]
    assert "error" not in reply.json()  # RFC 6750 §3: no error code without a token
    assert bearer_token("Basic abc") == "" and bearer_token("bearer  t.o.k ") == "t.o.k"
    assert send("GET", lab_servers["safe"].url + "/nothing").status == 404


def test_send_to_both_names_a_stopped_server(lab_issuer) -> None:
    from helpers.lab.api import ServerStopped
    vulnerable = serve(make_vulnerable_api("alg none", lab_issuer), name="test-lab-gone")
    safe = serve(make_safe_api(lab_issuer), name="test-lab-gone-safe")
    safe.server.stop()
    try:
        with pytest.raises(ServerStopped, match="re-run the cell that starts it"):
            send_to_both(lab_issuer.issue(), vulnerable, safe)
    finally:
        vulnerable.server.stop()


def test_the_lab_never_sends_loopback_requests_through_a_proxy() -> None:
    import os
    import urllib.request

    import helpers.lab  # noqa: F401 - importing it lists 127.0.0.1 in no_proxy
    assert "127.0.0.1" in os.environ["no_proxy"].split(",")
    proxies = {"http": "http://127.0.0.1:9", "no": os.environ["no_proxy"]}
    assert urllib.request.proxy_bypass_environment("127.0.0.1:8000", proxies)
