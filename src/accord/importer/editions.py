"""What is stored about an edition besides its records, from a parse result,
and the records' check before storing: pure, `accord.importer.persist` stores.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.core.countries import name_of
from accord.core.errors import ImportInputError
from accord.core.formats import EARLIEST_DATE
from accord.core.names import clean_name
from accord.core.records import UNIVERSITY_LEVEL_RULE, Record, level_problem
from accord.importer.options import HomeUnit as UnitOption
from accord.importer.options import ParseOptions


@dataclass(frozen=True)
class EditionMeta:
    """What is stored about an edition besides its records."""

    home_university: str
    as_of: datetime.date
    title: str = ""
    home_short_name: str = ""
    home_country: str = ""
    home_region: str = ""
    home_slug: str = ""
    home_name_ja: str = ""
    units: tuple[UnitOption, ...] = ()
    declared_university_total: int | None = None
    declared_department_total: int | None = None
    declared_country_total: int | None = None
    declared_country_counts: Mapping[str, int] = field(default_factory=dict)
    source_name: str = ""
    source_sha256: str = ""
    report: Mapping[str, Any] = field(default_factory=dict)
    # (country code, name as printed) -> the name of the institution it is.
    same_institutions: Mapping[tuple[str, str], str] = field(default_factory=dict)


def meta_from_result(
    result: Any,
    options: ParseOptions,
    *,
    as_of: datetime.date,
    source_name: str = "",
    source_sha256: str = "",
    home_region: str = "",
    home_slug: str = "",
    home_name_ja: str = "",
) -> EditionMeta:
    """The edition to store for a pipeline result (`pipeline.ImportResult`).

    Declared per-country counts are keyed by the country name records carry
    (the printed label when the label names no known country); a label printed
    again on a later page declares the same (N), so the first one counts.
    """
    checksums = result.checksums
    counts: dict[str, int] = {}
    for count in checksums.countries:
        name = name_of(count.code) if count.code is not None else count.label
        counts.setdefault(name, count.declared)
    return EditionMeta(
        home_university=options.home_university,
        as_of=as_of,
        title=result.edition.title,
        home_short_name=next(iter(options.home_short_names), ""),
        home_country=options.home_country,
        home_region=home_region,
        home_slug=home_slug,
        home_name_ja=home_name_ja,
        units=options.home_units,
        declared_university_total=checksums.university_total,
        declared_department_total=checksums.department_total,
        declared_country_total=checksums.countries_total,
        declared_country_counts=counts,
        source_name=source_name,
        source_sha256=source_sha256,
        report=result.report.to_dict(),
        same_institutions=result.same_institutions,
    )


def _refuse(record: Record, field: str, message: str) -> ImportInputError:
    line = record.source_lines[0] if record.source_lines else None
    return ImportInputError(
        f"{record.institution!r}: {message}", path="", line=line, field=field
    )


def validate(records: Iterable[Record]) -> None:
    """Refuse, before anything is written, a record the registry cannot hold."""
    for record in records:
        forbidden = level_problem(
            record.level, record.home_unit, record.partner_department
        )
        if forbidden:
            raise _refuse(record, forbidden, UNIVERSITY_LEVEL_RULE)
        if record.country_code:
            try:
                name_of(record.country_code)
            except (ValueError, LookupError):
                raise _refuse(
                    record, "country_code", f"unknown code {record.country_code!r}"
                ) from None
        if not clean_name(record.institution):
            raise _refuse(record, "institution", "empty name")
        if record.concluded_on and record.concluded_on < EARLIEST_DATE:
            raise _refuse(record, "concluded_on", "before 1900")
