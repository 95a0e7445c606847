"""The glossary: each term, its short and longer explanation, and where the course first explains it.

`data/glossary.json` is the one source. `tools/course_docs.py` renders it to docs/glossary.md,
and notebooks link a term to its entry where a learner may meet it before it is explained
(tests/notebooks/test_course_journey.py finds every use).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from helpers.course.catalog import data_text

GLOSSARY_PAGE = "docs/glossary.md"


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    short: str
    long: str
    first_taught: str  # the notebook whose prose explains it first
    see: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """The entry's anchor in docs/glossary.md, as GitHub makes one from a heading."""
        return slug(self.term)

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def slug(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    kept = re.sub(r"[^\w\- ]", "", text.lower())
    return kept.replace(" ", "-")


def spelling_pattern(spelling: str) -> re.Pattern[str]:
    """A spelling as a whole word or phrase in prose: short ones (HS256, JWK, kid) match case,
    longer ones do not; a line break counts as a space."""
    flags = 0 if len(spelling) <= 4 else re.IGNORECASE
    body = r"\s+".join(re.escape(word) for word in spelling.split(" "))
    return re.compile(r"(?<![\w/-])" + body + r"(?![\w])", flags)


@cache
def load_glossary() -> tuple[Term, ...]:
    data = json.loads(data_text("glossary.json"))
    return tuple(Term(entry["term"], tuple(entry.get("aliases", [])), entry["short"], entry["long"],
                      entry["first_taught"], tuple(entry.get("see", [])))
                 for entry in data["terms"])
