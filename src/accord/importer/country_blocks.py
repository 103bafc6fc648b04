"""Country blocks of the table: the rows under each `Country (N)` label, checked
against the declared counts. A label one row off its block, or a country whose
header the extraction lost, is found here from the counts and from where the
university-level list places each institution."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field, replace

from accord.core.countries import Country, name_of, resolve_country
from accord.core.names import name_key
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.options import ParseOptions
from accord.importer.table import TableRow

# The longest run of exact blocks between two blocks off by one in opposite
# directions that a label shift may explain (Philippines-Singapore-Korea: 1).
MAX_SHIFT_CHAIN = 3


@dataclass
class Block:
    """The rows under one country label (or inferred country)."""

    label: str
    declared: int | None
    label_line: int | None
    country: Country | None
    region: str
    rows: list[TableRow] = field(default_factory=list)

    @property
    def diff(self) -> int | None:
        return None if self.declared is None else len(self.rows) - self.declared


def university_countries(university: list[Record]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for record in university:
        index[name_key(record.institution)].add(record.country_code)
    return index


def first_per_label(blocks: list[Block]) -> list[Block]:
    """The first block of each declared label (a label repeats on each page)."""
    seen: set[str] = set()
    first: list[Block] = []
    for block in blocks:
        if block.declared is not None and block.label not in seen:
            seen.add(block.label)
            first.append(block)
    return first


def country_blocks(
    rows: list[TableRow], options: ParseOptions, anomalies: list[Anomaly]
) -> list[Block]:
    """The rows under each country label, each row knowing its label's line.

    >>> from accord.importer.table import TableRow
    >>> rows = [TableRow((5,), label="China", label_count=2, label_line=5),
    ...         TableRow((6,))]
    >>> blocks = country_blocks(rows, ParseOptions("X"), [])
    >>> [(b.country.code, len(b.rows)) for b in blocks]
    [('CN', 2)]
    """
    blocks: list[Block] = []
    area = ""
    country_line: int | None = None
    for row in rows:
        area = options.region_name(row.area) if row.area else area
        country_line = row.label_line or country_line
        if row.label and (not blocks or row.label != blocks[-1].label):
            blocks.append(_labelled_block(row, area, options, anomalies))
        elif not blocks:
            anomalies.append(_without_country(row))
            blocks.append(Block("", None, None, None, area))
        blocks[-1].rows.append(replace(row, country_line=country_line))
    return blocks


def _labelled_block(
    row: TableRow, area: str, options: ParseOptions, anomalies: list[Anomaly]
) -> Block:
    country = resolve_country(row.label, options.country_aliases)
    if country is None:
        anomalies.append(
            Anomaly(
                A.UNKNOWN_COUNTRY,
                row.lines,
                row.label
                if row.label_count is None
                else f"{row.label} ({row.label_count})",
                "rows under it keep an empty country",
                confidence="uncertain",
                field="country_code",
                severity="error",
            )
        )
    return Block(row.label, row.label_count, row.label_line, country, area)


def _without_country(row: TableRow) -> Anomaly:
    return Anomaly(
        A.ENTRY_WITHOUT_COUNTRY,
        row.lines,
        row.institution,
        "country left empty: no country label above it",
        confidence="uncertain",
        field="country_code",
        severity="error",
    )


def _institution_runs(rows: list[TableRow]) -> list[int]:
    """Indexes of rows where a new institution starts."""
    starts = []
    for i, row in enumerate(rows):
        if i == 0 or row.institution != rows[i - 1].institution:
            starts.append(i)
    return starts


def split_missing_headers(
    blocks: list[Block],
    index: dict[str, set[str]],
    regions: dict[str, str],
    anomalies: list[Anomaly],
) -> list[Block]:
    """A block longer than its (N) whose tail the university-level list places
    in one other country lost that country's header: the tail becomes a block."""
    result: list[Block] = []
    for block in blocks:
        result.append(block)
        if block.diff is None or block.diff <= 0 or block.country is None:
            continue
        start = _missing_header_start(block.rows, block.country.code, index)
        if start is None:
            continue
        tail = block.rows[start:]
        code = next(iter(index[name_key(tail[0].institution)] - {block.country.code}))
        block.rows = block.rows[:start]
        result.append(_inferred_block(code, block, tail, regions, index, anomalies))
    return result


def _missing_header_start(
    rows: list[TableRow], own: str, index: dict[str, set[str]]
) -> int | None:
    """The first institution run from which every row the university-level list
    knows is in one other country (and none in the block's own), starting with
    a known one. Suffix sets keep it linear."""
    homes = [index.get(name_key(r.institution), set()) for r in rows]
    others: list[set[str]] = [set() for _ in range(len(rows) + 1)]
    has_own = [False] * (len(rows) + 1)
    for i in range(len(rows) - 1, -1, -1):
        others[i] = others[i + 1] | (homes[i] - {own})
        has_own[i] = has_own[i + 1] or own in homes[i]
    for start in _institution_runs(rows):
        if homes[start] and len(others[start]) == 1 and not has_own[start]:
            return start
    return None


def _inferred_block(
    code: str,
    block: Block,
    tail: list[TableRow],
    regions: dict[str, str],
    index: dict[str, set[str]],
    anomalies: list[Anomaly],
) -> Block:
    name = name_of(code)
    matched = sorted(
        {
            r.institution
            for r in tail
            if code in index.get(name_key(r.institution), set())
        }
    )
    anomalies.append(
        Anomaly(
            A.MISSING_COUNTRY_HEADER,
            tuple(n for r in tail for n in r.lines),
            f"{len(tail)} rows after {block.label} ({block.declared}) ended its count",
            f"placed in {name}: the university-level list has "
            f"{', '.join(matched[:3])}{' ...' if len(matched) > 3 else ''} there",
            confidence="likely",
            field="country_code",
        )
    )
    return Block(
        name,
        None,
        None,
        Country(code, name),
        regions.get(code, block.region),
        [replace(r, country_line=None) for r in tail],
    )


def shift_labels(
    blocks: list[Block], index: dict[str, set[str]], anomalies: list[Anomaly]
) -> None:
    """Blocks off by -1 .. +1 (or +1 .. -1) with exact blocks between: each
    label sits one row off, so each boundary moves by one row."""
    i = 0
    while i < len(blocks):
        first = blocks[i].diff
        if first not in (-1, 1):
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and j - i <= MAX_SHIFT_CHAIN + 1 and blocks[j].diff == 0:
            j += 1
        if (
            j < len(blocks)
            and blocks[j].diff == -first
            and _can_shift(blocks[i : j + 1], first, index)
        ):
            _apply_shift(blocks[i : j + 1], first, anomalies)
            i = j + 1
        else:
            i += 1


def _can_shift(chain: list[Block], direction: int, index: dict[str, set[str]]) -> bool:
    for left, right in itertools.pairwise(chain):
        if not left.rows or not right.rows:
            return False  # a block of no rows gives none and takes none
        if direction < 0:  # the first row of `right` belongs to `left`
            moved, rest = right.rows[0], right.rows[1:]
            stays_whole = not rest or rest[0].institution != moved.institution
            old = right
        else:  # the last row of `left` belongs to `right`
            moved, rest = left.rows[-1], left.rows[:-1]
            stays_whole = not rest or rest[-1].institution != moved.institution
            old = left
        homes = index.get(name_key(moved.institution), set())
        if not stays_whole or (old.country and old.country.code in homes):
            return False
    return True


def _apply_shift(chain: list[Block], direction: int, anomalies: list[Anomaly]) -> None:
    for left, right in itertools.pairwise(chain):
        # A block of one row in mid-chain gives its row before it takes one:
        # then the row it takes gets the line of its label.
        if direction < 0:
            moved = right.rows.pop(0)
            line = left.rows[-1].country_line if left.rows else left.label_line
            left.rows.append(replace(moved, country_line=line))
            target = left
        else:
            moved = left.rows.pop()
            line = right.rows[0].country_line if right.rows else right.label_line
            right.rows.insert(0, replace(moved, country_line=line))
            target = right
        anomalies.append(
            Anomaly(
                A.LABEL_ONE_ROW_OFF,
                moved.lines,
                moved.institution,
                f"placed in {target.label}: with the label one row off, "
                f"{left.label} ({left.declared}) and {right.label} ({right.declared}) "
                "both hold",
                confidence="likely",
                field="country_code",
            )
        )


def uncounted_disagreements(
    blocks: list[Block], index: dict[str, set[str]]
) -> list[Anomaly]:
    """Rows of a block whose label declares no count (a list printing `China`
    for `China (79)`) that the university-level list places in another country
    only, before the first or after the last row it places in the label's own:
    where a label one row off or a lost country header would put them. The
    count would have caught those; without it, the university-level list is the
    only check. (Between rows of its own country, a partner of the same name as
    one elsewhere is a namesake: Northeastern University, Boston and Shenyang.)"""
    found = []
    for block in blocks:
        printed_uncounted = block.label_line is not None and block.declared is None
        if not printed_uncounted or block.country is None:
            continue
        own = block.country.code
        homes = [index.get(name_key(row.institution), set()) for row in block.rows]
        placed_here = [i for i, places in enumerate(homes) if own in places]
        first = placed_here[0] if placed_here else len(block.rows)
        last = placed_here[-1] if placed_here else -1
        for i, (row, places) in enumerate(zip(block.rows, homes, strict=True)):
            if not places or own in places or first < i < last:
                continue
            elsewhere = ", ".join(sorted(name_of(code) for code in places))
            found.append(
                Anomaly(
                    A.COUNTRY_DISAGREES,
                    row.lines,
                    f"{row.institution} under {block.label}",
                    f"kept in {block.label}; the university-level list has it "
                    f"in {elsewhere}",
                    confidence="uncertain",
                    field="country_code",
                )
            )
    return found


def edge_disagreements(
    blocks: list[Block], index: dict[str, set[str]]
) -> list[Anomaly]:
    """A counted block's first row that the university-level list places in
    the country of the block above only, or its last row in that of the block
    below: where a label one row off puts a row when the counts hold all the
    same (a chain of labels one row early), so no checksum points at it."""
    found = []
    for at, block in enumerate(blocks):
        if block.declared is None or block.country is None or not block.rows:
            continue
        neighbours = (
            (block.rows[0], blocks[at - 1] if at else None, "above"),
            (block.rows[-1], blocks[at + 1] if at + 1 < len(blocks) else None, "below"),
        )
        for row, other, where in neighbours:
            if other is None or other.country is None:
                continue
            places = index.get(name_key(row.institution), set())
            if other.country.code not in places or block.country.code in places:
                continue
            found.append(
                Anomaly(
                    A.COUNTRY_DISAGREES,
                    row.lines,
                    f"{row.institution} under {block.label}",
                    f"kept in {block.label}; the university-level list has it in "
                    f"{name_of(other.country.code)}, the country of the block "
                    f"{where}: a label one row off?",
                    confidence="uncertain",
                    field="country_code",
                )
            )
    return found
