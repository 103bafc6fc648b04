"""Anomalies: every place where the importer was unsure, or the list disagrees
with itself, recorded with a stable code, the lines, what was seen and decided.

Codes are kebab-case and registered once here with a title, so the CLI, the
report JSON and docs/anomalies.md all speak the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["info", "warning", "error"]
Confidence = Literal["certain", "likely", "uncertain"]

CODES: dict[str, str] = {}


def register(code: str, title: str) -> str:
    """Register an anomaly code with its human title; returns the code."""
    if code in CODES and CODES[code] != title:
        raise ValueError(f"anomaly code {code!r} registered twice")
    CODES[code] = title
    return code


@dataclass(frozen=True)
class Anomaly:
    """One doubt or disagreement found in a list.

    >>> Anomaly("missing-date", lines=(78,), seen="- * École Centrale de Lyon",
    ...         decided="concluded_on left unknown").code
    'missing-date'
    """

    code: str
    lines: tuple[int, ...] = ()
    seen: str = ""
    decided: str = ""
    confidence: Confidence = "certain"
    field: str = ""
    severity: Severity = "warning"
    resolution: str = ""  # filled by corrections: "corrected" / "acknowledged"
    reason: str = ""  # the corrections file's reason, when resolved there

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered anomaly code {self.code!r}")

    @property
    def title(self) -> str:
        return CODES[self.code]

    @property
    def is_resolved(self) -> bool:
        return bool(self.resolution)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = list(self.lines)
        data["title"] = self.title
        return data


@dataclass(frozen=True)
class Report:
    """All anomalies of one import run, in source order."""

    anomalies: tuple[Anomaly, ...] = field(default=())

    @classmethod
    def of(cls, anomalies: Iterable[Anomaly]) -> Report:
        return cls(tuple(sorted(anomalies, key=lambda a: (a.lines or (0,), a.code))))

    @property
    def ok(self) -> bool:
        """True when nothing blocks an import."""
        return not self.blocking()

    def blocking(self) -> list[Anomaly]:
        """What stops an import until it is corrected or acknowledged (or the
        import is forced): every unresolved error and warning. Information,
        such as a date the list itself leaves unknown, never blocks."""
        return [a for a in self.unresolved() if a.severity != "info"]

    def unresolved(self, severity: Severity | None = None) -> list[Anomaly]:
        return [
            a
            for a in self.anomalies
            if not a.is_resolved and (severity is None or a.severity == severity)
        ]

    def flatten(self, *keys: str) -> list[tuple[Any, ...]]:
        """The anomalies as tuples of the given keys, for one-line assertions.

        >>> Report.of([Anomaly("missing-date", lines=(78,))]).flatten("code", "lines")
        [('missing-date', (78,))]
        """
        return [tuple(getattr(a, key) for key in keys) for a in self.anomalies]

    def codes(self) -> Sequence[str]:
        return [a.code for a in self.anomalies]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "anomalies": [a.to_dict() for a in self.anomalies],
        }


# The registry of codes. Each stage yields anomalies with one of these codes;
# docs/anomalies.md lists them (a test keeps the two in step).
MISSING_DATE = register("missing-date", "An agreement has no date of conclusion")

# Stage text_to_lines / university-level list.
MISSING_BULLET = register("missing-bullet", "An entry has no leading bullet")
ENTRIES_ON_ONE_LINE = register(
    "entries-on-one-line", "Several entries are printed on one line"
)
"""A university-level entry without `- `, read as an entry because it ends in a date."""
PAGE_HEADER_MID_LIST = register(
    "page-header-mid-list", "A page header interrupts the list"
)
"""A repeated section heading inside its own section, skipped."""
UNREAD_MARK = register("unread-mark", "A mark before a name, not read")
"""A mark other than the waiver's `*` before an entry's name (`※`, `◎`, `†`):
left out of the name, and not read as a waiver, since only the list's legend
says what it means."""
ENTRY_NOTE = register("entry-note", "An entry has a note after its date")
"""Text in parentheses or brackets after an entry's date ("(renewed)"): not
part of the name, and not kept."""
DATE_ORDER = register("date-order", "Dates written with the year last")
"""Numeric dates such as 12.06.2008: read in the order the list shows or the
edition declares (info), or not read when neither settles it."""
LEGEND_MARK = register("legend-mark", "A legend says what a mark means")
"""A legend ties a mark other than `*` to the fee waiver (read as the waiver
wherever printed, info), or gives `*` another meaning (a warning)."""
FOOTNOTE_MARK = register("footnote-mark", "A footnote's mark left out of a name")
"""`Fudan University 1)`, `Zhejiang University\u00b9`, `Wuhan University*1`: a
mark referring to a footnote, not part of the name (info, with the footnote)."""
WAIVER_COLUMN = register("waiver-column", "A column says whether fees are waived")
"""A department table's "Fee waiver" column (Yes / No / \u25cb): read as the
waiver's `*` before each row's unit (info); a cell saying neither is a warning."""
ROW_NUMBERS = register("row-numbers", "A column of row numbers left out")
"""A department table whose header names a first column of row numbers
("No."): that column is left out of every row below it (info)."""
INVALID_DATE = register("invalid-date", "A date that is not a calendar date")
"""A printed date such as 2018.2.30; the agreement's date is left unknown."""
UNKNOWN_COUNTRY = register("unknown-country", "A country label Accord cannot place")
"""A country header or label that is neither in ISO 3166 nor in the aliases."""
PLACE_HEADING = register("place-heading", "A heading naming a place in a country")
"""A university-level heading naming a state, province or nation of the country
heading above ("United States", then "California"): its entries are the country's
(information); a warning when the name is a country's too ("Georgia")."""
WHOLE_INSTITUTION = register(
    "whole-institution", "A department cell saying the whole institution"
)
"""A department cell holding a dash, `N/A`, `University-wide` or 全学 ("the
whole university"): an agreement with the whole institution, as a blank cell
(info)."""
COUNTRY_OUTSIDE_AREA = register(
    "country-outside-area", "A country under an area it does not lie in"
)
"""A country printed under an area of another continent ("Georgia" under North
America): a label naming another place of that name, or a heading out of
place. Kept as read; a warning on its first agreement under that area."""
ENTRY_WITHOUT_COUNTRY = register(
    "entry-without-country", "An entry appears before any country header"
)
"""The record keeps an empty country; a human must say where it belongs."""
HOME_UNIVERSITY_MISMATCH = register(
    "home-university-mismatch", "The table names another home university"
)
"""Its "Department at X" column names a university other than the options'."""
STATUS_SECTION = register(
    "status-section",
    "A part of the list names agreements no longer or not yet in force",
)
"""Its entries or rows (terminated, expired, under negotiation) are not read."""
WRAPPED_HEADER = register(
    "wrapped-header", "A column header wrapped onto two lines, read as one"
)
NO_SECTION_HEADING = register(
    "no-section-heading", "The list names no section; its level is read from its lines"
)
"""No `University Level Agreements` or `Department Level Agreements` heading."""
TABLE_NOTE = register("table-note", "A note, not read as a row or an entry")
"""A line of one text and no date in the department-level section, above the
table's column header, that is neither a heading, a total, an as-of date nor a
legend Accord knows: a note such as "Note: a blank Department means the whole
institution"; or a sentence anywhere. Not read."""
UNRECOGNISED_LINE = register("unrecognised-line", "A line of no known kind")
"""Text outside both parts of the list, or a line no rule explains; skipped."""

# Reading a PDF (before the text stages).
ROW_CUT_BY_PAGE_BREAK = register(
    "row-cut-by-page-break", "A table row cut by a page break, joined"
)
"""The rest of a row printed at the top of the next page, joined back to it."""
STRUCK_THROUGH = register("struck-through", "Text printed struck through")
"""A cell or line a document or workbook prints struck through (a list's way of
showing an agreement that has ended): read as printed, and a warning."""
HIDDEN_TEXT = register("hidden-text", "Text the page does not show, not read")
"""Words a PDF holds where its page shows nothing: clipped away or off the page."""

# Reading a workbook (a spreadsheet in the list's own layout).
HIDDEN_CELLS = register("hidden-cells", "Rows, columns or a sheet the workbook hides")
"""Not read, as the printed list does not show them; the import waits, since only
the list's editor knows whether they were meant to be left out."""
UNCALCULATED_FORMULA = register(
    "uncalculated-formula", "A formula the workbook stores no value for"
)
"""Written by a program that does not calculate (a script): the cell reads blank."""

# Stage lines_to_rows (department-level table).
ROW_WITHOUT_DATE = register("row-without-date", "A table line has no date")
"""A line with text but no date: the rest of a row split over several lines."""
SPLIT_ROW = register("split-row", "A row is split over several lines")
"""A dateless line joined to the row above or below it."""
TOTAL_ROW = register("total-row", "A row of totals, not read as a partner")
"""A subtotal or total row: skipped, its number checked against the rows above."""
SECTION_ROW = register(
    "section-row", "A row of its own names the area or country of the rows below"
)
"""A table row printing only an area or a country's name: a heading, no partner."""
UNKNOWN_HOME_UNIT = register("unknown-home-unit", "A home unit not in the options")
"""Kept as printed, reported so that the edition's units can be completed."""
HOME_UNIT_VARIANT = register(
    "home-unit-variant", "A home unit printed in another spelling"
)
"""E.g. `IRDeS` for `IRIDeS`: home units are a controlled vocabulary, so the
record carries the unit's code and the anomaly keeps the printed form."""
INHERITED_HOME_UNIT = register(
    "inherited-home-unit", "A row takes the home unit of the merged cell above it"
)
"""A table grouped by its first column, the home unit: a blank unit cell is merged."""
MISSING_HOME_UNIT = register("missing-home-unit", "A row names no home unit")
"""A row with a date but no home unit; the unit stays unknown, and so does the
fee waiver unless a `*` is printed (the mark goes with the unit)."""
CELL_ROLE = register("cell-role", "A cell read as institution or department")
"""A lone text cell whose role (partner institution or its department) the
parser decided from its position and wording."""
INHERITED_INSTITUTION = register(
    "inherited-institution", "A row names no institution and continues a block"
)
"""A row without institution text where the block starts (a new page or a new
country): it is given the institution of the row above."""
INHERITED_DEPARTMENT = register(
    "inherited-department", "A blank department continues a merged cell"
)
"""A blank department dated the same day as the row above in one institution
block, or in a block whose departments alternate filled and blank, is the text of
a merged department cell printed once: the row takes the department above."""
AMBIGUOUS_INSTITUTION = register(
    "ambiguous-institution", "A row either of two merged cells may cover"
)
"""A row without institution between two labels, which the vertical-centring
rule lets belong to either and no date or wording decides: kept with the label
above, reported for review."""
MISSING_INSTITUTION = register("missing-institution", "A row has no institution")
"""No institution text anywhere before the row: the institution stays empty."""
EXTRA_CELLS = register("extra-cells", "A row has more text cells than columns")
"""The extra text is joined to the partner department."""
UNKNOWN_WAIVER = register("unknown-waiver", "The list says a fee waiver is unknown")
"""A mark its legend says leaves the waiver unknown (`?` in Accord's own list)."""
WAIVER_MARK = register("waiver-mark", "The waiver mark sits after a cell")
"""A `*` after a cell instead of before the home unit; read as a fee waiver."""
JOINT_PARTNERS = register("joint-partners", "A row names two partners")
"""`X and Y` where both X and Y are institutions known elsewhere in the list."""
REGION_DISAGREES = register(
    "region-disagrees", "The table puts a country in another area"
)
"""A department row's area is not the one the university-level list gives its
country: kept as printed, and reported."""
UNKNOWN_REGION = register("unknown-region", "An area the list does not name elsewhere")
"""An Area cell naming no area of the university-level list, the edition's region
aliases or the usual ones (Asia, Europe, ...): kept as printed."""
DUPLICATE_LABEL = register("duplicate-label", "A country label printed twice")
"""A label in two cells of one row; read once."""
LABEL_ONE_ROW_OFF = register(
    "label-one-row-off", "A country label sits one row off its block"
)
"""Country blocks whose row counts miss their declared (N) by one in opposite
directions: the boundary moves by one row when that makes each count hold."""
MISSING_COUNTRY_HEADER = register(
    "missing-country-header", "A country's rows have no label of their own"
)
"""Rows beyond a block's declared (N) whose institutions the university-level
list places in another country: they are given that country."""
COUNTRY_DISAGREES = register(
    "country-disagrees", "The university-level list places a partner elsewhere"
)
"""A row under a country label printed without its (N), whose institution the
university-level list places in another country only, at the head or the tail
of the label's rows: with no count to check them against, the row may belong to
a country whose label is off or missing. Kept under its label; to be looked at."""

# Stage reconcile.
CHECKSUM = register("checksum", "A declared total does not hold")
"""Declared N, found n, and where; never satisfied by inventing records."""
CORRECTION_UNMATCHED = register("correction-unmatched", "A correction matches nothing")
"""A corrections-file entry whose lines or anomaly are not in the list."""
CORRECTED = register("corrected", "A record changed by the corrections file")
"""One entry of the corrections file applied, with its reason."""


def struck_through(where: str, text: str, line: int) -> Anomaly:
    """Text the file prints struck through: read as printed, and reported (a
    list strikes out an agreement that has ended, or a correction)."""
    return Anomaly(
        STRUCK_THROUGH,
        lines=(line,) if line else (),
        seen=f"{where}: {text}",
        decided="read as printed; struck through: has the agreement ended?",
        confidence="uncertain",
        severity="warning",
    )
