"""Name evidence: whether a table cell reads as a partner institution or as one
of its departments."""

from __future__ import annotations

import re
from collections.abc import Iterable

from accord.core.names import name_key
from accord.core.records import Record
from accord.importer.cells import ParsedLine

_DEPARTMENT_START = re.compile(
    r"^(the\s+)?(faculty|facult[éeà]|school\s+of|college\s+of|colleges\s+of|"
    r"department|dept\b|dipartimento|departamento|graduate\s+school|division|"
    r"centers?\s+(of|for)|centres?\s+(of|for)|centro\s+de|laboratory|program|"
    r"programme|research\s+(center|centre|laboratory)|"
    r"institute\s+of\s+medicine)",
    re.I,
)
_MAYBE_DEPARTMENT_START = re.compile(
    r"^(the\s+)?(research\s+)?institute\s+(of|for)\b", re.I
)
# Names that begin like a whole institution ("University of ...", "École ...",
# "National ..."): as strong as a name seen elsewhere as an institution.
_INSTITUTION_START = re.compile(
    r"^(the\s+)?(universit\w*|université|universidad|universidade|école|ecole|"
    r"institut\b|national\b)",
    re.I,
)
_INSTITUTION_WORD = re.compile(
    r"(universit|universidad|universidade|hochschule|école|ecole|institut\b|"
    r"instituto|polytechni|hospital|academy|akademie|museum|"
    r"\binstitute\b|organi[sz]ation|consortium|foundation|"
    r"^national\b|laborator(y|ies)$|council|cent(er|re)$|gmbh|s\.c\.p\.a)",
    re.I,
)


def known_institutions(
    parsed: Iterable[ParsedLine], university: Iterable[Record]
) -> frozenset[str]:
    """Folded names known to be institutions: the university-level list and
    every table row that prints both an institution and a department."""
    names = {name_key(r.institution) for r in university}
    names |= {name_key(p.texts[0].text) for p in parsed if len(p.texts) >= 2}
    return frozenset(names)


# Words an institution's name and a department's both hold ("Dalian Institute
# of Chemical Physics" is an institute of the Chinese Academy of Sciences).
_SHARED_WORD = re.compile(r"\binstitute\b|cent(?:er|re)\b|laborator", re.I)


def clearly_named(text: str, known: frozenset[str]) -> bool:
    """Whether a name alone tells institution from department: a name seen as
    an institution, one that opens like either, or one with a university's
    word; not one whose only sign is a word both hold.

    >>> clearly_named("Peking University", frozenset()), clearly_named(
    ...     "Dalian Institute of Chemical Physics", frozenset())
    (True, False)
    """
    score = name_score(text, known)
    if abs(score) >= 3 or score == -2:
        return True
    return score == 2 and not _SHARED_WORD.search(text)


def name_score(text: str, known: frozenset[str]) -> int:
    """Positive: reads as an institution; negative: as a department."""
    if name_key(text) in known:
        return 3
    if _DEPARTMENT_START.match(text):
        return -2
    if _INSTITUTION_START.match(text):
        return 3
    if _MAYBE_DEPARTMENT_START.match(text):
        return -1
    if _INSTITUTION_WORD.search(text):
        return 2
    return 0


def starts_like_institution(text: str) -> bool:
    """Whether a name opens like a whole institution ("École ...", "University of").

    >>> starts_like_institution("Ecole Polytechnique de Bruxelles")
    True
    """
    return bool(_INSTITUTION_START.match(text))


def looks_like_institution(text: str) -> bool:
    """Whether a name reads as a whole institution rather than a department.

    >>> looks_like_institution("TEDA International Cardiovascular Hospital")
    True
    >>> looks_like_institution("Faculty of Law")
    False
    """
    if _DEPARTMENT_START.match(text) or _MAYBE_DEPARTMENT_START.match(text):
        return False
    return bool(_INSTITUTION_START.match(text) or _INSTITUTION_WORD.search(text))


# A department cell that names no unit at all ("Plasma and Radiation Physics")
# after an institution ending in an open enumeration ("... for Lasers"): one
# name cut at its comma by the extraction (line 880, INFLPR).
_UNIT_WORD = re.compile(
    r"facult|school|college|department|dept|institut|cent(er|re)|laborator|"
    r"division|program|group|academy|hospital|clinic|office|unit|studies|"
    r"research|museum|librar|observator|graduate|centro|[eé]cole|escola",
    re.I,
)
_OPEN_END = re.compile(r"\b(for|of)\s+[A-Z][\w-]*$")
_LIST_TAIL = re.compile(r"^[A-Z][\w-]*(\s+[A-Z][\w-]*)*\s+and\s+[A-Z]")


def rejoined_name(institution: str, department: str) -> str | None:
    """The institution's whole name when its department cell is the rest of it.

    >>> rejoined_name("National Institute for Lasers", "Plasma and Radiation Physics")
    'National Institute for Lasers, Plasma and Radiation Physics'
    >>> rejoined_name("Myongji University", "Social Education") is None
    True
    """
    if _UNIT_WORD.search(department) or not _LIST_TAIL.match(department):
        return None
    if not _OPEN_END.search(institution):
        return None
    return f"{institution}, {department}"
