"""Stage 2a: the university-level bulleted list -> records.

Input: classified lines of the university section (regions "(Asia)", country
headers, entries `- * Name (YYYY.M.D)`). Output: one record per entry.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from accord.core.countries import (
    INTERNATIONAL,
    Country,
    is_subdivision_of,
    resolve_country,
    same_country,
)
from accord.core.names import goes_on, goes_on_from, wrap_joiner
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly, Confidence, Severity
from accord.importer.legends import (
    LEADING_QUESTION_MARK,
    NAME_MARKS,
    UNKNOWN_WAIVER,
    UNKNOWN_WORDS,
    WAIVER_MARKS,
    WAIVER_WORDS,
    shown_marks,
)
from accord.importer.lines import (
    BARE_DATE,
    BULLET,
    DATE_LIKE,
    DATE_TO_COME_WORDS,
    ENTRY_DATE,
    NOT_IN_FORCE,
    STATED_NO_DATE,
    TO_BE_SETTLED,
    UNIVERSITY,
    WAIVER_CELLS,
    WHOLE_DATE,
    Line,
    date_placeholder,
    entries_on_line,
    entry_cells,
    filled_cells,
    names_waiver_column,
    printed_total,
    region_heading,
    shown_cells,
    spelled_date,
    table_entry_cells,
    waiver_not_known,
    without_note,
)
from accord.importer.options import ParseOptions

UNKNOWN_DATE = re.compile(rf"\s*{STATED_NO_DATE.pattern}$", re.I)
# A country heading with its number of entries: "China (35)", "China (35
# institutions)", "China: 35", "China - 35 institutions", "China 35 agreements".
_WHAT_IS_COUNTED = (
    r"(?:\s*(?:institutions?|agreements?|partners?|universities|university|"
    r"\u6821|\u4ef6))?"
)
COUNTED = re.compile(
    r"^(.+?)\s*(?:[(\uff08]\s*(\d{1,4})" + _WHAT_IS_COUNTED + r"\s*[)\uff09]"
    r"|\s*[:\uff1a\-\u2013\u2014]\s*(\d{1,4})" + _WHAT_IS_COUNTED + r"|\s+(\d{1,4})"
    r"\s*(?:institutions?|agreements?|partners?|universities|university))$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Entry:
    name: str
    waiver: bool
    date: datetime.date | None
    date_text: str
    # The list itself says the date is unknown ("(date unknown)": "unknown"),
    # or still to be settled ("(TBD)": "to-come"); `lines.date_placeholder`.
    stated_unknown: str = ""
    # What the list prints after the date: "(renewed)".
    note: str = ""
    # A mark before the name that is not the waiver's star: "※", "◎".
    mark: str = ""


_STARS = tuple(WAIVER_MARKS)
# A whole date in parentheses or brackets inside what was read as a name.
_DATE_IN_NAME = re.compile(
    WHOLE_DATE + r"|[(\[\uff08]\s*date unknown\s*[)\]\uff09]", re.I
)
_STARS_AND_SPACE = WAIVER_MARKS + " "
# A status printed before the name, set off in brackets or by a colon:
# "[Suspended] X", "(Expired) X", "【終了】X" ("ended"), "Terminated: X".
_STATUS_FIRST = re.compile(
    rf"^(?:[\[(\uff08\u3010]\s*(?:{NOT_IN_FORCE.pattern})\s*[\])\uff09\u3011]"
    rf"|(?:{NOT_IN_FORCE.pattern})\s*[:\uff1a])\s*",
    re.I,
)
# Marks a list may print before or after a partner's name, whose meaning only
# its legend gives (`legends.NAME_MARKS`).
_MARK = re.compile(f"^([{re.escape(NAME_MARKS)}]+|{LEADING_QUESTION_MARK})\\s*")
_TRAILING_MARK = re.compile(f"\\s*([{re.escape(NAME_MARKS)}]+)$")


def _starred(name: str, waiver: bool) -> tuple[str, bool]:
    """A name without the waiver star printed after it, and the waiver; a
    comma, colon or dash before the date is no part of the name."""
    name = name.strip().rstrip(",;:\u2013\u2014 ").strip()
    if name.endswith(_STARS):
        return name.rstrip(_STARS_AND_SPACE), True
    return name, waiver


def parse_entry(text: str) -> Entry:
    """One entry's name, waiver mark and date.

    >>> entry = parse_entry("- * Peking University (1999.11.10)")
    >>> entry.name, entry.waiver, entry.date
    ('Peking University', True, datetime.date(1999, 11, 10))

    A mark other than the star after the name or the date is kept apart, as
    one before the name is:

    >>> entry = parse_entry("- Peking University \u25ce (1999.11.10)")
    >>> entry.name, entry.mark == "\u25ce", entry.date
    ('Peking University', True, datetime.date(1999, 11, 10))
    """
    entry = _parse_entry(text)
    trailing = (
        _TRAILING_MARK.search(entry.name) if entry.name[-1:] in NAME_MARKS else None
    )
    if trailing is None:
        return entry
    name = entry.name[: trailing.start()].rstrip()
    return replace(entry, name=name, mark=trailing.group(1) + entry.mark)


def _parse_entry(text: str) -> Entry:
    body = " ".join(text.split())
    after = _TRAILING_MARK.search(body) if body[-1:] in NAME_MARKS else None
    if after:  # "- Fudan University (2001.4.19) \u203b"
        inner = parse_entry(body[: after.start()])
        return replace(inner, mark=inner.mark + after.group(1))
    # A star after everything ("... (renewed) *") is the waiver's, not the note's.
    starred = body.endswith(_STARS)
    body, note = without_note(body.rstrip(_STARS_AND_SPACE) if starred else body)
    if note:
        return replace(parse_entry(f"{body} *" if starred else body), note=note)
    if starred:
        body = f"{body} *"
    bullet = BULLET.match(body)
    body = body[bullet.end() :] if bullet else body.lstrip("-").strip()
    leading = _DATE_FIRST.match(body)
    if leading and not DATE_LIKE.search(body[leading.end() :]):
        # "2001.5.5 Peking University": the date printed before the name.
        body = f"{body[leading.end() :]} ({leading.group(1)})"
    # The waiver's star before the name, as the list prints it, or after the
    # name or the date, as other lists do.
    waiver = body.startswith(_STARS) or body.endswith(_STARS)
    body = body.strip(_STARS_AND_SPACE)
    status = _STATUS_FIRST.match(body)
    if status:  # read as a note after the date would be: reported, not read
        inner = parse_entry(f"- {'* ' if waiver else ''}{body[status.end() :]}")
        return replace(inner, note=f"{status.group(0).strip()} {inner.note}".strip())
    marked = _MARK.match(body)
    if marked:
        rest = f"- {'* ' if waiver else ''}{body[marked.end() :]}"
        inner = parse_entry(rest)
        return replace(inner, mark=marked.group(1) + inner.mark)
    bare = BARE_DATE.search(body)
    if bare:  # "X University 2010.8.6": the date without its parentheses
        body = f"{body[: bare.start()].rstrip(' ,')} ({bare.group(1)})"
    match = ENTRY_DATE.search(body)
    unread = None if match else DATE_LIKE.search(body)
    if unread:
        # Written out ("12 June 2008"), it is read; in another order (day
        # first?) it is never guessed: left unknown.
        name, waiver = _starred(body[: unread.start()], waiver)
        printed = unread.group(1)
        return Entry(name, waiver, spelled_date(printed), printed)
    if not match:
        # Accord's own published list says so where the date is unknown.
        stated = UNKNOWN_DATE.search(body)
        name = body[: stated.start()] if stated else body
        name, waiver = _starred(name, waiver)
        placeholder = date_placeholder(stated.group("placeholder")) if stated else ""
        return Entry(name, waiver, None, "", stated_unknown=placeholder)
    year, month, day = (int(match.group(g)) for g in (1, 3, 4))
    name, waiver = _starred(body[: match.start()], waiver)
    date_text = f"{year}.{month}.{day}"
    try:
        return Entry(name, waiver, datetime.date(year, month, day), date_text)
    except ValueError:
        return Entry(name, waiver, None, date_text)


# A whole date opening an entry, before its name (and its star).
_DATE_FIRST = re.compile(
    r"^[(\[\uff08]?\s*(\d{4}[./\-]\d{1,2}[./\-]\d{1,2})\s*[)\]\uff09]?\s+(?=\S)"
)


@dataclass
class _State:
    region: str = ""
    country: Country | None = None
    label: str = ""
    # A heading that declares its number of entries, "China (35)": its line
    # number and the count; and the entries read under it so far.
    declared: tuple[int, int] | None = None
    entries: int = 0
    # The table's header names a column saying whether fees are waived.
    waiver_column: bool = False
    # The last heading read as a country, and whether the heading in force is
    # a place in it ("United States", then "California": a state's heading).
    nation: Country | None = None
    in_place: bool = False


class UniversityRecords(NamedTuple):
    """The university-level records and the anomalies of the stage."""

    records: list[Record]
    anomalies: list[Anomaly]


def parse_university(
    lines: list[Line], options: ParseOptions, edition: datetime.date | None = None
) -> UniversityRecords:
    """The university-level records, in source order.

    >>> from accord.importer.lines import text_to_lines
    >>> lines, _ = text_to_lines("University Level Agreements\\n(Asia)\\nChina\\n"
    ...     "- * Peking University (1999.11.10)", ParseOptions("X"))
    >>> [r.country_code for r in parse_university(lines, ParseOptions("X"))[0]]
    ['CN']
    """
    records: list[Record] = []
    anomalies: list[Anomaly] = []
    state = _State()
    joined: set[int] = set()  # lines read as the wrapped rest of the one above
    for at, line in enumerate(lines):
        if line.section != UNIVERSITY or at in joined:
            continue
        if line.kind == "region":
            plain = " ".join(line.text.split())
            printed = region_heading(plain, options) or plain
            state.region = options.region_name(printed)
            if not options.is_area(printed) and state.region == printed:
                anomalies.append(_unknown_area(line, printed))
            # A new region's entries come under its own country headings.
            anomalies.extend(_count_held(state))
            state.label, state.country, state.declared = "", None, None
            state.nation, state.in_place = None, False
            if state.region == INTERNATIONAL:
                # Its own pseudo-country, whether or not the list prints it again.
                state.country = resolve_country(INTERNATIONAL)
        elif line.kind == "country" and (total := printed_total([line.text])):
            anomalies.append(_total_checked(line, total, state, options))
        elif line.kind == "country":
            above = lines[at - 1] if at else None
            if above is not None and _cut_before_heading(above):
                anomalies.append(_heading_after_cut_name(above, line))
            plain = " ".join(line.text.split())
            if options.is_area(plain):  # "International Organization", once
                state.region = options.region_name(plain)
            place = _as_place(line, state, options)
            if place is not None:
                # A place in the country above: its heading, count and entries
                # go on.
                anomalies.append(place)
                continue
            anomalies.extend(_count_held(state))
            state.label, state.declared = _heading(line.text, line.number, options)
            anomalies.extend(_country_heading(line, state, options))
            state.entries = 0
        elif line.kind == "column-header":
            state.waiver_column = any(
                names_waiver_column(cell) for cell in filled_cells(line.text)
            )
        elif line.kind == "table-fragment":
            anomalies.append(
                Anomaly(
                    A.UNRECOGNISED_LINE,
                    (line.number,),
                    shown_cells(line.text),
                    "not read: cells with no date, neither an entry nor a heading",
                    confidence="uncertain",
                )
            )
        elif line.kind == "table-entry":
            found_places, heading = _table_row_places(line, state, options)
            anomalies.extend(found_places)
            entry = _table_entry(line, state.waiver_column)
            if heading and entry.date is None:
                # A row of its own that names the area or country of the rows
                # below it, merged across the table: a heading, no partner.
                continue
            record, found = _entry_record(line, state, edition, entry)
            if record is not None:
                records.append(record)
                state.entries += 1
            anomalies.extend(found)
        elif line.kind in {"entry", "entry-without-bullet"}:
            below = lines[at + 1] if at + 1 < len(lines) else None
            rest = _rest_of_name(lines, at)
            if rest:
                joined.update(rest)
                parts = [line, *(lines[j] for j in rest)]
                wrapped = _joined_entry(parts)
                record, found = _entry_record(wrapped, state, edition)
                if record is not None:
                    numbers = tuple(part.number for part in parts)
                    record = record.with_changes(source_lines=numbers)
                found.insert(
                    0,
                    _wrap_joined(parts)
                    if parts[-1].kind != "country"
                    else _heading_joined(parts),
                )
            else:
                record, found = _entries(line, state, edition, records)
                if below is not None and _follows_undated(line, below):
                    found.append(_wrap_doubted(line, below))
            if record is not None:
                records.append(record)
                state.entries += 1
            anomalies.extend(found)
    anomalies.extend(_count_held(state))
    return UniversityRecords(records, anomalies)


def _entries(
    line: Line, state: _State, edition: datetime.date | None, records: list[Record]
) -> tuple[Record | None, list[Anomaly]]:
    """The entry of a line (the last, when it prints several: those before it
    are added to `records` here), and the anomalies of them all."""
    parts, by_bullet = entries_on_line(line.text)
    found: list[Anomaly] = []
    if len(parts) > 1:
        found.append(
            Anomaly(
                A.ENTRIES_ON_ONE_LINE,
                (line.number,),
                line.text.strip(),
                f"read as {len(parts)} entries, each after the date of the one before"
                + ("" if by_bullet else ", at a dash or a wide gap: one entry?"),
                "likely" if by_bullet else "uncertain",
                severity="info" if by_bullet else "warning",
            )
        )
    record: Record | None = None
    for part in parts:
        if record is not None:
            records.append(record)
            state.entries += 1
        record, doubts = _entry_record(line, state, edition, parse_entry(part))
        found += doubts
    return record, found


def _undated(line: Line) -> bool:
    entry = parse_entry(line.text)
    return entry.date is None and not entry.date_text and not entry.stated_unknown


def _follows_undated(line: Line, below: Line | None) -> bool:
    """An entry without a date, a line without a bullet ending with one right
    below it: one entry wrapped over two lines, or two entries."""
    return (
        below is not None
        and line.kind == "entry"
        and below.kind == "entry-without-bullet"
        and below.section == UNIVERSITY
        and _undated(line)
    )


def _cut_before_heading(line: Line) -> bool:
    """An entry without a date stopping on a word no name ends on: a counted
    country heading right below it (not joined) may be the rest of its name."""
    return (
        line.kind == "entry"
        and line.section == UNIVERSITY
        and goes_on(line.text)
        and _undated(line)
    )


def _heading_after_cut_name(above: Line, heading: Line) -> Anomaly:
    return _split_row(
        [above, heading],
        "read as a country heading under an entry without a date whose name "
        "stops on a word no name ends on: the rest of that name?",
        field="country_code",
    )


def _rest_of_name(lines: list[Line], at: int) -> list[int]:
    """The positions of the lines that carry on the entry at `at`, which has
    no date, through the page furniture between (a page's title and number,
    the section heading it repeats): its date printed alone below ("- *
    Technical University of Munich" / "(2012.9.19)"); or, when its name stops
    where no name ends ("- * National University of"), the lines up to the
    first that ends with the date (a line without a bullet), through lines that
    stop where no name ends too ("Advanced Study of") or that start so ("of
    Sustainability"), or else a lone heading without a count right below
    ("Georgia"), the date then unknown. Empty when no such line follows."""
    line = lines[at]
    cut = _cut_before_heading(line)
    undated = line.kind == "entry" and line.section == UNIVERSITY and _undated(line)
    if not cut and not undated:
        return []
    rest: list[int] = []
    above = line.text
    for j in range(at + 1, min(len(lines), at + _FURTHEST_REST)):
        below = lines[j]
        if below.kind in _PAGE_FURNITURE:
            continue
        if below.section != UNIVERSITY:
            return []
        date_alone = bool(_DATE_ALONE.match(below.text.strip()))
        goes = cut and (goes_on(above) or goes_on_from(below.text))
        if not (goes or date_alone):
            break
        if below.kind == "entry-without-bullet":
            return [*rest, j]
        if below.kind != "country" or _COUNTED.search(below.text):
            break
        rest.append(j)
        above = below.text
    # No line ending with the date carries it on: a heading right below that
    # ends the name ("Georgia"), the date unknown.
    if rest and rest[0] == at + 1 and not goes_on(lines[rest[0]].text):
        return rest[:1]
    return []


_DATE_ALONE = re.compile(rf"{WHOLE_DATE}\s*[*\uff0a]?$")
# How far a name's rest may be from its start: a page's break between them.
_FURTHEST_REST = 8
_PAGE_FURNITURE = frozenset({"blank", "page-header", "page-number", "title", "section"})


def _joined_entry(parts: list[Line]) -> Line:
    text = parts[0].text.rstrip()
    for part in parts[1:]:
        more = part.text.strip()
        text += wrap_joiner(text, more) + more
    return Line(parts[0].number, text, parts[0].kind)


# A country heading's count of entries: "Georgia (2)".
_COUNTED = re.compile(r"\(\s*\d+\s*\)\s*$")


def _heading_joined(parts: list[Line]) -> Anomaly:
    return _split_row(
        parts,
        "joined as one entry, its date unknown: its name stops on a word no name "
        "ends on, and the line below, read alone a country heading, is the rest "
        "of it; the entries below stay in the country above",
        field="institution",
    )


def _wrap_joined(parts: list[Line]) -> Anomaly:
    return _split_row(
        parts,
        "joined as one entry: its name stops where no name ends, and runs on "
        "to the line without a bullet that ends with the date",
        confidence="likely",
        severity="info",
    )


def _wrap_doubted(line: Line, below: Line) -> Anomaly:
    return _split_row(
        [line, below],
        "read as two entries, the first without a date; the second has no "
        "bullet: one name wrapped over two lines?",
    )


def _split_row(
    parts: list[Line],
    decided: str,
    *,
    confidence: Confidence = "uncertain",
    severity: Severity = "warning",
    field: str = "",
) -> Anomaly:
    """A name that runs on over lines (`split-row`)."""
    return Anomaly(
        A.SPLIT_ROW,
        tuple(part.number for part in parts),
        " / ".join(part.text.strip() for part in parts),
        decided,
        confidence,
        field,
        severity,
    )


def _heading(
    text: str, number: int, options: ParseOptions
) -> tuple[str, tuple[int, int] | None]:
    """A country heading's label, and (its line, the number of entries it
    declares) when it prints one after a country's name: "China (35)"."""
    label = " ".join(text.split())
    match = COUNTED.match(label)
    if match and resolve_country(match.group(1), options.country_aliases):
        count = next(group for group in match.groups()[1:] if group is not None)
        return match.group(1), (number, int(count))
    return label, None


def _count_held(state: _State) -> list[Anomaly]:
    """The checksum of the heading just closed, when its count does not hold."""
    if state.declared is None or state.declared[1] == state.entries:
        return []
    number, declared = state.declared
    code = state.country.code if state.country else ""
    return [
        Anomaly(
            A.CHECKSUM,
            (number,),
            f"{state.label} entries: declared {declared}, found {state.entries}",
            "reported; no record invented",
            field=f"university-country:{code or 'international'}",
            severity="error",
        )
    ]


def _unknown_area(line: Line, printed: str) -> Anomaly:
    """A region heading naming no area Accord knows: kept as printed (an
    edition names its own in `region_aliases`)."""
    return Anomaly(
        A.UNKNOWN_REGION,
        (line.number,),
        printed,
        "kept as printed: no known area, nor a region alias of the edition, has "
        "this name",
        confidence="uncertain",
        field="region",
    )


def _total_checked(
    line: Line, total: tuple[str, int], state: _State, options: ParseOptions
) -> Anomaly:
    """A subtotal line under a country's entries ("Subtotal: 2"): no heading,
    its number checked against the entries under the country above."""
    name, number = total
    label = state.label or "the list"
    other = bool(name) and not same_country(name, state.label, options.country_aliases)
    holds = number == state.entries and not other
    return Anomaly(
        A.TOTAL_ROW,
        (line.number,),
        " ".join(line.text.split()),
        (
            f"skipped: a total, as many as the entries above it under {label} "
            f"({number})"
            if holds
            else f"skipped: a total of {number}, where the entries above it under "
            f"{label} are {state.entries}" + (f"; it names {name!r}" if other else "")
        ),
        confidence="certain" if holds else "uncertain",
        severity="info" if holds else "warning",
    )


def _as_place(line: Line, state: _State, options: ParseOptions) -> Anomaly | None:
    """A heading naming a place in the country heading above ("United States",
    then "California (2)"): its entries stay the country's, and the note of it;
    None for any other heading.

    A name that is a place's and a country's ("Georgia") is the place's under
    a country heading with no entries of its own, or after another place's
    heading; after the country's own entries it is the country's
    (`_country_heading` reports it)."""
    nation = state.nation
    text = " ".join(line.text.split())
    counted = COUNTED.match(text)
    label = counted.group(1) if counted else text
    if nation is None or not is_subdivision_of(label, nation.code):
        return None
    country = resolve_country(label, options.country_aliases)
    if country is not None and not (state.in_place or state.entries == 0):
        return None
    state.country, state.in_place = nation, True
    return _place_heading(line, nation, country)


def _country_heading(
    line: Line, state: _State, options: ParseOptions
) -> Iterator[Anomaly]:
    """The country a heading names, set on the state; a name that is also a
    place's in the country above, read as the country after that country's
    own entries, is reported."""
    country = resolve_country(state.label, options.country_aliases)
    nation = state.nation
    if nation is not None and is_subdivision_of(state.label, nation.code):
        yield _place_heading(line, nation, country, read_as_place=False)
    state.country, state.nation, state.in_place = country, country, False
    if country is None:
        yield _unknown_country(line)


def _place_heading(
    line: Line, nation: Country, country: Country | None, read_as_place: bool = True
) -> Anomaly:
    """A heading naming a place in the country above: information when the
    name is no country's, a warning when it is one's too ("Georgia")."""
    also = f"; {country.name} is a country's name too" if country else ""
    decided = (
        f"read as a place in {nation.name}, the country above{also}"
        if read_as_place
        else f"read as the country, after {nation.name}'s entries; it names a "
        f"place in {nation.name} too"
    )
    return Anomaly(
        A.PLACE_HEADING,
        (line.number,),
        line.text.strip(),
        decided,
        confidence="likely" if country is None else "uncertain",
        field="country_code",
        severity="info" if country is None else "warning",
    )


def _unknown_country(line: Line) -> Anomaly:
    return Anomaly(
        A.UNKNOWN_COUNTRY,
        lines=(line.number,),
        seen=line.text.strip(),
        decided="entries under it keep an empty country",
        confidence="uncertain",
        field="country_code",
        severity="error",
    )


def _table_row_places(
    line: Line, state: _State, options: ParseOptions
) -> tuple[list[Anomaly], bool]:
    """The area and country a university-level table row prints (a merged cell
    prints them once, on its block's first row: the rows below keep them).
    Between them and the date, one cell is the partner; more are reported.
    True besides when the row names places only (a heading row)."""
    before, _, after = entry_cells(table_entry_cells(line.text) or [])
    texts: list[str] = []
    anomalies: list[Anomaly] = []
    if after and not state.waiver_column:
        anomalies.append(
            Anomaly(
                A.EXTRA_CELLS,
                (line.number,),
                after,
                "not read: a cell after the date, under no column naming the "
                "fee waiver",
                confidence="uncertain",
                field="fee_waiver",
            )
        )
    new_area = named_country = False
    for i, cell in enumerate(before):
        area = region_heading(cell, options) or (
            cell if options.is_area(cell) else None
        )
        # "International Organization" names an area and its pseudo-country:
        # first of three cells or more (area, country, partner), the area; in
        # a row of two, both.
        first_of_three = i == 0 and len(before) >= 3
        if (
            area is not None
            and not texts
            and (first_of_three or not _names_country(cell, options))
        ):
            state.region = options.region_name(area)
            new_area = True
            continue
        label, declared = _heading(cell, line.number, options)
        country = resolve_country(label, options.country_aliases)
        if country is not None and not texts:
            if area is not None:
                state.region = options.region_name(area)
            if label != state.label:
                anomalies += _count_held(state)
                state.label, state.country, state.declared = label, country, declared
                state.entries = 0
            named_country = True
            continue
        texts.append(cell)
    if new_area and not named_country:
        # A new area's first row prints its country: without one, the
        # country above (another area's) is not this row's.
        anomalies += _count_held(state)
        state.label, state.country, state.declared = "", None, None
    if len([t for t in texts if t.strip(_STARS_AND_SPACE)]) > 1:
        anomalies.append(
            Anomaly(
                A.EXTRA_CELLS,
                (line.number,),
                " | ".join(texts),
                f"read {texts[-1]!r} as the partner",
                confidence="uncertain",
                field="institution",
            )
        )
    return anomalies, not texts and (new_area or named_country)


def _names_country(cell: str, options: ParseOptions) -> bool:
    return resolve_country(cell, options.country_aliases) is not None


def _table_entry(line: Line, waiver_column: bool = False) -> Entry:
    """A university-level table row's partner, waiver and date, read as the
    entry the list would print: its last text cell, a `*` there or in a cell of
    its own, or a fee-waiver column's yes; the date from its Year cell."""
    texts, date, after = entry_cells(table_entry_cells(line.text) or [])
    waiver = any(t.strip() in _STARS for t in texts)
    if waiver_column and WAIVER_CELLS.get(after.casefold().rstrip("."), False):
        waiver = True
    name = next((t for t in reversed(texts) if t.strip(_STARS_AND_SPACE)), "")
    bullet = BULLET.match(name)
    name = name[bullet.end() :] if bullet else name
    if name.startswith(_STARS):
        waiver, name = True, name.lstrip(_STARS_AND_SPACE)
    when = "(date unknown)" if date.casefold() == "unknown" else f"({date})"
    mark = "* " if waiver else ""
    if not waiver and waiver_column and waiver_not_known(after):
        mark = f"{UNKNOWN_WAIVER} "  # the column says it does not know
    return parse_entry(f"- {mark}{name} {when}")


def _entry_record(
    line: Line,
    state: _State,
    edition: datetime.date | None,
    entry: Entry | None = None,
) -> tuple[Record | None, list[Anomaly]]:
    entry = entry or parse_entry(line.text)
    if not entry.name:
        seen = line.text.strip()
        skipped = Anomaly(A.UNRECOGNISED_LINE, (line.number,), seen, "skipped: no name")
        return None, [skipped]
    country = state.country or Country("", "")
    record = Record(
        level="university",
        region=state.region,
        country_code=country.code,
        country_name=country.name,
        institution=entry.name,
        fee_waiver=None if _waiver_unknown(entry) else entry.waiver,
        concluded_on=entry.date,
        edition=edition,
        source_lines=(line.number,),
    )
    return record, list(_entry_doubts(line, entry, state))


def _waiver_unknown(entry: Entry) -> bool:
    """The entry's mark, or its note ("(tuition waiver: to be confirmed)"),
    says whether fees are waived is not known (and no star says they are)."""
    return _marked_unknown(entry) or (
        not entry.waiver and _note_leaves_waiver_unknown(entry)
    )


def _marked_unknown(entry: Entry) -> bool:
    return UNKNOWN_WAIVER in entry.mark and not entry.waiver


def _note_leaves_waiver_unknown(entry: Entry) -> bool:
    note = entry.note
    return (
        bool(note)
        and bool(WAIVER_WORDS.search(note))
        and bool(UNKNOWN_WORDS.search(note) or DATE_TO_COME_WORDS.search(note))
    )


def _entry_doubts(line: Line, entry: Entry, state: _State) -> Iterator[Anomaly]:
    """What is odd about one entry: no bullet, no date, no country above it."""
    where, seen = (line.number,), line.text.strip()
    if line.kind == "entry-without-bullet":
        decided = "read as an entry: it ends with a date in parentheses"
        yield Anomaly(A.MISSING_BULLET, where, seen, decided, "likely", severity="info")
    if entry.date is None and entry.stated_unknown == "to-come":
        yield Anomaly(
            A.MISSING_DATE, where, seen, TO_BE_SETTLED, "uncertain", "concluded_on"
        )
    elif entry.date is None and not entry.date_text:
        # Not a doubt of the parser's: the list prints no date (or says it is
        # unknown), and the date stays unknown; nothing is invented.
        printed = "as the list states" if entry.stated_unknown else "none is printed"
        decided = f"concluded_on left unknown, {printed}"
        yield Anomaly(
            A.MISSING_DATE, where, seen, decided, field="concluded_on", severity="info"
        )
    elif entry.date is None:
        decided = "concluded_on left unknown"
        yield Anomaly(A.INVALID_DATE, where, seen, decided, field="concluded_on")
    if _marked_unknown(entry):
        decided = "fee_waiver left unknown, as the list states"
        yield Anomaly(
            A.UNKNOWN_WAIVER,
            where,
            shown_marks(seen),
            decided,
            field="fee_waiver",
            severity="info",
        )
    unread = entry.mark.replace(UNKNOWN_WAIVER, "")
    if unread:
        decided = (
            f"{unread!r} left out of the name; not read as the fee waiver (only "
            "'*' is): what it means, the list's legend says"
        )
        yield Anomaly(A.UNREAD_MARK, where, seen, decided, "uncertain", "fee_waiver")
    if _DATE_IN_NAME.search(entry.name):
        # No partner's name holds a date: two entries run together, or a note.
        decided = "read as printed; the name holds a date: two entries, or a note?"
        yield Anomaly(A.ENTRY_NOTE, where, seen, decided, "uncertain", "institution")
    if entry.note and _note_leaves_waiver_unknown(entry):
        decided = (
            "the note says whether fees are waived is not known: fee_waiver left "
            "unknown; the entry read without the note"
        )
        yield Anomaly(A.ENTRY_NOTE, where, seen, decided, "likely", "fee_waiver")
    elif entry.note:
        # A note may say what changes the record ("(terminated)"): read it.
        decided = "not read: an agreement keeps no notes; the entry read without it"
        yield Anomaly(A.ENTRY_NOTE, where, seen, decided, "uncertain")
    if state.country is None and not state.label:
        decided = "country left empty: no country header above it"
        yield Anomaly(
            A.ENTRY_WITHOUT_COUNTRY,
            where,
            seen,
            decided,
            "uncertain",
            "country_code",
            "error",
        )
