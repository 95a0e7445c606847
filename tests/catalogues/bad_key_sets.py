"""The key-set track's bad inputs (07-key-sets): JWKS endpoints and URLs a verifier meets.

A sibling of tests/catalogues/bad_inputs.py, whose entries are typed into widgets; these are
replayed by tests/unit/key_sets/test_bad_key_sets.py against a real JWKS endpoint on 127.0.0.1
(helpers.key_sets.server.JwksApp served by helpers.web.server) through
`helpers.key_sets.client.fetch_signing_key(url, token)`, which must raise an InputProblem of one line
containing `expect`, and find the key again once the endpoint works.

How each entry is set up:
- `endpoint`: a failure name from helpers.key_sets.server.FAILURES (the endpoint answers that way),
  "working", "stopped" (the server was stopped: nothing listens), "path:/x" (the right server,
  a wrong path), or "url:..." (that literal URL, no server involved);
- `token`: "good" (signed by the published key-1, kid key-1), "unknown-kid" (kid key-9),
  "no-kid" (no kid in the header) or "garbage" (not a JWT).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BadKeySetInput:
    id: str
    endpoint: str
    token: str
    expect: str  # a piece of the one-line message


KEY_SET_CATALOGUE = [
    # --- the endpoint answers, but not with a key set
    BadKeySetInput("jwks-answers-html", "html", "good", "answered HTML, not JSON"),
    BadKeySetInput("jwks-answers-404", "not-found", "good", "404 Not Found"),
    BadKeySetInput("jwks-wrong-path-404", "path:/keys", "good", "check the URL's path"),
    BadKeySetInput("jwks-answers-500", "server-error", "good", "500 Internal Server Error"),
    BadKeySetInput("jwks-answers-redirect", "redirect", "good", "PyJWKClient does not follow"),
    BadKeySetInput("jwks-answers-invalid-json", "invalid-json", "good", "text that is not JSON"),
    BadKeySetInput("jwks-answers-empty-body", "empty", "good", "an empty body"),
    BadKeySetInput("jwks-answers-json-list", "json-list", "good", "JSON that is not an object"),
    BadKeySetInput("jwks-answers-one-jwk", "one-jwk", "good", 'wrap it as {"keys": [jwk]}'),
    BadKeySetInput("jwks-keys-not-a-list", "keys-not-a-list", "good", '"keys" holds a dict, not a list'),
    BadKeySetInput("jwks-keys-empty", "no-keys", "good", '"keys" is an empty list'),
    BadKeySetInput("jwks-no-usable-keys", "no-usable-keys", "good", "PyJWT can use none of the"),
    BadKeySetInput("jwks-keys-without-kid", "no-kids", "good", "is a signing key with a kid"),
    # --- nothing useful answers
    BadKeySetInput("jwks-no-answer-in-time", "slow", "good", "no answer within"),
    BadKeySetInput("jwks-connection-refused", "stopped", "good", "connection refused"),
    BadKeySetInput("jwks-file-url", "url:file:///etc/jwks.json", "good", "not an http(s) URL"),
    BadKeySetInput("jwks-ftp-url", "url:ftp://127.0.0.1/jwks.json", "good", "not an http(s) URL"),
    BadKeySetInput("jwks-url-without-scheme", "url:127.0.0.1/.well-known/jwks.json", "good",
                   "not an http(s) URL"),
    BadKeySetInput("jwks-url-empty", "url:", "good", "not an http(s) URL"),
    # --- the endpoint works, the token does not fit it
    BadKeySetInput("jwks-unknown-kid", "working", "unknown-kid", "no key with kid 'key-9'"),
    BadKeySetInput("jwks-token-without-kid", "working", "no-kid", "header has no kid"),
    BadKeySetInput("jwks-token-not-a-jwt", "working", "garbage", "not a JWT"),
]
