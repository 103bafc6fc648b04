"""Records <-> Accord's export schema as JSON, CSV and XLSX, both ways.

Writing then reading gives back the same records, so export -> import -> export
is the identity. Reading validates every field and names the file, the line (or
spreadsheet row, or JSON object's line) and the field of the first bad value.

Spreadsheet formulas are neutralised: a CSV or XLSX text cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, and so
does one that starts with an apostrophe, so that reading strips exactly one.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from functools import cache, lru_cache
from itertools import accumulate, repeat, takewhile
from types import MappingProxyType
from typing import Any

import pycountry

from accord.core.errors import ImportInputError
from accord.core.records import (
    EXPORT_FIELDS,
    FILE_FIELDS,
    LIFECYCLE_FIELDS,
    PARTNER_FIELDS,
    UNIVERSITY_LEVEL_RULE,
    Record,
    level_problem,
)

LIST_SEPARATOR = "; "
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TEXT_FIELDS = frozenset(
    {"region", "country_name", "institution", "co_partners"}
    | {"partner_department", "home_unit"}
    | set(PARTNER_FIELDS)
    | {"termination_reason"}
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_DATE = datetime.date(1900, 1, 1)


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula.

    >>> neutralise("=HYPERLINK()"), neutralise("Kyoto"), neutralise("'quoted")
    ("'=HYPERLINK()", 'Kyoto', "''quoted")
    """
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """The inverse of `neutralise`.

    >>> unneutralise("'=1+2"), unneutralise("Kyoto")
    ('=1+2', 'Kyoto')
    """
    return text[1:] if text.startswith("'") else text


# -- writing -----------------------------------------------------------------


def records_to_json(records: Iterable[Record], *, parsed: bool = False) -> str:
    """A JSON list of objects with the FILE_FIELDS as keys, one key per line;
    for the records of a list only `parsed`, the export schema's own (no
    registry has given them a partner's identifiers or a university yet).

    >>> records_to_json([])
    '[]\\n'
    """
    return (
        json.dumps(
            [_json_object(r, parsed) for r in records], ensure_ascii=False, indent=1
        )
        + "\n"
    )


def _json_object(record: Record, parsed: bool) -> dict[str, Any]:
    data = record.to_dict()
    if parsed:
        return data
    home = data.pop("home_university", "")
    return (
        data
        | record.partner_dict()
        | {"home_university": home}
        | record.lifecycle_dict()
    )


def _flat_cells(record: Record) -> dict[str, Any]:
    data = record.to_dict()
    data |= {k: v or "" for k, v in record.partner_dict().items()}
    data.setdefault("home_university", "")
    data |= _lifecycle_cells(record)
    data["co_partners"] = LIST_SEPARATOR.join(record.co_partners)
    data["source_lines"] = LIST_SEPARATOR.join(str(n) for n in record.source_lines)
    for name in TEXT_FIELDS:
        data[name] = neutralise(data[name])
    return data


def _lifecycle_cells(record: Record) -> dict[str, str]:
    """The lifecycle columns as text: booleans true/false, the cooperation terms
    as a JSON array (a Table Schema `array`), empty when unknown."""
    cells = {}
    for name, value in record.lifecycle_dict().items():
        if value is None:
            cells[name] = ""
        elif isinstance(value, bool):
            cells[name] = "true" if value else "false"
        elif name == "cooperation_terms":
            cells[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            cells[name] = str(value)
    return cells


# A waiver's CSV cell; blank when the list did not say.
_WAIVER_CELLS = {True: "true", False: "false", None: ""}


def records_to_csv(records: Iterable[Record], *, parsed: bool = False) -> str:
    """CSV with the FILE_FIELDS as columns (the export schema's, the partner's
    identifiers, the home university), or only the export schema's for the
    records of a list only `parsed`; lists joined with "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = EXPORT_FIELDS if parsed else FILE_FIELDS
    writer.writerow(columns)
    for record in records:
        cells = _flat_cells(record)
        cells["fee_waiver"] = _WAIVER_CELLS[record.fee_waiver]
        writer.writerow("" if cells[f] is None else cells[f] for f in columns)
    return out.getvalue()


def records_to_xlsx(records: Iterable[Record]) -> bytes:
    """An XLSX workbook with one sheet, `agreements`, in the CSV's layout.

    Booleans are boolean cells and dates are date cells (`yyyy-mm-dd`).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("agreements")
    sheet.append(list(FILE_FIELDS))
    for record in records:
        cells = _flat_cells(record)
        row: list[Any] = []
        for name in FILE_FIELDS:
            value = (
                getattr(record, name) if name in {"concluded_on", "edition"} else None
            )
            if value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                row.append(cell)
            elif name == "fee_waiver":
                row.append(record.fee_waiver)
            else:
                text = cells[name]
                row.append(WriteOnlyCell(sheet, value=text or None))
                if text:
                    row[-1].data_type = "s"
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading -----------------------------------------------------------------


class _Row:
    """One raw row being validated: knows where it came from for errors."""

    def __init__(self, values: Mapping[str, Any], path: str, line: int | None):
        self.values = values
        self.path = path
        self.line = line

    def fail(self, field: str, message: str) -> ImportInputError:
        return ImportInputError(message, path=self.path, line=self.line, field=field)

    def text(self, field: str, *, required: bool = False, flat: bool = False) -> str:
        value = self.values.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.fail(field, f"expected text, found {value!r}")
        if flat and field in TEXT_FIELDS:
            value = unneutralise(value)
        if "\n" in value or "\r" in value:
            raise self.fail(field, "a line break inside a name")
        if required and not value.strip():
            raise self.fail(field, "must not be empty")
        return value

    def boolean(self, field: str) -> bool | None:
        """True or false; None (unknown) for a blank cell or a JSON null."""
        value = self.values.get(field)
        if isinstance(value, bool):
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
            return value.strip().lower() == "true"
        raise self.fail(
            field, f"expected true or false (blank: unknown), found {value!r}"
        )

    def date(self, field: str) -> datetime.date | None:
        value = self.values.get(field)
        if isinstance(value, str) and (known := _iso_date(value)) is not None:
            return known
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return self._not_too_early(field, value)
        if value is None or value == "":
            return None
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise self.fail(field, f"expected a date YYYY-MM-DD, found {value!r}")
        try:
            parsed = datetime.date.fromisoformat(value)
        except ValueError:
            raise self.fail(field, f"{value} is not a date that exists") from None
        return self._not_too_early(field, parsed)

    def _not_too_early(self, field: str, value: datetime.date) -> datetime.date:
        if value < EARLIEST_DATE:
            raise self.fail(field, f"{value.isoformat()} is before 1900")
        return value

    def names(self, field: str, *, flat: bool) -> tuple[str, ...]:
        value = self.values.get(field)
        if flat:
            text = self.text(field, flat=True)
            items: list[Any] = text.split(LIST_SEPARATOR) if text else []
        elif isinstance(value, list):
            items = value
        else:
            raise self.fail(field, f"expected a list of names, found {value!r}")
        if not all(isinstance(i, str) and i.strip() for i in items):
            raise self.fail(field, f"expected non-empty names, found {items!r}")
        return tuple(items)

    def line_numbers(self, field: str, *, flat: bool) -> tuple[int, ...]:
        value = self.values.get(field)
        if flat:
            text = value if isinstance(value, str) else str(value or "")
            items: list[Any] = text.split(LIST_SEPARATOR) if text.strip() else []
            if not all(re.fullmatch(r"[0-9]+", i.strip()) for i in items):
                raise self.fail(field, f"expected line numbers, found {text!r}")
            items = [int(i) for i in items]
        elif isinstance(value, list):
            items = value
        else:
            raise self.fail(field, f"expected a list of line numbers, found {value!r}")
        if not all(type(i) is int and i >= 1 for i in items):
            raise self.fail(field, f"expected positive line numbers, found {items!r}")
        return tuple(items)


# Export files repeat a few dozen dates and country codes on thousands of rows:
# each distinct one is parsed or looked up once.
@lru_cache(maxsize=1 << 14)
def _iso_date(text: str) -> datetime.date | None:
    """A valid date written YYYY-MM-DD from 1900 on, else None (the caller
    says what is wrong)."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return day if day >= EARLIEST_DATE else None


@cache
def _is_country_code(code: str) -> bool:
    return bool(
        re.fullmatch(r"[A-Z]{2}", code) and pycountry.countries.get(alpha_2=code)
    )


def _country_code(row: _Row) -> str:
    code = row.text("country_code")
    if code and not _is_country_code(code):
        raise row.fail("country_code", f"{code!r} is not an ISO 3166-1 alpha-2 code")
    return code


def _level(row: _Row, field: str, flat: bool) -> str:
    level = row.values.get(field)
    if level not in ("university", "department"):
        raise row.fail(field, f"expected university or department, found {level!r}")
    return level


def _text(*, required: bool = False) -> Callable[[_Row, str, bool], str]:
    def read(row: _Row, field: str, flat: bool) -> str:
        return row.text(field, required=required, flat=flat)

    return read


def _country(row: _Row, field: str, flat: bool) -> str:
    return _country_code(row)


def _names(row: _Row, field: str, flat: bool) -> tuple[str, ...]:
    return row.names(field, flat=flat)


def _boolean(row: _Row, field: str, flat: bool) -> bool | None:
    return row.boolean(field)


def _date(row: _Row, field: str, flat: bool) -> datetime.date | None:
    return row.date(field)


def _lines_field(row: _Row, field: str, flat: bool) -> tuple[int, ...]:
    return row.line_numbers(field, flat=flat)


def _university(row: _Row, field: str, flat: bool) -> str:
    return _home_university(row)


FieldReader = Callable[[_Row, str, bool], Any]
# How each of a Record's fields is read from a row: each depends on its own
# cell only. The first three come before the rule between them
# (`level_problem`), the rest after it, in the order a row's errors are looked
# for: the first bad value is the one reported.
_LEVEL_READERS: tuple[tuple[str, FieldReader], ...] = (
    ("level", _level),
    ("home_unit", _text()),
    ("partner_department", _text()),
)
_OTHER_READERS: tuple[tuple[str, FieldReader], ...] = (
    ("region", _text(required=True)),
    ("country_code", _country),
    ("country_name", _text(required=True)),
    ("institution", _text(required=True)),
    ("co_partners", _names),
    ("fee_waiver", _boolean),
    ("concluded_on", _date),
    ("edition", _date),
    ("source_lines", _lines_field),
    ("home_university", _university),
)


def row_to_record(
    row: _Row, *, flat: bool, lifecycles: Lifecycles | None = None
) -> Record:
    """Validate one raw row (flat: CSV/XLSX cells; else JSON values). Rows
    read with the same `lifecycles` share each distinct lifecycle."""
    values = {name: read(row, name, flat) for name, read in _LEVEL_READERS}
    forbidden = level_problem(
        values["level"], values["home_unit"], values["partner_department"]
    )
    if forbidden:
        raise row.fail(forbidden, UNIVERSITY_LEVEL_RULE)
    values |= {name: read(row, name, flat) for name, read in _OTHER_READERS}
    return Record(
        **values,
        row=row.line,
        lifecycle=shared_lifecycle(row_lifecycle(row, flat=flat), lifecycles),
    )


# Rows of a CSV or XLSX file read together, column by column.
FLAT_CHUNK = 5000


class _FlatRecords:
    """Records from the rows of a CSV or XLSX file, read a chunk of rows at a
    time column by column: each distinct cell of a column is read once, as an
    export repeats regions, countries, dates, units and names on thousands of
    rows (reading every cell of every row was most of a CSV import's parsing).

    A chunk with any bad value is read again row by row, so the error names
    the same line and field, the first bad one, as reading row by row does.
    Cells are keyed by value: a CSV's are strings; an XLSX's strings, booleans,
    dates or None, no two of which compare equal across types.
    """

    def __init__(self, names: Sequence[str], path: str) -> None:
        self.names = list(names)
        self.path = path
        self.records: list[Record] = []
        self.lifecycles: Lifecycles = {}
        self._rows: list[Sequence[Any]] = []
        self._lines: list[int] = []

    def add(self, cells: Sequence[Any], line: int) -> None:
        self._rows.append(cells)
        self._lines.append(line)
        if len(self._rows) == FLAT_CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        try:
            self.records += self._read_columns()
        except ImportInputError:
            # Raises the row-by-row error; the columns' one if, against
            # expectation, every row reads.
            for cells, line in zip(self._rows, self._lines, strict=True):
                row = _Row(dict(zip(self.names, cells, strict=True)), self.path, line)
                row_to_record(row, flat=True, lifecycles=self.lifecycles)
            raise
        self._rows, self._lines = [], []

    def _read_columns(self) -> list[Record]:
        columns = dict(zip(self.names, zip(*self._rows, strict=True), strict=True))
        size = len(self._rows)
        values = {
            name: self._column(name, read, columns.get(name), size)
            for name, read in (*_LEVEL_READERS, *_OTHER_READERS)
        }
        for level, unit, department in set(
            zip(
                values["level"],
                values["home_unit"],
                values["partner_department"],
                strict=True,
            )
        ):
            forbidden = level_problem(level, unit, department)
            if forbidden:
                raise ImportInputError(UNIVERSITY_LEVEL_RULE, field=forbidden)
        return list(
            map(
                Record,
                *(values[name] for name in _RECORD_ORDER),
                self._lines,
                repeat((), size),  # partner_ids: an import stores none
                self._lifecycle_column(columns, size),
            )
        )

    def _column(
        self, name: str, read: FieldReader, cells: Sequence[Any] | None, size: int
    ) -> list[Any]:
        if cells is None:  # an optional column the file does not have
            return [read(_Row({}, self.path, None), name, True)] * size
        read_as = {
            cell: read(_Row({name: cell}, self.path, None), name, True)
            for cell in set(cells)
        }
        return list(map(read_as.__getitem__, cells))

    def _lifecycle_column(
        self, columns: Mapping[str, Sequence[Any]], size: int
    ) -> Iterable[Mapping[str, Any] | None]:
        given = [name for name in LIFECYCLE_FIELDS if name in columns]
        if not given:
            return repeat(None, size)
        keys = list(zip(*(columns[name] for name in given), strict=True))
        read_as = {
            key: shared_lifecycle(
                row_lifecycle(
                    _Row(dict(zip(given, key, strict=True)), self.path, None), flat=True
                ),
                self.lifecycles,
            )
            for key in set(keys)
        }
        return list(map(read_as.__getitem__, keys))


# Record's leading fields, in its order, up to `row`: the columns
# `_FlatRecords` passes it.
_RECORD_ORDER = tuple(
    takewhile(lambda name: name != "row", (f.name for f in fields(Record)))
)


def _hashable(value: Any) -> Any:
    # Cooperation terms are a list of objects, most often empty.
    if isinstance(value, list):
        return json.dumps(value, sort_keys=True) if value else "[]"
    return value


# The distinct lifecycles of one file's rows, by their values.
Lifecycles = dict[tuple[Any, ...], Mapping[str, Any]]


def shared_lifecycle(
    found: dict[str, Any] | None, lifecycles: Lifecycles | None
) -> Mapping[str, Any] | None:
    """`found`, or the read-only mapping of an earlier row with the same values.

    Most rows of an export give the same lifecycle (in force, no validity, no
    terms): at 100,000 rows a copy each held ~40 MB of an import's memory.

    >>> kept: Lifecycles = {}
    >>> a = shared_lifecycle({"status": "in_force", "cooperation_terms": []}, kept)
    >>> a is shared_lifecycle({"status": "in_force", "cooperation_terms": []}, kept)
    True
    """
    if found is None or lifecycles is None:
        return found
    key = tuple((name, _hashable(value)) for name, value in found.items())
    kept = lifecycles.get(key)
    if kept is None:
        kept = lifecycles[key] = MappingProxyType(found)
    return kept


# The lifecycle columns whose empty cell (JSON: null) gives nothing: the
# agreement keeps what it has (a new one: in force, no automatic renewal, no
# terms). In the other columns an empty cell is a value: unknown, or none.
_EMPTY_GIVES_NOTHING = frozenset(
    {"status", "renews_automatically", "cooperation_terms"}
)
_STATUS = re.compile(r"[a-z_]+")


def row_lifecycle(row: _Row, *, flat: bool) -> dict[str, Any] | None:
    """The lifecycle values a row gives, JSON-ready as an export writes them
    (`Record.lifecycle`); None when the file has none of LIFECYCLE_FIELDS.
    Only their form is checked here; the registry's rules (a known status, the
    status against `ended_on`, each cooperation term) in `registry.validation`.

    >>> row_lifecycle(_Row({"status": "expired", "ended_on": "2020-03-31",
    ...     "term_months": "60", "cooperation_terms": ""}, "a.csv", 2), flat=True)
    {'status': 'expired', 'term_months': 60, 'ended_on': '2020-03-31'}
    """
    given = [name for name in LIFECYCLE_FIELDS if name in row.values]
    if not given:
        return None
    found: dict[str, Any] = {}
    for name in given:
        value = row.values[name]
        if value is None or value == "":
            if name not in _EMPTY_GIVES_NOTHING:
                # Unknown; a reason: none ("" or null, as the file wrote it).
                found[name] = value if name == "termination_reason" else None
            continue
        found[name] = _LIFECYCLE_READERS[name](row, name, value, flat)
    return found


def _status(row: _Row, name: str, value: Any, flat: bool) -> str:
    if not isinstance(value, str) or not _STATUS.fullmatch(value.strip()):
        raise row.fail(name, f"expected a status such as in_force, found {value!r}")
    return value.strip()


def _validity_date(row: _Row, name: str, value: Any, flat: bool) -> str | None:
    day = row.date(name)
    return day.isoformat() if day else None


def _months(row: _Row, name: str, value: Any, flat: bool) -> int:
    if type(value) is int and value >= 0:
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value.strip()):
        return int(value)
    raise row.fail(name, f"expected a whole number of months, found {value!r}")


def _renews(row: _Row, name: str, value: Any, flat: bool) -> bool:
    known = row.boolean(name)
    if known is None:  # spaces only: unlike a waiver, never unknown
        raise row.fail(name, f"expected true or false, found {value!r}")
    return known


def _reason(row: _Row, name: str, value: Any, flat: bool) -> str:
    if not isinstance(value, str):
        raise row.fail(name, f"expected text, found {value!r}")
    # Free text: unlike a name, it may run over several lines.
    return unneutralise(value) if flat else value


def _terms(row: _Row, name: str, value: Any, flat: bool) -> list[dict[str, Any]]:
    """The cooperation terms: a JSON array of objects (in a CSV or XLSX cell,
    its text); what each object may hold, the registry checks."""
    if flat:
        if not isinstance(value, str):
            raise row.fail(name, f"expected a JSON array of terms, found {value!r}")
        try:
            check_json_depth(value)
            check_json_surrogates(value)
        except ImportInputError as exc:
            raise row.fail(name, exc.message) from None
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise row.fail(
                name, f"not valid JSON ({exc.msg} at character {exc.pos + 1})"
            ) from None
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise row.fail(name, f"expected a JSON array of term objects, found {value!r}")
    return value


_LIFECYCLE_READERS = {
    "status": _status,
    "valid_from": _validity_date,
    "valid_until": _validity_date,
    "term_months": _months,
    "renews_automatically": _renews,
    "cooperation_terms": _terms,
    "ended_on": _validity_date,
    "termination_reason": _reason,
}


def _home_university(row: _Row) -> str:
    slug = row.text("home_university")
    if slug and not _SLUG.fullmatch(slug):
        raise row.fail(
            "home_university", f"{slug!r} is not a slug (lowercase words and hyphens)"
        )
    return slug


def check_columns(columns: Sequence[Any], path: str, line: int = 1) -> list[str]:
    """The header's column names, refused if any is unknown, missing or repeated
    (the partner's identifiers, PARTNER_FIELDS, may be there or not: they are
    read past, as an import stores no identifier; `home_university` and the
    LIFECYCLE_FIELDS may be there or not: files written before them lack them)."""
    names = [str(c).strip() if c is not None else "" for c in columns]
    unknown = [n for n in names if n not in FILE_FIELDS]
    if unknown:
        raise ImportInputError(
            f"unknown column(s) {', '.join(map(repr, unknown))}; "
            f"the export schema has {', '.join(EXPORT_FIELDS)}",
            path=path,
            line=line,
            field=unknown[0],
        )
    missing = [f for f in EXPORT_FIELDS if f not in names]
    if missing:
        raise ImportInputError(
            f"missing column(s) {', '.join(missing)}",
            path=path,
            line=line,
            field=missing[0],
        )
    if len(names) != len(set(names)):
        raise ImportInputError("a column is repeated", path=path, line=line)
    return names


# A line and its end, as `open(newline="")` splits them for the csv module.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, one at a time: io.StringIO would hold a copy of
    the whole text at four bytes a character (40 MB for a 100k-row export)."""
    return (match.group() for match in _LINE.finditer(text))


def csv_to_records(text: str, path: str = "") -> list[Record]:
    """Records from a CSV export; the header must name exactly EXPORT_FIELDS."""
    reader = csv.reader(_lines(text), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportInputError("the CSV has no header row", path=path, line=1)
        names = check_columns(header, path)
        flat = _FlatRecords(names, path)
        # The records share one object for each distinct value of a chunk's
        # column (`_FlatRecords`): the cells themselves are dropped with it.
        for cells in reader:
            if not "".join(cells).strip():  # blank: every cell empty or spaces
                continue
            if len(cells) != len(names):
                raise ImportInputError(
                    f"{len(cells)} cells where the header has {len(names)} "
                    "(a truncated or shifted row?)",
                    path=path,
                    line=reader.line_num,
                )
            flat.add(cells, reader.line_num)
    except csv.Error as exc:
        raise ImportInputError(
            f"malformed CSV: {exc}", path=path, line=reader.line_num
        ) from None
    flat.flush()
    return flat.records


# The export schema nests three deep (the list, a record, its co-partners);
# Python's JSON decoder recurses once per level and fails past about a thousand.
MAX_JSON_DEPTH = 32
# A string (to its end, when unterminated: no rescanning) or a bracket.
_JSON_STRING = r'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)'
_JSON_TOKEN = re.compile(_JSON_STRING + r"|[\[\]{}]", re.DOTALL)
_NOT_BRACKET = re.compile(_JSON_STRING + r"|[^\[\]{}]+", re.DOTALL)
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def check_json_depth(text: str, path: str = "") -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH, before decoding it.

    >>> check_json_depth('[{"co_partners": ["]]]"]}]')
    >>> check_json_depth("[" * 100_000, "deep.json")
    Traceback (most recent call last):
    ...
    accord.core.errors.ImportInputError: deep.json:1: JSON nested deeper than 32 levels
    """
    brackets = _NOT_BRACKET.sub("", text)
    if max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) <= (
        MAX_JSON_DEPTH
    ):
        return
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        depth += _DEPTH_STEP.get(token.group(), 0)
        if depth > MAX_JSON_DEPTH:
            raise ImportInputError(
                f"JSON nested deeper than {MAX_JSON_DEPTH} levels",
                path=path,
                line=text.count("\n", 0, token.start()) + 1,
            )


# A \u escape of half a UTF-16 surrogate pair, after the backslashes before
# it: after an odd number of them it is no escape but an escaped backslash.
_SURROGATE_ESCAPE = re.compile(r"(\\*)\\u[dD]([89a-fA-F])[0-9a-fA-F]{2}")


def check_json_surrogates(text: str, path: str = "") -> None:
    r"""Refuse JSON that escapes half of a UTF-16 surrogate pair alone: it
    decodes to a string no database can store (an emoji escaped as its pair
    is a character).

    >>> check_json_surrogates(r'["\ud83d\ude00", "\\ud800"]')
    >>> try:
    ...     check_json_surrogates('[\n"Kyoto \\ud800"]', "a.json")
    ... except ImportInputError as refused:
    ...     print(refused.line, refused.message)
    2 \ud800 is half of a UTF-16 surrogate pair, not a character
    """
    if "\\u" not in text:
        return
    low_expected_at = -1
    for match in _SURROGATE_ESCAPE.finditer(text):
        escape = match.start() + len(match.group(1))
        if len(match.group(1)) % 2:
            continue
        high = match.group(2) in "89abAB"
        if not high and escape == low_expected_at:
            continue
        if high:
            low = _SURROGATE_ESCAPE.match(text, match.end())
            if low and not low.group(1) and low.group(2) not in "89abAB":
                low_expected_at = match.end()
                continue
        raise ImportInputError(
            f"{text[escape : match.end()]} is half of a UTF-16 surrogate pair, "
            "not a character",
            path=path,
            line=text.count("\n", 0, escape) + 1,
        )


def _json_items(text: str, path: str) -> Iterator[tuple[int, Any]]:
    """(line, value) for each element of a top-level JSON list."""
    check_json_depth(text, path)
    check_json_surrogates(text, path)
    decoder = json.JSONDecoder()
    whitespace = re.compile(r"\s*")
    pos = whitespace.match(text).end()  # type: ignore[union-attr]
    line = text.count("\n", 0, pos) + 1
    if not text.startswith("[", pos):
        raise ImportInputError("expected a JSON list of records", path=path, line=line)
    pos += 1
    while True:
        skipped = whitespace.match(text, pos).end()  # type: ignore[union-attr]
        line += text.count("\n", pos, skipped)
        pos = skipped
        if text.startswith("]", pos):
            return
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ImportInputError(
                f"malformed JSON: {exc.msg}", path=path, line=exc.lineno
            ) from None
        except RecursionError:  # a deeper stack than the check above allows
            raise ImportInputError(
                "JSON nested too deep", path=path, line=line
            ) from None
        yield line, value
        line += text.count("\n", pos, end)
        pos = whitespace.match(text, end).end()  # type: ignore[union-attr]
        line += text.count("\n", end, pos)
        if text.startswith(",", pos):
            pos += 1
        elif not text.startswith("]", pos):
            raise ImportInputError(
                "malformed JSON: expected ',' or ']'", path=path, line=line
            )


def json_to_records(text: str, path: str = "") -> list[Record]:
    """Records from a JSON export (a list of export-schema objects)."""
    records = []
    lifecycles: Lifecycles = {}
    # Syntax first, for the whole file: a syntax error is reported before any
    # value error, as a JSON parser would.
    for line, value in list(_json_items(text, path)):
        if not isinstance(value, dict):
            raise ImportInputError("expected an object", path=path, line=line)
        check_columns(list(value), path, line)
        row = _Row(value, path, line)
        records.append(row_to_record(row, flat=False, lifecycles=lifecycles))
    return records


def xlsx_to_records(data: bytes, path: str = "") -> list[Record]:
    """Records from an XLSX export: the first sheet, header in row 1."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportInputError("the workbook is empty", path=path, line=1)
        width = len(header)
        while width and header[width - 1] is None:
            width -= 1
        names = check_columns(header[:width], path)
        flat = _FlatRecords(names, path)
        for number, cells in enumerate(rows, start=2):
            if all(c is None or c == "" for c in cells):
                continue
            # A row ends at its last filled cell: the empty ones after it are
            # cells of the file's columns all the same (empty), not missing ones.
            padded = [*cells[:width], *[None] * (width - len(cells))]
            flat.add(list(map(_cell, padded)), number)
        flat.flush()
    finally:
        book.close()
    return flat.records


def _cell(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value
