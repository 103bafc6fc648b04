"""The department table's column header: what each column is called, and a
table whose header names every column (Accord's own published list), where the
columns hold and each cell is read by the column it sits in.

Lists word their headers differently ("Country / Region", "Country/Region",
"COUNTRY OR REGION"; "Year" or "Date concluded"), so a header cell is read
through one vocabulary, here, by every reader: the line classifier, the ruled
and spreadsheet readers (which find a table by its Year column) and the layout
below.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from accord.core.names import clean_name
from accord.importer.options import ParseOptions

AREA = "area"
COUNTRY = "country"
INSTITUTION = "institution"
DEPARTMENT = "department"
UNIT = "unit"
YEAR = "year"
# A date column that is not the day concluded: a renewal's, the term's end.
OTHER_DATE = "other-date"

# Header texts as `header_key` writes them.
_VOCABULARY: dict[str, tuple[str, ...]] = {
    AREA: ("area", "areas", "region", "regions", "world region", "geographic area"),
    COUNTRY: (
        "country / region",
        "countries / regions",
        "country or region",
        "country and region",
        "country / area",
        "country / territory",
        "country or territory",
        "country",
        "nation",
    ),
    INSTITUTION: (
        "partner institution",
        "partner institutions",
        "partner university",
        "institution",
        "institution name",
        "name of institution",
        "university",
        "partner",
        "partner name",
        "partner school",
        "name of university",
        "university name",
    ),
    DEPARTMENT: (
        "department",
        "partner department",
        "department of partner",
        "faculty / department",
        "department / faculty",
        "school / faculty",
        "faculty / school",
        "partner faculty",
        "partner faculty / department",
        "faculty",
    ),
    # Other universities' words for their own unit ("Home Faculty", "Tohoku
    # Unit" is `_OF_HOME`'s, given the options).
    UNIT: (
        "home faculty",
        "home department",
        "home school",
        "home unit",
        "responsible unit",
        "responsible faculty",
        "responsible department",
        "unit in charge",
    ),
    YEAR: (
        "year",
        "date",
        "date concluded",
        "date of conclusion",
        "date of agreement",
        "concluded",
        "concluded on",
        "year concluded",
        "conclusion date",
        "agreement date",
        "signed",
        "signed on",
        "date signed",
        "date of signing",
        "signing date",
        "effective date",
        "date effective",
    ),
}
# Names of a date column that is not the day an agreement was concluded: a
# list that prints only such a date prints no date concluded.
_OTHER_DATES = (
    "date of renewal",
    "renewal date",
    "renewed",
    "renewed on",
    "last renewed",
    "date renewed",
    "expiry date",
    "expiration date",
    "date of expiry",
    "expires",
    "expires on",
    "valid until",
    "valid through",
    "valid to",
    "end date",
    "end of term",
    "term ends",
    "更新日",  # 更新日
    "有効期限",  # 有効期限
    "満了日",  # 満了日
    "終了日",  # 終了日
)
# A Japanese list's header: 地域 | 国・地域 | 協定校 | 相手部局 | 本学部局 | 締結日.
_JAPANESE: dict[str, tuple[str, ...]] = {
    AREA: ("\u5730\u57df", "\u5730\u57df\u540d"),
    COUNTRY: (
        "\u56fd\u30fb\u5730\u57df",
        "\u56fd \u30fb \u5730\u57df",
        "\u56fd / \u5730\u57df",
        "\u56fd\uff0f\u5730\u57df",
        "\u56fd\u540d",
        "\u56fd",
        "\u56fd\u30fb\u5730\u57df\u540d",
    ),
    INSTITUTION: (
        "\u5354\u5b9a\u6821",
        "\u5354\u5b9a\u6821\u540d",
        "\u5927\u5b66\u540d",
        "\u6a5f\u95a2\u540d",
        "\u5927\u5b66\u30fb\u6a5f\u95a2\u540d",
        "\u76f8\u624b\u6a5f\u95a2",
        "\u76f8\u624b\u6821",
        "\u5354\u5b9a\u5148",
        "\u5354\u5b9a\u5927\u5b66",
        "\u5354\u5b9a\u5927\u5b66\u540d",
    ),
    DEPARTMENT: (
        "\u76f8\u624b\u90e8\u5c40",
        "\u76f8\u624b\u5074\u90e8\u5c40",
        "\u76f8\u624b\u5148\u90e8\u5c40",
        "\u90e8\u5c40\u540d",
        "\u5b66\u90e8\u30fb\u7814\u7a76\u79d1",
        "\u76f8\u624b\u5927\u5b66\u90e8\u5c40",
        "\u76f8\u624b\u5927\u5b66\u90e8\u5c40\u540d",
    ),
    UNIT: (
        "\u672c\u5b66\u90e8\u5c40",
        "\u672c\u5b66\u306e\u90e8\u5c40",
        "\u672c\u5b66\u62c5\u5f53\u90e8\u5c40",
        "\u672c\u5b66\u5074\u90e8\u5c40",
        "\u62c5\u5f53\u90e8\u5c40",
        "\u5b66\u5185\u90e8\u5c40",
        "\u672c\u5b66\u90e8\u5c40\u540d",
    ),
    YEAR: (
        "\u7de0\u7d50\u65e5",
        "\u7de0\u7d50\u5e74\u6708\u65e5",
        "\u5354\u5b9a\u7de0\u7d50\u65e5",
        "\u7de0\u7d50\u5e74",
        "\u5e74\u6708\u65e5",
        "\u5354\u5b9a\u7de0\u7d50\u5e74\u6708\u65e5",
    ),
}
# A Chinese list's header (simplified and traditional): 地区 | 国家/地区 | 合作院校 |
# 合作院系 | 我校单位 | 签署日期; a Korean list's: 지역 | 국가 | 대학명 | 학과 |
# 본교 부서 | 체결일.
_CHINESE_AND_KOREAN: dict[str, tuple[str, ...]] = {
    AREA: ("\u5730\u533a", "\u5730\u5340", "\u5927\u6d32", "\uc9c0\uc5ed"),
    COUNTRY: (
        "\u56fd\u5bb6 / \u5730\u533a",
        "\u570b\u5bb6 / \u5730\u5340",
        "\u56fd\u5bb6",
        "\u570b\u5bb6",
        "\u56fd\u522b",
        "\u570b\u5225",
        "\uad6d\uac00",
        "\uad6d\uac00\uba85",
        "\uad6d\uac00 / \uc9c0\uc5ed",
    ),
    INSTITUTION: (
        "\u5408\u4f5c\u9662\u6821",
        "\u5408\u4f5c\u5b66\u6821",
        "\u5408\u4f5c\u5b78\u6821",
        "\u5408\u4f5c\u5927\u5b66",
        "\u5408\u4f5c\u5927\u5b78",
        "\u5408\u4f5c\u673a\u6784",
        "\u5408\u4f5c\u6a5f\u69cb",
        "\u59d0\u59b9\u6821",
        "\u5b66\u6821\u540d\u79f0",
        "\u5b78\u6821\u540d\u7a31",
        "\ub300\ud559\uba85",
        "\ud611\uc815\ub300\ud559",
        "\uae30\uad00\uba85",
    ),
    DEPARTMENT: (
        "\u5408\u4f5c\u9662\u7cfb",
        "\u5bf9\u65b9\u9662\u7cfb",
        "\u5c0d\u65b9\u9662\u7cfb",
        "\u5b66\u9662",
        "\u5b78\u9662",
        "\ud559\uacfc",
        "\ud559\ubd80",
        "\uc0c1\ub300 \ud559\uacfc",
    ),
    UNIT: (
        "\u6211\u6821\u5355\u4f4d",
        "\u6211\u6821\u5b66\u9662",
        "\u6211\u6821\u5b78\u9662",
        "\u6211\u6821\u55ae\u4f4d",
        "\u672c\u6821\u5355\u4f4d",
        "\u672c\u6821\u55ae\u4f4d",
        "\ubcf8\uad50 \ubd80\uc11c",
        "\ub2f4\ub2f9 \ubd80\uc11c",
        "\ubcf8\uad50 \ud559\uacfc",
        "\ubcf8\uad50 \ub2e8\uacfc\ub300\ud559",
    ),
    YEAR: (
        "\u7b7e\u7f72\u65e5\u671f",
        "\u7c3d\u7f72\u65e5\u671f",
        "\u7b7e\u8ba2\u65e5\u671f",
        "\u7c3d\u8a02\u65e5\u671f",
        "\u7b7e\u7ea6\u65e5\u671f",
        "\u7c3d\u7d04\u65e5\u671f",
        "\u534f\u8bae\u7b7e\u7f72\u65e5\u671f",
        "\uccb4\uacb0\uc77c",
        "\ud611\uc815 \uccb4\uacb0\uc77c",
        "\ud611\uc815\uccb4\uacb0\uc77c",
        "\uccb4\uacb0\uc77c\uc790",
    ),
}
_COLUMN_OF = {
    text: column
    for vocabulary in (
        _VOCABULARY,
        _JAPANESE,
        _CHINESE_AND_KOREAN,
        {OTHER_DATE: _OTHER_DATES},
    )
    for column, texts in vocabulary.items()
    for text in texts
}
# "Department at Tohoku", "Unit at TU": the home university's unit.
_AT_HOME = ("department at ", "unit at ", "faculty at ", "school at ")
_OF_HOME = frozenset({"unit", "department", "faculty", "school"})


@lru_cache(maxsize=4096)
def header_key(cell: str) -> str:
    """A header cell as the vocabulary spells it: case, spacing and the spaces
    around a slash do not matter.

    >>> header_key(" COUNTRY/Region ")
    'country / region'
    """
    return " ".join(clean_name(cell).replace("/", " / ").split()).casefold()


def named_university(cell: str) -> str | None:
    """The university a "Department at X" cell names, as printed, else None.

    >>> named_university("Department at  Tohoku"), named_university("Year")
    ('Tohoku', None)
    """
    text = clean_name(cell)
    lowered = text.casefold()
    prefix = next((p for p in _AT_HOME if lowered.startswith(p)), None)
    if prefix is None or len(text) == len(prefix):
        return None
    return text[len(prefix) :]


def column_of(cell: str, options: ParseOptions | None = None) -> str | None:
    """Which column a header cell names: AREA, COUNTRY, INSTITUTION, DEPARTMENT,
    YEAR, or UNIT for "Department at <the home university>" (given `options`).

    >>> column_of("Date concluded"), column_of("Country/Region")
    ('year', 'country')
    >>> column_of("Department at TU", ParseOptions("T", ("TU",)))
    'unit'
    """
    key = header_key(cell)
    found = _COLUMN_OF.get(key)
    if found is not None or options is None:
        return found
    homes = {name.casefold() for name in options.home_names}
    if key.startswith(_AT_HOME):
        named = named_university(cell)
        return UNIT if named is not None and named.casefold() in homes else None
    # "Tohoku Unit", "TU Department": the home university's own.
    home, _, word = key.rpartition(" ")
    return UNIT if word in _OF_HOME and home in homes else None


def year_index(cells: list[str]) -> int | None:
    """The column a header row names Year, if the row is a header: "Year", or
    another name for the date ("Date") beside a column naming the partner
    (its institution or country), so that a lone "Date" above a table is not
    taken for its header.

    >>> year_index(["Partner Institution", "Date"]), year_index(["Date"])
    (1, None)
    """
    columns = [column_of(cell) for cell in cells]
    if YEAR not in columns:
        return None
    at = columns.index(YEAR)
    if header_key(cells[at]) == YEAR or {INSTITUTION, COUNTRY} & set(columns):
        return at
    return None


@dataclass(frozen=True)
class Layout:
    """Tab positions of the table's columns."""

    area: int
    country: int
    institution: int
    department: int
    unit: int
    year: int

    @property
    def last(self) -> int:
        """The rightmost of the six columns."""
        return max(
            self.area, self.country, self.institution, self.department, self.unit,
            self.year,
        )  # fmt: skip


def header_layout(cells: tuple[str, ...], options: ParseOptions) -> Layout | None:
    """The layout a column header gives, when it names all six columns.

    >>> from accord.importer.options import ParseOptions
    >>> header_layout(("Area", "Country / Region", "Partner Institution",
    ...     "Department", "Department at TU", "Year"), ParseOptions("T", ("TU",))).unit
    4
    >>> header_layout(("REGION", "Country/Region", "Institution", "Department",
    ...     "Unit at TU", "Date"), ParseOptions("T", ("TU",))).year
    5
    """
    columns = [column_of(cell, options) for cell in cells]
    # A list whose only date is a renewal's or the term's end: that column
    # stands where the Year would (`table.lines_to_rows` keeps its dates from
    # being taken for the day concluded).
    date = YEAR if YEAR in columns else OTHER_DATE
    wanted = (AREA, COUNTRY, INSTITUTION, DEPARTMENT, UNIT, date)
    if not all(column in columns for column in wanted):
        return None
    index = columns.index
    return Layout(
        area=index(AREA),
        country=index(COUNTRY),
        institution=index(INSTITUTION),
        department=index(DEPARTMENT),
        unit=index(UNIT),
        year=index(date),
    )
