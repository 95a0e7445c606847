"""The attack lab (notebooks 10 and 11): forge tokens, send them to two APIs on 127.0.0.1.

- `issuer`: the lab's token issuer (an RS256 key pair made at run time) and its normal tokens;
- `api`: the small web API both servers share (`/admin` returns a flag to an admin only);
- `safe`: the API that verifies with PyJWT as the course teaches;
- `vulnerable`: the same API with one deliberate mistake per attack (Attack 8's lax API makes
  three, all about lifetime and audience). ONLY notebooks import it; nothing else in `helpers`
  may (a unit test checks);
- `forging`: pure functions that build forged tokens (none, HMAC, a PEM key, an embedded JWK,
  a JKU URL) and the learner's own key server;
- `cracking`: guess a weak HMAC secret offline, and how long a random one would take.
"""

import os as _os

# Everything in the lab talks to 127.0.0.1. urllib sends even that through a proxy named in
# http_proxy unless no_proxy lists it, so list it: no request (token included) leaves the machine.
_LOOPBACK = "127.0.0.1,localhost"
_no_proxy = _os.environ.get("no_proxy") or _os.environ.get("NO_PROXY") or ""
if "127.0.0.1" not in _no_proxy.split(","):
    _os.environ["no_proxy"] = f"{_no_proxy},{_LOOPBACK}" if _no_proxy else _LOOPBACK
