"""Any exception a learner can meet, as one line: what went wrong and how to fix it.

Two tables, one source for the widgets, the checkers, the notebooks and docs/troubleshooting.md
(`python -m tools.troubleshooting` writes that page from them):

- `MESSAGES`: every message PyJWT 2.15 raises or warns, the key-loading errors of
  `cryptography` and the Python errors that old or misplaced code gives, word for word, each
  with its cause, its fix and the notebook sections that teach it. `…` marks a part that varies.
- `FIXES`: the fix for each PyJWT exception class, for a message the first table lacks.

Code that must tell two PyJWT messages of one class apart (an unknown kid from a key set without
signing keys, both `PyJWKClientError`) asks `says(error, "unknown kid")` instead of matching
text itself, so the words it depends on live here, next to a test that produces each one.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import dataclass

import jwt
from jwt import exceptions as jwt_exceptions
from jwt import warnings as jwt_warnings


class InputProblem(ValueError):
    """Bad input, described in one line: what is wrong, then how to fix it."""


# The notebook sections that teach a message: (notebook file stem, heading as written there).
Place = tuple[str, str]
VARIES = "…"  # in a message's text: a part that changes from case to case


@dataclass(frozen=True)
class KnownMessage:
    """One message a learner can meet, with what causes it, how to fix it, and where it is taught."""

    key: str  # a short name code can ask for: says(error, key)
    error: type[BaseException]  # the class raised (or warned)
    text: str  # word for word; VARIES marks what changes from case to case
    cause: str
    fix: str
    taught: tuple[Place, ...] = ()
    piece: str = ""  # the words that identify it in str(error); default: the text up to VARIES

    @property
    def identifying_piece(self) -> str:
        return self.piece or self.text.split(VARIES)[0]

    def matches(self, error: BaseException) -> bool:
        """True when `error` is this message: its class, and the identifying words in its text."""
        return isinstance(error, self.error) and self.identifying_piece in str(error)


def _m(key: str, error: type[BaseException], text: str, cause: str, fix: str,
       *taught: Place, piece: str = "") -> KnownMessage:
    return KnownMessage(key, error, text, cause, fix, taught, piece)


# Where the course teaches things, by notebook and heading.
DECODE_ALGORITHMS = ("03-decode", "Why `algorithms=` is required")
FORGERY = ("03-decode", "What a forgery looks like")
CATCHING = ("03-decode", "Catching refusals")
EXPIRY = ("04-expiry", "Step 6: decode it after its lifetime")
REQUIRE_EXP = ("04-expiry", "Require an `exp`")
AUDIENCE = ("05-claims", "Step 2: `aud`, the audience")
ISSUER = ("05-claims", "Step 3: `iss`, the issuer")
SUB_JTI = ("05-claims", "Step 4: `sub` and `jti` must be strings")
TIMES = ("05-claims", "Step 5: the three times, `exp`, `nbf` and `iat`")
REQUIRE = ("05-claims", "Step 6: require the claims you rely on")
DAMAGED = ("05-claims", "Step 8: damaged, forged, and the wrong algorithm")
SHORT_SECRET = ("02-encode", "Step 2: create a token")
PEM = ("06-keys", "Step 2: keys as text (PEM)")
SWAP = ("06-keys", "Step 3: which key signs, which verifies, and what a swap looks like")
FOUR_ALGORITHMS = ("06-keys", "Step 4: four algorithms")
JWK = ("07-key-sets", "Step 1: a public key as JSON (JWK)")
KEY_SET = ("07-key-sets", "Step 3: a key set (JWKS)")
ENDPOINT = ("07-key-sets", "Step 4: a real JWKS endpoint")
CLIENT = ("07-key-sets", "Step 5: `jwt.PyJWKClient` fetches and caches")
ENDPOINT_FAILS = ("07-key-sets", "Step 7: when the endpoint fails")
WRONG_PACKAGE = ("01-import", "One name, two packages")
ALG_NONE = ("10-attack-lab", "Attack 2: `alg: none`")
CONFUSION = ("11-key-and-claim-attacks", "Attack 7: algorithm confusion")
PROVIDER = ("13-real-world", "Step 3: one verifier for every provider")
QUIRKS = ("13-real-world", "Step 4: each provider's quirks")
TLS = ("13-real-world", "A certificate your Python does not trust")
USER_AGENT = ("13-real-world", "403 Forbidden until you send a User-Agent")
SLOW = ("13-real-world", "A slow key server")
NO_ALG = ("13-real-world", "Keys without `alg`")
ENV_PEM = ("13-real-world", "A PEM in an environment variable")
CERTIFICATE = ("13-real-world", "A certificate instead of a public key")
OPENSSH = ("13-real-world", "An OpenSSH key")
BASE64_SECRET = ("13-real-world", "A base64-encoded HMAC secret")
GITHUB = ("13-real-world", "A GitHub App's JWT")
OLD_DECODE = ("13-real-world", "`.decode('utf-8')` on a token")
OLD_VERIFY = ("13-real-world", "`verify=False`")
SHADOW = ("13-real-world", "A file named `jwt.py`")
NOT_JSON = ("13-real-world", "Values that are not JSON")
ONE_LINE = ("13-real-world", "Every message, in one line")

DE, IT = jwt.DecodeError, jwt.InvalidTokenError
AUD, ISS, ALG, KEY = (jwt.InvalidAudienceError, jwt.InvalidIssuerError, jwt.InvalidAlgorithmError,
                      jwt.InvalidKeyError)
CLIENT_ERROR, CONNECTION = jwt.PyJWKClientError, jwt.PyJWKClientConnectionError
COPY_AGAIN = "copy the whole token again, on one line, without quotes or a \"Bearer \" prefix"
NEVER_WIDEN = "refuse it; never widen the check to fit a token"
CONNECTION_TEXT = 'Fail to fetch data from the url, err: "…"'

# In groups, as docs/troubleshooting.md shows them. Checked in order, first match wins: a specific
# message comes before a general one of the same class.
MESSAGE_GROUPS: dict[str, tuple[KnownMessage, ...]] = {
    "Reading a token: jwt.decode": (
        _m("bearer prefix", DE, "Invalid header padding",
           "the token's first part is not base64url: a \"Bearer \" prefix or quotes are still on it, "
           "or it was cut", "pass only the token: strip \"Bearer \" and quotes, and copy it whole",
           ONE_LINE),
        _m("payload padding", DE, "Invalid payload padding",
           "the token's middle part is not base64url: the token was cut or changed", COPY_AGAIN,
           ONE_LINE),
        _m("signature padding", DE, "Invalid crypto padding",
           "the token's signature part is not base64url: the token was cut or changed", COPY_AGAIN,
           ONE_LINE),
        _m("header not json", DE, "Invalid header string: …",
           "the token's first part does not decode to a JSON object: this is not a JWT, or it was "
           "changed", "refuse it; if you pasted it, copy the whole token again", ONE_LINE),
        _m("payload not json", DE, "Invalid payload string: …",
           "the token's middle part does not decode to a JSON object: it was changed, or it is a "
           "JWS of other data, not a JWT", "refuse it; if you pasted it, copy the whole token again",
           ONE_LINE),
        _m("token type", DE, "Invalid token type. Token must be a <class 'bytes'>",
           "jwt.decode got something that is not a str or bytes (None, a dict, a number?)",
           "pass the token string itself, e.g. the part after \"Bearer \" in the header", ONE_LINE,
           piece="Invalid token type"),
        _m("not enough segments", DE, "Not enough segments",
           "the token is damaged or not a JWT", "copy it again, whole and on one line",
           CATCHING, DAMAGED),
        _m("algorithms required", DE,
           'It is required that you pass in a value for the "algorithms" argument when calling '
           "decode().",
           "jwt.decode was called without algorithms=, as PyJWT 1 allowed (code written for PyJWT 1, "
           "or verify=False, which PyJWT 2 ignores)",
           "name the algorithms you accept, e.g. jwt.decode(token, key, algorithms=['HS256'])",
           DECODE_ALGORITHMS, OLD_VERIFY, piece='value for the "algorithms" argument'),
        _m("time claim not a number", DE, "… claim (…) must be an integer.",
           "the issuer wrote a time claim as something other than a number",
           'issue the token with it as seconds since 1970, e.g. "exp": 1767225600', TIMES,
           piece="must be an integer"),
        _m("detached payload not allowed", DE,
           'It is only valid to pass "detached_payload" when the protected header has "b64" set to '
           "false.",
           "detached_payload= was given for an ordinary token (only RFC 7797 tokens with "
           '"b64": false leave their payload out)', "leave detached_payload= out", ONE_LINE,
           piece='It is only valid to pass "detached_payload"'),
        _m("detached payload missing", DE,
           'It is required that you pass in a value for the "detached_payload" argument to decode a '
           'message having the b64 header set to false.',
           'the token says "b64": false (RFC 7797): its payload travels apart from it',
           "pass that payload as detached_payload=, or refuse the token if you do not expect such "
           "tokens", ONE_LINE, piece='value for the "detached_payload" argument'),
        _m("payload must be empty", DE, "Payload segment must be empty when 'b64' is false.",
           'the token says "b64": false (RFC 7797) yet carries a payload',
           "refuse it: the issuer must leave the middle part empty", ONE_LINE,
           piece="Payload segment must be empty"),
        _m("bad signature", jwt.InvalidSignatureError, "Signature verification failed",
           "the key does not match the one that signed it, or the token was changed after signing",
           "refuse it", FORGERY, CATCHING, BASE64_SECRET),
        _m("expired", jwt.ExpiredSignatureError, "Signature has expired",
           "the token's exp has passed (the signature itself is fine)",
           "refuse it and ask for a new token", EXPIRY, TIMES),
        _m("iat in the future", jwt.ImmatureSignatureError, "The token is not yet valid (iat)",
           "the token's iat (issued at) lies in the future: the issuer's clock is ahead of yours",
           "refuse it, or allow a few seconds of clock difference with leeway=", TIMES, GITHUB),
        _m("nbf in the future", jwt.ImmatureSignatureError, "The token is not yet valid (nbf)",
           "the token's nbf (not before) is still in the future",
           "refuse it until then; if clocks differ by seconds, allow a small leeway=", TIMES),
        _m("iat not a number", jwt.InvalidIssuedAtError, "Issued At claim (iat) must be an integer.",
           "the token's iat (issued at) is not a number of seconds since 1970",
           "refuse it; the issuer must write iat as a number", TIMES),
    ),
    "Claims: aud, iss, sub, jti, and the ones you require": (
        _m("strict audience param", AUD, "Invalid audience (strict)",
           "with strict_aud, audience= must be one string", "pass audience='my-api', not a list",
           AUDIENCE),
        _m("strict audience format", AUD, "Invalid claim format in token (strict)",
           "with strict_aud, the token's aud must be one string and this one is a list (or not a "
           "string)", "refuse it, or drop strict_aud if your issuer sends aud as a list", QUIRKS),
        _m("strict audience mismatch", AUD, "Audience doesn't match (strict)",
           "the token is meant for another audience (its aud is not exactly audience=)", NEVER_WIDEN,
           AUDIENCE),
        _m("audience format", AUD, "Invalid claim format in token",
           "the token's aud is not a string or a list of strings", "refuse it", AUDIENCE),
        _m("wrong audience", AUD, "Audience doesn't match",
           "the token is meant for another audience (aud does not name yours)",
           "refuse it; never widen audience= to fit a token", AUDIENCE, QUIRKS),
        _m("audience not expected", AUD, "Invalid audience",
           "the token names an audience (aud) and you passed no audience=",
           "if your service is that audience, pass audience='its-name'; otherwise refuse the token",
           AUDIENCE, QUIRKS),
        _m("missing aud", jwt.MissingRequiredClaimError, 'Token is missing the "aud" claim',
           "you passed audience= and the token has no aud; some providers document tokens without "
           "one (Amazon Cognito's access tokens carry client_id instead)",
           "refuse it, unless its issuer documents tokens without aud: then verify without audience= "
           "and check the claim it documents (Cognito: token_use and client_id)", AUDIENCE, QUIRKS,
           piece='"aud"'),
        _m("missing claim", jwt.MissingRequiredClaimError, 'Token is missing the "…" claim',
           "the token lacks a claim your verifier needs (one in require=, or iss, which issuer= makes "
           "mandatory)", "refuse it; the issuer must include it", REQUIRE_EXP, REQUIRE),
        _m("issuer param", ISS, 'Issuer param must be "str" or "Container[str]"',
           "issuer= is neither a string nor a collection of strings",
           "pass issuer= as one string or a list of strings, e.g. issuer='https://login.example.com'",
           ISSUER, piece="Issuer param"),
        _m("iss not a string", ISS, "Payload Issuer (iss) must be a string",
           "the token's iss is not a string", "refuse it", ISSUER),
        _m("wrong issuer", ISS, "Invalid issuer",
           "the token was issued by someone you do not trust (iss), or issuer= is not spelled as "
           "the issuer writes it (a trailing slash, Entra's v1 and v2)",
           "refuse it; copy issuer= from the provider's discovery document, never widen it to fit a "
           "token", ISSUER, QUIRKS),
        _m("sub not a string", jwt_exceptions.InvalidSubjectError, "Subject must be a string",
           "sub must be a string and this one is not",
           'refuse the token; issuers write it as text, e.g. "sub": "42"', SUB_JTI),
        _m("wrong subject", jwt_exceptions.InvalidSubjectError, "Invalid subject",
           "the token is about another subject (sub does not match subject=)", "refuse it", SUB_JTI),
        _m("jti not a string", jwt_exceptions.InvalidJTIError, "JWT ID must be a string",
           "the token's jti (token id) is not a string",
           'refuse it; the issuer must write it as a string, e.g. "jti": "a1b2"', SUB_JTI),
    ),
    "Algorithms": (
        _m("alg not allowed", ALG, "The specified alg value is not allowed",
           "the token's alg is not in your algorithms= list",
           "refuse it; never widen the list to fit a token", FORGERY, ALG_NONE),
        _m("no alg", ALG, "Algorithm not specified",
           "the token's header has no alg", "refuse it: it is not a signed JWT", FORGERY),
        _m("alg differs from the key's", ALG,
           "Token algorithm '…' does not match the key's algorithm '…'",
           "the key (a PyJWK) is meant for another algorithm than the token's alg; a JWK without "
           "alg is taken as RS256 (RSA) or ES256 (P-256)",
           "if the issuer signs with that algorithm, load the key with "
           "jwt.PyJWK(jwk, algorithm='PS256'); otherwise refuse the token", NO_ALG,
           piece="does not match the key's algorithm"),
        _m("alg not supported", ALG, "Algorithm not supported",
           "your algorithms= lists an algorithm PyJWT does not implement, or cryptography is not "
           "installed (RS*, PS*, ES*, EdDSA need it)",
           "list only algorithms from jwt.algorithms.get_default_algorithms(); install cryptography "
           "for key pairs", CONFUSION),
    ),
    "The token's header": (
        _m("kid not a string", IT, "Key ID header parameter must be a string",
           "the token's kid header is not a string", "refuse it", ONE_LINE),
        _m("unsupported crit", IT, "Unsupported critical extension: …",
           'the header lists in "crit" an extension PyJWT does not implement (it knows only b64)',
           "refuse it: a verifier must reject what it does not understand", ONE_LINE,
           piece="Unsupported critical extension"),
        _m("crit names a missing header", IT, "Critical extension '…' is missing from headers",
           'the header lists in "crit" a parameter that it does not carry',
           "refuse it: the token is malformed", ONE_LINE, piece="is missing from headers"),
        _m("crit not a list", IT, "Invalid 'crit' header: …",
           'the header\'s "crit" is not a non-empty list of strings',
           "refuse it (or, when signing, write crit as a list, e.g. ['b64'])", ONE_LINE,
           piece="Invalid 'crit' header"),
        _m("b64 not in crit", IT, "The 'b64' header parameter requires 'b64' to be listed in 'crit'.",
           'the header says "b64" (RFC 7797) without listing it in "crit"', "refuse it", ONE_LINE,
           piece="requires 'b64' to be listed in 'crit'"),
    ),
    "Keys given to jwt.encode and jwt.decode": (
        _m("short hmac key", KEY,
           "The HMAC key is … bytes long, which is below the minimum recommended length of … bytes "
           "for …. See RFC 7518 Section 3.2.",
           "the key is shorter than the hash", "use a random secret at least that long, e.g. "
           "secrets.token_urlsafe(32) for HS256", SHORT_SECRET, piece="The HMAC key is"),
        _m("short rsa key", KEY,
           "The RSA key is … bits long, which is below the minimum recommended size of 2048 bits. "
           "See NIST SP 800-131A.", "the RSA key is too short",
           "generate an RSA key of at least 2048 bits", FOUR_ALGORITHMS, piece="The RSA key is"),
        _m("none with a key", KEY, 'When alg = "none", key value must be None.',
           "the token is unsigned (alg: none) and your algorithms= lists none",
           "never list none; name only what you issue, e.g. algorithms=['HS256']", ALG_NONE,
           piece='alg = "none"'),
        _m("empty secret", KEY, "HMAC key must not be empty.", "the secret is empty",
           "pass the shared secret, e.g. one made by secrets.token_urlsafe(32)", CONFUSION,
           piece="must not be empty"),
        _m("pem as hmac secret", KEY,
           "The specified key is an asymmetric key or x509 certificate and should not be used as an "
           "HMAC secret.",
           "a PEM key, a certificate or an ssh- key was given as an HS* secret (the algorithm "
           "confusion attack), or algorithms= lists HS256 where the issuer signs with RS256",
           "use the algorithm the issuer signs with, e.g. algorithms=['RS256'], with its public key",
           SWAP, CONFUSION, piece="should not be used as an HMAC secret"),
        _m("jwk as hmac secret", KEY,
           "The specified key looks like a JWK and should not be used directly as an HMAC secret. "
           "Load it via PyJWK / HMACAlgorithm.from_jwk first.",
           "a JWK's JSON text was given as an HS* secret",
           "load it first: jwt.PyJWK(json.loads(text)).key", JWK, piece="looks like a JWK"),
        _m("could not parse", KEY, "Could not parse the provided public key.",
           "the RSA key text is not a PEM or ssh-rsa key PyJWT can read: often an environment "
           "variable with literal \\n, a certificate instead of a key, an OpenSSH private key, or a "
           "cut-off PEM (the same words on encode, for a private key)",
           "load it with cryptography to see why (serialization.load_pem_public_key), then pass the "
           "key object", SWAP, ENV_PEM, CERTIFICATE, OPENSSH, piece="Could not parse"),
        _m("key type does not fit", KEY, "Expected one of <generator object …>, got: …. Invalid Key "
           "type for …", "the key's type does not fit the algorithm (an EC key for RS256, an RSA key "
           "for ES256 or EdDSA)", "sign and verify RS*/PS* with RSA keys, ES256 with P-256, ES384 "
           "with P-384, ES512 with P-521, EdDSA with Ed25519 or Ed448", FOUR_ALGORITHMS,
           piece="Invalid Key type for"),
        _m("wrong curve", KEY,
           "The key's curve '…' does not match the expected curve '…' for this algorithm",
           "the EC key is on another curve than the algorithm names",
           "use ES256 for P-256 (secp256r1), ES384 for P-384, ES512 for P-521", FOUR_ALGORITHMS,
           piece="does not match the expected curve"),
        _m("not a key", KEY, "Not a public or private key",
           "the key is neither a key object nor key text PyJWT can read for this algorithm (for "
           "EdDSA, or a JWK with x5c but no key numbers)",
           "pass a key object or its PEM; for an x5c-only JWK, read the certificate's public key",
           CERTIFICATE, piece="Not a public or private key"),
        _m("jwk not json", KEY, "Key is not valid JSON",
           "from_jwk got text that is not JSON", "pass the JWK as a dict or as JSON text", JWK),
        _m("jwk of another type", KEY, "Not an …",
           "from_jwk got a JWK of another kty (an EC key given to RSAAlgorithm, say)",
           "use the algorithm class of its kty, or let jwt.PyJWK choose", JWK, piece="Not an "),
        _m("jwk without kty", KEY, "kty is not found: …", "the JWK has no kty member",
           "refuse it: every JWK names its key type (RSA, EC, OKP, oct)", JWK,
           piece="kty is not found"),
        _m("unsupported kty", KEY, "Unsupported kty: …",
           "the JWK's kty is not one PyJWT reads (RSA, EC, OKP, oct)", "refuse it", JWK),
        _m("unsupported crv", KEY, "Unsupported crv: …",
           "the JWK's crv (curve) is not one PyJWT reads for its kty, or an OKP key lacks alg",
           "use P-256, P-384, P-521 or secp256k1 for EC, Ed25519 or Ed448 for OKP (Ed448 with "
           '"alg": "EdDSA")', JWK),
        _m("crv missing", KEY, "crv is not found: …", "the OKP JWK has no crv",
           "refuse it: an OKP key names its curve", JWK, piece="crv is not found"),
        _m("invalid curve", KEY, "Invalid curve: …",
           "the key's curve is one this algorithm does not use", "use a key on a curve JOSE names",
           JWK),
        _m("jwk numbers", KEY, "Coords should be … bytes for curve …",
           "an EC JWK's x or y has the wrong length for its curve", "refuse it: the JWK is damaged",
           JWK, piece="Coords should be"),
        _m("jwk private numbers", KEY, "('D should be {} bytes for curve {}', …)",
           "an EC JWK's d has the wrong length for its curve",
           "refuse it: the JWK is damaged (and a public set never holds d)", JWK,
           piece="D should be"),
        _m("jwk cannot be built", KEY, "Unable to construct key from JWK: …",
           "a member of the JWK is not the base64url text it should be",
           "refuse it: the JWK is damaged", JWK, piece="Unable to construct key from JWK"),
        _m("okp without x", KEY, 'OKP should have "x" parameter', "the OKP JWK has no x",
           "refuse it: the JWK is damaged", JWK),
        _m("okp mismatch", KEY, "Public key does not match private key",
           "the OKP JWK's x is not the public half of its d", "refuse it: the JWK is damaged", JWK),
        _m("okp parameter", KEY, "Invalid key parameter",
           "an OKP JWK's x or d is not a key of its curve", "refuse it: the JWK is damaged", JWK),
        _m("rsa primes", KEY, "Unsupported RSA private key: > 2 primes not supported",
           "the RSA JWK has oth (more than two primes)", "use a two-prime RSA key", JWK,
           piece="> 2 primes"),
        _m("rsa parameters", KEY, "RSA key must include all parameters if any are present besides d",
           "the private RSA JWK has some of p, q, dp, dq, qi but not all", "give all of them or only d",
           JWK, piece="must include all parameters"),
    ),
    "JWKs and key sets: jwt.PyJWK, jwt.PyJWKSet": (
        _m("no algorithm for key", jwt.PyJWKError, "Unable to find an algorithm for key: …",
           "the JWK's alg is not a signing algorithm PyJWT implements (RSA-OAEP encrypts, say)",
           "skip it: a signing key set holds use \"sig\" keys", JWK,
           piece="Unable to find an algorithm for key"),
        _m("cryptography missing for jwk", jwt_exceptions.MissingCryptographyError,
           "… requires 'cryptography' to be installed.",
           "this JWK needs the cryptography package, which is not installed",
           "python -m pip install cryptography, then restart the kernel", ENDPOINT,
           piece="requires 'cryptography' to be installed"),
        _m("empty key set", jwt.PyJWKSetError, "The JWK Set did not contain any keys",
           'the JSON has no "keys" list, or it is empty (a single JWK is not a set)',
           'a JWKS is {"keys": [jwk, ...]}; check the URL gives the set', KEY_SET, ENDPOINT_FAILS),
        _m("no usable keys", jwt.PyJWKSetError,
           "The JWK Set did not contain any usable keys. Perhaps 'cryptography' is not installed?",
           "PyJWT could read none of the keys: unknown kty or alg, missing numbers (x5c alone is "
           "not enough), or cryptography is missing",
           "publish RSA, EC or OKP public keys with their numbers (n and e, or x and y)",
           ENDPOINT_FAILS, CERTIFICATE, piece="did not contain any usable keys"),
        _m("not a key set", jwt.PyJWKSetError, "Invalid JWK Set value",
           '"keys" is not a list of JSON objects', 'a JWKS is {"keys": [jwk, ...]}', KEY_SET),
        _m("kid not in set", KeyError, "'keyset has no key for kid: …'",
           "PyJWKSet[kid] found no key with that kid",
           "check the token's kid (jwt.get_unverified_header); refuse it if the set lacks it",
           KEY_SET, piece="keyset has no key for kid"),
    ),
    "Fetching a key set: jwt.PyJWKClient": (
        _m("jwks url scheme", CLIENT_ERROR,
           "Invalid JWKS URI scheme '…': only 'http' and 'https' are supported.",
           "the key set URL is not http:// or https:// (file:// is refused)",
           "serve the set over HTTPS and configure that URL", ENDPOINT_FAILS, piece="URI scheme"),
        _m("jwks cooldown", CLIENT_ERROR, 'Cooldown duration must be … the input is "…"',
           "cooldown_duration= is negative or infinite", "pass a number of seconds, e.g. 30", CLIENT,
           piece="Cooldown duration must be"),
        _m("jwks lifespan", CLIENT_ERROR, 'Lifespan must be greater than 0, the input is "…"',
           "lifespan= is zero or negative", "pass a number of seconds, e.g. 300", CLIENT,
           piece="Lifespan must be"),
        _m("jwks not an object", CLIENT_ERROR, "The JWKS endpoint did not return a JSON object",
           "the endpoint answered JSON that is not an object (a list, a string, a number)",
           'check the URL: a key set is an object, {"keys": [...]}', ENDPOINT_FAILS,
           piece="did not return a JSON object"),
        _m("no signing keys", CLIENT_ERROR, "The JWKS endpoint did not contain any signing keys",
           'no key in the set has a kid and use "sig" (or no use): PyJWKClient skips the others',
           "the issuer must publish each signing key with its kid", ENDPOINT_FAILS,
           piece="did not contain any signing keys"),
        _m("unknown kid", CLIENT_ERROR, 'Unable to find a signing key that matches: "…"',
           "no key in the set has the token's kid (\"None\": the token has no kid): the key was "
           "rotated out, or someone else signed the token",
           "refuse it (answer 401); never widen your trust to fit it", ENDPOINT_FAILS, PROVIDER,
           piece="Unable to find a signing key that matches"),
        _m("certificate for another name", CONNECTION, CONNECTION_TEXT.replace(
            "…", "<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: … "
            "mismatch, certificate is not valid for '…'. (_ssl.c:…)>"),
           "the endpoint's certificate is for another host name or IP address than the URL's",
           "use the URL with the name the certificate was issued for; never turn verification off",
           TLS, piece="certificate is not valid for"),
        _m("certificate not trusted", CONNECTION, CONNECTION_TEXT.replace(
            "…", "<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: … "
            "(_ssl.c:…)>"),
           "the endpoint's TLS certificate is not signed by a certificate authority this Python "
           "trusts (a self-signed or company certificate)",
           "trust that authority for this client: "
           "PyJWKClient(url, ssl_context=ssl.create_default_context(cafile='ca.pem')); never turn "
           "verification off", TLS, piece="CERTIFICATE_VERIFY_FAILED"),
        _m("forbidden", CONNECTION, CONNECTION_TEXT.replace("…", "HTTP Error 403: Forbidden"),
           "the endpoint refused the request: often a firewall or CDN that blocks urllib's default "
           "User-Agent (Python-urllib/3.x)",
           "name your service: PyJWKClient(url, headers={'User-Agent': 'my-api/1.0'})", USER_AGENT,
           piece="HTTP Error 403"),
        _m("jwks not found", CONNECTION, CONNECTION_TEXT.replace("…", "HTTP Error 404: Not Found"),
           "nothing is published at that URL",
           "take jwks_uri from the provider's /.well-known/openid-configuration", ENDPOINT_FAILS,
           PROVIDER, piece="HTTP Error 404"),
        _m("jwks redirect", CONNECTION, CONNECTION_TEXT.replace("…", "HTTP Error 30…: …"),
           "the endpoint answered a redirect, which PyJWKClient does not follow",
           "configure the URL it redirects to, once you know it belongs to the issuer (often "
           "https:// instead of http://)", ENDPOINT_FAILS, piece="HTTP Error 30"),
        _m("jwks server error", CONNECTION, CONNECTION_TEXT.replace("…", "HTTP Error 5…: …"),
           "the issuer's endpoint failed", "answer 503 and retry later", ENDPOINT_FAILS,
           piece="HTTP Error 5"),
        _m("jwks timeout", CONNECTION, CONNECTION_TEXT.replace("…", "timed out"),
           "the endpoint did not answer within timeout= seconds (30 by default, for each wait)",
           "keep timeout= short (a few seconds) and answer 503 meanwhile", SLOW, ENDPOINT_FAILS,
           piece="timed out"),
        _m("jwks refused", CONNECTION,
           CONNECTION_TEXT.replace("…", "<urlopen error [Errno 111] Connection refused>"),
           "nothing listens at that host and port", "check the URL, and that the server is up",
           ENDPOINT_FAILS, piece="Connection refused"),
        _m("jwks unreachable", CONNECTION, CONNECTION_TEXT,
           "the key set could not be fetched (name not found, network down, an HTTP error)",
           "read the part after err: it names the cause; answer 503 meanwhile", ENDPOINT_FAILS,
           piece="Fail to fetch data from the url"),
        _m("jwks not json", json.JSONDecodeError, "Expecting value: line 1 column 1 (char 0)",
           "the endpoint answered something that is not JSON, often an HTML login or error page "
           "(PyJWKClient lets json's ValueError through)",
           "check the URL points at the key set itself; catch ValueError next to PyJWKClientError",
           ENDPOINT_FAILS, piece="Expecting value"),
    ),
    "Warnings": (
        _m("short hmac key warning", jwt.InsecureKeyLengthWarning,
           "The HMAC key is … bytes long, which is below the minimum recommended length of … bytes "
           "for …. See RFC 7518 Section 3.2.", "the key is shorter than the hash",
           "use a random secret at least that long, e.g. secrets.token_urlsafe(32) for HS256",
           SHORT_SECRET, piece="The HMAC key is"),
        _m("short rsa key warning", jwt.InsecureKeyLengthWarning,
           "The RSA key is … bits long, which is below the minimum recommended size of 2048 bits. "
           "See NIST SP 800-131A.", "the RSA key is too short",
           "generate an RSA key of at least 2048 bits", FOUR_ALGORITHMS, piece="The RSA key is"),
        _m("extra decode arguments", jwt_warnings.RemovedInPyjwt3Warning,
           "passing additional kwargs to … is deprecated and will be removed in pyjwt version 3. "
           "Unsupported kwargs: (…)",
           "jwt.decode got an argument it does not know, e.g. algorithm= (PyJWT 1's spelling) or "
           "a misspelled option", "use algorithms=[...] and options={...}; remove the rest",
           OLD_VERIFY, piece="passing additional kwargs"),
        _m("verify argument", DeprecationWarning,
           "The `verify` argument to `decode` does nothing in PyJWT 2.0 and newer. The equivalent is "
           "setting `verify_signature` to False in the `options` dictionary. This invocation has a "
           "mismatch between the kwarg and the option entry.",
           "verify=False is PyJWT 1 code: PyJWT 2 ignores it (and hides this warning by default)",
           "remove verify=; to read a token without trusting it, use jwt.get_unverified_header or "
           "options={'verify_signature': False} and never act on what it says", OLD_VERIFY,
           piece="The `verify` argument"),
    ),
    "Python's own errors around PyJWT": (
        _m("wrong jwt module", AttributeError, "module 'jwt' has no attribute 'encode'",
           "import jwt found something else than PyJWT: the PyPI package named jwt, or a file "
           "jwt.py (or folder jwt/) of yours",
           "run from helpers import check_environment; check_environment(): it names which, and the "
           "fix", WRONG_PACKAGE, SHADOW, piece="has no attribute 'encode'"),
        _m("decode on a str", AttributeError, "'str' object has no attribute 'decode'",
           "code written for PyJWT 1, whose jwt.encode returned bytes; PyJWT 2 returns a str",
           "remove the .decode('utf-8'): the token already is a str", OLD_DECODE,
           piece="'str' object has no attribute 'decode'"),
        _m("public key signs", AttributeError, "'…' object has no attribute 'sign'",
           "a public key was given to jwt.encode: only the private key signs",
           "sign with the private key; give the public key to verifiers", SWAP,
           piece="has no attribute 'sign'"),
        _m("private key verifies", AttributeError, "'…' object has no attribute 'verify'",
           "an RSA private key was given to jwt.decode: PyJWT verifies RS256 with the public key",
           "pass private_key.public_key() (or the public PEM)", SWAP,
           piece="has no attribute 'verify'"),
        _m("iss not a string on encode", TypeError, "Issuer (iss) must be a string.",
           "jwt.encode got an iss that is not a string, e.g. a GitHub App id as a number",
           'write it as a string: "iss": str(app_id)', GITHUB, piece="Issuer (iss) must be a string"),
        _m("payload not a dict", TypeError,
           "Expecting a dict object, as JWT only supports JSON objects as payloads.",
           "jwt.encode got a payload that is not a dict", "pass a dict, e.g. {'sub': '42'}", NOT_JSON,
           piece="Expecting a dict object"),
        _m("not json serializable", TypeError, "Object of type … is not JSON serializable",
           "the payload holds a value JSON cannot write (UUID, datetime outside exp/iat/nbf, "
           "Decimal, set, bytes)",
           "convert it yourself, or pass json_encoder= a json.JSONEncoder subclass that does",
           NOT_JSON, piece="is not JSON serializable"),
        _m("audience type", TypeError, "audience must be a string, iterable or None",
           "audience= is neither a string nor a list of strings",
           "pass audience='my-api' or a list of strings", REQUIRE_EXP, piece="audience must be"),
        _m("key not pem", TypeError, "Expecting a PEM-formatted key.",
           "the key for RS*, PS* or ES* is neither PEM text nor a key object of the right type (a "
           "certificate object, a number, an EC key for RS256)",
           "pass the key object (for a certificate: cert.public_key()) or its PEM text", CERTIFICATE,
           piece="Expecting a PEM-formatted key"),
        _m("encrypted key without password", TypeError,
           "Password was not given but private key is encrypted",
           "the private key PEM is encrypted and PyJWT never passes a password",
           "load it yourself: serialization.load_pem_private_key(pem, password=b'...'), then pass "
           "the key object", PEM, piece="Password was not given"),
        _m("unknown algorithm on encode", NotImplementedError, "Algorithm not supported",
           "jwt.encode got an algorithm name PyJWT does not know",
           "use one of jwt.algorithms.get_default_algorithms(), e.g. 'HS256', 'RS256', 'ES256'",
           ONE_LINE, piece="Algorithm not supported"),
        _m("cryptography missing", NotImplementedError,
           "Algorithm '…' could not be found. Do you have cryptography installed?",
           "RS*, PS*, ES* and EdDSA need the cryptography package, which is not installed",
           "python -m pip install cryptography, then restart the kernel", WRONG_PACKAGE,
           piece="Do you have cryptography installed"),
    ),
    "Loading a key yourself: cryptography": (
        _m("literal backslash n", ValueError,
           "Unable to load PEM file. See https://cryptography.io/en/latest/faq/#why-can-t-i-import-"
           "my-pem-file for more details. InvalidData(Invalid symbol 92, offset …)",
           "the PEM holds the two characters \\ and n where line breaks belong (symbol 92 is the "
           "backslash): an environment variable or JSON that escaped them",
           "restore the line breaks: pem.replace('\\\\n', '\\n'); better, keep the key in a file "
           "and put its path in the variable", ENV_PEM, piece="Invalid symbol 92"),
        _m("pem unreadable", ValueError,
           "Unable to load PEM file. See https://cryptography.io/en/latest/faq/#why-can-t-i-import-"
           "my-pem-file for more details. …",
           "the text is not a whole PEM block (cut off, a missing END line, DER bytes, or a key "
           "given to ES256 that is no key at all)",
           "copy the key again from -----BEGIN to its -----END line", ENV_PEM,
           piece="Unable to load PEM file"),
        _m("certificate as public key", ValueError,
           "Valid PEM but no BEGIN PUBLIC KEY/END PUBLIC KEY delimiters. Are you sure this is a "
           "public key?",
           "load_pem_public_key got another PEM: a certificate (BEGIN CERTIFICATE) or a private key",
           "for a certificate: x509.load_pem_x509_certificate(pem).public_key(); for a private key: "
           "load_pem_private_key(...).public_key()", CERTIFICATE,
           piece="no BEGIN PUBLIC KEY/END PUBLIC KEY"),
        _m("not a private key", ValueError,
           "Valid PEM but no BEGIN/END delimiters for a private key found. Are you sure this is a "
           "private key?",
           "load_pem_private_key got a public key, a certificate, or an OpenSSH private key "
           "(BEGIN OPENSSH PRIVATE KEY)",
           "for an OpenSSH key: serialization.load_ssh_private_key(data, password=None)", OPENSSH,
           piece="delimiters for a private key"),
        _m("not a certificate", ValueError,
           "Valid PEM but no BEGIN CERTIFICATE/END CERTIFICATE delimiters. Are you sure this is a "
           "certificate?",
           "load_pem_x509_certificate got a key, not a certificate",
           "load it with load_pem_public_key instead", CERTIFICATE,
           piece="no BEGIN CERTIFICATE/END CERTIFICATE"),
        _m("der expected", ValueError, "Could not deserialize key data. …",
           "a DER loader got PEM text or damaged bytes",
           "use the PEM loader for text that starts with -----BEGIN", CERTIFICATE,
           piece="Could not deserialize key data"),
        _m("wrong password", ValueError, "Incorrect password, could not decrypt key",
           "the password does not open this encrypted private key", "use the key's own password",
           PEM, piece="Incorrect password"),
        _m("base64 padding", binascii.Error, "Incorrect padding",
           "base64.b64decode got text without its = padding, often a base64url secret",
           "decode base64url with base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))", BASE64_SECRET,
           piece="Incorrect padding"),
    ),
}
MESSAGES: tuple[KnownMessage, ...] = tuple(m for group in MESSAGE_GROUPS.values() for m in group)

MESSAGES_BY_KEY: dict[str, KnownMessage] = {message.key: message for message in MESSAGES}


def find_message(error: BaseException) -> KnownMessage | None:
    """The first entry of MESSAGES that is this error's message, or None."""
    return next((message for message in MESSAGES if message.matches(error)), None)


def says(error: BaseException, key: str) -> bool:
    """True when `error` is the message MESSAGES names `key` (e.g. "unknown kid")."""
    return MESSAGES_BY_KEY[key].matches(error)


# The fix for each PyJWT exception class, for a message MESSAGES does not know; the most
# specific class wins (the lookup walks the MRO). A claim that does not match what you expect
# (iss, aud, sub) means the token is not for you: the fix is to refuse it, never to loosen the
# check until it passes.
FIXES: dict[type[BaseException], str] = {
    jwt.ExpiredSignatureError: "the token's exp has passed (the signature itself is fine): "
    "refuse it and ask for a new token",
    jwt.ImmatureSignatureError: "the token is not valid yet (its nbf or iat lies in the future): "
    "refuse it for now; if clocks differ by seconds, allow a small leeway=",
    jwt.InvalidIssuedAtError: "the token's iat (issued at) is not a number of seconds since 1970: "
    "refuse it; the issuer must write iat as a number",
    jwt.InvalidAudienceError: "the token is meant for another audience (aud): refuse it; never "
    "widen audience= to fit a token",
    jwt.InvalidIssuerError: "the token was issued by someone you do not trust (iss): refuse it; "
    "never widen issuer= to fit a token",
    jwt.MissingRequiredClaimError: "the token lacks a claim your verifier needs (one in require=, "
    "or aud/iss, which audience=/issuer= make mandatory): refuse it; the issuer must include it",
    jwt_exceptions.InvalidSubjectError: "the token's sub (subject) is not the one you expect: "
    "refuse it",
    jwt_exceptions.InvalidJTIError: "the token's jti (token id) is not a string: refuse it; the "
    'issuer must write it as a string, e.g. "jti": "a1b2"',
    jwt.InvalidAlgorithmError: "the token's alg is not in your algorithms= list: refuse it; never "
    "widen the list to fit a token",
    jwt.InvalidSignatureError: "the key does not match the one that signed it, or the token was "
    "changed after signing: refuse it",
    jwt.DecodeError: "the token is damaged or not a JWT: copy it again, whole and on one line",
    jwt.InvalidKeyError: "the key does not fit the algorithm: a random shared secret for HS* "
    "(secrets.token_urlsafe(32)), an RSA key for RS*/PS*, a P-256/P-384/P-521 key for "
    "ES256/ES384/ES512, an Ed25519 or Ed448 key for EdDSA",
    jwt.InvalidTokenError: "the token failed a check: refuse it, and read the message for which",
    jwt_exceptions.MissingCryptographyError: "this key needs the cryptography package: "
    "python -m pip install cryptography, then restart the kernel",
    jwt.PyJWKError: "PyJWT cannot use this JWK: check its kty, crv and alg",
    jwt.PyJWKSetError: 'the key set cannot be used: a JWKS is {"keys": [jwk, ...]} with at least '
    "one public key PyJWT can read",
    jwt.PyJWKClientConnectionError: "the key set could not be fetched: read the part after err, "
    "fix the URL, trust store, headers or timeout it names, and answer 503 meanwhile",
    jwt.PyJWKClientError: "the key set gave no key for this token: check the JWKS URL, and "
    "refuse a token whose kid the set lacks",
    jwt.PyJWTError: "PyJWT refused the input: read the message",
}


def explain_error(error: BaseException) -> str:
    """One line for any exception: the class and message, then the fix."""
    if isinstance(error, InputProblem):
        return str(error)
    name = type(error).__name__
    message = str(error).strip().rstrip(".") or "(no message)"
    known = find_message(error)
    if known is not None:
        return one_line(f"{name}: {message}. Fix: {known.cause}: {known.fix}.")
    for cls in type(error).__mro__:
        if cls in FIXES:
            return one_line(f"{name}: {message}. Fix: {FIXES[cls]}.")
    if isinstance(error, (ValueError, TypeError, UnicodeError)):
        return one_line(f"{name}: {message}. Fix: check the value you typed.")
    return one_line(f"Unexpected {name}: {message}. Fix: re-run the cell; if it persists, "
                    "restart the kernel.")


def one_line(text: str, limit: int = 300) -> str:
    """Fold text to one line and cut it to a readable length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
