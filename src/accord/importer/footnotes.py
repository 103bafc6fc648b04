"""Footnotes: the lines under a list that explain a mark (`1) Agreement under
renewal.`), and the marks that refer to them from a partner's name
(`Fudan University 1)`, `Zhejiang University¹`, `Wuhan University*1`).

A footnote is no entry and no row, and its mark is no part of a name. Both are
found before the lines are read: the marks are left out of the text (each
reported, with its footnote's text when the list prints one) and the footnote
lines are handed to the classifier as notes.

A numbered line is a footnote, not an entry numbered the same way (`1) Fudan
University (2005.3.1)`), when it has no date and one of these holds: it ends
as a sentence does, it starts in lowercase, a name above or below refers to
its mark, or it stands under a "Notes" heading. A footnote's own mark in a name
is left out only when the list prints that footnote, but a superscript number
and a reference mark with its number (`*1`, `※2`) always are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.core.names import SUPERSCRIPTS
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.legends import lines_holding
from accord.importer.lines import BARE_DATE, DATE_LIKE, SECTION, shown_cells

_PLAIN_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
# A footnote line's mark, then its text.
_FOOTNOTE_LINE = re.compile(
    r"^(?P<mark>\(?(?P<key>\d{1,2}|[a-z])\)"
    r"|[*\uff0a\u203b](?P<starred>\d{1,2})\)?"
    r"|\[(?P<bracketed>\d{1,2})\]"
    rf"|(?P<raised>[{SUPERSCRIPTS}]{{1,2}})"
    r"|(?:note|\u6ce8)\s*(?P<noted>\d{1,2})\s*[.:\uff1a)]?"
    r"|(?P<listed>\d{1,2})\."
    # A mark set apart by a space only, as a superscript mark reads: "1 Renewed
    # in 2020.", "a Agreement renewed."
    r"|(?P<spaced>\d{1,2}|[a-z])(?=\s))"
    r"\s*(?P<text>\S.*)$",
    re.I,
)
# The heading of a list's notes: "Notes", "Remarks:", "注", "備考".
_NOTES_HEADING = re.compile(
    r"^(?:notes?|remarks?|footnotes?|\u6ce8|\u6ce8\u8a18|\u5099\u8003)\s*[:\uff1a]?$",
    re.I,
)
_SENTENCE_ENDS = (".", "\u3002", ".)")
# A sentence's last word: lowercase or a number ("renewal.", "in 2020."), not a
# name's abbreviation ("Co., Ltd.", "Univ.").
_SENTENCE_LAST_WORD = re.compile(r"(?:^|\s)[a-z0-9\u00df-\u00ff]+[.\u3002)]+$")


def _is_sentence(text: str) -> bool:
    if not text.endswith(_SENTENCE_ENDS):
        return False
    return not text.isascii() or bool(_SENTENCE_LAST_WORD.search(text))


# A mark at the end of a name: before a date in brackets, a cell's end or the
# line's. `key` is the footnote it refers to.
_NAME_END = r"(?=\s*(?:[(\[\uff08]|\t|$))"
_MARK_IN_NAME = re.compile(
    r"(?<=\S)(?P<mark>[*\uff0a\u203b](?P<starred>\d{1,2})"
    rf"|[ \t]*(?P<raised>[{SUPERSCRIPTS}]{{1,2}})"
    # "1)", never "(1)": a country's count ("China (1)") is printed so.
    r"|[ ]+(?P<key>\d{1,2}|[a-z])\)"
    r"|[ ]+\[(?P<bracketed>\d{1,2})\]"
    r"|[ ]+(?P<letter>[a-z]))" + _NAME_END
)


# A name ending with one lowercase letter ("Nanjing University a"): a footnote's
# mark, when the list prints no footnote for it?
_LONE_LETTER = re.compile(r"(?<=\w) ([a-z])" + _NAME_END)
# Where a footnote or the notes' heading may open a line, and where a mark may
# stand: each a little wider than what it stands for, so as to miss none. The
# marks' forms are searched one by one: in one alternation, none has a first
# character to scan for, and the search took twice as long.
_OPENS_NOTE = (
    r"(?:\((?:\d|[a-z]\))|[\[*\uff0a\u203b\d" + SUPERSCRIPTS + r"]"
    r"|[a-z][)\s]|note|remark|footnote|\u6ce8|\u5099\u8003)"
)
_MAY_OPEN_NOTE = re.compile(r"^[ \t]*" + _OPENS_NOTE, re.I | re.M)
_MAY_OPEN_LINE = re.compile(r"\s*" + _OPENS_NOTE, re.I)
_MAY_MARK = tuple(
    re.compile(pattern, re.M)
    for pattern in (
        r"[*\uff0a\u203b]\d",
        f"[{SUPERSCRIPTS}]",
        r" \w{1,2}\)",
        r" \[\d",
        r" [a-z]" + _NAME_END,
    )
)


@dataclass(frozen=True)
class Footnote:
    """A footnote line: its number, its mark's key ("1", "a") and its text."""

    line: int
    key: str
    form: str
    text: str

    def referred_by(self, key: str, form: str) -> bool:
        return key == self.key and self.form in (form, "any")


# Each group of a mark, and the form it prints: a footnote is referred to only
# by a mark of its own form ("2)" by "2)", not by "*2" or a superscript two);
# a footnote numbered "Note 1" or "1." under a heading, by any.
_FORMS = {
    "key": "paren",
    "letter": "paren",
    "starred": "star",
    "bracketed": "bracket",
    "raised": "raised",
    "noted": "any",
    "listed": "any",
    "spaced": "any",
}


def _key(match: re.Match[str]) -> tuple[str, str]:
    """A mark's key ("1", "a") and its form."""
    for group, form in _FORMS.items():
        value = match.groupdict().get(group)
        if value:
            return str(value).translate(_PLAIN_DIGITS).casefold(), form
    raise ValueError(match[0])


def _undated_text(line: str) -> str | None:
    """A line of one text with no date: a footnote's candidate."""
    plain = " ".join(line.split())
    if not plain or "\t" in line.strip():
        return None
    if DATE_LIKE.search(plain) or BARE_DATE.search(plain):
        return None
    return plain


def read_footnotes(text: str) -> tuple[str, frozenset[int], list[Anomaly]]:
    """The text with the footnote marks left out of its names, the numbers of
    its footnote lines (and notes heading), and the report of the marks.

    >>> text = "- * Fudan University 1) (2005.3.1)\\n\\n1) Agreement under renewal."
    >>> found = read_footnotes(text)
    >>> found[0].splitlines()[0], sorted(found[1])
    ('- * Fudan University (2005.3.1)', [3])
    """
    lines = text.split("\n")
    # Searches over the whole text find the few lines worth reading one by one
    # (reading each of a list of 15,000 lines cost a tenth of its parse).
    opening = lines_holding(lines, (m.start() for m in _MAY_OPEN_NOTE.finditer(text)))
    candidates, sure, headings = _footnote_lines(lines, opening[:1])
    notes_of = list(candidates.values())
    marked: list[tuple[int, str, list[tuple[str, str, str]]]] = []
    doubted: list[Anomaly] = []
    may_mark = (m.start() for pattern in _MAY_MARK for m in pattern.finditer(text))
    for index in lines_holding(lines, may_mark):
        line = lines[index]
        if index + 1 in candidates:
            continue
        rewritten, found_marks = _without_marks(line, notes_of)
        if found_marks:
            lines[index] = rewritten
            marked.append((index + 1, line, found_marks))
        elif (letter := _LONE_LETTER.search(line)) is not None:
            doubted.append(_doubted(index + 1, line, letter[1]))
    referred = {
        (key, form) for _, _, found_marks in marked for key, form, _ in found_marks
    }
    notes = {
        n
        for n, note in candidates.items()
        if n in sure or any(note.referred_by(*mark) for mark in referred)
    }
    texts = [candidates[n] for n in sorted(notes)]
    report = [_reported(n, line, found_marks, texts) for n, line, found_marks in marked]
    report += doubted
    if not report and not notes:
        return text, frozenset(), []
    return "\n".join(lines), frozenset(notes | headings), report


def _footnote_lines(
    lines: list[str], first: list[int]
) -> tuple[dict[int, Footnote], set[int], set[int]]:
    """The footnote lines, by number, from the `first` line that may open one
    on (none when it is empty); those that are surely footnotes whether or not
    a name refers to them; and the notes' headings."""
    candidates: dict[int, Footnote] = {}
    sure: set[int] = set()
    headings: set[int] = set()
    under_heading = False
    start = first[0] if first else len(lines)
    for number, line in enumerate(lines[start:], start=start + 1):
        if not under_heading and not _MAY_OPEN_LINE.match(line):
            continue
        plain = _undated_text(line)
        if plain is None:
            # A dated line or a line of cells ends the notes; a blank does not.
            under_heading = under_heading and not line.strip()
            continue
        if _NOTES_HEADING.match(plain):
            headings.add(number)
            under_heading = True
            continue
        found = _FOOTNOTE_LINE.match(plain)
        if found is None and under_heading and plain.endswith(_SENTENCE_ENDS):
            candidates[number] = Footnote(number, "", "", plain)  # unnumbered
            sure.add(number)
            continue
        if found is None or SECTION.match(plain):
            under_heading = False
            continue
        if found["listed"] and not under_heading:
            continue  # "1. Fudan University": a numbered entry, not a note
        candidates[number] = Footnote(number, *_key(found), found["text"])
        body = found["text"]
        # A mark set apart by a space only ("a Agreement renewed.") is sure
        # under a heading or as a sentence: a wrapped name's line reads so too
        # ("y de las Ciencias Sociales de").
        lower = body[:1].islower() and not found["spaced"]
        if under_heading or _is_sentence(body) or lower:
            sure.add(number)
    return candidates, sure, headings


def _without_marks(
    line: str, notes: list[Footnote]
) -> tuple[str, list[tuple[str, str, str]]]:
    """The line without the footnote marks at its names' ends, and each mark
    left out (its key, its form, as printed)."""
    found: list[tuple[str, str, str]] = []

    def leave_out(match: re.Match[str]) -> str:
        key, form = _key(match)
        always = bool(match["starred"] or match["raised"])
        if not always and not any(note.referred_by(key, form) for note in notes):
            return match[0]
        before = line[: match.start()]
        if (
            match["key"]
            and match[0].endswith(")")
            and before.count("(") > before.count(")")
        ):
            return match[0]  # "(Paris 1)": the name's own bracket
        found.append((key, form, match["mark"].strip()))
        return ""

    return _MARK_IN_NAME.sub(leave_out, line), found


def _reported(
    number: int,
    line: str,
    marks: list[tuple[str, str, str]],
    notes: list[Footnote],
) -> Anomaly:
    said = []
    for key, form, printed in marks:
        note = next((n for n in notes if n.referred_by(key, form)), None)
        where = f" (line {note.line}: {note.text})" if note else ""
        said.append(f"{printed!r}{where}")
    return Anomaly(
        A.FOOTNOTE_MARK,
        (number,),
        shown_cells(line),
        f"footnote mark {', '.join(said)} left out of the name",
        confidence="likely",
        severity="info",
    )


def _doubted(number: int, line: str, letter: str) -> Anomaly:
    return Anomaly(
        A.FOOTNOTE_MARK,
        (number,),
        shown_cells(line),
        f"a name ends with the letter {letter!r}, kept in it: a footnote's mark "
        "(the list prints no such footnote)? Correct the name or acknowledge",
        confidence="uncertain",
    )
