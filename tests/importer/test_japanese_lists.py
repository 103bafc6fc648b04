"""A list printed in Japanese, as a Japanese university publishes its own: its
headings, totals, as-of date, areas, countries, column header and units read as
the English list's do, and its totals are checked the same way."""

from __future__ import annotations

import datetime

import pytest

from accord.core.countries import resolve_country
from accord.importer.bundled import load_edition
from accord.importer.lines import parse_as_of
from accord.importer.pipeline import ImportResult, run

HEAD = "\u6771\u5317\u5927\u5b66 \u5b66\u8853\u4ea4\u6d41\u5354\u5b9a\u4e00\u89a7\n"
UNIVERSITY = (
    "\u5927\u5b66\u9593\u5354\u5b9a\n"  # 大学間協定
    "\u8a08 {total} \u6a5f\u95a2\n"  # 計 N 機関
    "\u30a2\u30b8\u30a2\n"  # アジア
    "\u4e2d\u56fd\n"  # 中国
    "\u30fb\uff0a \u5317\u4eac\u5927\u5b66 \uff081999.11.10\uff09\n"
    "\u30fb\u6e05\u83ef\u5927\u5b66 (2002\u5e744\u67081\u65e5)\n"
)
DEPARTMENT = (
    "\u90e8\u5c40\u9593\u5354\u5b9a\n"  # 部局間協定
    "{countries}\u304b\u56fd\u30fb\u5730\u57df {rows}\u6821\n"
    # 地域 | 国・地域 | 協定校 | 相手部局 | 本学部局 | 締結年月日
    "\u5730\u57df\t\u56fd\u30fb\u5730\u57df\t\u5354\u5b9a\u6821\t\u76f8\u624b\u90e8\u5c40"
    "\t\u672c\u5b66\u90e8\u5c40\t\u7de0\u7d50\u5e74\u6708\u65e5\n"
    "\u30a2\u30b8\u30a2\t\u4e2d\u56fd (1)\t\u5317\u4eac\u5927\u5b66"
    "\t\u6b74\u53f2\u5b66\u7cfb\t* \u6587\u5b66\u7814\u7a76\u79d1"
    "\t2019\u5e7412\u670812\u65e5\n"
)


def parsed(total: int = 2, countries: int = 1, rows: int = 1) -> ImportResult:
    text = (
        HEAD
        + "\uff082021\u5e745\u67081\u65e5\u73fe\u5728\uff09\n"
        + UNIVERSITY.format(total=total)
        + DEPARTMENT.format(countries=countries, rows=rows)
    )
    return run(text, load_edition().options)


def test_a_japanese_list_reads_as_the_english_one_does():
    result = parsed()
    assert result.edition.as_of == datetime.date(2021, 5, 1)
    assert [
        (
            r.level,
            r.region,
            r.country_code,
            r.institution,
            r.partner_department,
            r.home_unit,
            r.fee_waiver,
            r.concluded_on,
        )
        for r in result.reconciled
    ] == [
        ("university", "Asia", "CN", "\u5317\u4eac\u5927\u5b66", "", "", True,
         datetime.date(1999, 11, 10)),
        ("university", "Asia", "CN", "\u6e05\u83ef\u5927\u5b66", "", "", False,
         datetime.date(2002, 4, 1)),
        ("department", "Asia", "CN", "\u5317\u4eac\u5927\u5b66",
         "\u6b74\u53f2\u5b66\u7cfb", "GS Arts and Letters", True,
         datetime.date(2019, 12, 12)),
    ]  # fmt: skip
    sums = result.checksums
    assert (sums.university_total, sums.countries_total, sums.department_total) == (
        2,
        1,
        1,
    )
    assert result.report.blocking() == []


@pytest.mark.parametrize(
    ("declared", "what"),
    [
        ({"total": 3}, "university-level institutions: declared 3, found 2"),
        ({"rows": 2}, "department-level rows: declared 2, found 1"),
        ({"countries": 2}, "countries and regions: declared 2, found 1"),
    ],
)
def test_its_totals_are_checked(declared, what):
    result = parsed(**declared)
    assert [a.seen for a in result.report.anomalies if a.code == "checksum"] == [what]


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("\uff082021\u5e745\u67081\u65e5\u73fe\u5728\uff09", datetime.date(2021, 5, 1)),
        ("\u4ee4\u548c3\u5e745\u67081\u65e5\u73fe\u5728", datetime.date(2021, 5, 1)),
        ("(2021.5.1\u73fe\u5728)", datetime.date(2021, 5, 1)),
        ("\u73fe\u5728", None),
    ],
)
def test_its_as_of_date(printed, day):
    assert parse_as_of(printed) == day


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("\u4e2d\u56fd", "CN"),  # the Unicode CLDR's Japanese names
        ("\u30c9\u30a4\u30c4", "DE"),
        ("\u30a2\u30e1\u30ea\u30ab\u5408\u8846\u56fd", "US"),
        ("\u7c73\u56fd", "US"),  # and the forms lists use beside them
        ("\u82f1\u56fd", "GB"),
        ("\u5927\u97d3\u6c11\u56fd", "KR"),
        ("\u56fd\u969b\u6a5f\u95a2", ""),
        ("\u4e2d \u56fd", "CN"),
        ("\u8c6a\u5dde", "AU"),  # 豪州
        ("\u30f4\u30a7\u30c8\u30ca\u30e0", "VN"),  # ヴェトナム
    ],
)
def test_countries_named_in_japanese(label, code):
    found = resolve_country(label)
    assert found is not None and found.code == code


def test_a_partners_name_is_no_country():
    assert resolve_country("\u5317\u4eac\u5927\u5b66") is None  # 北京大学


# The same list as a Japanese office prints it from its workbook or its
# document: the department table's Area, Country and Partner cells merged over
# their rows.
UNIVERSITY_LINES = (
    "\u5927\u5b66\u9593\u5354\u5b9a",
    "\u8a08 1 \u6a5f\u95a2",
    "\uff08\u30a2\u30b8\u30a2\uff09",
    "\u4e2d\u56fd",
    "\u30fb\uff0a \u5317\u4eac\u5927\u5b66 \uff081999.11.10\uff09",
)
HEADER = (
    "\u5730\u57df",
    "\u56fd\u30fb\u5730\u57df",
    "\u5354\u5b9a\u6821",
    "\u76f8\u624b\u90e8\u5c40",
    "\u672c\u5b66\u90e8\u5c40",
    "\u7de0\u7d50\u65e5",
)
CAS = "\u4e2d\u56fd\u79d1\u5b66\u9662"  # 中国科学院
IMRAM = "\u591a\u5143\u7269\u8cea\u79d1\u5b66\u7814\u7a76\u6240"  # 多元物質科学研究所
ROWS = (
    ("\u30a2\u30b8\u30a2", "\u4e2d\u56fd\uff082\uff09", CAS,
     "\u5316\u5b66\u7814\u7a76\u6240", IMRAM, "2000/12/26"),
    (None, None, None, "\u7269\u7406\u7814\u7a76\u6240",
     "\uff0a\u91d1\u5c5e\u6750\u6599\u7814\u7a76\u6240", "2001/05/21"),
)  # fmt: skip
EXPECTED = [
    ("university", "\u5317\u4eac\u5927\u5b66", "", "", True),
    ("department", CAS, "\u5316\u5b66\u7814\u7a76\u6240", "IMRAM", False),
    ("department", CAS, "\u7269\u7406\u7814\u7a76\u6240", "IMR", True),
]


def _read(path) -> list[tuple]:
    from accord.importer.sources import read_source

    source = read_source(path)
    result = run(source.text, load_edition().options, read=source.anomalies)
    assert result.report.blocking() == [], result.report.blocking()
    assert result.edition.as_of == datetime.date(2021, 5, 1)
    return [
        (r.level, r.institution, r.partner_department, r.home_unit, r.fee_waiver)
        for r in result.reconciled
    ]


def _workbook(tmp_path, rows, total: int, merged: int = 0):
    """The list as a workbook: its lines, then the table's rows, the Area,
    Country and Partner cells of the first `merged` rows merged."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for line in (HEAD.strip(), "\uff082021\u5e745\u67081\u65e5\u73fe\u5728\uff09"):
        sheet.append([line])
    for line in UNIVERSITY_LINES:
        sheet.append([line])
    sheet.append(["\u90e8\u5c40\u9593\u5354\u5b9a"])
    sheet.append([f"1\u30ab\u56fd\u30fb\u5730\u57df\u3001{total}\u6a5f\u95a2"])
    sheet.append(list(HEADER))
    first = sheet.max_row + 1
    for row in rows:
        sheet.append(list(row))
    if merged:
        for column in "ABC":
            sheet.merge_cells(f"{column}{first}:{column}{first + merged - 1}")
    path = tmp_path / "list.xlsx"
    book.save(path)
    return path


def test_a_japanese_workbook(tmp_path):
    assert _read(_workbook(tmp_path, ROWS, total=2, merged=2)) == EXPECTED


def test_a_japanese_pdf_ruled_with_merged_cells(tmp_path):
    import html

    from weasyprint import HTML

    e = html.escape
    cells = []
    for index, row in enumerate(ROWS):
        tds = []
        for value in row:
            if value is None:
                continue
            span = ' rowspan="2"' if index == 0 and row.index(value) < 3 else ""
            tds.append(f"<td{span}>{e(value)}</td>")
        cells.append(f"<tr>{''.join(tds)}</tr>")
    body = "".join(f"<p>{e(line)}</p>" for line in UNIVERSITY_LINES)
    page = (
        "<html><head><meta charset='utf-8'><style>"
        "body{font-family:'Noto Sans CJK JP',sans-serif;font-size:9pt}"
        "table{border-collapse:collapse}td,th{border:1px solid #000;padding:2px}"
        "</style></head><body>"
        f"<h1>{e(HEAD.strip())}</h1><p>\uff082021\u5e745\u67081\u65e5\u73fe\u5728\uff09</p>"
        f"{body}<h2>\u90e8\u5c40\u9593\u5354\u5b9a</h2>"
        "<p>1\u30ab\u56fd\u30fb\u5730\u57df\u30012\u6a5f\u95a2</p><table><thead><tr>"
        + "".join(f"<th>{e(h)}</th>" for h in HEADER)
        + f"</tr></thead><tbody>{''.join(cells)}</tbody></table></body></html>"
    )
    path = tmp_path / "list.pdf"
    HTML(string=page).write_pdf(path)
    assert _read(path) == EXPECTED


@pytest.mark.parametrize(
    ("printed", "region"),
    [
        ("\u30a2\u30b8\u30a2", "Asia"),
        ("\u6771\u5357\u30a2\u30b8\u30a2", "Southeast Asia"),
        ("\u5927\u6d0b\u5dde", "Oceania"),
        ("\u4e2d\u5357\u7c73", "Central and South America"),
        ("\u56fd\u969b\u6a5f\u95a2", "International Organization"),
    ],
)
def test_areas_are_stored_by_their_english_names(printed, region):
    options = load_edition().options
    assert options.is_area(printed)
    assert options.region_name(printed) == region


# As other Japanese universities word and lay out their lists: each form was
# refused or read wrongly by the first version of the Japanese vocabulary.


@pytest.mark.parametrize(
    "heading",
    [
        "\u5168\u5b66\u5354\u5b9a",  # 全学協定
        "\u5168\u5b66\u5354\u5b9a\uff08\u5927\u5b66\u9593\u5354\u5b9a\uff09",
        "\u5927\u5b66\u9593\u5b66\u8853\u4ea4\u6d41\u5354\u5b9a\u7de0\u7d50\u6821",
        "\u5927\u5b66\u9593\u4ea4\u6d41\u5354\u5b9a\u7de0\u7d50\u6821\u4e00\u89a7",
        "\u3010\u5927\u5b66\u9593\u5354\u5b9a\u3011",  # 【大学間協定】
        "1. \u5927\u5b66\u9593\u5b66\u8853\u4ea4\u6d41\u5354\u5b9a",
        "\uff11\uff0e\u5927\u5b66\u9593\u5b66\u8853\u4ea4\u6d41\u5354\u5b9a",
        "\u2160\u3000\u5927\u5b66\u9593\u5b66\u8853\u4ea4\u6d41\u5354\u5b9a",
    ],
)
def test_the_university_parts_other_headings(heading):
    text = HEAD + UNIVERSITY.format(total=2).replace(
        "\u5927\u5b66\u9593\u5354\u5b9a", heading, 1
    )
    result = run(text, load_edition().options)
    assert len(result.reconciled) == 2


def test_the_department_parts_other_headings():
    for heading in (
        "\u90e8\u5c40\u5354\u5b9a",
        "2. \u90e8\u5c40\u9593\u5b66\u8853\u4ea4\u6d41\u5354\u5b9a\u7de0\u7d50\u6821",
    ):
        text = (
            HEAD
            + UNIVERSITY.format(total=2)
            + DEPARTMENT.format(countries=1, rows=1).replace(
                "\u90e8\u5c40\u9593\u5354\u5b9a", heading, 1
            )
        )
        result = run(text, load_edition().options)
        assert [r.level for r in result.reconciled].count("department") == 1, heading


def test_a_total_with_its_countries_in_parentheses():
    text = HEAD + UNIVERSITY.format(total=2).replace(
        "\u8a08 2 \u6a5f\u95a2",
        "\u8a08\uff12\u6a5f\u95a2\uff08\uff11\u304b\u56fd\uff09",
    )
    result = run(text, load_edition().options)
    assert result.checksums.university_total == 2
    assert result.report.blocking() == []


@pytest.mark.parametrize(
    ("label", "code"),
    [
        (
            "\u4e2d\u56fd\uff08\u9999\u6e2f\uff09",
            "HK",
        ),  # 中国 (香港), its parentheses full-width
        ("\u4e2d\u83ef\u6c11\u56fd\uff08\u53f0\u6e7e\uff09", "TW"),  # 中華民国 (台湾)
    ],
)
def test_a_territory_named_with_its_country(label, code):
    found = resolve_country(label)
    assert found is not None and found.code == code


@pytest.mark.parametrize(
    "printed",
    [
        "\u5927\u5b66\u9662\u6587\u5b66\u7814\u7a76\u79d1",  # 大学院文学研究科
        "\u6771\u5317\u5927\u5b66\u6587\u5b66\u7814\u7a76\u79d1",  # 東北大学文学研究科
    ],
)
def test_a_unit_printed_after_graduate_school_or_the_universitys_name(printed):
    from dataclasses import replace

    options = load_edition().options
    options = replace(
        options,
        home_short_names=(*options.home_short_names, "\u6771\u5317\u5927\u5b66"),
    )
    unit = options.unit_for(printed)
    assert unit is not None and unit.code == "GS Arts and Letters"


def test_an_area_heading_no_one_knows_is_reported():
    known = run(
        HEAD
        + UNIVERSITY.format(total=2).replace(
            "\u30a2\u30b8\u30a2\n", "\uff08\u30a2\u30b8\u30a2\u5730\u57df\uff09\n"
        ),
        load_edition().options,
    )
    assert {r.region for r in known.reconciled} == {"Asia"}
    assert "unknown-region" not in known.report.codes()
    unknown = run(
        HEAD
        + UNIVERSITY.format(total=2).replace(
            "\u30a2\u30b8\u30a2\n",
            "\uff08\u30a2\u30b8\u30a2\u30fb\u5927\u6d0b\u5dde\uff09\n",
        ),
        load_edition().options,
    )
    assert [a.code for a in unknown.report.anomalies] == ["unknown-region"]


def test_a_name_wrapped_in_its_cell_joins_without_a_space(tmp_path):
    # 中国科学院 wrapped after 中国 by the cell's width.
    wrapped = (
        "\u30a2\u30b8\u30a2",
        "\u4e2d\u56fd\uff081\uff09",
        "\u4e2d\u56fd\n\u79d1\u5b66\u9662",
        "",
        IMRAM,
        "2000/12/26",
    )
    from accord.importer.sources import read_source

    source = read_source(_workbook(tmp_path, [wrapped], total=1))
    result = run(source.text, load_edition().options, read=source.anomalies)
    assert [r.institution for r in result.reconciled if r.level == "department"] == [
        CAS
    ]


def test_a_university_table_dated_in_characters_with_a_waiver_column():
    """A date in characters in a Year cell, a 授業料等不徴収 ("tuition etc.
    not charged") column of circles and crosses: the rows were dropped as
    unrecognised."""
    result = run(
        "\u5927\u5b66\u9593\u5354\u5b9a\n"
        "No.\t\u56fd\u30fb\u5730\u57df\t\u5927\u5b66\u540d\t\u7de0\u7d50\u5e74\u6708\u65e5"
        "\t\u6388\u696d\u6599\u7b49\u4e0d\u5fb4\u53ce\n"
        "1\t\u4e2d\u56fd\t\u5fa9\u65e6\u5927\u5b66\t2005\u5e743\u67081\u65e5\t\u25cb\n"
        "2\t\u4e2d\u56fd\t\u5317\u4eac\u5927\u5b66\t2001\u5e745\u67085\u65e5\t\u00d7\n",
        load_edition().options,
    )
    assert [
        (r.country_code, r.institution, r.concluded_on, r.fee_waiver)
        for r in result.reconciled
    ] == [
        ("CN", "\u5fa9\u65e6\u5927\u5b66", datetime.date(2005, 3, 1), True),
        ("CN", "\u5317\u4eac\u5927\u5b66", datetime.date(2001, 5, 5), False),
    ]
    assert result.report.blocking() == []
