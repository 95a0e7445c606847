"""Checkers for 01 (import): the installed PyJWT version, and the command that fixes a wrong install."""

from __future__ import annotations

from importlib.metadata import version as installed_version
from typing import Any

from helpers.exercises.feedback import (
    NOT_ANSWERED,
    Feedback,
    friendly,
    not_answered,
)


@friendly
def check_version_answer(answer: Any) -> Feedback:
    """01, exercise 1: the installed PyJWT version, as the installed package's metadata says."""
    if answer in NOT_ANSWERED:
        return not_answered("version(...), given the name you pip install PyJWT by")
    expected = installed_version("pyjwt")
    if answer == expected:
        return Feedback(True, f"PyJWT {expected} is installed; quote this number in bug reports.")
    if answer == "jwt":
        return Feedback(False, "ask by the name you install with: version('pyjwt'), not 'jwt'.")
    return Feedback(False, f"{answer!r} is not the installed version. Hint: "
                           "importlib.metadata.version('pyjwt').")


@friendly
def check_fix_command(answer: Any) -> Feedback:
    """01, exercise 2: the commands that replace the wrong `jwt` package with a working PyJWT.

    The same fix as diagnose(): uninstall both packages (they share files in jwt/), then
    install PyJWT again. Uninstalling only `jwt` deletes files PyJWT needs, and a plain
    `pip install pyjwt` then answers "Requirement already satisfied" and repairs nothing.
    """
    if answer in NOT_ANSWERED:
        return not_answered("the pip command(s) as one string")
    if not isinstance(answer, str):
        return Feedback(False, f"give one string (you gave a {type(answer).__name__}): join the "
                               "commands with && inside one pair of quotes.")
    if answer.count("%pip") > 1:
        return Feedback(False, "%pip works only at the start of a line, once: write "
                               "python -m pip uninstall -y jwt pyjwt && python -m pip install pyjwt.")
    commands = [command.split() for command in
                answer.lower().replace(";", "&&").split("&&") if command.strip()]
    uninstalled: set[str] = set()
    for words in commands:
        if "uninstall" in words:
            uninstalled |= {package_name(w) for w in words[words.index("uninstall") + 1:]
                            if not w.startswith("-")}
            continue
        if "install" not in words:
            continue
        arguments = [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
        installed = {package_name(w) for w in arguments}
        if "jwt" in installed:
            return Feedback(False, "that installs the wrong package jwt again: install only pyjwt.")
        if "pyjwt" not in installed:
            continue
        too_old = [w.strip("'\"") for w in arguments
                   if package_name(w) == "pyjwt" and not allows_course_version(w)]
        if too_old:
            return Feedback(False, f"{too_old[0]} does not allow PyJWT 2.15, the version this course "
                                   "needs: install 'pyjwt>=2.15,<3' (or plain pyjwt).")
        if "jwt" not in uninstalled:
            return Feedback(False, "first remove the wrong package: pip uninstall -y jwt ...")
        if "pyjwt" not in uninstalled and "--force-reinstall" not in words:
            return Feedback(False, "uninstalling only jwt deletes files PyJWT shares with it, and "
                                   "pip install pyjwt then says 'already satisfied': uninstall "
                                   "both (pip uninstall -y jwt pyjwt), then install pyjwt.")
        how = ("both removed, PyJWT installed fresh" if "pyjwt" in uninstalled
               else "jwt removed, and --force-reinstall puts all of PyJWT's files back")
        asks = "" if "-y" in " ".join(" ".join(c) for c in commands).split() else (
            " Add -y to each uninstall when you run it in a cell: nobody can answer pip's question there.")
        return Feedback(True, f"{how}; now restart the kernel.{asks}")
    if "jwt" not in uninstalled:
        return Feedback(False, "first remove the wrong package: pip uninstall -y jwt pyjwt.")
    return Feedback(False, "then install the right one, after the uninstall: && pip install pyjwt.")


def allows_course_version(word: str) -> bool:
    """'pyjwt==1.7.1' -> False, "'pyjwt>=2.15,<3'" or 'pyjwt' -> True: may pip pick PyJWT 2.15?"""
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(word.strip("'\""))
    except InvalidRequirement:
        return False
    return requirement.specifier.contains("2.15.1", prereleases=True)


def package_name(word: str) -> str:
    """'pyjwt>=2.10' or "'PyJWT[crypto]'" -> 'pyjwt': the name in a pip argument, as pip compares
    names (PEP 503); a word that is no requirement at all (a path, a URL) comes back lower-case."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    word = word.strip("'\"")
    try:
        return canonicalize_name(Requirement(word).name)
    except InvalidRequirement:
        return word.lower()
