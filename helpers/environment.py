"""Is the right `jwt` installed? Check it, and say exactly what to run when it is not."""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import sys
from dataclasses import dataclass

PIP = "python -m pip"


@dataclass(frozen=True)
class EnvironmentFacts:
    """What the current Python can import, gathered by `gather_facts`."""

    jwt_importable: bool
    jwt_has_encode: bool
    pyjwt_version: str | None  # None when the PyJWT distribution is not installed
    other_jwt_distribution: bool  # the unrelated PyPI package named `jwt`
    cryptography_version: str | None
    python_version: str = ".".join(map(str, sys.version_info[:3]))


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


def gather_facts() -> EnvironmentFacts:
    """Look at what `import jwt` gives in this Python, and whether cryptography is there."""
    try:
        module = importlib.import_module("jwt")
        importable, has_encode = True, callable(getattr(module, "encode", None))
    except ImportError:
        importable, has_encode = False, False
    return EnvironmentFacts(
        jwt_importable=importable,
        jwt_has_encode=has_encode,
        pyjwt_version=installed_version("PyJWT"),
        other_jwt_distribution=installed_version("jwt") is not None,
        cryptography_version=installed_version("cryptography"),
    )


def diagnose(facts: EnvironmentFacts) -> Diagnosis:
    """Turn facts into a verdict with the exact commands to run."""
    if facts.other_jwt_distribution or (facts.jwt_importable and not facts.jwt_has_encode):
        return Diagnosis(False, (
            "`import jwt` finds the unrelated package named `jwt`, not PyJWT "
            "(symptom: module 'jwt' has no attribute 'encode').",
            "Both install a module called jwt; remove the wrong one, then reinstall PyJWT.",
        ), (f"{PIP} uninstall -y jwt PyJWT", f"{PIP} install 'pyjwt>=2.10'"))
    if not facts.jwt_importable or facts.pyjwt_version is None:
        return Diagnosis(False, ("PyJWT is not installed (`import jwt` fails).",),
                         (f"{PIP} install 'pyjwt>=2.10' cryptography",))
    major = int(facts.pyjwt_version.split(".")[0])
    if major < 2:
        return Diagnosis(False, (
            f"PyJWT {facts.pyjwt_version} is installed; this course needs PyJWT 2.",
            "PyJWT 1 returned bytes from encode and did not require algorithms= on decode.",
        ), (f"{PIP} install --upgrade 'pyjwt>=2.10'",))
    if facts.cryptography_version is None:
        return Diagnosis(False, (
            f"PyJWT {major} is installed, but cryptography is missing.",
            "HS256 works without it; RS256, ES256 and the later notebooks need it.",
        ), (f"{PIP} install cryptography",))
    return Diagnosis(True, (
        f"`import jwt` gives PyJWT {major}, with cryptography for RSA and EC keys.",
    ))


def check_environment() -> Diagnosis:
    """Diagnose this Python; show the result in a notebook cell."""
    return diagnose(gather_facts())
