"""Read the key a learner pasted to verify a token (a secret, a PEM, a JWK) or say what is wrong.

PyJWT and cryptography do the reading (`jwt.PyJWK`, `load_pem_public_key`, ...); this module
only decides which reader fits and turns each refusal into one line with the fix. The
algorithms a key may verify come from the KEY (see `helpers.keys.algorithms.algorithms_for_key`),
never from the token's header. cryptography is imported only when a PEM needs it, so a shared
secret and an oct JWK work without it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jwt

from helpers.errors import InputProblem
from helpers.keys.algorithms import algorithms_for_key, hmac_bytes, is_hmac, registry
from helpers.keys.hmac_secrets import check_secret
from helpers.keys.material import KeyKind, describe_public_key, key_material_kind

# RFC 7518 section 6 (and RFC 8037 for OKP): the members each kind of public JWK must have.
JWK_MEMBERS = {"RSA": ("n", "e"), "EC": ("crv", "x", "y"), "OKP": ("crv", "x"), "oct": ("k",)}
PRIVATE_JWK_MEMBERS = ("d", "p", "q", "dp", "dq", "qi")
BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")
PUBLIC_PEM_LABELS = ("PUBLIC KEY", "RSA PUBLIC KEY")


@dataclass(frozen=True)
class VerifyingKey:
    """A key ready for jwt.decode, the algorithms it may verify, and how to name it."""

    key: Any  # bytes for HMAC, else a cryptography public key
    algorithms: tuple[str, ...]
    name: str  # "the shared secret", "an oct JWK", "an RSA public key (2048 bits)", ...
    note: str = ""


def private_key_message(kind: str) -> str:
    """What to say when a private key is pasted where a public key belongs."""
    return (f"That is {kind}: it signs tokens and must never leave its owner. Verify with the "
            "matching public key (-----BEGIN PUBLIC KEY-----, or a JWK without \"d\").")


def read_verifying_key(text: str, algorithm: str, kid: Any = None) -> VerifyingKey:
    """The key in `text` for a token signed with `algorithm`; InputProblem says what is wrong."""
    material = key_material_kind(text)
    kind, label = material.kind, material.label
    match kind:
        case KeyKind.JWT:
            raise InputProblem("That is a token (eyJ...), not a key: put the token in the Token box, and "
                               "here the shared secret or the issuer's public key.")
        case KeyKind.JWKS:
            raise InputProblem(jwks_message(text, kid))
        case KeyKind.JWK_NOT_JSON:
            raise InputProblem(jwk_json_message(text))
        case KeyKind.JWK_LIST:
            raise InputProblem("That is a JSON list of keys: paste one JWK from it, from { to its "
                               "closing }, the one whose kid the token's header names.")
        case KeyKind.JWK | KeyKind.JWK_WITHOUT_KTY:
            return read_jwk(json.loads(text), algorithm)
    if is_hmac(algorithm):
        if kind is not KeyKind.SECRET:
            raise InputProblem(f"This token uses {algorithm}, which needs the shared secret; you gave "
                               f"{label}: paste the secret the issuer shares with you (accepting keys "
                               "as HMAC secrets enables forgeries).")
        return VerifyingKey(check_secret(text, max_bytes=None), hmac_algorithms(), "the shared secret")
    if material.is_private:
        raise InputProblem(private_key_message(label))
    match kind:
        case KeyKind.SECRET:
            raise InputProblem(f"This token is signed with {algorithm}, a public-key algorithm: verify it "
                               "with the issuer's PEM public key or JWK, not a shared secret.")
        case KeyKind.PEM:
            return read_pem(text, label, algorithm)
        case KeyKind.SSH_PUBLIC:
            raise InputProblem("That is an SSH public key (the ~/.ssh format): token issuers publish "
                               "their keys as PEM or JWK, not in SSH form; paste the issuer's PEM public "
                               "key or JWK.")
        case KeyKind.PEM_IN_BASE64:
            raise InputProblem(f"That is {label}, as Kubernetes secrets and .env files store it: decode "
                               "it first (base64 -d) and paste the -----BEGIN ... text it gives.")
        case KeyKind.DER_IN_BASE64:
            raise InputProblem(f"That is {label}: add the line -----BEGIN PUBLIC KEY----- before it and "
                               "-----END PUBLIC KEY----- after it, or paste the issuer's PEM as it was.")
    raise InputProblem(f"That is {label}, which cannot verify a token: paste the issuer's PEM public "
                       "key or JWK.")


def jwk_json_message(text: str) -> str:
    """What is wrong with a JWK that is not valid JSON, and where."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        where = error.msg.removesuffix(" at").removesuffix(" starting")
        return (f"The JWK is not valid JSON ({where} at character {error.pos + 1}): "
                "it was cut short or edited; copy it again, from { to its closing }.")
    except (ValueError, RecursionError):
        pass
    return "The JWK is not valid JSON: copy it again, from { to its closing }."


def hmac_algorithms() -> tuple[str, ...]:
    return tuple(name for name in registry() if is_hmac(name))


def jwks_message(text: str, kid: Any) -> str:
    """A JWKS holds several keys: say which one to paste."""
    keys = json.loads(text).get("keys")
    count = len(keys) if isinstance(keys, list) else 0
    shown = json.dumps(kid if len(str(kid)) <= 40 else f"{str(kid)[:37]}...")
    which = (f'the one whose "kid" is {shown}, as the token\'s header says' if isinstance(kid, str)
             else "the one the issuer signs this token with")
    return (f'That is a JWKS, a set of {count} key{"" if count == 1 else "s"} under "keys": paste one '
            f"JWK from it ({which}), from {{ to its closing }}.")


def read_jwk(data: dict[str, Any], algorithm: str) -> VerifyingKey:
    """A JWK (RFC 7517) through jwt.PyJWK, after checks that name the missing or wrong member."""
    kty = data.get("kty")
    if not isinstance(kty, str) or not kty:
        raise InputProblem('The JWK has no "kty", so nothing says what kind of key it is: copy the '
                           'whole JWK (it has "kty": "RSA", "EC", "OKP" or "oct").')
    if kty not in JWK_MEMBERS:
        right = [name for name in JWK_MEMBERS if name.lower() == kty.lower()]
        fix = (f'write "kty": "{right[0]}" (kty is case-sensitive)' if right
               else 'JWTs are signed with kty "RSA", "EC", "OKP" or "oct"')
        raise InputProblem(f'The JWK says "kty": {json.dumps(kty)}, which no JWT algorithm uses: {fix}.')
    if kty == "oct" and not is_hmac(algorithm):
        raise InputProblem(f'That is an oct JWK, a shared secret, but the token is signed with '
                           f"{algorithm}, a public-key algorithm: verify it with the issuer's public "
                           "key (a PEM, or a JWK of kty RSA, EC or OKP).")
    if kty != "oct" and is_hmac(algorithm):
        raise InputProblem(f"This token uses {algorithm}, which needs the shared secret; you gave a JWK "
                           f'of kty "{kty}", a public key: paste the shared secret, or an oct JWK '
                           "(accepting keys as HMAC secrets enables forgeries).")
    private = [name for name in PRIVATE_JWK_MEMBERS if name in data]
    if kty != "oct" and private:
        raise InputProblem(f'This JWK holds "{private[0]}", a private part: it signs tokens and must '
                           f'stay with the issuer. Paste the public JWK (without {", ".join(private)}).')
    missing = [name for name in JWK_MEMBERS[kty] if name not in data]
    if missing:
        raise InputProblem(f'The {kty} JWK lacks "{missing[0]}" (kty "{kty}" needs '
                           f'{", ".join(JWK_MEMBERS[kty])}): copy the whole key.')
    bad = [name for name in JWK_MEMBERS[kty] if name != "crv"
           and not (isinstance(data[name], str) and BASE64URL.match(data[name]))]
    if bad:
        raise InputProblem(f'The JWK\'s "{bad[0]}" must be base64url text (A-Z a-z 0-9 - _, no '
                           "padding): copy the key again.")
    use = data.get("use")
    if use is not None and use != "sig":
        raise InputProblem(f'This JWK says "use": {json.dumps(use)}: it is not for signatures (RFC 7517 '
                           '4.2); ask for the issuer\'s signing key ("use": "sig").')
    key_alg = data.get("alg")
    if key_alg is not None and key_alg != algorithm:
        raise InputProblem(f'The JWK says "alg": {json.dumps(key_alg)}, but the token is signed with '
                           f"{algorithm}: this key is not meant for this token; find the key for "
                           f"{algorithm} (match the kid).")
    if kty == "oct":
        return read_oct_jwk(data, algorithm)
    try:
        key = jwt.PyJWK(data).key
    except jwt.exceptions.MissingCryptographyError:
        raise InputProblem(f"A {kty} JWK needs the cryptography package: run "
                           "python -m pip install cryptography, then restart the kernel.") from None
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as error:
        detail = str(error).strip().rstrip(".")
        if "crv" in detail:
            raise InputProblem(f'The JWK\'s curve {json.dumps(data.get("crv"))} is not one JWTs sign with '
                               "(ES256 uses P-256, ES384 P-384, ES512 P-521, ES256K secp256k1, EdDSA "
                               "Ed25519): find the issuer's signing key.") from None
        raise InputProblem(f"This {kty} JWK cannot be read as a key ({detail}): copy it "
                           "again, whole.") from None
    return checked_public_key(key, algorithm, f"an {kty} JWK")


def read_oct_jwk(data: dict[str, Any], algorithm: str) -> VerifyingKey:
    """An oct JWK (RFC 7518 6.4): a shared secret written as JSON, its bytes in "k"."""
    try:
        secret = jwt.PyJWK(data, algorithm=algorithm).key
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as error:
        raise InputProblem(f"This oct JWK cannot be read ({str(error).rstrip('.')}): its \"k\" must "
                           "hold the secret in base64url; copy it again.") from None
    needed = hmac_bytes(algorithm)
    if len(secret) < needed:
        raise InputProblem(f'The oct JWK\'s "k" holds {len(secret)} bytes, but {algorithm} needs a key '
                           f"of at least {needed} bytes (RFC 7518 3.2): this is not a usable "
                           f"{algorithm} key; ask the issuer for the real one.")
    return VerifyingKey(secret, (algorithm,), "an oct JWK (a shared secret)")


def read_pem(text: str, kind: str, algorithm: str) -> VerifyingKey:
    """A PEM public key or certificate, read by cryptography."""
    stripped = text.strip()
    if "\\n" in stripped:
        raise InputProblem("The PEM holds \\n as two characters (a backslash and n), as JSON and .env "
                           "files store it: replace each \\n with a real line break.")
    label = stripped.split("-----")[1].replace("BEGIN", "", 1).strip()
    begins = stripped.count("-----BEGIN")
    if begins > 1:
        raise InputProblem(f"This holds {begins} PEM blocks: paste only one, the issuer's public key.")
    if f"-----END {label}-----" not in stripped:
        raise InputProblem(f"That is {kind}, but it has no -----END {label}----- line: it was cut off; "
                           "copy the whole key, from its BEGIN line to its END line.")
    if label not in (*PUBLIC_PEM_LABELS, "CERTIFICATE"):
        raise InputProblem(f"That is {kind}, which cannot verify a token: paste the issuer's public "
                           "key (-----BEGIN PUBLIC KEY-----) or JWK.")
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization
    except ImportError:
        raise InputProblem("A PEM key needs the cryptography package: run python -m pip install "
                           "cryptography, then restart the kernel.") from None
    data = stripped.encode("utf-8")
    try:
        if label == "CERTIFICATE":
            key = x509.load_pem_x509_certificate(data).public_key()
        else:
            key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise InputProblem(f"That is {kind}, but the lines between BEGIN and END are damaged or "
                           "incomplete: copy the key again, every line of it.") from None
    except Exception:  # noqa: BLE001 - cryptography refuses some keys with its own types
        raise InputProblem(f"That is {kind} of a type JWTs do not sign with: paste the issuer's RSA, "
                           "EC or Ed25519 public key.") from None
    note = ("Used the public key inside the certificate; its dates and issuer were not checked."
            if label == "CERTIFICATE" else "")
    found = checked_public_key(key, algorithm, describe_public_key(key))
    return VerifyingKey(found.key, found.algorithms, found.name, note)


def checked_public_key(key: Any, algorithm: str, name: str) -> VerifyingKey:
    """The key, if it can verify `algorithm` and is long enough; else what to use instead."""
    if hasattr(key, "public_key"):  # private key objects have .public_key(); public ones do not
        raise InputProblem(private_key_message(name))
    allowed = algorithms_for_key(key)
    if not allowed:
        raise InputProblem(f"That is {name}, which no JWT algorithm verifies: paste the issuer's RSA, "
                           "EC or Ed25519 public key.")
    if algorithm not in allowed:
        raise InputProblem(f"That is {name}, which verifies {', '.join(allowed)} tokens, not "
                           f"{algorithm}: paste the public key of the pair whose private key "
                           f"signed this {algorithm} token.")
    too_short = registry()[algorithm].check_key_length(key)
    if too_short:
        raise InputProblem(f"That is {name}, too short to trust for {algorithm} (RFC 7518 3.3 requires "
                           "2048 bits or more; PyJWT warns too): ask the issuer for a longer key.")
    return VerifyingKey(key, allowed, name)
