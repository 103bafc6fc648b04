"""The ruled-table reader's stages on plain values: cell rectangles and words in,
rows with every cell filled out (no PDF needed)."""

from __future__ import annotations

from accord.importer.layout import Chunk
from accord.importer.pdf import Page, TextLine, pages_to_text, running_lines
from accord.importer.ruled import (
    Grid,
    GridCell,
    RuledRow,
    Word,
    cells_to_grid,
    grids_to_rows,
    row_to_line,
)

HEADER = ("Area", "Country", "Partner", "Department", "Unit", "Year")


def word(x: float, top: float, text: str) -> Word:
    return Word(x, top, x + 4 * len(text), top + 6, text)


def grid(page: int, *rows: tuple[str | tuple[str, int], ...], index: int = 0) -> Grid:
    """A grid from rows of texts; ("text", n) starts a cell merged over n rows,
    None continues the merged cell above."""
    built: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        cells = []
        for c, item in enumerate(row):
            if item is None:
                above = built[r - 1][c]
                cells.append(GridCell(above.text, above.rows, False))
            elif isinstance(item, tuple):
                cells.append(GridCell(item[0], item[1], True))
            else:
                cells.append(GridCell(item))
        built.append(cells)
    return Grid(page, index or page, 0.0, tuple(tuple(r) for r in built))


def texts(rows: list[RuledRow]) -> list[tuple[str, ...]]:
    return [row.texts for row in rows]


def test_a_merged_cells_text_belongs_to_every_row_it_spans():
    # Column 1 is one rectangle over two rows, its text centred between them.
    boxes = [(0, 0, 50, 20), (50, 0, 100, 10), (50, 10, 100, 20), (100, 0, 120, 20)]
    words = [word(2, 7, "Asia"), word(52, 2, "one"), word(52, 12, "two")]
    found = cells_to_grid(1, 0, boxes, words)
    assert [[c.text for c in row] for row in found.rows] == [
        ["Asia", "one", ""],
        ["Asia", "two", ""],
    ]
    assert [(c.rows, c.first) for c in (found.rows[0][0], found.rows[1][0])] == [
        (2, True),
        (2, False),
    ]


def test_a_wrapped_cells_lines_are_joined_in_reading_order():
    boxes = [(0, 0, 100, 30), (100, 0, 140, 30), (140, 0, 180, 30)]
    words = [
        word(2, 12, "Harburg"),
        word(2, 2, "Technical"),
        word(40, 2, "Hamburg-"),
        word(102, 2, "GS"),
        word(102, 12, "Engineering"),
    ]
    row = cells_to_grid(1, 0, boxes, words).rows[0]
    assert [c.text for c in row] == [
        "Technical Hamburg-Harburg",
        "GS Engineering",
        "",
    ]


def test_edges_a_fraction_of_a_point_apart_are_one_ruling_line():
    boxes = [(0, 0, 50, 10), (50.4, 0, 100, 10.3), (0, 10, 50, 20), (50, 10.3, 100, 20)]
    found = cells_to_grid(1, 0, boxes, [word(60, 13, "x")])
    assert [[c.text for c in row] for row in found.rows] == [["", ""], ["", "x"]]


def test_a_place_no_cell_covers_is_a_blank_cell():
    boxes = [(0, 0, 10, 10), (10, 0, 20, 10), (0, 10, 10, 20)]
    found = cells_to_grid(1, 0, boxes, [word(12, 2, "b")])
    assert [[c.text for c in row] for row in found.rows] == [["", "b"], ["", ""]]


def test_a_repeated_column_header_is_dropped_and_the_table_goes_on():
    rows = grids_to_rows(
        [
            grid(1, HEADER, ("Asia", "China (2)", "A", "", "U", "2001/01/01")),
            grid(2, HEADER, ("Asia", "China (2)", "B", "D", "U", "2002/02/02")),
        ]
    )
    assert texts(rows) == [
        HEADER,
        ("Asia", "China (2)", "A", "", "U", "2001/01/01"),
        ("Asia", "China (2)", "B", "D", "U", "2002/02/02"),
    ]
    assert [row.header for row in rows] == [True, False, False]


def test_a_span_cut_by_a_page_break_takes_its_text_from_the_other_part():
    page_1 = grid(
        1,
        HEADER,
        (("Asia", 2), ("China (3)", 2), "A", "", "U", "1"),
        (None, None, ("B", 1), "D1", "U", "2"),
    )
    # The Area and Country texts are printed on page 1 only, the partner's
    # on page 2 only.
    page_2 = grid(2, HEADER, (("", 1), ("", 1), ("B", 1), "D2", "U", "3"))
    rows = grids_to_rows([page_1, page_2])
    assert texts(rows)[1:] == [
        ("Asia", "China (3)", "A", "", "U", "1"),
        ("Asia", "China (3)", "B", "D1", "U", "2"),
        ("Asia", "China (3)", "B", "D2", "U", "3"),
    ]
    assert rows[3].notes(HEADER) == (
        "Area: text printed on page 1; Country: text printed on page 1"
    )


def test_the_part_before_the_break_takes_the_text_printed_after_it():
    page_1 = grid(
        1,
        HEADER,
        (("Asia", 1), ("Chile (1)", 1), ("C", 1), "", "U", "1"),
        (("", 1), ("", 1), ("", 1), "D", "U", "2"),
    )
    page_2 = grid(
        2,
        HEADER,
        (("Asia", 2), ("China (3)", 2), ("A", 2), "", "U", "3"),
        (None, None, None, "", "V", "4"),
    )
    rows = grids_to_rows([page_1, page_2])
    assert texts(rows)[2] == ("Asia", "China (3)", "A", "D", "U", "2")


def test_a_blank_page_of_a_span_goes_where_the_document_prints_cut_spans():
    # Page 2's Area is one blank cell: Asia going on, or the start of Europe,
    # printed on page 3? Spain's country cell, cut at the page 2 break, prints
    # its text after the break: so does this document with every span it cuts,
    # and page 2 is Europe's first part.
    page_1 = grid(
        1,
        HEADER,
        (("Asia", 2), ("Japan (2)", 2), "A", "", "U", "1"),
        (None, None, "B", "", "U", "2"),
    )
    page_2 = grid(
        2,
        HEADER,
        (("", 2), ("France (1)", 1), "C", "", "U", "3"),
        (None, ("", 1), "D", "", "U", "4"),
    )
    page_3 = grid(
        3,
        HEADER,
        (("Europe", 2), ("Spain (2)", 1), "E", "", "U", "5"),
        (None, ("Italy (1)", 1), "F", "", "U", "6"),
    )
    rows = grids_to_rows([page_1, page_2, page_3])
    assert [row.texts[:2] for row in rows[1:]] == [
        ("Asia", "Japan (2)"),
        ("Asia", "Japan (2)"),
        ("Europe", "France (1)"),
        ("Europe", "Spain (2)"),
        ("Europe", "Spain (2)"),
        ("Europe", "Italy (1)"),
    ]


def test_a_blank_department_at_a_page_break_stays_blank():
    # The department column has blank cells elsewhere: a blank there means
    # the whole institution, never a span's other part.
    page_1 = grid(
        1,
        HEADER,
        ("Asia", "China (3)", "A", "", "U", "1"),
        ("Asia", "China (3)", "A", "D", "U", "2"),
    )
    page_2 = grid(2, HEADER, ("Asia", "China (3)", "B", "", "U", "3"))
    assert texts(grids_to_rows([page_1, page_2]))[3][3] == ""


def test_a_table_with_other_columns_is_another_table():
    rows = grids_to_rows(
        [grid(1, ("a", "b", "c"), ("1", "2", "3")), grid(2, ("x", "y"), ("4", "5"))]
    )
    assert [row.header for row in rows] == [True, False, True, False]


def test_a_blank_year_is_written_as_an_unknown_date():
    row = RuledRow(1, 0, tuple(GridCell(t) for t in ("Asia", "A", "", "")))
    assert row_to_line(row, year=3) == "Asia\tA\t\tunknown"
    assert row_to_line(row, year=None) == "Asia\tA\t\t"


def test_a_date_wrapped_in_a_narrow_year_column_is_one_date():
    # WeasyPrint breaks a word wider than its column: "2014/04/2" over "7".
    cells = ("Asia", "A", "1998/10/1 5", "2014/04/2 7")
    row = RuledRow(1, 0, tuple(GridCell(t) for t in cells))
    assert row_to_line(row, year=3) == "Asia\tA\t1998/10/1 5\t2014/04/27"


def line(top: float, text: str) -> TextLine:
    return TextLine(top, (Chunk(100, text),))


def test_running_titles_stay_once_and_page_numbers_go():
    pages = [
        Page(1, (line(10, "Title"), line(20, "First"), line(800, "- 1 -"))),
        Page(2, (line(10, "Title"), line(20, "Second"), line(800, "- 2 -"))),
        Page(3, (line(10, "Title"), line(20, "Third"), line(800, "- 3 -"))),
    ]
    dropped = running_lines(pages)
    assert sorted(k for k, gone in dropped.items() if gone) == [
        (0, 2),
        (1, 0),
        (1, 2),
        (2, 0),
        (2, 2),
    ]
    assert dropped[(0, 0)] is False  # the first running title stays
    read = pages_to_text(pages)
    assert read.text.split("\n") == ["Title", "First", "Second", "Third"]
    assert read.dropped == ("- 1 -", "Title", "- 2 -", "Title", "- 3 -")


def test_the_table_rows_sit_between_the_lines_above_and_below_it():
    table = grid(1, ("Area", "Partner", "Year"), ("Asia", "A", ""))
    table = Grid(1, 0, 50.0, table.rows)
    pages = [Page(1, (line(10, "Above"), line(90, "Below")), (table,))]
    read = pages_to_text(pages)
    assert read.text.split("\n") == [
        "Above",
        "Area\tPartner\tYear",
        "Asia\tA\tunknown",
        "Below",
    ]
    assert [(row.line, row.header) for row in read.ruled] == [(2, True), (3, False)]


def test_each_table_finds_its_year_column_in_its_own_header():
    legend = Grid(1, 1, 10.0, grid(1, ("Mark", "Meaning", "Note"), ("*", "", "")).rows)
    table = Grid(
        1, 2, 50.0, grid(1, ("Area", "Partner", "Year"), ("Asia", "A", "")).rows
    )
    read = pages_to_text([Page(1, (), (legend, table))])
    assert read.text.split("\n") == [
        "Mark\tMeaning\tNote",
        "*\t\t",
        "Area\tPartner\tYear",
        "Asia\tA\tunknown",
    ]


def test_a_row_cut_by_a_page_break_is_joined_back_cell_by_cell():
    # The rest of the last row of page 1 opens page 2 with a blank Year.
    page_1 = grid(
        1,
        HEADER,
        (("Asia", 2), ("Thailand (2)", 2), ("Mahidol", 2), "A", "GS X", "2001/01/01"),
        (None, None, None, "Faculty of Medicine,", "GS Economics and", "2002/02/02"),
    )
    page_2 = grid(
        2,
        HEADER,
        ("Asia", "Thailand (2)", "Mahidol", "Ramathibodi Hospital", "Management", ""),
    )
    rows = grids_to_rows([page_1, page_2])
    assert texts(rows)[1:] == [
        ("Asia", "Thailand (2)", "Mahidol", "A", "GS X", "2001/01/01"),
        (
            "Asia",
            "Thailand (2)",
            "Mahidol",
            "Faculty of Medicine, Ramathibodi Hospital",
            "GS Economics and Management",
            "2002/02/02",
        ),
    ]
    assert rows[-1].continued_on == 2
    assert rows[-1].rest == ("", "", "", "Ramathibodi Hospital", "Management", "")
    assert "its rest on page 2" in rows[-1].notes(HEADER)


def test_a_cut_rows_cell_moved_whole_to_the_next_page_is_joined_back():
    # A browser (WeasyPrint) moves the department's text to the next page whole
    # when not even its first line fits; MIT's merged cell goes on across.
    page_1 = grid(
        1,
        HEADER,
        (("North America", 2), ("United States (2)", 2), "Harvard", "", "X", "1"),
        (None, None, ("MIT", 1), "", "GS Engineering", "2015/01/09"),
    )
    lab = "Research Laboratory of Electronics"
    page_2 = grid(
        2,
        HEADER,
        (("North America", 2), ("United States (2)", 2), ("MIT", 2), lab, "", ""),
        (None, None, None, lab, "IMR", "2015/01/09"),
    )
    rows = grids_to_rows([page_1, page_2])
    assert [row.texts[3:] for row in rows[2:]] == [
        (lab, "GS Engineering", "2015/01/09"),
        (lab, "IMR", "2015/01/09"),
    ]
    assert rows[2].continued_on == 2


def test_a_cut_rows_partner_moved_whole_to_the_next_page_is_no_row_of_its_own():
    """The last row of page 1 holds its department, unit and date, its one-row
    partner cell blank; page 2 opens with that partner's name alone. The name
    goes back to its row, and page 2 holds no row (it was a phantom agreement
    with no unit and no date)."""
    lyon = "\u00c9cole Normale Sup\u00e9rieure de Lyon"
    page_1 = grid(
        1,
        HEADER,
        # The partner's column holds merged cells (KIT's two rows).
        (("Europe", 4), ("Germany", 2), ("KIT", 2), "IAM", "IMR", "2014/04/01"),
        (None, None, None, "INT", "AIMR", "2015/05/05"),
        (None, ("France", 2), "Grenoble Alpes", "", "IMRAM", "2013/02/20"),
        (None, None, "", "D\u00e9partement de Physique", "GS Science", "2012/12/12"),
    )
    page_2 = grid(2, HEADER, ("", "", lyon, "", "", ""))
    rows = grids_to_rows([page_1, page_2])
    assert texts(rows)[3:] == [
        ("Europe", "France", "Grenoble Alpes", "", "IMRAM", "2013/02/20"),
        ("Europe", "France", lyon, "D\u00e9partement de Physique", "GS Science",
         "2012/12/12"),
    ]  # fmt: skip
    assert rows[-1].continued_on == 2


def test_a_cut_rows_date_moved_whole_to_the_next_page_is_joined_back():
    # Cells centred vertically: the unit fits on page 1, the two-line
    # department and date move to page 2 whole.
    page_1 = grid(
        1,
        HEADER,
        (("Asia", 2), ("Thailand (2)", 2), ("Mahidol", 2), "A", "GS X", "2001/01/01"),
        (None, None, None, "", "GS Medicine", ""),
    )
    page_2 = grid(
        2,
        HEADER,
        ("Asia", "Thailand (2)", "Mahidol", "Faculty of Medicine", "", "2013/11/01"),
    )
    rows = grids_to_rows([page_1, page_2])
    assert texts(rows)[-1] == (
        "Asia",
        "Thailand (2)",
        "Mahidol",
        "Faculty of Medicine",
        "GS Medicine",
        "2013/11/01",
    )
    assert rows[-1].continued_on == 2


def test_an_undated_row_above_a_row_of_its_own_is_not_joined():
    page_1 = grid(
        1,
        HEADER,
        (("Asia", 2), ("Thailand (2)", 2), ("Mahidol", 2), "A", "GS X", ""),
    )
    page_2 = grid(
        2,
        HEADER,
        (("Asia", 2), ("Thailand (2)", 2), ("Mahidol", 2), "B", "GS Y", "2013/11/01"),
    )
    rows = grids_to_rows([page_1, page_2])
    assert [row.texts[3] for row in rows[1:]] == ["A", "B"]
    assert not any(row.continued_on for row in rows)


def test_a_row_that_opens_a_page_with_its_own_cells_stays_a_row():
    page_1 = grid(
        1,
        HEADER,
        ("Asia", "Thailand (1)", "Mahidol", "", "GS X", "2001/01/01"),
    )
    dated = ("Asia", "Viet Nam (1)", "Hanoi", "", "GS Y", "2003/03/03")
    # Text where the row above has none: a row of its own, though undated.
    undated = ("Asia", "Viet Nam (1)", "Hanoi", "Faculty of Law", "GS Y", "")
    for first in (dated, undated):
        rows = grids_to_rows([page_1, grid(2, HEADER, first)])
        assert texts(rows)[-1] == first
        assert not rows[-2].continued_on


def test_a_block_that_opens_a_page_with_blank_cells_is_not_a_cut_rows_rest():
    # France starts at the top of page 2 with a partner whose other cells the
    # list leaves blank: a new merged country cell, not the rest of Finland's row.
    page_1 = grid(
        1,
        HEADER,
        (("Europe", 2), "Finland (1)", "Eastern Finland", "", "GS X", "2001/01/01"),
    )
    page_2 = grid(
        2,
        HEADER,
        (("Europe", 2), ("France (2)", 2), "Albi-Carmaux", "", "", ""),
        (None, None, "Lyon", "", "GS Y", "2002/02/02"),
    )
    rows = grids_to_rows([page_1, page_2])
    assert [row.texts[2] for row in rows[1:]] == [
        "Eastern Finland",
        "Albi-Carmaux",
        "Lyon",
    ]
    assert not any(row.continued_on for row in rows)


def test_text_ruled_above_the_table_is_not_its_column_header():
    # A spreadsheet printed with its gridlines rules the heading above the table.
    rows = grids_to_rows(
        [
            grid(
                1,
                ("Department Level Agreements", "", "", "", "", ""),
                ("1 country, 1 institution", "", "", "", "", ""),
                HEADER,
                ("Asia", "China (2)", "A", "", "U", "2001/01/01"),
            ),
            grid(2, HEADER, ("Asia", "China (2)", "B", "D", "U", "2002/02/02")),
        ]
    )
    assert [(row.texts[0], row.header) for row in rows] == [
        ("Department Level Agreements", False),
        ("1 country, 1 institution", False),
        ("Area", True),
        ("Asia", False),
        ("Asia", False),
    ]


def test_a_ruled_page_of_text_before_the_tables_page_stays_text():
    # One spreadsheet printed with gridlines: the university-level part rules a
    # page of its own with as many columns as the table that follows it.
    headings = grid(
        1,
        ("University Level Agreements", "", "", "", "", ""),
        ("(Asia)", "", "", "", "", ""),
    )
    table = grid(
        2,
        ("Department Level Agreements", "", "", "", "", ""),
        HEADER,
        ("Asia", "China (1)", "A", "", "U", ""),
    )
    read = pages_to_text([Page(1, (), (headings,)), Page(2, (), (table,))])
    assert read.text.split("\n") == [
        "University Level Agreements\t\t\t\t\t",
        "(Asia)\t\t\t\t\t",
        "Department Level Agreements\t\t\t\t\t",
        "\t".join(HEADER),
        "Asia\tChina (1)\tA\t\tU\tunknown",
    ]
