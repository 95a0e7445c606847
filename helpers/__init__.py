"""Helpers for the course "JWT with Python, learned by doing": the names notebooks import.

Notebooks import from three places only: `helpers` (this facade), `helpers.widgets` and
`helpers.exercises`; and, on purpose, `helpers.lab.vulnerable`, whose path says what it is.
Behind the facade, one domain per subpackage, in layers that import only downwards:

- `errors`, `_cells`: one-line explanations of any exception; which cell is running;
- `setup/`: is the right PyJWT installed (00-01, also in JupyterLite);
- `keys/`: algorithms, HMAC secrets, pasted key material, key pairs, JWKs (06);
- `tokens/`: a token's parts, payload, signing, inspection, claims, times, expiry, policy (00-05);
- `web/`: loopback servers (also FastAPI under uvicorn, Flask under werkzeug), an HTTP client,
  JSON over WSGI, the bearer header (07-12);
- `key_sets/`, `services/`: a JWKS endpoint and its client (07); password reset and a bearer
  API on SQLite (08-09);
- `lab/`: the attack lab (10-11);
- `providers/`: local identity providers shaped like real ones, key servers that fail, and
  stand-ins for services that receive your tokens (13);
- `exercises/`, `widgets/`: checkers and ipywidgets views over all of the above.

Names are imported lazily, so `from helpers import check_environment` works even when
`import jwt` finds the wrong package: that is exactly when a learner needs it.
"""

from __future__ import annotations

from helpers._lazy import lazy_names

_HOMES = {
    # setup (00-01)
    "check_environment": "helpers.setup.environment",
    "diagnose": "helpers.setup.environment",
    "EnvironmentFacts": "helpers.setup.environment",
    "print_warnings": "helpers.setup.warning_lines",
    # explanations, for any exception
    "explain_error": "helpers.errors",
    "InputProblem": "helpers.errors",
    # one token (00-05)
    "split_token": "helpers.tokens.parts",
    "rejection_instant": "helpers.tokens.expiry",
    "seconds_until_rejected": "helpers.tokens.expiry",
    "wait_until_rejected": "helpers.tokens.expiry",
    "ancestors": "helpers.tokens.exception_tree",
    "caught_by": "helpers.tokens.exception_tree",
    "exception_tree": "helpers.tokens.exception_tree",
    "importable_from_jwt": "helpers.tokens.exception_tree",
    # keys and key sets (06-07)
    "figures_table": "helpers.keys.pairs",
    "measure": "helpers.keys.pairs",
    "private_pem": "helpers.keys.pairs",
    "public_pem": "helpers.keys.pairs",
    "write_key_files": "helpers.keys.pairs",
    "public_jwk": "helpers.keys.jwk",
    "key_set": "helpers.keys.jwk",
    "shorten": "helpers.keys.jwk",
    "FAILURES": "helpers.key_sets.server",
    "JWKS_PATH": "helpers.key_sets.server",
    "JwksApp": "helpers.key_sets.server",
    "fetch_signing_key": "helpers.key_sets.client",
    "verify_with_key_set": "helpers.key_sets.client",
    # servers on 127.0.0.1 (07-12)
    "start_server": "helpers.web.server",
    "start_uvicorn": "helpers.web.app_servers",
    "start_werkzeug": "helpers.web.app_servers",
    "stop_all_servers": "helpers.web.server",
    "send": "helpers.web.client",
    "at_once": "helpers.web.at_once",
    # two services (08-09)
    "connect": "helpers.services.db",
    "UserStore": "helpers.services.users",
    "issue_link_token": "helpers.services.reset_tokens",
    "issue_reset_token": "helpers.services.reset_tokens",
    "ResetService": "helpers.services.reset_service",
    "token_from_link": "helpers.services.reset_service",
    "issue_access_token": "helpers.services.access_tokens",
    "BearerAPI": "helpers.services.bearer_api",
    # the attack lab (10-11); its vulnerable API only from helpers.lab.vulnerable
    "LabIssuer": "helpers.lab.issuer",
    "make_safe_api": "helpers.lab.safe",
    "send_to_both": "helpers.lab.api",
    "serve": "helpers.lab.api",
    "AttackerKey": "helpers.lab.forging",
    "encode_part": "helpers.lab.forging",
    "forge_hmac": "helpers.lab.forging",
    "forge_unsigned": "helpers.lab.forging",
    "forge_with_embedded_jwk": "helpers.lab.forging",
    "forge_with_jku": "helpers.lab.forging",
    "make_key_server": "helpers.lab.forging",
    "candidate_secrets": "helpers.lab.cracking",
    "crack_secret": "helpers.lab.cracking",
    "guesses_per_second": "helpers.lab.cracking",
    "years_to_try_all": "helpers.lab.cracking",
    # the world outside (13): identity providers, key servers that fail, services you sign for
    "start_provider": "helpers.providers.catalog",
    "self_signed_certificate": "helpers.web.tls",
    "signed_by_itself": "helpers.web.tls",
    "GitHubAppReceiver": "helpers.providers.receivers",
    "AppStoreConnectReceiver": "helpers.providers.receivers",
}
__all__ = sorted(_HOMES)
__getattr__, __dir__ = lazy_names(__name__, _HOMES)
