"""Tokens shaped like Microsoft Entra ID's access tokens, version 1.0 and 2.0.

From Microsoft's identity platform documentation (https://learn.microsoft.com/en-us/entra/identity-platform/):
- v2.0 tokens have `iss` = `https://login.microsoftonline.com/{tenant id}/v2.0` and `aud` = the
  API's client id; v1.0 tokens have `iss` = `https://sts.windows.net/{tenant id}/` and an `aud`
  that may be the API's Application ID URI; `ver` says which; `tid` names the tenant; `azp`
  (v2.0) and `appid` (v1.0) name the calling app (access-token-claims-reference, access-tokens);
- which version an API receives is set in its registration (`accessTokenAcceptedVersion`);
- v2.0 metadata is at `https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration`,
  keys at `.../{tenant}/discovery/v2.0/keys`; each key has `kty`, `use`, `kid`, `x5t`, `n`, `e`,
  `x5c` and an `issuer`, but **no `alg`** (access-tokens, "Keys document and signing key issuer");
- a multi-tenant app checks that `tid` is a tenant it serves and that `iss` is
  `https://login.microsoftonline.com/{tid}/v2.0` (access-tokens, "Multi-tenant applications").
Here `http://127.0.0.1:PORT` stands for login.microsoftonline.com and `http://localhost:PORT`
for sts.windows.net, the v1.0 issuer's host.
"""

from __future__ import annotations

from typing import Any

from helpers.providers.provider import LocalProvider

TENANT = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490"  # your organisation's tenant id (made up)
OTHER_TENANT = "0d1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b"  # another organisation's


class EntraProvider(LocalProvider):
    """A stand-in for Microsoft Entra ID: v1.0 and v2.0 issuers, tid, keys without alg."""

    name = "Microsoft Entra ID (stand-in)"
    kid = "entra-key-1"
    issuer_path = f"/{TENANT}/v2.0"
    jwks_path = f"/{TENANT}/discovery/v2.0/keys"
    publishes_alg = False
    publishes_x5c = True
    api_client_id = "6e74172b-be56-4843-9ff4-e66a39bb12e3"  # the API's own registration
    api_app_id_uri = "api://6e74172b-be56-4843-9ff4-e66a39bb12e3"
    client_app_id = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"  # the app that calls the API
    user_oid = "00000000-0000-0000-66f3-3332eca7ea81"
    tenant, other_tenant = TENANT, OTHER_TENANT

    def issuer_of(self, tenant: str = TENANT, version: int = 2) -> str:
        if version == 1:
            return self.base_url.replace("127.0.0.1", "localhost") + f"/{tenant}/"
        return f"{self.base_url}/{tenant}/v2.0"

    def jwks(self) -> dict[str, Any]:
        keys = super().jwks()
        for jwk in keys["keys"]:
            jwk["issuer"] = f"{self.base_url}/{{tenantid}}/v2.0"
        return keys

    def access_token(self, version: int = 2, tenant: str = TENANT, **changes: Any) -> str:
        """An access token for the API, as v2.0 or v1.0 writes it, issued in `tenant`."""
        claims: dict[str, Any] = {"iss": self.issuer_of(tenant, version), **self.times()}
        claims["nbf"] = claims["iat"]
        claims.update({"name": "Ada Lovelace", "oid": self.user_oid, "scp": "access_as_user",
                       "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "tid": tenant})
        if version == 1:
            claims.update({"aud": self.api_app_id_uri, "appid": self.client_app_id,
                           "appidacr": "0", "ver": "1.0"})
        else:
            claims.update({"aud": self.api_client_id, "azp": self.client_app_id, "azpacr": "0",
                           "preferred_username": "ada@contoso.example", "ver": "2.0"})
        return self.sign({**claims, **changes})
