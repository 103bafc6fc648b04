"""Lists as a Chinese or a Korean university prints them: their parts'
headings, column headers, countries, areas and dates. They were refused as
"not an agreement list"."""

from __future__ import annotations

import datetime

import pytest

from accord.importer.lines import SECTION, UNIVERSITY, spaced_dates
from accord.importer.lines import _section_of as section_of
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.pipeline import run

HUAXIA = ParseOptions(
    "Huaxia University",
    ("Huaxia",),
    home_units=(HomeUnit("School of Physics", variants=("\u7269\u7406\u5b66\u9662",)),),
)
HANBIT = ParseOptions(
    "Hanbit University",
    ("Hanbit",),
    home_units=(
        HomeUnit("College of Humanities", variants=("\uc778\ubb38\ub300\ud559",)),
    ),
)


def read(text: str, options: ParseOptions, waits: str = "") -> list[tuple]:
    """The records, the import waiting on nothing but the code `waits`."""
    result = run(text, options)
    assert [a.code for a in result.report.blocking() if a.code != waits] == []
    return [
        (r.level, r.region, r.country_code, r.institution, r.partner_department,
         r.home_unit, r.concluded_on)
        for r in result.reconciled
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("heading", "university"),
    [
        ("\u4e00\u3001\u6821\u7ea7\u5408\u4f5c\u534f\u8bae", True),  # 一、校级合作协议
        ("\u6821\u7d1a\u5b78\u8853\u4ea4\u6d41\u5354\u8b70", True),  # 校級學術交流協議
        ("\u9662\u7cfb\u7ea7\u5408\u4f5c\u534f\u8bae", False),  # 院系级合作协议
        ("\ub300\ud559 \uac04 \uad50\ub958\ud611\uc815", True),  # 대학 간 교류협정
        ("\ud559\uacfc \uac04 \ud611\uc815", False),  # 학과 간 협정
    ],
)
def test_the_parts_headings(heading: str, university: bool):
    assert SECTION.match(heading)
    assert (section_of(heading) == UNIVERSITY) is university


def test_a_chinese_list_of_both_parts():
    text = (
        "\u534e\u590f\u5927\u5b66\u56fd\u9645\u5408\u4f5c\u534f\u8bae\u4e00\u89c8\u8868\n"
        "\u4e00\u3001\u6821\u7ea7\u5408\u4f5c\u534f\u8bae\n"
        # 序号 | 国家/地区 | 合作院校 | 签署日期
        "\u5e8f\u53f7\t\u56fd\u5bb6/\u5730\u533a\t\u5408\u4f5c\u9662\u6821"
        "\t\u7b7e\u7f72\u65e5\u671f\n"
        "1\t\u65e5\u672c\t\u4e1c\u5317\u5927\u5b66\t2015\u5e746\u67081\u65e5\n"
        "2\t\u7f8e\u56fd\t\u5bc6\u6b47\u6839\u5927\u5b66\t2014-03-15\n"
        "\u4e8c\u3001\u9662\u7ea7\u5408\u4f5c\u534f\u8bae\n"
        # 地区 | 国家 | 合作院校 | 合作院系 | 我校学院 | 签署日期
        "\u5730\u533a\t\u56fd\u5bb6\t\u5408\u4f5c\u9662\u6821\t\u5408\u4f5c\u9662\u7cfb"
        "\t\u6211\u6821\u5b66\u9662\t\u7b7e\u7f72\u65e5\u671f\n"
        "\u6b27\u6d32\t\u5fb7\u56fd\t\u4e9a\u7434\u5de5\u4e1a\u5927\u5b66"
        "\t\u7269\u7406\u7cfb\t\u7269\u7406\u5b66\u9662\t2017/05/02\n"
    )
    assert read(text, HUAXIA) == [
        ("university", "", "JP", "\u4e1c\u5317\u5927\u5b66", "", "",
         datetime.date(2015, 6, 1)),
        ("university", "", "US", "\u5bc6\u6b47\u6839\u5927\u5b66", "", "",
         datetime.date(2014, 3, 15)),
        ("department", "Europe", "DE", "\u4e9a\u7434\u5de5\u4e1a\u5927\u5b66",
         "\u7269\u7406\u7cfb", "School of Physics", datetime.date(2017, 5, 2)),
    ]  # fmt: skip


def test_a_korean_list_of_both_parts():
    text = (
        "\ud55c\ube5b\ub300\ud559\uad50 \ud574\uc678 "
        "\uad50\ub958\ud611\uc815 \ud604\ud669\n"
        "\ub300\ud559 \uac04 \uad50\ub958\ud611\uc815\n"
        "\uc544\uc2dc\uc544\n"  # 아시아
        "\uc911\uad6d\n"  # 중국
        "- \ubcf5\ub2e8\ub300\ud559\uad50 (2019. 4. 1.)\n"
        "\ud559\uacfc \uac04 \uad50\ub958\ud611\uc815\n"
        # 국가 | 대학명 | 학과 | 본교 단과대학 | 체결일
        "\uad6d\uac00\t\ub300\ud559\uba85\t\ud559\uacfc"
        "\t\ubcf8\uad50 \ub2e8\uacfc\ub300\ud559\t\uccb4\uacb0\uc77c\n"
        "\uc77c\ubcf8\t\ub3c4\ud638\ucfe0\ub300\ud559\t\uacf5\ud559\uc5f0\uad6c\uacfc"
        "\t\uc778\ubb38\ub300\ud559\t2015.06.01.\n"
    )
    # The department table has no Area column: its rows' area is asked for.
    records = read(text, HANBIT, waits="unknown-region")
    assert records[:1] == [
        ("university", "Asia", "CN", "\ubcf5\ub2e8\ub300\ud559\uad50", "", "",
         datetime.date(2019, 4, 1)),
    ]  # fmt: skip
    [department] = records[1:]
    assert department[2:] == (
        "JP", "\ub3c4\ud638\ucfe0\ub300\ud559", "\uacf5\ud559\uc5f0\uad6c\uacfc",
        "College of Humanities", datetime.date(2015, 6, 1),
    )  # fmt: skip


def test_a_korean_date_is_written_as_the_tables_own_form():
    assert spaced_dates("- X (2018. 11. 20.)\nY\t2015.06.01.\nZ\t2015. 6. 1") == (
        "- X (2018.11.20)\nY\t2015.06.01\nZ\t2015.6.1"
    )
    # A sentence's number and full stop is no date.
    assert spaced_dates("Total 2019. Next") == "Total 2019. Next"
