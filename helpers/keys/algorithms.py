"""Every JWT algorithm the course names, read from PyJWT's own registry, in one place.

Nothing here is a hand-written list: the names come from `jwt.algorithms.get_default_algorithms()`
(and `jwt.algorithms.requires_cryptography` for the ones that need the cryptography package),
the HMAC sizes from each algorithm's hash, and which algorithms a key can verify from PyJWT's
own `prepare_key`. When PyJWT adds an algorithm, the editor, the inspector and the checks see it.
Written by hand: the course's choice of four key-pair algorithms for 06, and PyJWT's one alias.
Works without cryptography: then only "none" and HS256/384/512 are available.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jwt import algorithms as jwt_algorithms

from helpers.errors import InputProblem

# PyJWT's class names, as a learner would call each family.
FAMILY_NAMES = {
    "NoneAlgorithm": "none (no signature)",
    "HMACAlgorithm": "HMAC (shared secret)",
    "RSAAlgorithm": "RSA (RSASSA-PKCS1-v1_5)",
    "RSAPSSAlgorithm": "RSA-PSS",
    "ECAlgorithm": "ECDSA",
    "OKPAlgorithm": "EdDSA",
}


@lru_cache(maxsize=1)
def registry() -> dict[str, Any]:
    """PyJWT's algorithm objects by name, as jwt.encode and jwt.decode use them."""
    return dict(jwt_algorithms.get_default_algorithms())


def all_algorithm_names() -> tuple[str, ...]:
    """Every algorithm PyJWT knows, even those that need cryptography when it is missing."""
    registered = [name for name in registry() if name != "none"]
    missing = sorted(set(jwt_algorithms.requires_cryptography) - set(registered))
    return (*registered, *missing)


def is_hmac(name: str) -> bool:
    """True for the shared-secret algorithms (HS256, HS384, HS512)."""
    return isinstance(registry().get(name), jwt_algorithms.HMACAlgorithm)


def is_rsa(name: str) -> bool:
    """True for the algorithms that sign with an RSA key (RS256/384/512 and PS256/384/512)."""
    rsa_algorithm = getattr(jwt_algorithms, "RSAAlgorithm", None)  # only with cryptography
    return rsa_algorithm is not None and isinstance(registry().get(name), rsa_algorithm)


def needs_cryptography(name: str) -> bool:
    """True for the public-key algorithms: PyJWT needs the cryptography package for them."""
    return name in jwt_algorithms.requires_cryptography


def is_known(name: str) -> bool:
    """True when PyJWT knows this algorithm name (case-sensitive, "none" excluded)."""
    return name in all_algorithm_names()


def hmac_bytes(name: str) -> int:
    """The hash size of an HMAC algorithm in bytes: its signature size and its minimum key size."""
    algorithm = registry()[name]
    if not isinstance(algorithm, jwt_algorithms.HMACAlgorithm):
        raise KeyError(name)
    return algorithm.hash_alg().digest_size


def family(name: str) -> str:
    """The algorithm's family as a learner would name it ("HMAC (shared secret)", "ECDSA", ...)."""
    algorithm = registry().get(name)
    if algorithm is None:
        return "public-key (needs cryptography)" if needs_cryptography(name) else "unknown"
    return FAMILY_NAMES.get(type(algorithm).__name__, type(algorithm).__name__)


def algorithms_for_key(key: Any) -> tuple[str, ...]:
    """The algorithms PyJWT would use this key object with (its type, and for EC its curve)."""
    found = []
    for name, algorithm in registry().items():
        if name == "none" or is_hmac(name) != isinstance(key, bytes):
            continue
        try:
            algorithm.prepare_key(key)
        except Exception:  # noqa: BLE001, S112 - PyJWT says no: a wrong type or a wrong curve
            continue
        found.append(name)
    return tuple(found)


# PyJWT's second name for an algorithm: RFC 7518 names P-521 with SHA-512 "ES512" only.
PYJWT_ALIASES = {"ES521": "ES512"}


def suggested_algorithms(key: Any) -> tuple[str, ...]:
    """The first algorithm of each family this key fits, for messages: ('RS256', 'PS256') for an
    RSA key, ('ES512',) for a P-521 key, ('EdDSA',) for Ed25519; () for no JWT key at all."""
    first_of_family: dict[type, str] = {}
    for name in algorithms_for_key(key):
        if name not in PYJWT_ALIASES:
            first_of_family.setdefault(type(registry()[name]), name)
    return tuple(first_of_family.values())


HMAC_ALGORITHMS: tuple[str, ...] = tuple(name for name in all_algorithm_names() if is_hmac(name))
PUBLIC_KEY_ALGORITHMS: tuple[str, ...] = tuple(
    name for name in all_algorithm_names() if needs_cryptography(name))


# The course's four public-key algorithms and the key each one needs.
KEY_PAIR_ALGORITHMS = {
    "RS256": "RSA 2048-bit, PKCS#1 v1.5 padding, SHA-256",
    "PS256": "RSA 2048-bit, PSS padding, SHA-256",
    "ES256": "ECDSA on the P-256 curve, SHA-256",
    "EdDSA": "Ed25519",
}


def check_key_pair_algorithm(algorithm: Any) -> str:
    """The algorithm if it is one of the course's four key-pair algorithms, else a one-line fix."""
    name = algorithm.strip() if isinstance(algorithm, str) else algorithm
    if name in KEY_PAIR_ALGORITHMS:
        return name
    choices = ", ".join(KEY_PAIR_ALGORITHMS)
    if isinstance(name, str) and is_hmac(name.upper()):
        raise InputProblem(f"{name} signs with a shared secret, not a key pair: use the payload "
                           f"editor for it, or pick one of {choices}.")
    if isinstance(name, str) and name.lower() == "none":
        raise InputProblem(f'"none" means no signature at all: pick one of {choices}.')
    close = [a for a in KEY_PAIR_ALGORITHMS if isinstance(name, str) and a.lower() == name.lower()]
    if close:
        raise InputProblem(f"Algorithm names are case-sensitive: write {close[0]!r}.")
    raise InputProblem(f"{name!r} is not one of this editor's algorithms: pick one of {choices}.")
