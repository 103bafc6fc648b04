"""The department-level table's row, and the state of reading the table."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from accord.importer.anomalies import Anomaly
from accord.importer.cells import Cell, ParsedLine
from accord.importer.options import ParseOptions


@dataclass(frozen=True)
class TableRow:
    """One row of the table as read from one or more lines.

    `institution` is the partner institution printed on this row (empty when
    the merged cell's text is on another row); `unit` is the home unit code.
    """

    lines: tuple[int, ...]
    texts: tuple[Cell, ...] = ()
    area: str = ""
    label: str = ""
    label_count: int | None = None
    label_line: int | None = None
    institution: str = ""
    institution_line: int | None = None
    country_line: int | None = None
    department: str = ""
    unit: str = ""
    unit_printed: str = ""
    # Whether the `*` is printed with the unit (a merged unit cell lends it).
    unit_star: bool = False
    date: datetime.date | None = None
    date_text: str = ""
    # None: unknown (a row that lost its unit cell, which carries the mark).
    waiver: bool | None = False
    page_start: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "lines": list(self.lines),
            "area": self.area,
            "label": self.label,
            "label_count": self.label_count,
            "institution": self.institution,
            "department": self.department,
            "unit": self.unit,
            "date": self.date_text,
            "waiver": self.waiver,
            "cells": [(c.index, c.text, c.star) for c in self.texts],
        }


class Rows(NamedTuple):
    """Table rows and the anomalies found making them: the result of
    `lines_to_rows` and of each step of the blocks stage that rewrites rows."""

    rows: list[TableRow]
    anomalies: list[Anomaly]


@dataclass
class Builder:
    """The state of reading the table: the rows so far, the anomalies, and the
    dateless lines held until it is clear which row they belong to."""

    options: ParseOptions
    known: frozenset[str]
    rows: list[TableRow] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    pending: list[ParsedLine] = field(default_factory=list)
    # Rows of their own naming the area or country of the rows below them.
    sections: list[ParsedLine] = field(default_factory=list)
    label: str = ""
    has_institution: bool = False
    # line number -> tab position of the institution column near that line
    columns: dict[int, int] = field(default_factory=dict)
    # Whether the list prints the waiver's `*` with the unit: then a row that
    # lost its unit cell lost what would say whether fees are waived.
    stars_with_unit: bool = True

    def note(
        self, code: str, lines: tuple[int, ...], seen: str, decided: str, **extra: str
    ) -> None:
        self.anomalies.append(Anomaly(code, lines, seen, decided, **extra))  # type: ignore[arg-type]
