"""Which partner institution a row that prints none belongs to.

The table merges the institution cell over the rows of its block and prints the
name once. Where the name lands depends on the page: some pages put it on the
block's first row (page 1 of the 2021 list: the Chinese Academy of Sciences,
lines 416-419), others centre it vertically, so that rows *above* the label
belong to it too (Taipei Medical University, lines 625-628, label on 626).

A row without institution between the label above it (A) and the label below it
(B) is weighed by evidence, never by its line number:

- its date: the same day as A's row and not B's is one agreement with A, and the
  reverse with B (MIT, lines 691-694, all dated 2015/01/09);
- its department's wording: `College of Medicine` (625) under a label whose
  block names its units `College of ...` and not under one naming a `School of ...`.

Wording evidence moves a row to the label below only on a page that shows
centring: a page whose rows side with the label below at least as often as with
the label above. Each row that either label could own under the centring rule
(a label lies at most one row off its block's middle) and that no evidence
decides is kept with the label above and reported as `ambiguous-institution`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.table import Rows, TableRow

Side = Literal["above", "below", ""]

# The kind of unit a department cell names, from its first words. "West China
# School of Pharmacy" (line 462) has none: a kind must open the name.
_KIND = re.compile(
    r"^(?:the\s+)?(faculty|facult[ée]|school|college|department|institute|"
    r"cent(?:er|re)|laboratory|division|graduate\s+school)\b",
    re.I,
)
# Wording speaks for the label below only when its block names at least this
# many units of the row's kind: one sample is a coincidence (Trieste, line 850).
MIN_KIND_SAMPLES = 2


@dataclass(frozen=True)
class Gap:
    """Consecutive rows without institution between two labels of one country.

    `above` and `below` index the label rows (None at a country's edge or when
    the label below is on a later page: a merged cell does not cross a page).
    """

    rows: tuple[int, ...]
    above: int | None
    below: int | None


@dataclass(frozen=True)
class Vote:
    """Which label one row's evidence sides with, and why."""

    side: Side
    why: str = ""
    by_date: bool = False


def carry_institutions(rows: list[TableRow]) -> Rows:
    """Give each row without institution the label it belongs to.

    >>> from accord.importer.table import Rows, TableRow
    >>> rows = [TableRow((1,), label="X", institution="A Univ", institution_line=1),
    ...         TableRow((2,), label="X", unit="GS Law")]
    >>> carry_institutions(rows).rows[1].institution
    'A Univ'
    """
    pages = _pages(rows)
    gaps = list(_gaps(rows, pages))
    votes = {i: _vote(rows, gap, i) for gap in gaps for i in gap.rows}
    centred = _centred_pages(votes, pages)
    result, anomalies = list(rows), []
    for gap in gaps:
        for i, owner, anomaly in _owners(rows, gap, votes, pages, centred):
            if owner is not None:
                source = rows[owner]
                result[i] = replace(
                    rows[i],
                    institution=source.institution,
                    institution_line=source.institution_line,
                )
            if anomaly is not None:
                anomalies.append(anomaly)
    anomalies += _off_centre(result, pages, centred)
    return Rows(result, anomalies)


def _off_centre(
    rows: list[TableRow], pages: list[int], centred: set[int]
) -> Iterator[Anomaly]:
    """Blocks that a centred page cannot explain: a label two or more rows
    above its block's middle (National Taiwan Normal University, line 618, over
    619-621, whose own institution's name the extraction lost)."""
    for i, row in enumerate(rows):
        if (
            pages[i] not in centred
            or not row.institution
            or row.institution_line not in row.lines
        ):
            continue
        above = _run(rows, i, -1)
        below = _run(rows, i, 1)
        if len(below) - len(above) < 2:
            continue
        off = len(below) - len(above)
        decided = (
            f"kept with {row.institution!r}, whose label sits {off} rows above its "
            "block's middle on a page that centres labels: a label may be lost"
        )
        for j in below:
            yield _anomaly(
                A.AMBIGUOUS_INSTITUTION, rows[j], decided, "uncertain", "info"
            )


def _run(rows: list[TableRow], label: int, step: int) -> list[int]:
    """The rows next to a label row, one way, that took its institution."""
    found, j = [], label + step
    line = rows[label].institution_line
    while 0 <= j < len(rows) and rows[j].institution_line == line:
        if line in rows[j].lines or (step > 0 and rows[j].page_start):
            break
        found.append(j)
        j += step
    return found


def _pages(rows: list[TableRow]) -> list[int]:
    page, pages = 0, []
    for row in rows:
        page += row.page_start
        pages.append(page)
    return pages


def _gaps(rows: list[TableRow], pages: list[int]) -> Iterator[Gap]:
    """Each run of rows without institution, with the labels around it."""
    above: int | None = None
    run: list[int] = []
    label = ""
    for i, row in enumerate(rows):
        if row.label and row.label != label:
            # A new country: its merged cells start afresh.
            if run:
                yield Gap(tuple(run), above, None)
            above, run, label = None, [], row.label
        if not row.institution:
            run.append(i)
            continue
        if run:
            same_page = pages[i] == pages[run[-1]]
            yield Gap(tuple(run), above, i if same_page or above is None else None)
        above, run = i, []
    if run:
        yield Gap(tuple(run), above, None)


def _block_below(rows: list[TableRow], label: int) -> list[TableRow]:
    """The label's row and the rows without institution that follow it."""
    block = [rows[label]]
    for row in rows[label + 1 :]:
        if row.institution or row.page_start or row.label:
            break
        block.append(row)
    return block


def kind(department: str) -> str:
    """The kind of unit a department names, from its opening words.

    >>> kind("The School of Arts, Design and Architecture"), kind("Orange")
    ('school', '')
    """
    found = _KIND.match(department)
    if not found:
        return ""
    word = " ".join(found.group(1).lower().split())
    return {"centre": "center", "faculté": "faculty", "facultè": "faculty"}.get(
        word, word
    )


def _kinds(block: list[TableRow]) -> Counter[str]:
    return Counter(k for k in (kind(r.department) for r in block) if k)


def _vote(rows: list[TableRow], gap: Gap, i: int) -> Vote:
    """What row i's own date and wording say about its label."""
    if gap.above is None or gap.below is None:
        return Vote("")
    row, top, low = rows[i], rows[gap.above], rows[gap.below]
    if row.date is not None and row.date != top.date:
        if row.date == low.date:
            return Vote("below", f"dated {row.date_text} like its label", True)
    elif row.date is not None and row.date != low.date:
        return Vote("above", f"dated {row.date_text} like its label", True)
    return _vote_by_kind(kind(row.department), top, _block_below(rows, gap.below))


def _vote_by_kind(mine: str, top: TableRow, below: list[TableRow]) -> Vote:
    above_kinds, below_kinds = _kinds([top]), _kinds(below)
    if not mine or not above_kinds or not below_kinds:
        return Vote("")
    why = f"its block names units '{mine.title()} ...'"
    if mine in above_kinds and mine not in below_kinds:
        return Vote("above", why)
    if below_kinds[mine] >= MIN_KIND_SAMPLES and mine not in above_kinds:
        return Vote("below", why)
    return Vote("")


def _centred_pages(votes: dict[int, Vote], pages: list[int]) -> set[int]:
    """Pages whose rows side with the label below at least as often as above.

    A same-day row with the label above fits both alignments (a two-row block
    centred on its upper row), so only wording speaks for the page's top."""
    below = Counter(pages[i] for i, v in votes.items() if v.side == "below")
    above = Counter(
        pages[i] for i, v in votes.items() if v.side == "above" and not v.by_date
    )
    return {page for page, n in below.items() if n >= above[page]}


def _owners(
    rows: list[TableRow],
    gap: Gap,
    votes: dict[int, Vote],
    pages: list[int],
    centred: set[int],
) -> Iterator[tuple[int, int | None, Anomaly | None]]:
    """(row, index of the label row it takes, the doubt to report) per row."""
    if gap.above is None:
        yield from _before_first_label(rows, gap)
        return
    first_below = _first_below(rows, gap, votes, pages, centred)
    for k, i in enumerate(gap.rows):
        if first_below is not None and k >= first_below:
            yield i, gap.below, _moved(rows, gap, i, votes[i])
        else:
            yield i, gap.above, _kept(rows, gap, k, votes[i])


def _first_below(
    rows: list[TableRow],
    gap: Gap,
    votes: dict[int, Vote],
    pages: list[int],
    centred: set[int],
) -> int | None:
    """Where the rows of the label below begin: from the first row whose
    evidence sides with it (the rows under a merged cell are contiguous)."""
    if gap.below is None:
        return None
    for k, i in enumerate(gap.rows):
        vote = votes[i]
        if vote.side == "below" and (vote.by_date or pages[i] in centred):
            return k
    if pages[gap.below] in centred:
        return _centring_needs(gap, votes, len(_block_below(rows, gap.below)) - 1)
    return None


def _centring_needs(gap: Gap, votes: dict[int, Vote], below_it: int) -> int | None:
    """On a centred page, a label with two or more rows below it and none above
    sits off its block's middle: the rows just above it are its own (Thammasat
    University, line 649, over lines 648-651). Only when the run above can
    supply them without a row that sides with the label above; otherwise the
    block is top-aligned (the Russian Academy of Sciences, line 887)."""
    need = below_it - 1
    if need <= 0 or need > len(gap.rows):
        return None
    start = len(gap.rows) - need
    if any(votes[i].side == "above" for i in gap.rows[start:]):
        return None
    return start


def _before_first_label(
    rows: list[TableRow], gap: Gap
) -> Iterator[tuple[int, int | None, Anomaly | None]]:
    """Rows at the top of a country: the merged cell's text is further down."""
    for i in gap.rows:
        row = rows[i]
        if gap.below is None:
            yield (
                i,
                None,
                _anomaly(
                    A.MISSING_INSTITUTION, row, "institution left empty", "uncertain"
                ),
            )
            continue
        name = rows[gap.below].institution
        decided = f"given {name!r}, the institution printed further down its block"
        yield i, gap.below, _anomaly(A.INHERITED_INSTITUTION, row, decided)


def _moved(rows: list[TableRow], gap: Gap, i: int, vote: Vote) -> Anomaly:
    assert gap.below is not None and gap.above is not None
    name, other = rows[gap.below].institution, rows[gap.above].institution
    why = vote.why or "the label sits at its block's middle"
    decided = f"given {name!r}, the label below (a centred merged cell): {why}"
    if vote.by_date:
        decided = f"given {name!r}: {why}, unlike {other!r}"
    return _anomaly(A.INHERITED_INSTITUTION, rows[i], decided)


def _kept(rows: list[TableRow], gap: Gap, k: int, vote: Vote) -> Anomaly | None:
    assert gap.above is not None
    row, name = rows[gap.rows[k]], rows[gap.above].institution
    if row.page_start:
        decided = f"continues {name!r} from the previous page"
        return _anomaly(A.INHERITED_INSTITUTION, row, decided)
    if vote.side == "above" or not _below_could_own(rows, gap, k):
        return None
    other = rows[gap.below].institution if gap.below is not None else ""
    decided = (
        f"kept with {name!r} above; the centred label {other!r} below could own it"
    )
    return _anomaly(A.AMBIGUOUS_INSTITUTION, row, decided, "uncertain", "info")


def _below_could_own(rows: list[TableRow], gap: Gap, k: int) -> bool:
    """Whether the label below, centred, could reach up to row k: it lies at
    most one row off the middle of its block."""
    if gap.below is None:
        return False
    above_it = len(gap.rows) - k
    below_it = len(_block_below(rows, gap.below)) - 1
    return above_it <= below_it + 1


def _anomaly(
    code: str,
    row: TableRow,
    decided: str,
    confidence: A.Confidence = "likely",
    severity: A.Severity = "warning",
) -> Anomaly:
    return Anomaly(
        code,
        row.lines,
        row.department or row.unit,
        decided,
        confidence=confidence,
        field="institution",
        severity=severity if code != A.MISSING_INSTITUTION else "error",
    )
