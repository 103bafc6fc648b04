"""Stage 3: table rows -> department-level records.

Rows are grouped the way the printed table groups them: a country block starts
at a `Country (N)` label, an institution block at the row that prints the
partner institution (merged_cells.py: on a page that centres its labels, the
rows above a label belong to it too). Where the printed structure contradicts
the document's own counts, the university-level list and name evidence decide,
and each such decision is an anomaly.

The steps, in order: names back in their cells (cell_names.py), institutions
carried over merged cells (merged_cells.py), doubts about the blocks
(block_checks.py), departments carried over merged cells (departments.py),
country blocks (country_blocks.py), then one record per row with its joint
partners (partners.py).
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import NamedTuple

from accord.core.countries import Country
from accord.core.names import name_key, region_key
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.block_checks import block_doubts
from accord.importer.cell_names import names_in_place
from accord.importer.checksums import Checksums, CountryCount
from accord.importer.country_blocks import (
    Block,
    country_blocks,
    edge_disagreements,
    first_per_label,
    shift_labels,
    split_missing_headers,
    uncounted_disagreements,
    university_countries,
)
from accord.importer.departments import (
    carry_departments,
    status_notes,
    whole_institution_cells,
)
from accord.importer.merged_cells import carry_institutions
from accord.importer.options import DEFAULT_AREAS, ParseOptions
from accord.importer.partners import Partners, partners_of
from accord.importer.table import TableRow


class DepartmentRecords(NamedTuple):
    """The department-level records, the anomalies of the stage, the
    checksums with each country's declared count, and the rows as carried
    (each with the institution and department of its merged cells)."""

    records: list[Record]
    anomalies: list[Anomaly]
    checksums: Checksums
    rows: list[TableRow]


def rows_to_records(
    rows: list[TableRow],
    options: ParseOptions,
    university: list[Record],
    checksums: Checksums,
    edition: datetime.date | None = None,
) -> DepartmentRecords:
    """Department-level records, their anomalies, and the per-country checksums.

    >>> from accord.importer.table import TableRow
    >>> rows = [TableRow((5,), label="China", label_count=1, area="Asia",
    ...                  institution="Peking University", unit="GS Law")]
    >>> records, _, sums, _ = rows_to_records(rows, ParseOptions("X"), [], Checksums())
    >>> records[0].country_code, sums.countries[0].declared
    ('CN', 1)
    """
    index = university_countries(university)
    carried, anomalies = _carry(rows, frozenset(index))
    blocks = country_blocks(carried, options, anomalies)
    regions = {r.country_code: r.region for r in university}
    blocks = split_missing_headers(blocks, index, regions, anomalies)
    shift_labels(blocks, index, anomalies)
    anomalies += uncounted_disagreements(blocks, index)
    anomalies += edge_disagreements(blocks, index)
    known = set(index) | {name_key(r.institution) for r in carried if r.institution}
    university_names = frozenset(index)
    records = [
        _record(block, row, edition, known, university_names, anomalies)
        for block in blocks
        for row in block.rows
    ]
    # The records' regions are the aliases' names, never the printed aliases.
    areas = DEFAULT_AREAS | {r.region for r in university}
    anomalies += _unknown_areas(records, areas | set(options.region_aliases.values()))
    printed = [bool(row.area) for block in blocks for row in block.rows]
    anomalies += _areas_against_university(
        records, _area_of_own(records, printed), university
    )
    counts = _country_counts(blocks, carried)
    return DepartmentRecords(
        records, anomalies, replace(checksums, countries=counts), carried
    )


def _area_of_own(records: list[Record], printed: list[bool]) -> list[bool]:
    """For each record, whether its country's rows print an area of their own
    by then: the first row of its block, or one below it."""
    own: list[bool] = []
    previous, printed_here = None, False
    for record, prints in zip(records, printed, strict=True):
        if record.country_code != previous:
            previous, printed_here = record.country_code, prints
        else:
            printed_here = printed_here or prints
        own.append(printed_here)
    return own


def _areas_against_university(
    records: list[Record], own: list[bool], university: list[Record]
) -> list[Anomaly]:
    """Each country whose rows take, from another country's rows above, an
    area where the university-level list does not put it, once, at its first
    such row: an Area cell printed on a middle row of its block gives the rows
    above it the area before. Rows under an area their country's block prints
    are as the list groups them (Turkey in Europe, Russia in Asia)."""
    listed: dict[str, set[str]] = {}
    for record in university:
        if record.country_code:
            listed.setdefault(record.country_code, set()).add(record.region)
    first: dict[tuple[str, str], Record] = {}
    for record, printed in zip(records, own, strict=True):
        areas = listed.get(record.country_code)
        if not printed and areas and record.region and record.region not in areas:
            first.setdefault((record.country_code, record.region), record)
    # The same area printed otherwise in the two parts ("South and Central
    # America", "Central & South America") is the same area.
    first = {
        (code, region): record
        for (code, region), record in first.items()
        if region_key(region) not in {region_key(r) for r in listed[code]}
    }
    return [
        Anomaly(
            A.REGION_DISAGREES,
            record.source_lines,
            f"{record.country_name} under {region}: {record.institution}",
            "kept as the table prints it, but the university-level list puts "
            f"{record.country_name} elsewhere (an Area cell printed on a later row "
            "of its block?)",
            confidence="uncertain",
            field="region",
        )
        for (_, region), record in first.items()
    ]


def _unknown_areas(
    records: list[Record], areas: set[str] | frozenset[str]
) -> list[Anomaly]:
    """Each region of the records that names no known area (of the university-
    level list, the edition's region aliases or the usual ones), or none, once,
    at its first record: kept as printed, but a wrapped or clipped cell reads
    this way too ("Central and South" for "Central and South America"), and a
    merged Area cell whose text was lost leaves its rows with none."""
    first: dict[str, Record] = {}
    for record in records:
        if record.region not in areas:
            first.setdefault(record.region, record)
    return [
        Anomaly(
            A.UNKNOWN_REGION,
            record.source_lines,
            region or f"{record.institution}: no area",
            "kept as printed: no area of the university-level list, nor a known "
            "one or a region alias of the edition, has this name"
            if region
            else "left blank: no Area cell of its rows or above them names one",
            confidence="uncertain",
            field="region",
            severity="warning",
        )
        for region, record in first.items()
    ]


def _carry(
    rows: list[TableRow], university_names: frozenset[str]
) -> tuple[list[TableRow], list[Anomaly]]:
    """Every row with the institution and department of its merged cells."""
    # A status in a cell ("(terminated)") is no part of its text: a partner's
    # cell holding only one is blank, and takes the merged cell's above.
    noted = status_notes(rows)
    rows = noted.rows
    printed = {name_key(r.institution) for r in rows if r.department}
    placed = names_in_place(rows, university_names | printed)
    institutions = carry_institutions(placed.rows)
    departments = carry_departments(institutions.rows)
    whole = whole_institution_cells(departments.rows)
    anomalies = [
        *noted.anomalies,
        *placed.anomalies,
        *institutions.anomalies,
        *block_doubts(institutions.rows),
        *departments.anomalies,
        *whole.anomalies,
    ]
    return whole.rows, anomalies


def _country_counts(
    blocks: list[Block], rows: list[TableRow]
) -> tuple[CountryCount, ...]:
    return tuple(
        CountryCount(
            b.label,
            b.country.code if b.country else None,
            b.declared or 0,
            b.label_line or 0,
            _label_lines(rows, b.label),
        )
        for b in first_per_label(blocks)
    )


def _label_lines(rows: list[TableRow], label: str) -> tuple[int, ...]:
    """Every line printing a country's label (it repeats on each page)."""
    found = {r.label_line for r in rows if r.label == label}
    return tuple(sorted(n for n in found if n))


def _record(
    block: Block,
    row: TableRow,
    edition: datetime.date | None,
    known: set[str],
    university_names: frozenset[str],
    anomalies: list[Anomaly],
) -> Record:
    country = block.country or Country("", "")
    # A name the university-level list prints whole is one partner, whatever
    # it holds ("Universität Wien / University of Vienna": its two names).
    partners = (
        Partners(row.institution)
        if name_key(row.institution) in university_names
        else partners_of(row.institution, row.lines, known)
    )
    if partners.anomaly is not None:
        anomalies.append(partners.anomaly)
    return Record(
        level="department",
        region=block.region,
        country_code=country.code,
        country_name=country.name,
        institution=partners.institution,
        co_partners=partners.co_partners,
        partner_department=row.department,
        home_unit=row.unit,
        fee_waiver=row.waiver,
        concluded_on=row.date,
        edition=edition,
        source_lines=_source_lines(row),
    )


def _source_lines(row: TableRow) -> tuple[int, ...]:
    """The row's own lines and the lines of the labels it uses: the institution
    printed on another row of its block and the country label of its page."""
    used = {row.institution_line, row.country_line} - {None}
    return tuple(sorted({*row.lines, *(n for n in used if n is not None)}))
