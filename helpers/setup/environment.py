"""Is the right `jwt` installed? Check it, and say exactly what to run when it is not.

The check tries what the course uses (`feature_gaps`), not only the version number: a
PyJWT 2.10 says "2" like 2.15 does, yet lacks `jwt.InsecureKeyLengthWarning`.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import importlib.util
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from helpers.setup.browser import browser_note

PIP = "python -m pip"
MINIMUM_PYJWT = "2.15"  # keep in step with requirements.txt and pyproject.toml
PYJWT_REQUIREMENT = f"pyjwt>={MINIMUM_PYJWT},<3"


@dataclass(frozen=True)
class EnvironmentFacts:
    """What the current Python can import, gathered by `gather_facts`."""

    jwt_importable: bool
    jwt_has_encode: bool
    pyjwt_version: str | None  # None when the PyJWT distribution is not installed
    other_jwt_distribution: bool  # the unrelated PyPI package named `jwt`
    cryptography_version: str | None
    python_version: str = ".".join(map(str, sys.version_info[:3]))
    missing_features: tuple[str, ...] = ()  # what the course uses that this PyJWT lacks
    shadowing_path: str | None = None  # a jwt.py or jwt/ of the learner's, found before PyJWT


@dataclass(frozen=True)
class Diagnosis:
    """The verdict: ready or not, a line per finding, and the commands that fix it."""

    ready: bool
    findings: tuple[str, ...]
    fixes: tuple[str, ...] = ()

    def __str__(self) -> str:
        lines = [("Ready: " if self.ready else "Not ready: ") + self.findings[0]]
        lines += [f"  - {finding}" for finding in self.findings[1:]]
        if self.fixes:
            lines.append("Run this in a terminal (or in a cell, starting with %), then restart "
                         "the kernel:")
            lines += [f"  {fix}" for fix in self.fixes]
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython shows str(), not a dataclass repr
        printer.text(str(self))


def installed_version(distribution: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def installed_file(distribution: str, name: str = "jwt/__init__.py") -> Path | None:
    """Where an installed distribution keeps one of its files, or None when it is not installed."""
    try:
        return Path(metadata.distribution(distribution).locate_file(name)).resolve()
    except (metadata.PackageNotFoundError, OSError, TypeError):
        return None


def shadowing_path() -> str | None:
    """The learner's own `jwt.py` file or `jwt/` package that `import jwt` finds before PyJWT.

    Python looks in the script's folder (a notebook's folder in Jupyter) before site-packages,
    so a file named jwt.py there hides the library. None when `import jwt` loads a file that an
    installed distribution owns (PyJWT, or the unrelated PyPI package `jwt`), or nothing at all.
    A folder jwt/ without __init__.py does not hide an installed PyJWT (it is a namespace package,
    which a regular package beats).
    """
    try:
        spec = importlib.util.find_spec("jwt")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.has_location or not spec.origin:
        return None
    origin = Path(spec.origin).resolve()
    if origin in {installed_file("PyJWT"), installed_file("jwt")}:
        return None
    return str(origin.parent if origin.name == "__init__.py" else origin)


def gather_facts() -> EnvironmentFacts:
    """Look at what `import jwt` gives in this Python, and whether cryptography is there."""
    shadow = shadowing_path()  # before importing: a wrong module, once imported, stays in sys.modules
    try:
        module = importlib.import_module("jwt")
        importable, has_encode = True, callable(getattr(module, "encode", None))
    except ImportError:
        module, importable, has_encode = None, False, False
    return EnvironmentFacts(
        jwt_importable=importable,
        jwt_has_encode=has_encode,
        pyjwt_version=installed_version("PyJWT"),
        other_jwt_distribution=installed_version("jwt") is not None,
        cryptography_version=installed_version("cryptography"),
        missing_features=feature_gaps(module) if module is not None and has_encode else (),
        shadowing_path=shadow,
    )


def feature_gaps(jwt_module: ModuleType) -> tuple[str, ...]:
    """Try each PyJWT feature the course relies on; name the ones this PyJWT lacks."""
    gaps = []
    if not hasattr(jwt_module, "InsecureKeyLengthWarning"):
        gaps.append("jwt.InsecureKeyLengthWarning, the short-secret warning (PyJWT 2.11+)")
    if not raises(jwt_module, "InvalidKeyError", _decode_short_key_enforced, jwt_module):
        gaps.append("jwt.decode(..., options={'enforce_minimum_key_length': True}) refusing a "
                    "short secret (PyJWT 2.13+)")
    if not raises(jwt_module, "InvalidKeyError", jwt_module.encode, {}, '{"kty": "oct", "k": "c2VjcmV0"}',
                  algorithm="HS256"):
        gaps.append("InvalidKeyError when a JWK is passed as an HMAC secret (PyJWT 2.13+)")
    if not raises(jwt_module, "PyJWKSetError", _key_set_with_a_text_member, jwt_module):
        gaps.append("PyJWKSetError for a key set whose keys are not JSON objects (PyJWT 2.15+)")
    return tuple(gaps)


def raises(jwt_module: ModuleType, error_name: str, action, *args, **kwargs) -> bool:
    """True when `action` raises PyJWT's exception `error_name` (any other outcome: False)."""
    expected = getattr(jwt_module, error_name, None) or getattr(
        getattr(jwt_module, "exceptions", None), error_name, None)
    if expected is None:
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            action(*args, **kwargs)
    except expected:
        return True
    except Exception:  # noqa: BLE001 - an old PyJWT fails in its own way: the feature is missing
        return False
    return False


def _decode_short_key_enforced(jwt_module: ModuleType) -> None:
    token = jwt_module.encode({}, "short", algorithm="HS256")
    jwt_module.decode(token, "short", algorithms=["HS256"],
                      options={"enforce_minimum_key_length": True})


def _key_set_with_a_text_member(jwt_module: ModuleType) -> None:
    jwt_module.PyJWKSet.from_dict({"keys": ["not a key"]})


def older_than_minimum(version: str) -> bool:
    """True when an installed PyJWT version is older than the course's minimum.

    Uses packaging.version (installed with JupyterLab); without it, compares the numbers.
    """
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:
        numbers = [int(part) for part in version.split(".")[:2] if part.isdigit()]
        return numbers < [int(part) for part in MINIMUM_PYJWT.split(".")]
    try:
        return Version(version) < Version(MINIMUM_PYJWT)
    except InvalidVersion:
        return True


def major_version(version: str) -> int:
    """2 for '2.15.1': packaging.version's reading; without packaging, the number before the
    first dot. 0 when the version cannot be read (a broken install: it needs reinstalling)."""
    try:
        from packaging.version import InvalidVersion, Version
    except ImportError:
        first = version.split(".")[0]
        return int(first) if first.isdigit() else 0
    try:
        return Version(version).major
    except InvalidVersion:
        return 0


def diagnose(facts: EnvironmentFacts) -> Diagnosis:
    """Turn facts into a verdict with the exact commands to run."""
    if facts.shadowing_path is not None:
        return shadowed(facts)
    if facts.other_jwt_distribution or (facts.jwt_importable and not facts.jwt_has_encode):
        return Diagnosis(False, (
            "`import jwt` finds the unrelated package named `jwt`, not PyJWT "
            "(symptom: module 'jwt' has no attribute 'encode').",
            "Both install a module called jwt; remove the wrong one, then reinstall PyJWT.",
        ), (f"{PIP} uninstall -y jwt PyJWT", f"{PIP} install '{PYJWT_REQUIREMENT}'"))
    if not facts.jwt_importable or facts.pyjwt_version is None:
        return Diagnosis(False, ("PyJWT is not installed (`import jwt` fails).",),
                         (f"{PIP} install '{PYJWT_REQUIREMENT}' cryptography",))
    major = major_version(facts.pyjwt_version)
    if major < 2:
        return Diagnosis(False, (
            f"PyJWT {facts.pyjwt_version} is installed; this course needs PyJWT {MINIMUM_PYJWT} or newer.",
            "PyJWT 1 returned bytes from encode and did not require algorithms= on decode.",
        ), (f"{PIP} install --upgrade '{PYJWT_REQUIREMENT}'",))
    if facts.missing_features or older_than_minimum(facts.pyjwt_version):
        no_cryptography = facts.cryptography_version is None
        old = older_than_minimum(facts.pyjwt_version)
        verdict = (f"; this course needs PyJWT {MINIMUM_PYJWT} or newer." if old
                   else ", but it lacks features this course uses (a modified copy?): reinstall it.")
        return Diagnosis(False, (
            f"PyJWT {facts.pyjwt_version} is installed{verdict}",
            *(f"missing: {feature}" for feature in facts.missing_features),
            *(("cryptography is missing too (RS256, ES256 and the later notebooks need it).",)
              if no_cryptography else ()),
        ), (f"{PIP} install {'--upgrade' if old else '--force-reinstall'} '{PYJWT_REQUIREMENT}'"
            + (" cryptography" if no_cryptography else ""),))
    if facts.cryptography_version is None:
        return Diagnosis(False, (
            f"PyJWT {major} ({MINIMUM_PYJWT} or newer) is installed, but cryptography is missing.",
            "HS256 works without it; RS256, ES256 and the later notebooks need it.",
        ), (f"{PIP} install cryptography",))
    return Diagnosis(True, (
        f"`import jwt` gives PyJWT {major} ({MINIMUM_PYJWT} or newer), with cryptography for RSA "
        "and EC keys.",
    ))


def shadowed(facts: EnvironmentFacts) -> Diagnosis:
    """A jwt.py or jwt/ of the learner's hides PyJWT: rename it (pip cannot help)."""
    path = Path(facts.shadowing_path or "jwt.py")
    kind, new_name = ("file", "jwt_notes.py") if path.suffix == ".py" else ("folder", "jwt_notes")
    findings = [
        f"`import jwt` loads your own {kind} {path}, not PyJWT (symptom: module 'jwt' has no "
        "attribute 'encode').",
        f"Python looks in the folder you run from before the installed libraries, so a {kind} "
        f"named {path.name} there hides PyJWT. Rename it, e.g. to {new_name}, and change any `import jwt` "
        "that meant it; then restart the kernel. Reinstalling PyJWT with pip cannot help.",
    ]
    if facts.pyjwt_version is None:
        findings.append("PyJWT itself is not installed either.")
        return Diagnosis(False, tuple(findings), (f"{PIP} install '{PYJWT_REQUIREMENT}' cryptography",))
    return Diagnosis(False, tuple(findings))


def check_environment() -> Diagnosis:
    """Diagnose this Python; show the result in a notebook cell."""
    facts = gather_facts()
    return in_the_browser(diagnose(facts), facts, browser_note())


def in_the_browser(diagnosis: Diagnosis, facts: EnvironmentFacts, note: str | None) -> Diagnosis:
    """In JupyterLite, say what works there; a missing cryptography is expected, not a fault
    (pip cannot run in the browser, so its fix would not help)."""
    if note is None:
        return diagnosis
    if facts.cryptography_version is None and diagnosis.fixes == (f"{PIP} install cryptography",):
        return Diagnosis(True, (f"`import jwt` gives PyJWT {facts.pyjwt_version}.", note))
    return Diagnosis(diagnosis.ready, (*diagnosis.findings, note), diagnosis.fixes)
