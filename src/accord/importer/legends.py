"""What a list's legend says its marks mean.

The 2021 list marks a fee waiver with `*` and says so in a legend ("* indicates
institutions with which TU has mutually agreed to waive fees."). Other lists
mark it otherwise (`※`, `◎`, `○`) and say so the same way: "※ indicates ...",
"◎: tuition waived", "Institutions marked with ○ ...", "○印は授業料不徴収".
A mark that a legend ties to a waiver is read as the waiver's `*` wherever the
list prints it, and reported once with the legend's line; a legend that gives
`*` itself another meaning is reported as a warning, since every later stage
reads `*` as the waiver. A mark no legend explains stays unread (the
university-level list reports it, `unread-mark`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly

STAR = "*"
_STARS = "*\uff0a"
# Marks a legend may explain: the waiver's stars, a reference mark, circles,
# squares, diamonds, triangles, stars, a section sign. The dagger is left out:
# the 2021 list prints it before its legend ("† * indicates ...").
MARKS = (
    _STARS + "\u203b\u25ce\u25cb\u25ef\u25cf\u25c6\u25c7\u25a0\u25a1"
    "\u2606\u2605\u25b2\u25b3\u00a7\u2021"
)
_MARK = f"[{re.escape(MARKS)}]"
# The marks other than the waiver's star, which only a legend explains.
OTHER_MARKS = MARKS.replace(_STARS, "")
_VERB = (
    r"(?:indicates?|denotes?|means?|marks?|shows?|stands?\s+for|refers?\s+to"
    r"|=|:|\uff1a|\u306f)"
)
# "※ indicates ...", "(◎: ...)", "† * indicates ...", "○印は ...".
DEFINITION = re.compile(
    rf"^[\s(\[\uff08\u2020]*(?P<mark>{_MARK})\s*(?:\u5370\s*)?{_VERB}\s*\S", re.I
)
# "Institutions marked with ◎ ...", "... marked with an asterisk (*)".
MARKED_WITH = re.compile(
    r"\b(?:marked|indicated|shown|flagged)\s+(?:with|by)\s+(?:an?\s+|the\s+)?"
    rf"(?:[\"'\u201c\u2018(]\s*)?(?P<mark>{_MARK}|asterisks?\b)",
    re.I,
)
# What a legend says when its mark stands for the waiver of fees; and what
# says it does not ("fees are not waived", "授業料免除なし").
NEGATION = re.compile(
    r"\b(?:not|no|never|without|nor)\b|n't\b|\bnon[- ]"
    r"|\u3057\u306a\u3044|\u306a\u3057|\u305b\u305a|\u3067\u306f\u306a\u3044|\u5bfe\u8c61\u5916",
    re.I,
)
WAIVER_WORDS = re.compile(
    r"waiv|exempt|free\s+of\s+(?:charge|fees?|tuition)|(?:tuition|fee)[\s-]free"
    r"|\u4e0d\u5fb4\u53ce|\u514d\u9664",
    re.I,
)


@dataclass(frozen=True)
class Definition:
    """A legend's line that says what a mark means."""

    line: int
    mark: str
    waiver: bool
    text: str


def definition(text: str, line: int = 0) -> Definition | None:
    """The mark a legend line explains, and whether it is the fee waiver.

    >>> found = definition("\u203b indicates partners with which tuition is waived.")
    >>> found.mark == "\u203b", found.waiver
    (True, True)
    >>> definition("- * Peking University (1999.11.10)") is None
    True
    >>> definition("\uff0a Tuition waived").waiver
    True
    >>> definition("* Peking University, tuition waived (1999.11.10)") is None
    True
    >>> definition("\u203b indicates partners whose fees are NOT waived.").waiver
    False
    """
    plain = " ".join(text.split())
    found = DEFINITION.match(plain) or MARKED_WITH.search(plain)
    if found is None:
        # "* Tuition waived": a mark, then words of a waiver and no year.
        found = _MARK_FIRST.match(plain)
        if found is None or not WAIVER_WORDS.search(plain) or _YEAR.search(plain):
            return None
    mark = found["mark"]
    if mark.casefold().startswith("asterisk") or mark in _STARS:
        mark = STAR
    waiver = bool(WAIVER_WORDS.search(plain)) and not NEGATION.search(plain)
    return Definition(line, mark, waiver, plain)


# A legend starts its line: a cell's star after tabs (a row's unit) is none.
_MARK_FIRST = re.compile(rf"^[ (\[\uff08\u2020]*(?P<mark>{_MARK})[ \t]*\S")
_YEAR = re.compile(r"(?:18|19|20)\d\d")
_LINE_START = re.compile(_MARK_FIRST.pattern, re.M)
_PARTICIPLES = ("marked ", "indicated ", "shown ", "flagged ")


@lru_cache(maxsize=2)
def definitions(text: str) -> tuple[Definition, ...]:
    """Every legend line of a list that explains a mark, in order (kept for
    the last texts asked: the pipeline asks, then the line classifier).

    >>> [d.line for d in definitions("Title\\n(\u25ce: fees waived)\\n- X (2001.1.1)")]
    [2]
    """
    # Two passes over the whole text find the few lines worth reading: one
    # line per entry costs a list of 15,000 lines 5% of its parse.
    at = [m.start() for m in _LINE_START.finditer(text)]
    folded = text.casefold()
    for word in _PARTICIPLES:
        start = folded.find(word)
        while start >= 0:
            at.append(start)
            start = folded.find(word, start + 1)
    if not at:
        return ()
    lines = text.split("\n")
    ends = list(accumulate(len(line) + 1 for line in lines))
    candidates = sorted({bisect_right(ends, offset) for offset in at})
    found = (definition(lines[index], index + 1) for index in candidates)
    return tuple(d for d in found if d is not None)


def read_marks(text: str) -> tuple[str, list[Anomaly]]:
    """The text with each mark its legend ties to the waiver written as `*`
    (the legend's own lines as printed), and what was decided.

    >>> text = "\u203b indicates fees waived.\\n- \u203bFudan University (2005.3.1)"
    >>> read_marks(text)[0].splitlines()[1]
    '- *Fudan University (2005.3.1)'
    """
    found = definitions(text)
    if not found:
        return text, []
    waivers = {d.mark for d in found if d.waiver} - {STAR}
    report = [
        _read_as_waiver(d) for d in _first_of_each(found) if d.mark in waivers
    ] + [_star_otherwise(d) for d in found if d.mark == STAR and not d.waiver]
    if not waivers:
        return text, report
    legend_lines = {d.line for d in found}
    pattern = re.compile(f"[{re.escape(''.join(sorted(waivers)))}]")
    rewritten = [
        line if number in legend_lines else pattern.sub(STAR, line)
        for number, line in enumerate(text.split("\n"), start=1)
    ]
    return "\n".join(rewritten), report


def _first_of_each(found: tuple[Definition, ...]) -> list[Definition]:
    first: dict[str, Definition] = {}
    for d in found:
        if d.waiver:
            first.setdefault(d.mark, d)
    return list(first.values())


def _read_as_waiver(d: Definition) -> Anomaly:
    return Anomaly(
        A.LEGEND_MARK,
        (d.line,),
        d.text,
        f"{d.mark} read as the fee waiver's mark wherever the list prints it, "
        "as this legend says",
        confidence="likely",
        field="fee_waiver",
        severity="info",
    )


def _star_otherwise(d: Definition) -> Anomaly:
    return Anomaly(
        A.LEGEND_MARK,
        (d.line,),
        d.text,
        "the legend does not say * marks a fee waiver, yet every * is read as "
        "one: read the legend, and correct the waivers or acknowledge",
        confidence="uncertain",
        field="fee_waiver",
    )
