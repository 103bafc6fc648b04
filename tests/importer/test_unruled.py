"""An unruled table whose narrow cells wrap, set top-aligned (a Word table with
its borders hidden, a web page printed): its rows put together from where its
words sit. A table set otherwise is left line by line, as before."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from accord.importer.bundled import load_edition
from accord.importer.layout import Chunk
from accord.importer.pipeline import run
from accord.importer.sources import read_source
from accord.importer.unruled import PlacedLine, join_rows
from tests.importer.ruled_layout import HEADER as TABLE_HEADER

COLUMNS = [0.0, 60.0, 120.0, 180.0]


def line(top: float, *cells: tuple[int, str]) -> PlacedLine:
    words = tuple(Chunk(COLUMNS[column], text) for column, text in cells)
    return PlacedLine(top, words, len(words))


HEADER = line(0, (0, "Partner"), (1, "Department"), (2, "Unit"), (3, "Year"))


def texts(lines: list[PlacedLine] | None) -> list[list[str]]:
    assert lines is not None
    return [[chunk.text for chunk in placed.words] for placed in lines]


def test_a_cell_merged_over_two_rows_belongs_to_its_first_row():
    """Lines 9 pt apart in a cell, rows 12 pt apart; `Technology` runs beside
    the second row's first line."""
    lines = [
        HEADER,
        line(12, (0, "Huazhong"), (1, "School of"), (2, "IMR"), (3, "2019/08/01")),
        line(21, (0, "University of"), (1, "Mechanics")),
        line(30, (0, "Science and")),
        line(39, (0, "Technology")),
        line(42, (1, "School of Optics"), (2, "IFS"), (3, "2018/03/15")),
        line(54, (0, "Keio"), (2, "ELPH"), (3, "2012/07/09")),
    ]
    assert texts(join_rows(lines, COLUMNS, 3)) == [
        ["Partner", "Department", "Unit", "Year"],
        [
            "Huazhong University of Science and Technology",
            "School of Mechanics",
            "IMR",
            "2019/08/01",
        ],
        ["School of Optics", "IFS", "2018/03/15"],
        ["Keio", "ELPH", "2012/07/09"],
    ]


def test_a_header_wrapped_over_two_lines_is_one_line():
    lines = [
        line(0, (0, "Partner"), (1, "Department"), (2, "Unit at"), (3, "Year")),
        line(9, (0, "Institution"), (2, "Kita")),
        line(21, (0, "Graz"), (1, "Faculty of"), (2, "IMR"), (3, "2019/08/01")),
        line(30, (1, "Arts")),
        line(42, (0, "Keio"), (2, "ELPH"), (3, "2012/07/09")),
    ]
    assert texts(join_rows(lines, COLUMNS, 3))[:2] == [
        ["Partner Institution", "Department", "Unit at Kita", "Year"],
        ["Graz", "Faculty of Arts", "IMR", "2019/08/01"],
    ]


@pytest.mark.parametrize(
    "lines",
    [
        # Centred as the 2021 list is: the partner's first line above its row's.
        [
            HEADER,
            line(12, (0, "University of")),
            line(21, (1, "Arts"), (2, "IMR"), (3, "2019/08/01")),
            line(30, (0, "Graz")),
            line(42, (0, "Keio"), (2, "ELPH"), (3, "2012/07/09")),
        ],
        # A row set at the pitch of the cell above, one cell beside its date:
        # the rest of that cell, or a row of its own?
        [
            HEADER,
            line(12, (0, "Graz"), (1, "Faculty of"), (2, "IMR"), (3, "2019/08/01")),
            line(21, (1, "Arts")),
            line(30, (1, "Faculty of Law"), (3, "2012/07/09")),
        ],
        # No header above the first row.
        [
            line(12, (0, "Graz"), (1, "Faculty of"), (2, "IMR"), (3, "2019/08/01")),
            line(21, (1, "Arts")),
            line(33, (0, "Keio"), (2, "ELPH"), (3, "2012/07/09")),
        ],
        # No cell wraps: the lines are the rows already.
        [
            HEADER,
            line(12, (0, "Graz"), (2, "IMR"), (3, "2019/08/01")),
            line(24, (0, "Keio"), (2, "ELPH"), (3, "2012/07/09")),
        ],
    ],
    ids=["centred", "a-row-or-a-wrap", "no-header", "no-wrap"],
)
def test_a_table_set_otherwise_is_left_line_by_line(lines: list[PlacedLine]):
    assert join_rows(lines, COLUMNS, 3) is None


def test_a_row_set_at_the_pitch_below_the_row_above_starts_its_own_cells():
    lines = [
        HEADER,
        line(12, (0, "Graz"), (1, "Faculty of"), (2, "IMR"), (3, "2019/08/01")),
        line(21, (1, "Arts")),
        line(30, (0, "Keio"), (1, "Faculty of Law"), (2, "ELPH"), (3, "2012/07/09")),
    ]
    assert texts(join_rows(lines, COLUMNS, 3))[1:] == [
        ["Graz", "Faculty of Arts", "IMR", "2019/08/01"],
        ["Keio", "Faculty of Law", "ELPH", "2012/07/09"],
    ]


def test_a_cell_where_the_header_names_no_column_leaves_the_table_alone():
    header = line(0, (0, "Partner"), (2, "Unit"), (3, "Year"))
    lines = [
        header,
        line(12, (0, "Graz"), (1, "Faculty of"), (2, "IMR"), (3, "2019/08/01")),
        line(21, (1, "Arts")),
        line(33, (0, "Keio"), (2, "ELPH"), (3, "2012/07/09")),
    ]
    assert join_rows(lines, COLUMNS, 3) is None


@pytest.mark.needs("libpango-1.0-0", "fonts-dejavu-core")
def test_a_narrow_unruled_top_aligned_pdf_reads_row_by_row(tmp_path: Path):
    """Printed by WeasyPrint: each wrapped line was a row of its own, given to
    the row below; a merged partner cell ran into the next row."""
    import weasyprint

    e = html.escape
    header = [name.format(home="Tohoku") for name in TABLE_HEADER]
    rows = [
        (
            '<td rowspan="3">Asia</td><td rowspan="2">China</td>'
            '<td rowspan="2">Huazhong University of Science and Technology</td>'
            "<td>School of Mechanical Science and Engineering</td>"
            "<td>* GS International Cultural Studies</td><td>2019/08/01</td>"
        ),
        (
            "<td>School of Optical and Electronic Information</td>"
            "<td>GS Engineering</td><td>2018/03/15</td>"
        ),
        (
            "<td>Indonesia</td><td>Universitas 17 Agustus 1945 Surabaya</td>"
            "<td>Faculty of Engineering</td><td>* GS Engineering</td>"
            "<td>2015/03/01</td>"
        ),
        (
            "<td>Europe</td><td>Romania</td>"
            "<td>1 Decembrie 1918 University of Alba Iulia</td>"
            "<td>Faculty of Law and Social Sciences</td><td>GS Law</td>"
            "<td>2012/05/05</td>"
        ),
    ]
    page = (
        "<html><head><style>@page{size:A4 portrait;margin:1.5cm}"
        "body{font:8pt 'DejaVu Sans'} table{border-collapse:collapse;width:14cm}"
        "td,th{padding:2px 4px;vertical-align:top;text-align:left}</style></head>"
        "<body><p>Academic Exchange Agreements with Foreign Institutions</p>"
        "<p>Department Level Agreements</p><p>(as of May 1, 2022)</p><table><tr>"
        + "".join(f"<th>{e(name)}</th>" for name in header)
        + "</tr>"
        + "".join(f"<tr>{row}</tr>" for row in rows)
        + "</table></body></html>"
    )
    path = tmp_path / "narrow.pdf"
    weasyprint.HTML(string=page).write_pdf(path)
    source = read_source(path)
    result = run(source.text, load_edition().options, None, source.path)
    assert [
        (
            r.country_code,
            r.institution,
            r.partner_department,
            r.home_unit,
            r.fee_waiver,
            str(r.concluded_on),
        )
        for r in result.reconciled
    ] == [
        (
            "CN",
            "Huazhong University of Science and Technology",
            "School of Mechanical Science and Engineering",
            "GS International Cultural Studies",
            True,
            "2019-08-01",
        ),
        (
            "CN",
            "Huazhong University of Science and Technology",
            "School of Optical and Electronic Information",
            "GS Engineering",
            False,
            "2018-03-15",
        ),
        (
            "ID",
            "Universitas 17 Agustus 1945 Surabaya",
            "Faculty of Engineering",
            "GS Engineering",
            True,
            "2015-03-01",
        ),
        (
            "RO",
            "1 Decembrie 1918 University of Alba Iulia",
            "Faculty of Law and Social Sciences",
            "GS Law",
            False,
            "2012-05-05",
        ),
    ]
    assert result.report.blocking() == []
