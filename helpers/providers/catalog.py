"""The local identity providers by name, and `start_provider`, which serves one on 127.0.0.1.

    auth0 = start_provider('auth0')       # issuer http://127.0.0.1:PORT/ ; keys, metadata served
    auth0.access_token()                  # a token as that provider would issue it

Running the same cell again stops the old server and starts a new one, with a new key and port
(`name=` decides which server is replaced, as with start_server). Options make it fail the
ways real key servers do: `tls=` (HTTPS with a certificate Python does not trust yet),
`bot_filter=True` (403 to urllib's default User-Agent), `slow_seconds=` (late answers).
"""

from __future__ import annotations

import ssl

from helpers.errors import InputProblem
from helpers.providers.auth0 import Auth0Provider
from helpers.providers.cognito import CognitoProvider
from helpers.providers.entra import EntraProvider
from helpers.providers.faults import behind_bot_filter, slowed
from helpers.providers.google import GoogleProvider
from helpers.providers.provider import LocalProvider
from helpers.web.server import start_server

PROVIDERS: dict[str, type[LocalProvider]] = {
    "auth0": Auth0Provider,
    "cognito": CognitoProvider,
    "entra": EntraProvider,
    "google": GoogleProvider,
}


def start_provider(kind: str, name: str | None = None, tls: ssl.SSLContext | None = None,
                   bot_filter: bool = False, slow_seconds: float = 0.0) -> LocalProvider:
    """Serve a new provider of this kind on 127.0.0.1; its .server is the running server."""
    if kind not in PROVIDERS:
        raise InputProblem(f"No provider {kind!r}: pick one of {', '.join(PROVIDERS)}.")
    provider = PROVIDERS[kind]()
    app = provider
    if bot_filter:
        app = behind_bot_filter(app)
    if slow_seconds:
        app = slowed(app, slow_seconds)
    provider.server = start_server(app, name=name or f"provider-{kind}", tls=tls)
    provider.bind(provider.server.url)
    return provider
