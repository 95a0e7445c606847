"""Replay the bad HTTP request catalogue against the running bearer API: every answer as catalogued."""

from __future__ import annotations

import json

import pytest

from helpers.web.bearer_header import MISSING
from helpers.web.client import send
from tests.catalogues.bad_requests import CATALOGUE, ME, BadRequest, fill, raw_request


def test_the_catalogue_is_large_and_its_ids_are_unique():
    ids = [entry.id for entry in CATALOGUE]
    assert len(ids) >= 25 and len(set(ids)) == len(ids)


@pytest.mark.parametrize("entry", CATALOGUE, ids=lambda e: e.id)
def test_each_bad_request_gets_its_status_and_error(running_api, entry: BadRequest):
    tokens = running_api.tokens()
    headers = [(name, fill(value, tokens)) for name, value in entry.headers]
    reply = raw_request(running_api.url, entry.method, fill(entry.path, tokens), headers,
                        fill(entry.body, tokens))
    assert reply.status == entry.status, reply.body[:200]
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
