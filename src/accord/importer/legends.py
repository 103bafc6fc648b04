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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate

from accord.core.names import wrap_joiner
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly

STAR = "*"
# The waiver mark, and its full-width form.
WAIVER_MARKS = "*\uff0a"
# The mark a legend says leaves the waiver unknown, once read: a character of
# Unicode's private use area, which no list prints ("? indicates agreements
# for which it is not known whether fees are waived", as Accord's own list
# says it).
UNKNOWN_WAIVER = "\ue000"
# Marks a list may print beside a name, other than the waiver's star, whose
# meaning only its legend gives: a reference mark, circles, diamonds, squares,
# stars, triangles, daggers, the section and paragraph signs, a number sign.
NAME_MARKS = (
    "\u203b\u25ce\u25cb\u25ef\u25cf\u25c6\u25c7\u25a0\u25a1"
    "\u2606\u2605\u25b2\u25b3\u2020\u2021\u00a7\u00b6#" + UNKNOWN_WAIVER
)
# Marks a legend may explain: the stars and the marks above, but the dagger
# and the number sign, which open the 2021 list's legend ("† * indicates"); and
# the question mark, which is a name's own at its end ("Bogot?": a letter a font
# lacked), a mark only standing apart before it (`LEADING_QUESTION_MARK`).
MARKS = WAIVER_MARKS + NAME_MARKS.replace("\u2020", "").replace("#", "") + "?"
LEADING_QUESTION_MARK = r"\?(?=\s)"
_MARK = f"[{re.escape(MARKS)}]"
_VERB = (
    r"(?:indicates?|denotes?|means?|marks?|shows?|stands?\s+for|refers?\s+to"
    r"|=|:|\uff1a|\u306f)"
)
# "※ indicates ...", "(◎: ...)", "† * indicates ...", "○印は ...".
DEFINITION = re.compile(
    rf"^[\s(\[\uff08\u2020]*(?P<mark>(?P<once>{_MARK})(?P=once)?)\s*(?:\u5370\s*)?"
    rf"{_VERB}\s*\S",
    re.I,
)
# "Institutions marked with ◎ ...", "... marked with an asterisk (*)".
MARKED_WITH = re.compile(
    r"\b(?:marked|indicated|shown|flagged)\s+(?:with|by)\s+(?:an?\s+|the\s+)?"
    rf"(?:[\"'\u201c\u2018(]\s*)?(?P<mark>{_MARK}|asterisks?\b)",
    re.I,
)
# What a legend says when its mark stands for the waiver of fees; and a
# negation of the waiver itself ("fees are not waived", "no waiver",
# "授業料免除なし"), not any "no" on the line ("for non-degree students", "no
# more than five a year").
NEGATED_WAIVER = re.compile(
    r"\b(?:not|never|no|without)\s+(?:\w+\s+){0,2}?(?:waiv|exempt)"
    r"|n't\s+(?:\w+\s+){0,2}?(?:waiv|exempt)"
    r"|(?:\u514d\u9664|\u4e0d\u5fb4\u53ce)(?:\u306a\u3057|\u3057\u306a\u3044"
    r"|\u3055\u308c\u306a\u3044|\u305b\u305a|\u3067\u306f\u306a\u3044"
    r"|\u306e?\u5bfe\u8c61\u5916)",
    re.I,
)
# What a legend says when its mark leaves the waiver unknown.
UNKNOWN_WORDS = re.compile(
    r"\b(?:not\s+known|unknown|unclear|uncertain|not\s+(?:yet\s+)?(?:confirmed"
    r"|determined|recorded))\b|\u4e0d\u660e|\u672a\u78ba\u8a8d",
    re.I,
)
WAIVER_WORDS = re.compile(
    r"waiv|exempt|free\s+of\s+(?:charge|fees?|tuition)|(?:tuition|fee)[\s-]free"
    # 不徴収 (not charged), 免除 (exemption); Chinese 互免 (mutually waived), 免收
    # (not charged); Korean 면제 (exemption).
    r"|\u4e0d\u5fb4\u53ce|\u514d\u9664|\u4e92\u514d|\u514d\u6536|\uba74\uc81c",
    re.I,
)


# The waiver's star in brackets, "(*)", as some lists print it.
_BRACKETED_STAR = re.compile(r"[(\uff08]\s*([*\uff0a])\s*[)\uff09]")


def unbracketed_stars(text: str) -> str:
    """The waiver's star printed in brackets, "(*)", as the star itself: before
    or after a name, after the date, in a legend.

    >>> unbracketed_stars("- Kasetsart University (*) (2003.10.20)")
    '- Kasetsart University * (2003.10.20)'
    """
    return _BRACKETED_STAR.sub(r"\1", text)


@dataclass(frozen=True)
class Definition:
    """A legend's line that says what a mark means."""

    line: int
    mark: str
    waiver: bool
    text: str
    # The mark says whether fees are waived is not known.
    unknown: bool = False


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
    if mark.casefold().startswith("asterisk") or mark in tuple(WAIVER_MARKS):
        mark = STAR
    elif len(mark) == 2 and mark[0] in WAIVER_MARKS:
        mark = STAR * 2  # the doubled star, half- or full-width alike
    about_waiver = bool(WAIVER_WORDS.search(plain))
    # The star is the waiver's whatever else its legend says ("details not
    # yet confirmed"); another mark may say the waiver is not known.
    unknown = (
        mark != STAR * len(mark) and about_waiver and bool(UNKNOWN_WORDS.search(plain))
    )
    waiver = about_waiver and not unknown and not NEGATED_WAIVER.search(plain)
    return Definition(line, mark, waiver, plain, unknown)


# A legend starts its line: a cell's star after tabs (a row's unit) is none.
_MARK_FIRST = re.compile(
    rf"^[ (\[\uff08\u2020]*(?P<mark>(?P<once>{_MARK})(?P=once)?)[ \t]*\S"
)
_YEAR = re.compile(r"(?:18|19|20)\d\d")
_LINE_START = re.compile(_MARK_FIRST.pattern, re.M)
_PARTICIPLES = ("marked ", "indicated ", "shown ", "flagged ")


@lru_cache(maxsize=2)
def definitions(text: str) -> tuple[Definition, ...]:
    """Every legend line of a list that explains a mark, in order. Kept for
    the last texts asked: the pipeline asks, and then the line classifier asks
    again of the same text when no mark was rewritten.

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
    candidates = lines_holding(lines, at)
    found = (definition(_wrapped(lines, index), index + 1) for index in candidates)
    # Each cited by its own line, as printed.
    return tuple(
        replace(d, text=" ".join(lines[d.line - 1].split()))
        for d in found
        if d is not None
    )


def lines_holding(lines: list[str], offsets: Iterable[int]) -> list[int]:
    """The positions, in order, of the lines (a text split at its newlines)
    that hold these offsets of the text: what a search over the whole text
    found, for the few lines worth reading one by one.

    >>> lines_holding(["ab", "", "cd"], [0, 4, 5])
    [0, 2]
    """
    ends = list(accumulate(len(line) + 1 for line in lines))
    return sorted({bisect_right(ends, offset) for offset in offsets})


def _wrapped(lines: list[str], index: int) -> str:
    """A legend's line with the lines a narrow page wrapped it onto: each next
    line of one text, while the line before stops mid-sentence, up to a line
    that explains a mark of its own.

    >>> _wrapped(["\u25ce agreement with tuition waiver", "\u25cb without waiver"], 0)
    '\u25ce agreement with tuition waiver'
    """
    text = lines[index]
    for following in lines[index + 1 : index + 4]:
        if not following.strip() or "\t" in following or not unfinished(text):
            break
        more = following.strip()
        if _MARK_FIRST.match(more) and definition(more) is not None:
            break  # the next mark's own legend ("\u25cb ... without waiver")
        text = f"{text}{wrap_joiner(text, more)}{more}"
    return text


_SENTENCE_END = (".", ".)", ")", "。", "。)")


def unfinished(text: str) -> bool:
    """Whether a legend line stops mid-sentence: wrapped onto the next line, as
    a narrow page wraps it.

    >>> unfinished("* indicates institutions which agree upon a mutual waiver for")
    True
    >>> unfinished("(* indicates institutions with which TU waives fees.)")
    False

    A line as short as a label ("* Tuition waived") is no wrapped sentence:
    a page wraps a line that runs to its margin.

    >>> unfinished("* Mutual waiver of tuition fees")
    False
    >>> unfinished("* indicates institutions with")
    True
    """
    plain = " ".join(text.split())
    if plain.endswith(_SENTENCE_END):
        return False
    last = plain.rsplit(" ", 1)[-1].casefold()
    return len(plain) >= _WRAPPED_LENGTH or last in _WORDS_THAT_GO_ON


# Shorter than the shortest line a page wraps: half an A4 page's width in a
# small type, about 45 characters. A shorter line goes on only when its last
# word does ("* indicates institutions with" / "which TU waives fees.").
_WRAPPED_LENGTH = 40
_WORDS_THAT_GO_ON = frozenset(
    {
        "a", "an", "the", "and", "or", "of", "with", "which", "that", "to", "for",
        "from", "by", "in", "on", "at", "as", "is", "are", "has", "have", "whose",
        "who", "where",
    }
)  # fmt: skip


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
    text, report = _doubled_marks(text, found)
    found = tuple(d for d in found if len(d.mark) == 1)
    waivers = {d.mark for d in found if d.waiver} - {STAR}
    report += [_read_as_waiver(d) for d in _first_of_each(found) if d.mark in waivers]
    denied = [d for d in found if d.mark == STAR and not d.waiver]
    if denied and not any(d.mark == STAR and d.waiver for d in found):
        # A page repeats its legend: reported once, at its first.
        report.append(_star_otherwise(denied[0]))
    text, unknown = _unknown_marks(text, found)
    report += unknown
    report += [_partial(d) for d in _first_on_each_line(found) if _is_partial(d)]
    if not waivers:
        return text, report
    legend_lines = {d.line for d in found}
    pattern = re.compile(f"[{re.escape(''.join(sorted(waivers)))}]")
    rewritten = [
        line if number in legend_lines else pattern.sub(STAR, line)
        for number, line in enumerate(text.split("\n"), start=1)
    ]
    return "\n".join(rewritten), report


# A legend telling a waiver of some fees apart: "tuition fees only", "only
# tuition", "partial", "50%" (not 100%), 授業料のみ ("tuition only"), 一部
# ("part"), 半額 ("half"). "Only" about which students it is for ("for
# graduate students only") says nothing of the fees.
_FEE = r"(?:tuition|fees?|application|matriculation|admission|enrol(?:l?ment)?)"
_PARTIAL = re.compile(
    rf"\b{_FEE}(?:\s+fees?)?\s+only\b|\bonly\s+(?:the\s+)?{_FEE}"
    r"|\bpartial(?:ly)?\b|\bhalf\b|(?<![\d.])(?!100\s*%)\d{1,3}\s*%"
    r"|\u306e\u307f|\u4e00\u90e8|\u534a\u984d",
    re.I,
)


def _is_partial(d: Definition) -> bool:
    return d.waiver and bool(_PARTIAL.search(d.text))


def _first_on_each_line(found: Iterable[Definition]) -> list[Definition]:
    first: dict[int, Definition] = {}
    for d in found:
        first.setdefault(d.line, d)
    return list(first.values())


def _partial(d: Definition) -> Anomaly:
    """A legend that says a mark waives some fees only: a record keeps a
    waiver or none, so the agreements so marked are read as waived, and the
    import waits for someone to say whether that is what the list means."""
    return Anomaly(
        A.LEGEND_MARK,
        (d.line,),
        d.text,
        "the legend tells a waiver of some fees apart (only, partial): each "
        "agreement so marked is read as waived; is a partial waiver a waiver?",
        confidence="uncertain",
        field="fee_waiver",
    )


def _doubled_marks(
    text: str, found: tuple[Definition, ...]
) -> tuple[str, list[Anomaly]]:
    """A doubled mark a legend explains. Tied to the waiver while the single
    mark is not ("* student exchange only", "** tuition waived"), it is the
    waiver's `*`. Otherwise it means something of its own ("** indicates ...
    only the application fee is waived"): it is left out wherever the list
    prints it, each line reported, and read as no waiver."""
    doubled = _first_of_each_mark(d for d in found if len(d.mark) == 2)
    if not doubled:
        return text, []
    single_waivers = {d.mark for d in found if len(d.mark) == 1 and d.waiver}
    legend_lines = {d.line for d in found}
    lines = text.split("\n")
    report: list[Anomaly] = []
    for d in doubled:
        waiver = d.waiver and d.mark[0] not in single_waivers
        marks = _SAME_MARK.get(d.mark[0], d.mark[0])
        # Twice, not three times ("***").
        printed = re.compile(
            f"(?<![{re.escape(marks)}])(?:"
            + "|".join(re.escape(c * 2) for c in marks)
            + f")(?![{re.escape(marks)}])"
        )
        for number, line in enumerate(lines, start=1):
            if number in legend_lines or not printed.search(line):
                continue
            if waiver:
                lines[number - 1] = printed.sub(STAR, line)
            else:
                lines[number - 1] = re.sub(printed.pattern + "[ ]?", "", line)
                report.append(_doubled_unread(d, number, line))
        if waiver:
            report.append(_read_as_waiver(d))
    return "\n".join(lines), report


def _unknown_marks(
    text: str, found: tuple[Definition, ...]
) -> tuple[str, list[Anomaly]]:
    """Each mark a legend says leaves the waiver unknown, written as
    `UNKNOWN_WAIVER` where it stands before or after a name or a cell (not
    inside one: "?" may stand for a letter a font lacked)."""
    first = _first_of_each_mark(d for d in found if d.unknown and d.mark != STAR)
    if not first:
        return text, []
    legend_lines = {d.line for d in found}
    marks = re.escape("".join(d.mark for d in first))
    # After the line's start, a space, a tab or a bullet's dash; before a space.
    at_an_edge = re.compile(rf"(?<![^\s-])[{marks}](?!\S)")
    rewritten = [
        line if number in legend_lines else at_an_edge.sub(UNKNOWN_WAIVER, line)
        for number, line in enumerate(text.split("\n"), start=1)
    ]
    report = [
        Anomaly(
            A.LEGEND_MARK,
            (d.line,),
            d.text,
            f"{d.mark} read as saying the fee waiver is unknown, wherever the list "
            "prints it before or after a name, as this legend says",
            field="fee_waiver",
            severity="info",
        )
        for d in first
    ]
    return "\n".join(rewritten), report


def shown_marks(text: str) -> str:
    """A line as a report shows it: the mark of an unknown waiver as `?`.

    >>> shown_marks("- \ue000 Fudan University (2005.3.1)")
    '- ? Fudan University (2005.3.1)'
    """
    return text.replace(UNKNOWN_WAIVER, "?")


# A mark and its full-width form print the same mark.
_SAME_MARK = {STAR: WAIVER_MARKS}


def _first_of_each_mark(found: Iterable[Definition]) -> list[Definition]:
    first: dict[str, Definition] = {}
    for d in found:
        first.setdefault(d.mark, d)
    return list(first.values())


def _doubled_unread(d: Definition, number: int, line: str) -> Anomaly:
    return Anomaly(
        A.UNREAD_MARK,
        (number,),
        " ".join(line.split()),
        f"{d.mark} left out of the name; not read as the fee waiver: the legend "
        f"(line {d.line}) gives it a meaning of its own: {d.text}",
        confidence="likely",
        field="fee_waiver",
        severity="info",
    )


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
