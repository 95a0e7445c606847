"""Replay the bad-request catalogue (tests/catalogues/bad_requests.py) against the running bearer
API and reset service: every answer as catalogued, never a 500, and a refused request spends no
token."""

from __future__ import annotations

import json

import pytest

from helpers.web.bearer_header import MISSING
from helpers.web.client import send
from tests.catalogues.bad_requests import CATALOGUE, JSON, ME, REFRESH, RESET, BadRequest, fill, raw_request


def still_usable(entry: BadRequest, url: str, tokens: dict[str, str]) -> int:
    """The status of a proper use of the token the bad request carried (200: not spent)."""
    if entry.spends == "refresh":
        body = json.dumps({"refresh_token": tokens["refresh"]})
        return raw_request(url, "POST", REFRESH, JSON, body).status
    body = json.dumps({"token": tokens["link"], "new_password": "a long enough passphrase"})
    return raw_request(url, "POST", RESET, JSON, body).status


def test_the_catalogue_is_large_and_its_ids_are_unique():
    ids = [entry.id for entry in CATALOGUE]
    assert len(ids) >= 25 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.id)
def test_each_bad_request_gets_its_status_and_error(running_api, running_reset, entry: BadRequest):
    target = running_reset if entry.service == "reset" else running_api
    tokens = target.tokens()
    headers = [(name, fill(value, tokens)) for name, value in entry.headers]
    reply = raw_request(target.url, entry.method, fill(entry.path, tokens), headers,
                        fill(entry.body, tokens))
    assert reply.status == entry.status, reply.body[:200]
    if entry.spends:
        assert still_usable(entry, target.url, tokens) == 200, f"{entry.id} spent the {entry.spends}"
    if entry.error is None and entry.status != 200:
        return  # answered by the HTTP layer (431), before the app
    body = json.loads(reply.body)
    if entry.status == 200:
        assert body["user"] == running_api.user_id
        return
    assert body["error"] == entry.error
    assert isinstance(body["message"], str) and "\n" not in body["message"] and body["message"]
    if entry.path.startswith(ME) and entry.status in (400, 401):
        challenge = reply.headers["www-authenticate"]
        assert challenge.startswith('Bearer realm="course-api"')
        assert (f'error="{entry.error}"' in challenge) == (entry.error != MISSING)


def test_the_server_still_answers_after_the_whole_catalogue(running_api):
    pair = running_api.login()
    me = send("GET", running_api.url + ME, headers={"Authorization": "Bearer " + pair["access_token"]})
    assert me.status == 200 and me.json()["user"] == running_api.user_id


def test_every_json_endpoint_of_both_services_meets_text_that_cannot_be_encoded():
    surrogate_paths = {(e.service, e.path) for e in CATALOGUE
                       if isinstance(e.body, str) and "\\ud" in e.body.lower()}
    assert surrogate_paths >= {("api", "/login"), ("api", "/refresh"), ("api", "/logout"),
                               ("reset", "/forgot"), ("reset", "/reset")}
