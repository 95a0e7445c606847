"""The forge console without a browser: it forges as you type and shows both answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helpers.lab.api import LabService, serve
from helpers.lab.issuer import LabIssuer
from helpers.lab.safe import make_safe_api
from helpers.lab.vulnerable import make_vulnerable_api
from helpers.tokens.parts import split_token
from helpers.widgets.forge_console import MODE_LABELS, ForgeConsole

ISSUER = LabIssuer()
# the lab's claims (iss, aud, iat, exp, sub) with role admin: every vulnerable API checks claims
ADMIN = {**split_token(ISSUER.issue()).payload, "role": "admin"}


@pytest.fixture(scope="module")
def apis() -> Iterator[tuple[LabService, LabService]]:
    issuer = ISSUER
    vulnerable = serve(make_vulnerable_api("alg none", issuer), name="test-console-none")
    safe = serve(make_safe_api(issuer), name="test-console-safe")
    yield vulnerable, safe
    vulnerable.server.stop()
    safe.server.stop()


def test_sending_an_unsigned_admin_token_shows_the_flag_and_the_refusal(apis) -> None:
    console = ForgeConsole(*apis, header={"typ": "JWT"}, payload=ADMIN)
    assert console.token is not None and console.token.endswith(".")
    console.send_token()
    assert console.duel is not None and console.duel.vulnerable.flag_captured
    assert "flag captured" in console.answers_view.value
    assert "InvalidAlgorithmError" in console.answers_view.value
    assert apis[0].flag not in console.answers_view.value


def test_bad_json_gives_one_line_and_fixing_it_recovers(apis) -> None:
    console = ForgeConsole(*apis)
    console.payload_box.value = '{"role": "admin",}'
    assert console.token is None and "not valid JSON" in console.message
    assert "\n" not in console.message and "Traceback" not in console.message_view.value
    console.send_token()  # sending without a token says so, never raises
    assert "not valid JSON" in console.message_view.value
    console.payload_box.value = '{"role": "admin"}'
    assert console.token is not None and console.message == ""


@pytest.mark.parametrize("label", list(MODE_LABELS))
def test_every_mode_forges_or_says_what_is_missing(apis, label: str) -> None:
    console = ForgeConsole(*apis)
    console.mode_box.value = label
    if MODE_LABELS[label] in ("hmac", "key", "jku"):  # these need a key or URL typed in
        assert console.token is None and console.message
    else:
        assert console.token is not None


def test_a_stopped_server_gets_one_line(apis) -> None:
    issuer = LabIssuer()
    gone = serve(make_vulnerable_api("alg none", issuer), name="test-console-gone")
    gone.server.stop()
    console = ForgeConsole(gone, apis[1])
    console.send_token()
    assert "did not answer" in console.message_view.value and console.duel is None


def test_placeholder_before_the_cell_runs(apis) -> None:
    assert ForgeConsole(*apis)._repr_mimebundle_()["text/plain"] == ForgeConsole.placeholder


def test_the_signing_mode_shows_its_alg_in_the_header_box(apis) -> None:
    assert '"alg": "none"' in ForgeConsole(*apis, header={"alg": "RS256"}).header_box.value
    console = ForgeConsole(*apis, header={"alg": "RS256", "typ": "JWT"}, mode="jwk")
    assert '"alg": "RS256"' in console.header_box.value
    console.mode_box.value = "none (no signature)"
    assert '"alg": "none"' in console.header_box.value and '"typ": "JWT"' in console.header_box.value
    console.mode_box.value = "HMAC secret"
    assert '"alg": "HS256"' in console.header_box.value


def test_old_answers_disappear_when_the_token_changes(apis) -> None:
    console = ForgeConsole(*apis, header={"typ": "JWT"}, payload=ADMIN)
    console.send_token()
    assert "flag captured" in console.answers_view.value
    console.payload_box.value = '{"role": "admin",}'  # no token now: no answers either
    assert console.answers_view.value == "" and console.duel is None
