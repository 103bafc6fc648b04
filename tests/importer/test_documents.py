"""A list kept as a word-processing document (DOCX) in its own layout reads
back field for field from its table's cells: merged down a column (vMerge) or
across (gridSpan); what Word does not print (hidden text, hidden rows, tracked
deletions) is not read, and hidden text is reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accord.core.errors import ImportInputError
from accord.importer.bundled import load_edition
from accord.importer.pipeline import ImportResult, run
from accord.importer.sources import SourceText, read_source
from accord.importer.word import MAX_COLUMNS, read_document
from accord.importer.workbook import WorkbookText, sheets_to_text
from tests.importer.docx_list import (
    cell,
    docx_bytes,
    list_docx,
    paragraph,
    row,
    table,
)
from tests.importer.docx_list import run as text_run
from tests.importer.reading import explained
from tests.importer.ruled_pdfs import ListDocument
from tests.importer.test_producer_pdfs import SAMPLES
from tests.importer.test_ruled_pdfs import fields

HEADER = row(*(cell(h) for h in ("Area", "Country / Region", "Partner", "Year")))


def parsed(source: SourceText) -> ImportResult:
    return run(source.text, load_edition().options, None, source.path, source.anomalies)


def saved(tmp_path: Path, data: bytes, name: str = "list.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_of(*blocks: str, **parts: Any) -> WorkbookText:
    """The line form of a document of these blocks (`parts`: docx_bytes')."""
    return sheets_to_text([read_document(docx_bytes(*blocks, **parts))])


def lines_of(*blocks: str, **parts: Any) -> list[str]:
    return read_of(*blocks, **parts).text.split("\n")


KOREA = (cell("Asia"), cell("Korea (1)"))


@pytest.mark.parametrize("bullets", [False, True], ids=["dashes", "bulleted-list"])
def test_the_whole_list_reads_back_from_its_document(
    tmp_path: Path, list_2021: ListDocument, bullets: bool
):
    source = read_source(saved(tmp_path, list_docx(list_2021, bullets=bullets)))
    assert source.kind == "document"
    result = parsed(source)
    assert fields(result.reconciled) == fields(list_2021.records)
    assert result.report.blocking() == []


def test_the_document_writer_printed_reads_as_its_pdf_does():
    """The .docx behind the LibreOffice Writer sample gives the excerpt, with
    none of the rows its PDF's page breaks cut in two."""
    excerpt = parsed(read_source(SAMPLES / "libreoffice_rows_break.pdf"))
    document = parsed(read_source(SAMPLES / "libreoffice_rows_break.docx"))
    assert fields(document.reconciled) == fields(excerpt.reconciled)
    assert document.report.blocking() == []
    assert "row-cut-by-page-break" not in document.report.codes()


def test_merged_cells_belong_to_every_row_they_cover():
    lines = lines_of(
        table(
            HEADER,
            row(
                cell("Asia", merge="restart"),
                cell("Korea (2)", merge="restart"),
                cell("KAIST"),
                cell("2003/02/01"),
            ),
            row(
                cell(merge="continue"),
                cell(merge="continue"),
                cell("Yonsei University"),
                cell(""),
            ),
            row(cell("Europe"), cell("France (1)"), cell("Sorbonne", span=2)),
        )
    )
    assert lines == [
        "Area\tCountry / Region\tPartner\tYear",
        "Asia\tKorea (2)\tKAIST\t2003/02/01",
        "Asia\tKorea (2)\tYonsei University\tunknown",
        # Spanning the Year column, the partner leaves the date unknown.
        "Europe\tFrance (1)\tSorbonne\tunknown",
    ]


def test_what_word_does_not_print_is_not_read():
    # Word keeps deleted text as w:delText; a producer may keep it as w:t.
    deleted = (
        '<w:del w:id="1" w:author="x"><w:r><w:delText>Old name</w:delText></w:r>'
        '<w:r><w:t xml:space="preserve"> (formerly X)</w:t></w:r></w:del>'
    )
    lines = lines_of(
        paragraph(text_run("Department Level Agreements")),
        table(
            HEADER,
            row(
                cell("Asia"),
                cell("Korea (1)"),
                cell(text_run("KAIST") + deleted),
                cell("2003/02/01"),
            ),
            row(
                cell("Asia"),
                cell("Korea (1)"),
                cell("Hidden University"),
                cell("2004/01/01"),
                hidden=True,
            ),
        ),
    )
    assert lines == [
        "Department Level Agreements",
        "Area\tCountry / Region\tPartner\tYear",
        "Asia\tKorea (1)\tKAIST\t2003/02/01",
    ]


def test_hidden_text_is_reported_and_the_import_waits():
    read = read_of(
        table(
            HEADER,
            row(
                *KOREA,
                cell(text_run("KAIST") + text_run(" (old)", hidden=True)),
                cell("2003/02/01"),
            ),
        )
    )
    assert read.text.split("\n")[1] == "Asia\tKorea (1)\tKAIST\t2003/02/01"
    [hidden] = read.anomalies
    assert (hidden.code, hidden.severity) == ("hidden-text", "warning")
    assert hidden.seen == "table 1, row 2: (old)"
    assert hidden.lines == (2,)


def test_a_cells_lines_are_one_text():
    lines = lines_of(
        table(
            HEADER,
            row(
                cell("Asia"),
                cell("Korea (1)"),
                cell("Korea Advanced Institute\nof Science and Technology"),
                cell("2003/02/01"),
            ),
        )
    )
    assert lines[1] == (
        "Asia\tKorea (1)\tKorea Advanced Institute of Science and Technology\t"
        "2003/02/01"
    )


def test_each_line_says_where_in_the_document_it_comes_from(tmp_path: Path):
    path = saved(
        tmp_path,
        docx_bytes(
            paragraph(text_run("Department Level Agreements")),
            table(
                HEADER, row(cell("Asia"), cell("Korea (1)"), cell("KAIST"), cell(""))
            ),
        ),
    )
    source = read_source(path)
    assert source.places == ("paragraph 1", "table 1, row 1", "table 1, row 2")


def test_a_damaged_document_is_refused_naming_the_file(tmp_path: Path):
    path = saved(tmp_path, b"PK\x03\x04" + b"\x00" * 200, "broken.docx")
    with pytest.raises(
        ImportInputError, match=r"broken\.docx.*document cannot be read"
    ):
        read_source(path)


def test_a_table_inside_a_content_control_is_read():
    control = table(
        HEADER, row(cell("Asia"), cell("Korea (1)"), cell("KAIST"), cell(""))
    )
    lines = lines_of(f"<w:sdt><w:sdtContent>{control}</w:sdtContent></w:sdt>")
    assert lines == [
        "Area\tCountry / Region\tPartner\tYear",
        "Asia\tKorea (1)\tKAIST\tunknown",
    ]


def test_parse_explain_names_each_lines_paragraph_or_table_row():
    text = explained(SAMPLES / "libreoffice_rows_break.docx")
    assert "table rows (document)" in text
    assert "table 1, row 2" in text and "paragraph 1" in text


def test_an_archive_that_would_expand_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A few kilobytes that inflate to megabytes (a ZIP bomb) are refused
    before any reader inflates them."""
    monkeypatch.setenv("ACCORD_IMPORT_MAX_BYTES", "100000")
    padding = paragraph(text_run(" " * 2_000_000))
    path = saved(tmp_path, docx_bytes(padding))
    assert path.stat().st_size < 100_000
    with pytest.raises(ImportInputError, match="expands to"):
        read_source(path)


def test_an_item_of_a_bulleted_list_starts_with_its_bullet():
    """However Word defines the list (the paragraph's numbering, its style's,
    a style based on it), a bulleted item reads as an entry; a numbered one,
    or one whose numbering is taken away (numId 0), does not."""
    lines = lines_of(
        paragraph(text_run("Seoul National University"), numbered="1"),
        paragraph(text_run("KAIST"), style="ListBullet"),
        paragraph(text_run("Yonsei University"), style="Entry"),
        paragraph(text_run("University Level Agreements"), numbered="2"),
        paragraph(text_run("Korea"), style="Entry", numbered="0"),
        lists=True,
    )
    assert lines == [
        "- Seoul National University",
        "- KAIST",
        "- Yonsei University",
        "University Level Agreements",
        "Korea",
    ]


def test_the_document_as_libreoffice_saves_it_reads_the_same():
    """Writer's own XML for the same document (samples/producers/README.md)."""
    original = parsed(read_source(SAMPLES / "libreoffice_rows_break.docx"))
    saved_by_writer = parsed(read_source(SAMPLES / "libreoffice_writer_saved.docx"))
    assert fields(saved_by_writer.reconciled) == fields(original.reconciled)
    assert saved_by_writer.report.blocking() == []


# What a genuine Word file holds that the first reader got wrong.


def test_a_line_break_in_a_paragraph_starts_a_line_of_its_own(
    tmp_path: Path, list_2021: ListDocument
):
    """Shift+Enter between a heading and its totals: two lines as printed,
    not one (which lost the section and its 475 agreements)."""
    lines = lines_of(
        paragraph(text_run("Department Level Agreements\n64 countries and regions"))
    )
    assert lines == ["Department Level Agreements", "64 countries and regions"]


def test_table_rows_inside_a_content_control_are_read():
    rows = row(cell("Asia"), cell("Korea (1)"), cell("Yonsei"), cell(""))
    lines = lines_of(
        table(
            HEADER,
            f"<w:sdt><w:sdtContent>{rows}</w:sdtContent></w:sdt>",
            f"<w:customXml>{rows}</w:customXml>",
        )
    )
    assert lines[1:] == ["Asia\tKorea (1)\tYonsei\tunknown"] * 2


def test_a_text_box_and_a_phonetic_guide_are_not_read_into_the_line():
    box = (
        "<w:r><mc:AlternateContent xmlns:mc="
        '"http://schemas.openxmlformats.org/markup-compatibility/2006">'
        "<mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>note</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        "<w:p><w:r><w:t>note</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    ruby = (
        "<w:r><w:ruby><w:rt><w:r><w:t>とうほく</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>東北</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    lines = lines_of(
        paragraph(text_run("Department Level Agreements"), box),
        table(
            HEADER,
            row(*KOREA, cell(text_run("KAIST") + box), cell(ruby + text_run("大学"))),
        ),
    )
    assert lines == [
        "Department Level Agreements",
        "Area\tCountry / Region\tPartner\tYear",
        "Asia\tKorea (1)\tKAIST\t東北大学",
    ]


def test_word_on_off_values_and_character_styles_decide_what_is_hidden():
    styles = (
        '<w:style w:type="character" w:styleId="Gone"><w:rPr><w:vanish/></w:rPr>'
        "</w:style>"
    )
    read = read_of(
        table(
            HEADER,
            row(
                *KOREA,
                cell(
                    text_run("KAIST")
                    + text_run(" (old)", properties='<w:rStyle w:val="Gone"/>')
                    + text_run(" Daejeon", properties='<w:vanish w:val="off"/>')
                ),
                cell("2003/02/01"),
            ),
            row(*KOREA, cell("Yonsei"), cell("")).replace(
                "<w:tr>", '<w:tr><w:trPr><w:hidden w:val="0"/></w:trPr>'
            ),
        ),
        styles=styles,
    )
    assert read.text.split("\n")[1:] == [
        "Asia\tKorea (1)\tKAIST Daejeon\t2003/02/01",
        "Asia\tKorea (1)\tYonsei\tunknown",
    ]
    assert [a.seen for a in read.anomalies] == ["table 1, row 2: (old)"]


def test_a_merge_down_a_column_ends_at_a_row_without_that_column():
    short = row(cell("Asia"), cell("Korea (1)"), cell("Osaka")).replace(
        "<w:tr>", '<w:tr><w:trPr><w:gridAfter w:val="1"/></w:trPr>'
    )
    lines = lines_of(
        table(
            HEADER,
            row(*KOREA, cell("KAIST"), cell("2001/01/01", merge="restart")),
            row(*KOREA, cell("Yonsei"), cell(merge="continue")),
            short,
        )
    )
    assert lines[1:] == [
        "Asia\tKorea (1)\tKAIST\t2001/01/01",
        "Asia\tKorea (1)\tYonsei\t2001/01/01",
        "Asia\tKorea (1)\tOsaka\tunknown",
    ]


def test_bullets_of_a_list_style_or_a_level_override_are_entries():
    numbering = (
        '<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="Bullets"/>'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Bullets"/>'
        "</w:abstractNum>"
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0">'
        '<w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:lvlOverride></w:num>'
    )
    lines = lines_of(
        paragraph(text_run("Yonsei University"), numbered="5"),
        paragraph(text_run("Korea University"), numbered="6"),
        numbering=numbering,
    )
    assert lines == ["- Yonsei University", "- Korea University"]


def test_a_strict_open_xml_document_is_read_and_an_empty_one_refused(tmp_path: Path):
    strict = 'xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"'
    document = docx_bytes(
        table(HEADER, row(*KOREA, cell("KAIST"), cell(""))), namespace=strict
    )
    assert read_source(saved(tmp_path, document)).text.split("\n")[1] == (
        "Asia\tKorea (1)\tKAIST\tunknown"
    )
    with pytest.raises(
        ImportInputError, match=r"empty\.docx: the document shows no text"
    ):
        read_source(saved(tmp_path, docx_bytes(paragraph()), "empty.docx"))


def test_a_cell_spanning_300000_columns_is_read_as_a_few():
    """A hostile or damaged file: a span past any list's columns is cut to
    MAX_COLUMNS instead of padding every row to 300,000 cells."""
    wide = (
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="300000"/></w:tcPr><w:p/></w:tc></w:tr>'
    )
    sheet = read_document(docx_bytes(table(HEADER, wide)))
    assert max(len(row) for row in sheet.cells) <= MAX_COLUMNS


def test_an_absolute_tab_separates_words():
    ptab = (
        '<w:r><w:t>Korea</w:t><w:ptab w:relativeTo="margin" w:alignment="right"'
        ' w:leader="none"/><w:t>(1)</w:t></w:r>'
    )
    assert lines_of(paragraph(ptab)) == ["Korea (1)"]
