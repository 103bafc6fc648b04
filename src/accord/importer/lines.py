"""Stage 1: text -> classified lines.

Each line of the list gets a kind (title, section, totals, region, country,
entry, table row, ...) and the section it belongs to. Later stages read kinds,
never raw text positions, so a repeated page header in the middle of a list is
just another classified line.
"""

from __future__ import annotations

import calendar
import datetime
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

from accord.core.countries import resolve_country
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.columns import (
    AREA,
    COUNTRY,
    INSTITUTION,
    OTHER_DATE,
    UNIT,
    YEAR,
    column_of,
    named_university,
)
from accord.importer.columns import DEPARTMENT as DEPARTMENT_COLUMN
from accord.importer.legends import WAIVER_MARKS, definitions, unfinished
from accord.importer.options import ParseOptions

UNIVERSITY = "university"
DEPARTMENT = "department"


def filled_cells(text: str) -> list[str]:
    """A line's tab-separated cells that hold text, as printed.

    >>> filled_cells("\\tAsia\\t \\tChina (2)\\t")
    ['Asia', 'China (2)']
    """
    return [cell for cell in text.split("\t") if cell.strip()]


def shown_cells(text: str) -> str:
    """A line's filled cells as a report shows them: "Asia | China (2)".

    >>> shown_cells("\\tAsia\\t \\tChina (2)\\t")
    'Asia | China (2)'
    """
    return " | ".join(cell.strip() for cell in filled_cells(text))


# "University Level Agreements" and "Department Level Agreements", also as other
# lists head them ("University-wide Agreements:", "Faculty-Level Exchange
# Agreements"), and as a Japanese list heads them ("大学間学術交流協定",
# "全学協定", "部局間協定締結校一覧", "大学間協定(全学協定)"); numbered ("1.",
# "(1)", a Roman numeral) or in brackets ("【大学間協定】", "■部局間協定"). The
# named group says which.
_JA_AGREEMENTS = (
    "(?:\u5b66\u8853|\u5b66\u751f)?(?:\u4ea4\u6d41)?\u5354\u5b9a(?:\u7de0\u7d50)?"
    "(?:\u6821|\u6a5f\u95a2)?(?:\u4e00\u89a7)?"
    r"(?:\s*[(\uff08][^()\uff08\uff09]{1,20}[)\uff09])?"
)
# A Chinese list's parts, simplified or traditional: "校级合作协议" (school level
# cooperation agreements), "校際學術交流協議", "院级合作协议" (faculty level),
# "院系級"; a Korean list's: "대학 간 협정" (between universities), "학과 간 협정"
# (between departments), "단과대학 간 협정" (between colleges), "대학 간
# 교류협정" (exchange agreements).
_ZH_AGREEMENTS = (
    r"(?:\u5b66\u672f|\u5b78\u8853)?(?:\u4ea4\u6d41|\u5408\u4f5c)*"
    r"(?:\u534f\u8bae|\u5354\u8b70)(?:\u4e00\u89c8\u8868|\u4e00\u89bd\u8868)?"
)
_ZH_UNIVERSITY = r"\u6821(?:\u7ea7|\u7d1a|\u9645|\u969b)"
_ZH_DEPARTMENT = r"\u9662(?:\u7cfb)?(?:\u7ea7|\u7d1a)"
_KO_AGREEMENTS = r"\s?\uac04\s?(?:\uad50\ub958\s?)?\ud611\uc815(?:\s?\ud604\ud669)?"
_KO_UNIVERSITY = r"\ub300\ud559"
_KO_DEPARTMENT = (
    r"(?:\ud559\uacfc|\ud559\ubd80|\ub2e8\uacfc\ub300\ud559"
    r"|\ubd80\uc11c|\ub300\ud559\uc6d0)"
)
_NUMBERED = (
    r"(?:[(\uff08]?(?:\d{1,2}|[\uff10-\uff19]|[IVX]{1,4}|[\u2160-\u2169])"
    r"[.)\uff0e\uff09\u3001]?\s+"
    # "1.", "(1)", a Roman or kanji numeral with a full-width stop or comma:
    # a number and its stop, the heading right after.
    r"|[(\uff08]?(?:\d{1,2}|[\uff10-\uff19]|[\u2160-\u2169]"
    r"|[\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341]{1,2})"
    r"[.)\uff0e\uff09\u3001]\s*"
    r"|\d{1,2}(?:\.\d{1,2})+\.?\s+"  # "1.1", "2.1."
    r"|[\u3010\[\u25a0\u25cf\u25c6\u25c7\u25a1<\u3008\u300a\uff1c\u226a\u2039]\s*"
    # Lettered ("A.", "(b)") and parts ("Part 1:", "Part II -").
    r"|[(\uff08]?[A-Ha-h][.)\uff09]\s+"
    r"|Part\s+(?:\d{1,2}|[IVX]{1,4}|[A-H])\s*[.:)\-\u2013]?\s+)?"
)
_CLOSING = r"[\u3011\]>\u3009\u300b\uff1e\u226b\u203a]?"
_UNIVERSITY_LEVEL = r"University[- ]Level|University[- ]wide|Inter[- ]University"
_UNIT = r"(?:Department|Faculty|Graduate\s+School|School|Institute|College|Division)"
_DEPARTMENT_LEVEL = (
    rf"{_UNIT}(?:\s*(?:and|/|&|,)\s*{_UNIT})*[- ]Level|Departmental"
    r"|Inter[- ]?(?:Departmental|Faculty)"
)
_AGREEMENTS = (
    r"(?:(?:Academic|Student)\s+)?(?:(?:Exchange|Cooperation)\s+)?"
    r"(?:Agreements?|Partnerships?)"
    # "... with Foreign Institutions", as a list's title says it.
    r"(?:\s+(?:with|of)\s+(?:Foreign|Overseas|International|Partner)"
    r"\s+(?:Partner\s+)?(?:Institutions|Universities|Partners))?"
)
# A heading that ends in its own date: "(as of April 1, 2023)" (`heading_as_of`).
_AS_OF_IN_BRACKETS = r"\(\s*as (?:of|at)\s+[^()]*?\d{4}[^()]*?\s*\)"
_DATED = rf"(?:\s*{_AS_OF_IN_BRACKETS})?"


# A heading that ends in its part's total: "(4 institutions)", ": Total of 4
# institutions", ": 3 countries and regions, 3 institutions" (`heading_total`).
def _counted(name: str) -> str:
    return (
        r"(?:(?:\s*[:\-\u2013,]\s*|\s*[(\uff08]|\s+)"
        rf"(?P<{name}>(?:Total(?:\s+of|:)?\s*)?\d+\s+"
        r"(?:institutions?|agreements?|universities|partners?|countries)"
        r"[^()\uff08\uff09]*?)[)\uff09]?)?"
    )


SECTION = re.compile(
    rf"^{_NUMBERED}(?:"
    # "University Level Agreements", "Faculty-Level Exchange Agreements:", or
    # the level alone, as a workbook names its sheet ("Department Level").
    rf"(?:(?P<university>{_UNIVERSITY_LEVEL})|(?P<department>{_DEPARTMENT_LEVEL}))"
    rf"(?:\s+{_AGREEMENTS})?{_DATED}:?{_counted('total')}"
    # "Academic Exchange Agreements (Faculty Level)", "Agreements: University
    # Level", "Agreements at Faculty Level".
    rf"|{_AGREEMENTS}\s*(?:[(:\-\u2013]\s*|\s+at\s+(?:the\s+)?)"
    rf"(?:(?P<university_named>{_UNIVERSITY_LEVEL})"
    rf"|(?P<department_named>{_DEPARTMENT_LEVEL}))\)?{_DATED}{_counted('total_named')}"
    # "Exchange Agreements between Faculties".
    rf"|{_AGREEMENTS}\s+between\s+(?:(?P<university_between>Universities|Institutions)"
    r"|(?P<department_between>(?:Faculties|Departments|Schools|Graduate\s+Schools)"
    r"(?:\s+(?:and|&)\s+(?:Faculties|Departments|Schools|Graduate\s+Schools))?))"
    r"|(?P<university_ja>\u5927\u5b66\u9593|\u5168\u5b66(?:\u30ec\u30d9\u30eb)?)"
    rf"{_JA_AGREEMENTS}"
    r"|(?P<department_ja>\u90e8\u5c40\u9593?|\u90e8\u5c40\u30ec\u30d9\u30eb)"
    rf"{_JA_AGREEMENTS}"
    rf"|(?P<university_zh>{_ZH_UNIVERSITY}){_ZH_AGREEMENTS}"
    rf"|(?P<department_zh>{_ZH_DEPARTMENT}){_ZH_AGREEMENTS}"
    rf"|(?P<university_ko>{_KO_UNIVERSITY}){_KO_AGREEMENTS}"
    rf"|(?P<department_ko>{_KO_DEPARTMENT}){_KO_AGREEMENTS}){_CLOSING}$",
    re.I,
)


# What a Japanese list counts in: institutions (機関), schools (校), universities,
# cases (件); and its countries and regions ("64カ国・地域"). Each wording names
# its numbers: `rows<n>` and `countries<n>`, whichever order it prints them in.
def _ja_rows(name: str) -> str:
    return rf"(?P<{name}>\d+)\s*(?:\u6a5f\u95a2|\u6821|\u5927\u5b66|\u4ef6)"


def _ja_countries(name: str) -> str:
    return (
        rf"(?P<{name}>\d+)\s*[\u30ab\u304b\u30f5\u30b1\u30f6\u7b87]\u56fd"
        r"(?:\s*[\u30fb\u53ca\u3068/]\s*\u3073?\u5730\u57df)?"
    )


def _countries(name: str) -> str:
    return rf"(?P<{name}>\d+) (?:countries|country)(?:\s*(?:and|or|/)\s*regions?)?"


def _rows(name: str) -> str:
    return rf"(?P<{name}>\d+) (?:institutions?|agreements?)"


# "Total of 250 institutions", "Total: 250 institutions" (or agreements), "250
# institutions in total", "Total number of agreements: 5"; "計250機関", "(合計
# 250 機関)" in full-width parentheses too. Under the department-level part's
# heading, a total of its rows.
UNIVERSITY_TOTAL = re.compile(
    r"^(?:Total(?: of|:)?\s*(?P<rows1>\d+) institutions?"
    # Agreements after a colon only: a table's "Total | 3 agreements" row is
    # the table's (`total-row`).
    r"|Total\s*[:\uff1a]\s*(?P<rows6>\d+) agreements?"
    r"|(?P<rows2>\d+) institutions? in total"
    # "Total number of agreements: 5", "Number of partner institutions: 6".
    r"|(?:Total\s+)?number\s+of\s+(?:partner\s+)?"
    r"(?:agreements|institutions|universities|partners)\s*[:\uff1a]\s*(?P<rows4>\d+)"
    r"|[(\uff08]?\s*(?:\u5408?\u8a08|\u5354\u5b9a\u6821\u6570|\u7dcf\u6570)?"
    rf"\s*[:\uff1a]?\s*{_ja_rows('rows3')}"
    r"(?:\s*[(\uff08][^()\uff08\uff09]*[)\uff09])?\s*[)\uff09]?)\.?$",
    re.I,
)
# The original counts its table's rows as "institutions"; Accord's own list
# prints "agreements" (and "1 country or region"); either may come first; a
# Japanese list writes "64カ国・地域 481機関".
DEPARTMENT_TOTAL = re.compile(
    rf"^(?:{_countries('countries1')},\s*{_rows('rows1')}"
    rf"|(?:Total\s*[:\uff1a]?\s*)?{_rows('rows2')} in {_countries('countries2')}"
    rf"|[(\uff08]?\s*{_ja_countries('countries3')}\s*[,\u3001\uff0c]?\s*"
    rf"{_ja_rows('rows3')}\s*[)\uff09]?)\.?$",
    re.I,
)


def declared_numbers(match: re.Match[str]) -> tuple[int, ...]:
    """The numbers a total line declares: the countries (a department total
    only), then the rows, whichever wording matched.

    >>> declared_numbers(DEPARTMENT_TOTAL.match("481 institutions in 64 countries"))
    (64, 481)
    """
    named = {name: int(n) for name, n in match.groupdict().items() if n}
    countries = [n for name, n in named.items() if name.startswith("countries")]
    rows = [n for name, n in named.items() if name.startswith("rows")]
    return (*countries, *rows)


# "(as of May 1, 2021)", also without the parentheses, "as at", and the date
# in the forms `_AS_OF_FORMATS` read; a four-digit year is required. A Japanese
# list writes "(2021年5月1日現在)" (its parentheses full-width), or the era's
# year ("令和3年5月1日現在").
AS_OF = re.compile(r"^\(?\s*as (?:of|at)\s+([^()]*?\d{4}[^()]*?)\s*\)?\.?$", re.I)
AS_OF_JA = re.compile(
    r"^[(\uff08]?\s*([^()\uff08\uff09]+?)\s*\u73fe\u5728\s*[)\uff09]?$"
)
_AS_OF_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y-%m-%d",
)
# "(Asia)", also "[Asia]", "【Asia】", or a Japanese list's "(アジア)" (its
# parentheses full-width).
REGION = re.compile(
    r"^[(\[\u3010\uff08]([A-Z\u30a0-\u30ff\u4e00-\u9fff]"
    r"[^()\[\]\u3010\u3011\uff08\uff09*]*)[)\]\u3011\uff09]$"
)
# What sets an area's name off on its line, besides REGION's brackets: angle
# or double angle brackets, in any case, a colon after it, or a square,
# diamond, circle, triangle or star before it ("\u25a0 Asia").
_SET_OFF = re.compile(
    r"^[\u25a0-\u25ff\u2605\u2606]\s*"
    r"|^[(<\[\uff08\uff1c\u3008\u300a\u226a\u3010]\s*"
    r"|\s*[)>\]\uff09\uff1e\u3009\u300b\u226b\u3011]$|\s*[:\uff1a]$"
)
# The 2021 list's legends, and the Japanese of the dates' one as Accord's own
# list prints it, in full-width brackets: "括弧内は協定の締結日を示す。".
LEGEND = re.compile(
    r"^(\(\*|\(indicated|†|\*\s+indicates"
    r"|[(\uff08]\u62ec\u5f27\u5185\u306f[^()\uff08\uff09]*\u3092\u793a\u3059)",
    re.I,
)
# "(1999.11.10)"; also with slashes or hyphens ("(1999/11/10)", "(1999-11-10)")
# and in full-width parentheses, as a Japanese word processor sets them. The
# year always comes first: a date whose day and month could be either way round
# is not read as one.
ENTRY_DATE = re.compile(r"[(\uff08]\s*(\d{4})([./\-])(\d{1,2})\2(\d{1,2})\s*[)\uff09]$")
# What a date in parentheses or brackets looks like, however it is written: an
# entry ending with one that ENTRY_DATE does not read has its date read by
# `spelled_date`, or reported as one Accord cannot read. Digits and separators
# ("(5.8.1983)"), or a four-digit year among other words ("(12 June 2008)",
# "(2010年8月6日)"), or an era's year ("(R2.8.6)"), full-width digits too.
DATE_LIKE = re.compile(
    r"[(\[\uff08]\s*("
    r"[\d\uff10-\uff19]{1,4}\s*[./\-\u5e74\uff0e\uff0f\uff0d]\s*[\d\uff10-\uff19]{1,2}"
    r"\s*[./\-\u6708\uff0e\uff0f\uff0d]\s*[\d\uff10-\uff19]{1,4}\u65e5?"
    r"|[^()\[\]\uff08\uff09]*?(?:19|20)\d\d[^()\[\]\uff08\uff09]*?"
    r"|(?:[RHS\uff32\uff28\uff33]|\u4ee4\u548c|\u5e73\u6210|\u662d\u548c)[.\uff0e]?\s*"
    r"[\d\uff10-\uff19\u5143]{1,2}[^()\[\]\uff08\uff09]*"
    # A year, month and day in characters, after an era's name or before a
    # weekday's in brackets: "民國107年9月1日", "2019年4月1日(月)".
    r"|[^()\[\]\uff08\uff09]*?[\d\uff10-\uff19]+\s*\u5e74\s*[\d\uff10-\uff19]+\s*\u6708"
    r"[^()\[\]\uff08\uff09]*?"
    r"(?:[(\uff08][\u6708\u706b\u6c34\u6728\u91d1\u571f\u65e5][)\uff09])?"
    # A day, a month's name and a year in two digits, as a spreadsheet
    # shows a date: "1-Apr-19".
    r"|\d{1,2}[-\s][A-Za-z]{3,9}\.?[-\s]\d{2}"
    r")\s*[)\]\uff09]$"
)
# A date printed after the name without parentheses: "- X University 2010.8.6".
BARE_DATE = re.compile(r"(?:^|[\s,])(\d{4}([./\-])\d{1,2}\2\d{1,2})$")
_MONTHS = {
    **{name.casefold(): n for n, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): n for n, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
# Where each era's first year falls: its year N is that year plus N.
_ERAS = {
    "R": 2018,
    "H": 1988,
    "S": 1925,
    "\u4ee4\u548c": 2018,  # Reiwa
    "\u5e73\u6210": 1988,  # Heisei
    "\u662d\u548c": 1925,  # Showa
}


# What a list prints in a date's place when it does not know the date: "n.d.",
# a dash, "不明", "未詳" ("unknown" is Accord's own); and when the date is still to
# be settled: "TBD", "TBC", "未定", "調整中".
_NO_DATE = (
    r"unknown|not\s+known|date\s+unknown|(?-i:n\.?\s?d\.?|N\.\s?D\.?)|n/a"
    r"|[-\u2010-\u2015\u2212\uff0d]{1,3}|\?|\u4e0d\u660e|\u672a\u8a73"
    r"|\u7de0\u7d50\u65e5\u4e0d\u660e"
)
_DATE_TO_COME = (
    r"TBD|TBC|TBA|to\s+be\s+(?:determined|confirmed|announced)"
    r"|\u672a\u5b9a|\u8abf\u6574\u4e2d"
)
# Those words anywhere in a note: "(tuition waiver: to be confirmed)".
DATE_TO_COME_WORDS = re.compile(rf"\b(?:{_DATE_TO_COME})\b", re.I)
TO_BE_SETTLED = (
    "concluded_on left unknown: the list says the date is still to be settled; "
    "is the agreement concluded?"
)
_DATE_PLACEHOLDER = re.compile(
    rf"^(?:(?P<unknown>{_NO_DATE})|(?P<to_come>{_DATE_TO_COME}))$", re.I
)


def date_placeholder(text: str) -> str:
    """What a Year cell (or the brackets after an entry) prints for no date:
    "unknown", "to-come" (a date still to be settled), or "" for anything else.

    >>> date_placeholder("n.d."), date_placeholder("TBD"), date_placeholder("2019")
    ('unknown', 'to-come', '')
    """
    match = _DATE_PLACEHOLDER.match(" ".join(text.split()))
    if match is None:
        return ""
    return "unknown" if match.group("unknown") else "to-come"


# A weekday in brackets after a date written in characters: "(月)" (Monday).
_WEEKDAY = r"(?: ?\([\u6708\u706b\u6c34\u6728\u91d1\u571f\u65e5]\))?"


# A date as a Korean list writes it, "2019. 4. 1." or "2015.06.01.", where a
# date may stand: at a line's or a cell's edge, or in brackets.
_SPACED_DATE = re.compile(
    r"(?<![^\s(\[\uff08])(\d{4})\. ?(\d{1,2})\. ?(\d{1,2})\.?(?=[\s)\]\uff09]|$)", re.M
)


def spaced_dates(text: str) -> str:
    """The text with each date spaced as a Korean list prints it written as
    the table's own form ("2019. 4. 1." as "2019.4.1"); nothing else changes.

    >>> spaced_dates("Fudan\\t2019. 4. 1.\\n- X (2018. 11. 20.)")
    'Fudan\\t2019.4.1\\n- X (2018.11.20)'
    """
    return _SPACED_DATE.sub(r"\1.\2.\3", text)


def spelled_date(text: str) -> datetime.date | None:
    """A date written out in one of the unambiguous forms lists use; None for
    any other (a day and month that could be either way round among them).

    >>> spelled_date("12 June 2008"), spelled_date("Sept. 3, 2020")
    (datetime.date(2008, 6, 12), datetime.date(2020, 9, 3))
    >>> spelled_date("2010\u5e748\u67086\u65e5"), spelled_date("R2.8.6")
    (datetime.date(2010, 8, 6), datetime.date(2020, 8, 6))
    >>> spelled_date("H.30.4.1")
    datetime.date(2018, 4, 1)
    >>> spelled_date("\uff32\uff12\uff0e\uff11\uff10\uff0e\uff11")
    datetime.date(2020, 10, 1)
    >>> spelled_date("5.8.1983") is None
    True
    """
    t = " ".join(unicodedata.normalize("NFKC", text).split())
    forms: list[tuple[str, tuple[int, int, int]]] = [
        # "2019.4.1", also as a Korean list spaces it: "2019. 4. 1."
        (r"(\d{4}) ?([./\-]) ?(\d{1,2}) ?\2 ?(\d{1,2})\.?", (1, 3, 4)),
        # "2019年4月1日", a weekday after it or not: "2019年4月1日(月)"
        (
            rf"(\d{{4}}) ?\u5e74 ?(\d{{1,2}}) ?\u6708 ?(\d{{1,2}}) ?\u65e5{_WEEKDAY}",
            (1, 2, 3),
        ),
    ]
    for pattern, (y, m, d) in forms:
        match = re.fullmatch(pattern, t)
        if match:
            return _date(int(match[y]), int(match[m]), int(match[d]))
    # The Republic of China's calendar, as a Taiwanese list writes it: its
    # year 1 is 1912 ("民國107年9月1日" is 2018-09-01).
    roc = re.fullmatch(
        rf"(?:\u6c11\u570b|\u6c11\u56fd) ?(\d{{1,3}}) ?\u5e74 ?(\d{{1,2}}) ?\u6708 ?"
        rf"(\d{{1,2}}) ?\u65e5{_WEEKDAY}",
        t,
    )
    if roc:
        return _date(1911 + int(roc[1]), int(roc[2]), int(roc[3]))
    era = re.fullmatch(
        r"(令和|平成|昭和|[RHS])\.? ?(\d{1,2}|元)[./年](\d{1,2})[./月](\d{1,2})日?", t
    )
    if era:
        year = 1 if era[2] == "元" else int(era[2])
        # An era counts from its first year (元年); it has no year 0.
        return _date(_ERAS[era[1]] + year, int(era[3]), int(era[4])) if year else None
    day_first = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)\.?,? (\d{4})", t)
    if day_first and day_first[2].casefold() in _MONTHS:
        return _date(
            int(day_first[3]), _MONTHS[day_first[2].casefold()], int(day_first[1])
        )
    month_first = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})", t)
    if month_first and month_first[1].casefold() in _MONTHS:
        return _date(
            int(month_first[3]), _MONTHS[month_first[1].casefold()], int(month_first[2])
        )
    return None


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# A note in parentheses or brackets at the end of an entry, after its date:
# "- * X University (2001.4.9) (renewed)".
_DATE_INSIDE = re.compile(DATE_LIKE.pattern.removesuffix("$"))
# A whole date in parentheses or brackets, and what follows it up to another
# date not in parentheses of its own: "(1998.8.31), (2018.8.31)", "(1998.8.31)
# renewed 2018.8.31" (the first the entry's, the rest a note).
# A whole date in parentheses or brackets: "(1998.8.31)", "[1998.8.31]".
WHOLE_DATE = r"[(\[\uff08]\s*\d{4}\s*[./\-]\s*\d{1,2}\s*[./\-]\s*\d{1,2}\s*[)\]\uff09]"
_DATE_THEN_MORE = re.compile(
    rf"({WHOLE_DATE}"
    r"[\s*\uff0a]*?)\s*([,;]\s*[(\[\uff08].*"
    r"|[,;]?\s*(?=[^\s(\[\uff08*\uff0a,;])(?=.*(?:19|20)\d\d).*)$"
)


def _after_first_date(text: str) -> tuple[str, str]:
    """An entry up to its first whole date, and what follows that date when it
    holds another date outside parentheses of its own (else the text, "")."""
    match = _DATE_THEN_MORE.search(text)
    if match is None or _opens_entry(match.group(2)):
        return text, ""
    return text[: match.end(1)].rstrip(), match.group(2).lstrip(",; ")


def _opens_entry(text: str) -> bool:
    """Whether text after an entry's date opens another entry: a bullet, then
    a name (a capital letter, or a script without capitals), not a note
    ("- renewed (2010.3.1)")."""
    bullet = BULLET.match(text)
    if bullet is None:
        return False
    name = text[bullet.end() :].lstrip("*\uff0a ")
    return bool(name) and not name[0].islower()


# A whole date in parentheses or brackets ending an entry (a year alone may be
# a part of its name: "Universidad Nacional (1949)"), a waiver star after it.
_FULL_DATE_AT_END = re.compile(WHOLE_DATE + r"[\s*\uff0a]*$")
_TRAILING_NOTE = re.compile(r"\s*([(\[\uff08][^()\[\]\uff08\uff09]*[)\]\uff09])$")


def without_note(text: str) -> tuple[str, str]:
    """An entry's text without the notes printed after its date, and the notes.

    >>> without_note("- X (2001.4.9) (renewed) [MoU]")
    ('- X (2001.4.9)', '(renewed) [MoU]')
    >>> without_note("- X (ESRF)")
    ('- X (ESRF)', '')
    >>> without_note("- X (2002.10.21) * (renewed)")
    ('- X (2002.10.21) *', '(renewed)')
    >>> without_note("- X (2010.1.1) (renewed 2015.1.1)")
    ('- X (2010.1.1)', '(renewed 2015.1.1)')

    A second date after the entry's own is a note too: the list does not say
    what it is (a renewal?), and the entry's date is the first.

    >>> without_note("- X (1998.8.31) (2018.8.31)")
    ('- X (1998.8.31)', '(2018.8.31)')
    """
    body, notes = _after_first_date(text.rstrip())
    while True:
        match = _TRAILING_NOTE.search(body)
        if _ends_with_date(body) and not _letters_in_last_group(body):
            if match is None or not _FULL_DATE_AT_END.search(body[: match.start()]):
                return body, notes  # most entries: no note after their date
            notes = f"{match.group(1)} {notes}".strip()
            body = body[: match.start()].rstrip()
            continue
        if _ends_with_date(body) and not (match and _dated_note(match.group(1))):
            return body, notes
        if match is None or not _dated(body[: match.start()]):
            return text.rstrip(), ""
        notes = f"{match.group(1)} {notes}".strip()
        body = body[: match.start()].rstrip()


_WORD = re.compile(r"[^\W\d_]{3,}")


def _letters_in_last_group(text: str) -> bool:
    """Whether the last parentheses or brackets of a text hold a letter."""
    start = max(text.rfind("("), text.rfind("["), text.rfind("\uff08"))
    return start >= 0 and _LETTER.search(text, start) is not None


_LETTER = re.compile(r"[^\W\d_]")


def _dated_note(group: str) -> bool:
    """Whether parentheses holding a date hold words besides its month: a note
    ("(renewed 2015.1.1)"), not a date written out ("(12 June 2008)") nor one
    the list says is unknown.

    >>> _dated_note("(renewed 2015.1.1)"), _dated_note("(Sept. 3, 2020)")
    (True, False)
    """
    if STATED_NO_DATE.fullmatch(group):
        return False
    words = _WORD.findall(group)
    return any(word.casefold() not in _MONTHS for word in words)


# An entry's date in brackets that says it is not known: "(date unknown)", as
# Accord's own published list prints it, "(n.d.)", "(-)", "(TBD)", and in
# full-width brackets, as a Japanese list prints them.
STATED_NO_DATE = re.compile(
    rf"[(\[\uff08]\s*(?P<placeholder>{_NO_DATE}|{_DATE_TO_COME})\s*[)\]\uff09]", re.I
)


# What opens a second entry after the first one's date on the same line: a
# bullet glyph or the waiver's star (the entries told apart), else a dash or a
# wide gap (columns of a page run together: a guess). The entry after it starts
# with a capital letter or a letter of a script without capitals: "- renewed
# (2011.1.1)" is a note on the first.
_NEXT_BY_GLYPH = re.compile(
    r"\s*(?:[\u2022\u30fb\u25cf]\s*|\s[-\u2013\u2014]\s+[*\uff0a]\s*|\s[*\uff0a]\s*"
    r"|\s\d{1,3}[.)]\s+(?:[*\uff0a]\s*)?)"
    r"(?=[^\W\d_])(?![a-z])"
)
_NEXT_BY_DASH = re.compile(
    r"(?:\s+[-\u2013\u2014]\s+|\s*[,;]\s*)(?:[*\uff0a]\s*)?(?=[^\W\d_])(?![a-z])"
)
_NEXT_BY_GAP = re.compile(r"\s{3,}(?=[^\W\d_])(?![a-z])")


def entries_on_line(text: str) -> tuple[list[str], bool]:
    """The entries a line prints (one, most lines), and whether a bullet glyph
    or the waiver's star opens each after the first (else a dash or a wide gap
    does, and the line may be one entry after all).

    >>> entries_on_line("- * A University (1998.8.31) * B University (1999.9.1)")
    (['- * A University (1998.8.31)', '* B University (1999.9.1)'], True)
    >>> entries_on_line("- A University (1998.8.31) - renewed (2011.1.1)")
    (['- A University (1998.8.31) - renewed (2011.1.1)'], True)
    """
    parts: list[str] = []
    by_glyph = True
    start = 0
    for match in _DATE_INSIDE.finditer(text):
        rest = text[match.end() :]
        if not _dated(rest):
            break
        if _NEXT_BY_GLYPH.match(rest):
            pass
        elif _NEXT_BY_DASH.match(rest) or _NEXT_BY_GAP.match(rest):
            by_glyph = False
        else:
            continue
        parts.append(text[start : match.end()].strip(",; "))
        start = match.end()
    parts.append(text[start:].strip(",; "))
    return parts, by_glyph


def _ends_with_date(text: str) -> bool:
    """Whether an entry ends with its date, a waiver star after it aside."""
    body = text.rstrip(WAIVER_MARKS + " ")
    if DATE_LIKE.search(body):
        return True
    stated = STATED_NO_DATE.search(body[-24:])
    return stated is not None and stated.end() == len(body[-24:])


def _dated(text: str) -> bool:
    """Whether an entry's text holds a date, or says it is unknown."""
    return bool(_DATE_INSIDE.search(text) or STATED_NO_DATE.search(text))


# An entry's bullet: "- " as the list prints it, or the glyph a word processor
# or a hand-made list puts there (a dash is a bullet before a space only), or
# an entry's number ("12. ", "(12) ", "[12] ", "No. 12 ", or "12 " before the
# waiver's star).
BULLET = re.compile(
    r"^(?:[\u2022\u30fb\u25cf\u25aa\u25e6\u2023]\s*|[-\u2013\u2014\u2212](?:\s+|$)"
    r"|\d{1,3}[.)]\s+|[(\[\uff08]\d{1,3}[)\]\uff09]\s*(?=\S)|[Nn]o\.\s*\d{1,3}\s+"
    r"|\d{1,3}\s+(?=[*\uff0a]))"
)


@dataclass(frozen=True)
class Line:
    """One source line, 1-based, with its kind and section."""

    number: int
    text: str
    kind: str
    section: str = ""

    @property
    def cells(self) -> tuple[str, ...]:
        return tuple(self.text.split("\t"))


def _as_of_ja(plain: str) -> bool:
    # The word first: the pattern reads a whole line before it fails.
    return "\u73fe\u5728" in plain and bool(AS_OF_JA.match(plain))


_HEADING_AS_OF = re.compile(_AS_OF_IN_BRACKETS, re.I)


def heading_total(text: str) -> str:
    """The total a part's heading ends in, as printed; "" when none.

    >>> heading_total("University Level Agreements: Total of 4 institutions")
    'Total of 4 institutions'
    """
    match = SECTION.match(" ".join(text.split()))
    if match is None:
        return ""
    return match.group("total") or match.group("total_named") or ""


def heading_as_of(text: str) -> datetime.date | None:
    """The date a section's heading ends in: "Department-Level Agreements (as of
    April 1, 2023)".

    >>> heading_as_of("Department-Level Agreements (as of April 1, 2023)")
    datetime.date(2023, 4, 1)
    """
    found = _HEADING_AS_OF.search(text)
    return parse_as_of(found.group()) if found else None


def parse_as_of(text: str) -> datetime.date | None:
    """The date of an as-of line, e.g. "(as of May 1, 2021)".

    >>> parse_as_of("(as of May 1, 2021)")
    datetime.date(2021, 5, 1)
    >>> parse_as_of("\uff08\u4ee4\u548c3\u5e745\u67081\u65e5\u73fe\u5728\uff09")
    datetime.date(2021, 5, 1)
    """
    plain = " ".join(text.split())
    match = AS_OF.match(plain)
    if not match:
        japanese = AS_OF_JA.match(plain)
        return spelled_date(japanese.group(1)) if japanese else None
    value = match.group(1)
    if not re.fullmatch(r"\d{4}\.\d{1,2}\.\d{1,2}", value):
        # "Sept. 3" as "Sep 3": strptime knows three-letter months only.
        value = re.sub(r"\bSept\b", "Sep", value.replace(".", ""), flags=re.I)
    for fmt in _AS_OF_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def is_column_header(text: str, options: ParseOptions) -> bool:
    """The table's column header: "Area | Country / Region | ... | Department at
    <home> | Year" (in any of `columns`' wordings), recognised by its first cell
    naming the area and either the country column or a "Department at" column
    naming the home university; or, its columns in another order, by every cell
    naming a column, the Year and the country or the home unit among them."""
    cells = filled_cells(text)
    if not cells:
        return False
    first = column_of(cells[0], options)
    if first == AREA:
        return any(column_of(c, options) in {COUNTRY, UNIT} for c in cells[1:])
    if first is None or len(cells) < 3:
        return False  # most lines: their first cell names no column
    # In another order, every cell must name a column, a date's among them.
    columns = [first, *(column_of(c, options) for c in cells[1:])]
    return (
        None not in columns
        and bool({YEAR, OTHER_DATE} & set(columns))
        and bool({COUNTRY, UNIT} & set(columns))
    )


def _names_university_columns(text: str) -> bool:
    """The column header of a university-level list kept as a table: every
    cell names a column, among them the partner institution and its date
    ("Country / Region | Partner Institution | Year"); a column of row numbers
    ("No.") and one saying whether fees are waived ("Fee waiver") too."""
    cells = filled_cells(text)
    columns = {
        column_of(c) or ("number" if NUMBER_COLUMN.match(c) else None)
        for c in cells
        if not names_waiver_column(c)
    }
    return len(cells) >= 2 and None not in columns and {INSTITUTION, YEAR} <= columns


# A header cell naming a column of row numbers: "No.", "#", "番号"; a Chinese
# list's "序号" / "序號", a Korean list's "번호" / "연번".
NUMBER_WORDS = (
    r"(?:no\.?|#|number|\u756a\u53f7"
    r"|\u5e8f\u53f7|\u5e8f\u865f|\ubc88\ud638|\uc5f0\ubc88)"
)
NUMBER_COLUMN = re.compile(rf"^\s*{NUMBER_WORDS}\s*$", re.I)
_WAIVER_COLUMN = re.compile(
    r"waive|waiver|exempt|\u4e0d\u5fb4\u53ce|\u514d\u9664", re.I
)


def names_waiver_column(cell: str) -> bool:
    """Whether a header cell names a column saying if fees are waived.

    >>> names_waiver_column("Fee waiver"), names_waiver_column("Date")
    (True, False)
    """
    return bool(_WAIVER_COLUMN.search(cell))


# What a university-level table prints in a fee-waiver column after the date:
# yes (True), no (False).
WAIVER_CELLS = {
    **dict.fromkeys(
        ("yes", "y", "\u25cb", "\u25ef", "\u25cf", "\u2713", "\u2714", "*", "\uff0a"),
        True,
    ),
    **dict.fromkeys(("no", "n", "-", "\u2014", "\u00d7", "\u2717"), False),
}
# What a waiver column prints when it does not know: "Unknown", "TBC", "不明",
# "調整中" (being arranged).
_WAIVER_NOT_KNOWN = re.compile(
    rf"^(?:unknown|not\s+known|\?|n/a|{_DATE_TO_COME}|under\s+negotiation|pending"
    r"|\u4e0d\u660e|\u672a\u78ba\u8a8d)\.?$",
    re.I,
)


def waiver_not_known(value: str) -> bool:
    """Whether a waiver column's cell says it does not know.

    >>> waiver_not_known("TBC"), waiver_not_known("Yes")
    (True, False)
    """
    return bool(_WAIVER_NOT_KNOWN.match(" ".join(value.split())))


# A row's number in a column of its own ("1", "12."), before the row's cells.
ROW_NUMBER = re.compile(r"^\d{1,4}\.?$")


def entry_cells(cells: list[str]) -> tuple[list[str], str, str]:
    """A university-level table row's cells before the date (its number left
    out), the date, and the fee-waiver cell after it ("" when none).

    >>> entry_cells(["3", "China", "Fudan University", "2007/11/20", "No"])
    (['China', 'Fudan University'], '2007/11/20', 'No')
    """
    after = ""
    if _waiver_after_date(cells) or not TABLE_ENTRY_DATE.match(cells[-1]):
        cells, after = cells[:-1], cells[-1]
    texts = cells[:-1]
    if len(texts) > 1 and ROW_NUMBER.match(texts[0]):
        texts = texts[1:]
    return texts, cells[-1], after


# The Year cell of a university-level list kept as a table: a date, the year
# first or not (one in another order is reported, never read), a month, in
# characters ("2005年3月1日"), or "unknown".
TABLE_ENTRY_DATE = re.compile(
    r"^(?:\d{1,4}([./\-])\d{1,2}\1\d{1,4}"
    # A month without its day ("2019/04", a workbook's "Apr-19"): the entry's
    # own date cell still, its date unread.
    r"|\d{4}[./\-]\d{1,2}"
    r"|\d{4}\s*\u5e74\s*\d{1,2}\s*\u6708\s*\d{1,2}\s*\u65e5|unknown)$",
    re.I,
)


def table_entry_cells(text: str) -> list[str] | None:
    """The cells of a university-level entry printed as a table row ("Asia |
    China | * Peking University | 1999/11/10"), its date last; None for a line
    that is not one."""
    if "\t" not in text.strip():
        return None
    cells = [" ".join(c.split()) for c in filled_cells(text)]
    if len(cells) < 2:
        return None
    if TABLE_ENTRY_DATE.match(cells[-1]) or _waiver_after_date(cells):
        return cells
    return None


def _waiver_after_date(cells: list[str]) -> bool:
    """A fee-waiver column's cell after the date ("... | 2005/04/01 | Yes",
    "... | 2001/05/05 | Unknown": the date first, so no date is "Unknown")."""
    last = cells[-1]
    waiver_after = last.casefold().rstrip(".") in WAIVER_CELLS or waiver_not_known(last)
    return len(cells) >= 3 and waiver_after and bool(TABLE_ENTRY_DATE.match(cells[-2]))


def home_in_header(text: str, options: ParseOptions) -> str | None:
    """The university a "Department at X" column names when X is not the home
    university of the options (None when it is, or when there is none)."""
    for cell in text.split("\t"):
        named = named_university(cell)
        if named is not None:
            return None if column_of(cell, options) == UNIT else named
    return None


def _classify(
    text: str, title: str, section: str, options: ParseOptions, legend: bool = False
) -> str:
    stripped = text.strip()
    plain = " ".join(stripped.split())
    if not stripped:
        return "blank"
    checks: tuple[tuple[bool, str], ...] = (
        (plain == title and bool(title), "page-header"),
        (_is_section(text, plain), "section"),
        (bool(UNIVERSITY_TOTAL.match(plain)), "university-total"),
        (bool(DEPARTMENT_TOTAL.match(plain)), "department-total"),
        (bool(AS_OF.match(plain)) or _as_of_ja(plain), "as-of"),
        (legend or bool(LEGEND.match(plain)), "legend"),
        (is_column_header(text, options), "column-header"),
    )
    for matched, kind in checks:
        if matched:
            return kind
    # A line of cells is a row (its leading tabs too: a wrapped cell's rest,
    # "\t\t8" of "Université Paris 8"); only a line of one text is page furniture.
    if "\t" not in text:
        if _is_sentence(plain) or _PLACEHOLDER.match(plain):
            return "note"
        if _PAGE_NUMBER.match(plain):
            return "page-number"
    elif _PAGE_OF.match(plain) and len(filled_cells(text)) == 1:
        # A page's number set apart from the margin ("2/2" after a text
        # layout's wide gap).
        return "page-number"
    if section == DEPARTMENT:
        return "table-row"
    if section == UNIVERSITY:
        if _names_university_columns(text):
            return "column-header"
        if table_entry_cells(text) is not None:
            return "table-entry"
        if len(filled_cells(text)) >= 2:
            # Cells with no date: no entry, and no heading either (the rest of
            # a wrapped name? a row whose date was lost?).
            return "table-fragment"
        return _university_kind(plain, options)
    return "preamble"


def _is_section(text: str, plain: str) -> bool:
    """A part's heading: a line of one text. The level alone ("Department
    Level", "Interfaculty"), as a workbook names its sheet, only on a line of
    its own: in a row of cells it is the rest of a wrapped cell."""
    if not SECTION.match(plain) or len(filled_cells(text)) > 1:
        return False
    return "\t" not in text or bool(_NAMES_AGREEMENTS.search(plain))


_NAMES_AGREEMENTS = re.compile(r"agreement|partnership|\u5354\u5b9a", re.I)


def _is_sentence(plain: str) -> bool:
    """Whether a line is a sentence, not a row or an entry: a legend or note a
    page repeats without the mark that makes it one ("Where a partner
    institution's department has not been identified, the agreement ...").

    >>> _is_sentence("Where a partner's department is not named, it is all of it.")
    True
    >>> _is_sentence("- * Universidad de Chile (2011.3.1)"), _is_sentence("Inc.")
    (False, False)
    """
    if not plain.endswith(_FULL_STOPS) or BULLET.match(plain):
        return False
    if DATE_LIKE.search(plain):
        return False
    if plain.isascii():
        return len(plain.split()) >= _SENTENCE_WORDS
    return len(plain) >= _SENTENCE_CHARACTERS


# What a list prints under a country with no agreement, bulleted or not: "- None",
# "N/A", "Nil", "(no agreement at present)", "(currently none)", "該当なし".
_PLACEHOLDER = re.compile(
    r"^(?:[-\u2013\u2022\u30fb]\s*)?[(\[\uff08]?\s*(?:none|n/?a|nil|not applicable"
    r"|no agreements?(?: at present| yet)?|currently none|none at present"
    r"|\u8a72\u5f53\u306a\u3057|\u306a\u3057)\s*\.?\s*[)\]\uff09]?$",
    re.I,
)
# A page's number, as a page header or footer prints it: "2", "- 2 -", "2/14",
# "p. 2", "Page 2 of 14"; `_PAGE_OF` without the bare number, which in a row of
# cells may end a wrapped name ("Paris" over "8").
_NUMBERED_PAGE = (
    r"[-\u2013\u2014]\s*\d{1,3}\s*[-\u2013\u2014]|\d{1,3}\s*/\s*\d{1,3}"
    r"|(?:p\.|page)\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?"
)
_PAGE_NUMBER = re.compile(rf"^(?:{_NUMBERED_PAGE}|\d{{1,3}})$", re.I)
_PAGE_OF = re.compile(rf"^(?:{_NUMBERED_PAGE})$", re.I)
# No partner's name, nor a row's cells, runs this long and ends with a full stop.
_FULL_STOPS = (".", ".)", "\u3002", "\u3002)", "\u3002\uff09")
_SENTENCE_WORDS = 9
_SENTENCE_CHARACTERS = 30


# "Subtotal", "Total", "China total", "Total of", "Sub-total", and the Japanese
# subtotal and total; a count's cell: "2", "3 agreements", "(2)".
_TOTAL_WORD = re.compile(
    r"^(?:(?P<name>.*?\S)\s+)?(?:sub-?\s?total|grand\s+total|total(?:\s+of)?|"
    "\u5c0f\u8a08|\u5408\u8a08|\u8a08)[:\uff1a]?$",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"^[(\uff08]?(\d{1,6})[)\uff09]?(?:\s+(?:agreements?|institutions?|rows?|"
    r"partners?|departments?|\u4ef6|\u6821))?$",
    re.IGNORECASE,
)
# A total printed as one text: "Subtotal: 2", "China total 2 agreements".
_TOTAL_IN_ONE = re.compile(
    r"^(?P<word>.*?(?:total(?:\s+of)?|\u5c0f\u8a08|\u5408\u8a08|\u8a08)[:\uff1a]?)"
    r"\s*(?P<count>[(\uff08]?\d{1,6}[)\uff09]?(?:\s+\S+)?)$",
    re.IGNORECASE,
)


def printed_total(cells: list[str]) -> tuple[str, int] | None:
    """What a row or line of totals prints: the country it names ("" for
    none) and its number; None for any other. One word of totals and one
    number, nothing else, in two cells or in one text.

    >>> printed_total(["China total", "2"]), printed_total(["Subtotal: 2"])
    (('China', 2), ('', 2))
    >>> printed_total(["Total", "2019"]) is None  # a partner named so, its year
    True
    >>> printed_total(["Sub total", "2"]), printed_total(["Grand Total", "9"])
    (('', 2), ('', 9))
    """
    cells = [" ".join(c.split()) for c in cells if c.strip()]
    if len(cells) == 1 and (one := _TOTAL_IN_ONE.match(cells[0])):
        cells = [one.group("word"), one.group("count")]
    words = [c for c in cells if not _COUNT.match(c)]
    counts = [c for c in cells if _COUNT.match(c)]
    if len(words) != 1 or len(counts) != 1:
        return None
    word, count = _TOTAL_WORD.match(words[0]), _COUNT.match(counts[0])
    if word is None or count is None:
        return None
    if count.group(0).isdigit() and 1900 <= int(count.group(0)) <= 2100:
        return None  # a year: "Total" may be a partner's name, its date a year
    name = word.group("name") or ""
    # "Sub total", "Grand total": no name, a kind of total.
    return ("" if name.casefold() in _KINDS_OF_TOTAL else name), int(count.group(1))


_KINDS_OF_TOTAL = frozenset({"sub", "sub-", "grand"})


def region_heading(plain: str, options: ParseOptions) -> str | None:
    """The area a region heading names: "(Asia)", "[Asia]", or a known area's
    name alone on its line ("Asia"); None for any other line.

    >>> region_heading("[Europe]", ParseOptions("X")), region_heading("Europe",
    ...     ParseOptions("X")), region_heading("France", ParseOptions("X"))
    ('Europe', 'Europe', None)
    """
    match = REGION.match(plain)
    if match:
        return " ".join(match.group(1).split())
    # An area's name set off otherwise ("< North America >", "Oceania:",
    # "(europe)"): read only when the name is an area's.
    named = _SET_OFF.sub("", plain) or plain
    if not options.is_area(named):
        return None
    # "International Organization" heads a region and, below it, its entries'
    # pseudo-country: alone on its line it is the country.
    return None if resolve_country(named, options.country_aliases) else named


def _university_kind(plain: str, options: ParseOptions) -> str:
    bullet = BULLET.match(plain)
    # A number in brackets opens an entry only before a date: "(1) Asia" may
    # number a heading.
    if bullet and (not _NUMBER_IN_BRACKETS.match(plain) or DATE_LIKE.search(plain)):
        return "entry"
    if region_heading(plain, options) is not None:
        return "region"
    body = without_note(plain.rstrip(WAIVER_MARKS + " "))[0]
    if DATE_LIKE.search(body) or BARE_DATE.search(body):
        return "entry-without-bullet"
    return "country"


_NUMBER_IN_BRACKETS = re.compile(r"^(?:[(\[\uff08]\d{1,3}[)\]\uff09]|[Nn]o\.\s*\d)")


class ClassifiedLines(NamedTuple):
    """Every line of a list with its kind, and the anomalies of the stage."""

    lines: list[Line]
    anomalies: list[Anomaly]


def text_to_lines(
    text: str, options: ParseOptions, footnotes: frozenset[int] = frozenset()
) -> ClassifiedLines:
    """Classify every line of a list; `footnotes` are the numbers of its
    footnote lines (`footnotes.read_footnotes`), notes.

    >>> lines, _ = text_to_lines("Title\\nUniversity Level Agreements\\n(Asia)\\n"
    ...     "China\\n- * Peking University (1999.11.10)", ParseOptions("X"))
    >>> [line.kind for line in lines]
    ['title', 'section', 'region', 'country', 'entry']
    """
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = normalized.split("\n")
    first = next((r for r in raw if r.strip()), "")
    # A list may start with its section heading, or its table's column header:
    # then it has no title line.
    starts_the_list = SECTION.match(" ".join(first.split())) or is_column_header(
        first, options
    )
    title = "" if starts_the_list else " ".join(first.split())
    # Legends that explain a mark ("※ indicates ...", "Institutions marked
    # with ◎ ..."), besides the wordings LEGEND knows.
    explained = {d.line for d in definitions(normalized)}
    lines = _classified(raw, title, options, footnotes, explained)
    opening = _implied_section(lines, options)
    implied: list[Anomaly] = []
    if opening is not None:
        lines = _classified(raw, title, options, footnotes, explained, opening)
        implied.append(_no_section_heading(lines[opening[0] - 1], *opening[1:]))
    lines = _area_over_its_namesake(_notes_above_the_table(lines), options)
    lines = _fragments_of_the_university_table(lines)
    lines, furniture = _furniture_by_page_numbers(lines, title, options)
    lines, withdrawn = _status_sections(lines)
    return ClassifiedLines(
        lines,
        [
            *implied,
            *furniture,
            *withdrawn,
            *check_lines(lines),
            *check_home(lines, options),
            *check_notes(lines),
        ],
    )


def _classified(
    raw: list[str],
    title: str,
    options: ParseOptions,
    footnotes: frozenset[int],
    explained: set[int],
    opening: tuple[int, str, str] | None = None,
) -> list[Line]:
    """Each line with its kind, in the section the headings above it open;
    `opening` is (line, section) where a list without headings starts one."""
    lines: list[Line] = []
    section = ""
    seen_title = False
    legend_open = False
    for number, text_line in enumerate(raw, start=1):
        if opening is not None and number == opening[0]:
            section = opening[1]
        kind = _classify(text_line, title, section, options, number in explained)
        if number in footnotes and kind not in _NO_FOOTNOTE:
            kind = "note"
        if kind == "page-header" and not seen_title:
            kind, seen_title = "title", True
        if legend_open and kind in _NOT_A_LEGEND_YET and "\t" not in text_line.strip():
            kind = "legend"
        if kind == "section":
            section = _section_of(text_line)
        if kind != "blank":
            legend_open = kind == "legend" and unfinished(text_line)
        lines.append(Line(number, text_line, kind, section))
    return lines


def _implied_section(
    lines: list[Line], options: ParseOptions
) -> tuple[int, str, str] | None:
    """Where a list without a heading for a part starts that part, which part,
    and why: (line number, section, reason). A list may print no heading at
    all, or head only its second part ("Department Level Agreements" after
    entries headed by nothing). None when every part it holds is headed, or
    nothing before the first heading reads as either part."""
    headings = [line for line in lines if line.kind == "section"]
    if not headings:
        return _opening(lines, options)
    unheaded = lines[: lines.index(headings[0])]
    opening = _opening(unheaded, options)
    if opening is None or opening[1] == headings[0].section:
        return None
    return opening


def _opening(lines: list[Line], options: ParseOptions) -> tuple[int, str, str] | None:
    first_entry = None
    for index, line in enumerate(lines):
        if line.kind == "column-header" or (
            line.kind == "preamble" and _names_university_columns(line.text)
        ):
            columns = {column_of(cell, options) for cell in filled_cells(line.text)}
            if columns & {UNIT, DEPARTMENT_COLUMN}:
                why = (
                    "its column header names the home unit or the partner's department"
                )
                return line.number, DEPARTMENT, why
            if INSTITUTION in columns:
                why = "its column header names the partner and its date, no unit"
                return line.number, UNIVERSITY, why
        plain = " ".join(line.text.split())
        if (
            line.kind == "preamble"
            and DATE_LIKE.search(plain)
            and (
                _university_kind(plain, options) in ("entry", "entry-without-bullet")
                or table_entry_cells(line.text) is not None
            )
        ):
            first_entry = index
            break
    if first_entry is None:
        return None
    above = [
        (line, _university_kind(" ".join(line.text.split()), options))
        for line in lines[:first_entry]
        if line.kind == "preamble"
    ]
    # Under an area's heading, or a country's Accord knows: a dated line of
    # the page's own ("Last updated (2021.4.1)") is no entry of a list.
    regions = [line for line, kind in above if kind == "region"]
    countries = [
        line
        for line, kind in above
        if kind == "country"
        and resolve_country(" ".join(line.text.split()), options.country_aliases)
    ]
    why = "its entries are a name and its date"
    if regions:
        return regions[0].number, UNIVERSITY, why + ", under area headings"
    if countries:
        return countries[-1].number, UNIVERSITY, why + ", under country headings"
    return None


def _no_section_heading(line: Line, section: str, why: str) -> Anomaly:
    part = (
        "university-level list" if section == UNIVERSITY else "department-level table"
    )
    return Anomaly(
        A.NO_SECTION_HEADING,
        lines=(line.number,),
        seen=" ".join(line.text.split()),
        decided=f"read as the {part} from this line: no heading above it names "
        f"a part of the list ('University Level Agreements', 'Department Level "
        f"Agreements'), and {why}",
        confidence="likely",
    )


_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A line of this many words or fewer may be a country's name Accord does not
# know: beside a page's number, once, it stays a heading.
_NAME_WORDS = 3
# How far from a page's number its running header or footer may stand.
_FURNITURE_REACH = 3


def _furniture_by_page_numbers(
    lines: list[Line], title: str, options: ParseOptions
) -> tuple[list[Line], list[Anomaly]]:
    """Lines of the university-level list read as country headings that no
    country has, next to a page's number ("Page 1 of 3"): the page's running
    header or footer (an office's name, a web address, the title "continued"),
    not a heading whose entries lose their country. A web address or the
    list's title is furniture anywhere. Reported: information when the line
    recurs (a running line), a warning when it stands once."""
    out = list(lines)
    near: set[int] = set()
    for at, line in enumerate(lines):
        if line.kind != "page-number":
            continue
        for step in (-1, 1):
            seen, i = 0, at + step
            while 0 <= i < len(lines) and seen < _FURNITURE_REACH:
                if lines[i].kind == "blank":
                    i += step
                    continue
                if not _unplaced_heading(lines[i], options):
                    break
                near.add(i)
                seen += 1
                i += step
    plain = [" ".join(line.text.split()) for line in lines]
    anomalies: list[Anomaly] = []
    for at, line in enumerate(lines):
        text = plain[at]
        anywhere = line.kind == "country" and (
            _URL.match(text) or (title and text.startswith(title) and text != title)
        )
        if at not in near and not anywhere:
            continue
        recurs = plain.count(text) > 1 or bool(anywhere)
        if not recurs and len(text.split()) <= _NAME_WORDS:
            continue  # a country's name Accord does not know ("Kosovo")?
        out[at] = replace(line, kind="page-header")
        anomalies.append(
            Anomaly(
                A.PAGE_HEADER_MID_LIST,
                (line.number,),
                text,
                "skipped as a page's running header or footer (beside its number, "
                "no country's name): the entries below stay in the country above",
                confidence="certain" if recurs else "likely",
                severity="info" if recurs else "warning",
            )
        )
    return out, anomalies


def _unplaced_heading(line: Line, options: ParseOptions) -> bool:
    if line.section != UNIVERSITY or line.kind != "country":
        return False
    text = " ".join(line.text.split())
    if options.is_area(text) or region_heading(text, options):
        return False
    name = re.sub(r"\s*[(\uff08]\s*\d+.*$", "", text)
    return resolve_country(name, options.country_aliases) is None


# A heading over agreements not in force: ended, or not yet concluded; also
# such a word before an entry's name or in a cell ("[Suspended] X").
NOT_IN_FORCE = re.compile(
    r"\b(?:terminated|expired|suspended|discontinued|cancell?ed|withdrawn|lapsed"
    r"|under\s+negotiation|being\s+negotiated|not\s+yet\s+(?:concluded|signed)"
    r"|in\s+preparation)\b"
    "|\u7d42\u4e86|\u5931\u52b9|\u5ec3\u6b62|\u4ea4\u6e09\u4e2d|\u7de0\u7d50\u4e88\u5b9a",
    re.IGNORECASE,
)
_OF_AGREEMENTS = re.compile(
    r"\b(?:agreements?|partners?|institutions?|partnerships?|MOUs?)\b|\u5354\u5b9a",
    re.IGNORECASE,
)
# What a note says that a heading does not: "Terminated agreements are not
# listed", "Agreements pending renewal are included", "Note: ...".
_CLAUSE = re.compile(
    r"\b(?:are|is|were|was|been|be|will|excluding|excluded|included|including"
    r"|listed|shown|omitted)\b|^notes?\b",
    re.IGNORECASE,
)
# Kinds a heading of its own may be read as, wherever it stands.
_HEADING_KINDS = frozenset(
    {"country", "region", "note", "table-row", "entry-without-bullet", "unrecognised"}
)
_STATUS_WORDS = 12


def _status_heading(line: Line) -> bool:
    """A short line of one text that names a status no agreement in force has
    ("Agreements terminated during FY2022", "Under negotiation")."""
    cells = filled_cells(line.text)
    if line.kind not in _HEADING_KINDS or len(cells) != 1:
        return False
    plain = " ".join(cells[0].split())
    words = plain.split()
    if len(words) > _STATUS_WORDS or plain.endswith(".") or DATE_LIKE.search(plain):
        return False
    if _CLAUSE.search(plain) or plain.startswith(("(", "[", "\uff08")):
        return False  # a note about such agreements, not a heading over them
    return bool(NOT_IN_FORCE.search(plain)) and (
        len(words) <= 3 or bool(_OF_AGREEMENTS.search(plain))
    )


def _status_sections(lines: list[Line]) -> tuple[list[Line], list[Anomaly]]:
    """The lines under a heading naming agreements no longer (or not yet) in
    force, up to the next part of the list: not read, and reported."""
    out = list(lines)
    anomalies: list[Anomaly] = []
    at = 0
    while at < len(out):
        if not _status_heading(out[at]):
            at += 1
            continue
        heading = out[at]
        end = at + 1
        while end < len(out) and out[end].kind != "section":
            end += 1
        skipped = [line for line in out[at + 1 : end] if line.kind != "blank"]
        out[at] = replace(heading, kind="status-heading")
        for i in range(at + 1, end):
            if out[i].kind != "blank":
                out[i] = replace(out[i], kind="withdrawn")
        seen = " ".join(heading.text.split())
        span = f"lines {skipped[0].number}-{skipped[-1].number}" if skipped else ""
        anomalies.append(
            Anomaly(
                A.STATUS_SECTION,
                (heading.number, *(line.number for line in skipped)),
                seen,
                (
                    f"not read: the {len(skipped)} lines under it ({span}) list "
                    if skipped
                    else "nothing under it to read: it heads "
                )
                + "agreements no longer or not yet in force; read again from the "
                "list's next part",
                confidence="likely",
                severity="warning",
            )
        )
        at = end
    return out, anomalies


def _notes_above_the_table(lines: list[Line]) -> list[Line]:
    """Lines of one text in the department section above its first column
    header are no rows of the table, which starts there: a note ("Note: a
    blank Department means ..."), a total or legend worded as Accord does not
    know it. Read as rows, the first would be glued to the table's first row."""
    header = next(
        (
            i
            for i, line in enumerate(lines)
            if line.section == DEPARTMENT and line.kind == "column-header"
        ),
        None,
    )
    if header is None:
        return lines
    return [
        replace(line, kind="note")
        if i < header
        and line.section == DEPARTMENT
        and line.kind == "table-row"
        and _one_text(line)
        else line
        for i, line in enumerate(lines)
    ]


def _one_text(line: Line) -> bool:
    """A line of one text and no date: a note's shape. A line of cells, or one
    with a date, is a row, even above the first header (a page whose header
    the extraction lost)."""
    cells = filled_cells(line.text)
    return len(cells) == 1 and not re.search(
        r"\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}", cells[0]
    )


def _fragments_of_the_university_table(lines: list[Line]) -> list[Line]:
    """Under a university-level table's column header, a line of cells that
    reads as a heading ("\t\tChina\t", the rest of a wrapped name) is a piece
    of the table, not a country or region heading: reported, not read."""
    out = list(lines)
    in_table = False
    for i, line in enumerate(lines):
        if line.section != UNIVERSITY:
            in_table = False
            continue
        if line.kind == "column-header":
            in_table = True
        elif in_table and "\t" in line.text and line.kind in {"country", "region"}:
            out[i] = replace(line, kind="table-fragment")
    return out


def check_notes(lines: list[Line]) -> Iterator[Anomaly]:
    """Each note above the table, reported: it is not read. So is an as-of line
    whose date is no day ("(as of April 2021)")."""
    for line in lines:
        seen = " ".join(line.text.split())
        if line.kind == "as-of" and parse_as_of(line.text) is None:
            decided = "not read as the list's as-of date: no day is printed"
            yield Anomaly(
                A.INVALID_DATE, (line.number,), seen, decided, field="edition"
            )
        if line.kind == "note":
            decided = (
                "not read: a note (a line of one text above the table's column "
                "header, a sentence, a footnote, or 'None' for no agreement), no "
                "row or entry"
            )
            yield Anomaly(A.TABLE_NOTE, (line.number,), seen, decided, severity="info")


def _area_over_its_namesake(lines: list[Line], options: ParseOptions) -> list[Line]:
    """ "International Organization" printed twice, without parentheses: the
    region heading, then its entries' pseudo-country of the same name."""
    shown = [i for i, line in enumerate(lines) if line.kind != "blank"]
    out = list(lines)
    for i, j in itertools.pairwise(shown):
        first, second = lines[i], lines[j]
        plain = " ".join(first.text.split())
        if (
            first.kind == second.kind == "country"
            and plain == " ".join(second.text.split())
            and options.is_area(plain)
        ):
            out[i] = replace(first, kind="region")
    return out


# What a legend's wrapped second line reads as on its own: a line of the table,
# a country heading, an entry without its bullet.
# What a footnote's line never is, whatever it looks like.
_NO_FOOTNOTE = frozenset({"section", "university-total", "department-total", "as-of"})
_NOT_A_LEGEND_YET = frozenset({"table-row", "country", "entry-without-bullet", "note"})


def _section_of(text: str) -> str:
    match = SECTION.match(" ".join(text.split()))
    assert match is not None
    named = match.groupdict()
    university = any(value for group, value in named.items() if group.startswith("uni"))
    return UNIVERSITY if university else DEPARTMENT


def check_lines(lines: list[Line]) -> Iterator[Anomaly]:
    """A section heading repeated inside its own section is a page header."""
    current = ""
    previous_kind = ""
    for line in lines:
        repeated = line.kind == "section" and line.section == current
        if repeated and current == UNIVERSITY and previous_kind == "entry":
            yield _page_furniture(line, "a repeated page header; the list goes on")
        if line.kind == "page-number":
            yield _page_furniture(line, "a page's number")
        if line.kind == "section":
            current = line.section
        if line.kind not in ("blank", "page-number"):
            previous_kind = line.kind


def _page_furniture(line: Line, what: str) -> Anomaly:
    return Anomaly(
        A.PAGE_HEADER_MID_LIST,
        lines=(line.number,),
        seen=line.text.strip(),
        decided=f"skipped as {what}",
        severity="info",
    )


def check_home(lines: list[Line], options: ParseOptions) -> Iterator[Anomaly]:
    """A column header naming another university than the options' home: the
    list is read with the wrong edition data (its units will all be unknown)."""
    for line in lines:
        if line.kind != "column-header":
            continue
        named = home_in_header(line.text, options)
        if named is not None:
            yield Anomaly(
                A.HOME_UNIVERSITY_MISMATCH,
                lines=(line.number,),
                seen=f"Department at {named}",
                decided=f"read with the options of {options.home_university}",
                confidence="uncertain",
                severity="error",
            )
            return
