"""read_source: every kind of input, and every bad input refused by name."""

from __future__ import annotations

import os
import subprocess
import threading
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.core.errors import ImportInputError
from accord.core.formats import records_to_csv
from accord.importer.sources import decode, read_source
from tests.importer.pdfs import tab_text_to_pdf
from tests.importer.test_exports import sample_records

SEED = Path(__file__).resolve().parents[2] / "src/accord/data/tohoku-2021/list.txt"
if not SEED.exists():  # the bundled copy lands with the parser; the seed itself
    SEED = Path("/work/shared/seed/000_a27dcf66a7e52d1e.txt")


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def normalised_lines(text: str) -> list[str]:
    """Non-blank lines, cells with collapsed spaces, trailing empty cells dropped."""
    lines = []
    for line in text.split("\n"):
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append("\t".join(cells))
    return lines


def test_it_reads_the_seed_as_tab_separated_text():
    source = read_source(SEED)
    assert (source.kind, source.encoding, source.size) == ("text", "utf-8", 53152)
    assert source.text == seed_text()
    assert len(source.sha256) == 64
    assert not source.is_export


def test_it_reads_a_pdf_table_into_the_seeds_line_form(tmp_path):
    pdf = tab_text_to_pdf(seed_text(), tmp_path / "list.pdf")
    source = read_source(pdf)
    assert source.kind == "pdf"
    assert normalised_lines(source.text) == normalised_lines(seed_text())


def test_it_keeps_blank_leading_cells_of_a_small_generated_pdf(tmp_path):
    rows = "Area\tCountry\tPartner\tYear\nAsia\tChina (2)\tA University\t2001/01/01\n"
    rows += "\t\tB University\t2002/02/02\n\t\t\t2003/03/03\n"
    source = read_source(tab_text_to_pdf(rows, tmp_path / "small.pdf"))
    assert source.text.split("\n") == rows.strip().split("\n")


@pytest.mark.needs("poppler-utils")
def test_it_normalises_pdftotext_layout_output_to_tabs(tmp_path):
    pdf = tab_text_to_pdf(seed_text(), tmp_path / "list.pdf")
    layout = tmp_path / "list-layout.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(layout)], check=True)
    source = read_source(layout)
    assert source.kind == "layout-text"
    assert normalised_lines(source.text) == normalised_lines(seed_text())


def test_it_reads_an_export_csv_as_records(tmp_path):
    path = tmp_path / "agreements.csv"
    path.write_text(records_to_csv(sample_records()), encoding="utf-8")
    source = read_source(path)
    assert (source.kind, source.text) == ("csv", "")
    assert source.records == tuple(sample_records())


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le")],
)
def test_it_decodes_a_list_saved_in_another_unicode_encoding(
    tmp_path, encoding, expected
):
    path = tmp_path / "list.txt"
    path.write_bytes(seed_text().encode(encoding))
    source = read_source(path)
    assert (source.kind, source.encoding) == ("text", expected)
    assert source.text == seed_text()


def test_it_decodes_shift_jis_when_it_can_only_be_japanese(tmp_path):
    text = "東北大学 学術交流協定一覧\n" + seed_text()
    path = tmp_path / "list-sjis.txt"
    path.write_bytes(text.encode("shift_jis", errors="replace"))
    source = read_source(path)
    assert source.encoding == "shift_jis"
    assert source.text.startswith("東北大学 学術交流協定一覧\n")


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "the file is empty", None),
        (b"  \n\t\n", "the file is empty", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data", None),
        (bytes(range(1, 32)) * 40, "binary data", None),
        (b"<!DOCTYPE html>\n<html><body>Login</body></html>", "an HTML page", 1),
        (b"  <html lang='en'><head>", "an HTML page", 1),
        ("China\n- * Universität Wien\n".encode("latin-1"), "not UTF-8", 2),
        ("- * Tsinghua\n- * Göttingen\n".encode("cp1252"), "not UTF-8", 2),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Office", None),
        (b"PK\x03\x04" + b"\x00" * 64, "cannot be read", None),
        (b"%PDF-1.4\n1 0 obj\n<<", "the PDF cannot be read", None),
        ("China\n- * Tsinghua".encode("utf-16")[:-1], "not valid UTF-16", None),
    ],
)
def test_it_refuses_bad_input_naming_the_file(tmp_path, content, message, line):
    path = tmp_path / "list.txt"
    if content.startswith(b"PK"):
        path = tmp_path / "list.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportInputError) as caught:
        read_source(path)
    assert message in caught.value.message
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(str(path))


def test_it_refuses_a_zip_that_is_not_a_workbook_or_document(tmp_path):
    path = tmp_path / "list.odt"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(ImportInputError, match=r"a ZIP archive \(\.odt file\).*DOCX"):
        read_source(path)


def test_it_refuses_a_missing_file_and_a_directory(tmp_path):
    with pytest.raises(ImportInputError, match="no such file"):
        read_source(tmp_path / "absent.txt")
    with pytest.raises(ImportInputError, match="is a directory"):
        read_source(tmp_path)


def test_it_refuses_a_pdf_without_text(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(tmp_path / "scan.pdf"))
    canvas.rect(10, 10, 100, 100)
    canvas.save()
    with pytest.raises(ImportInputError, match="no text layer"):
        read_source(tmp_path / "scan.pdf")


def test_it_refuses_a_100_mb_file_in_bounded_memory(tmp_path):
    path = tmp_path / "huge.txt"
    block = (seed_text() * 20).encode("utf-8")
    with path.open("wb") as handle:
        while handle.tell() < 100 * 1024 * 1024:
            handle.write(block)
    tracemalloc.start()
    try:
        with pytest.raises(ImportInputError) as caught:
            read_source(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "larger than 33554432 bytes" in caught.value.message
    assert "ACCORD_IMPORT_MAX_BYTES" in caught.value.message
    assert peak < 4 * 1024 * 1024


def test_the_size_limit_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_IMPORT_MAX_BYTES", "1000")
    with pytest.raises(ImportInputError, match="larger than 1000 bytes"):
        read_source(SEED)
    monkeypatch.setenv("ACCORD_IMPORT_MAX_BYTES", "60000")
    assert read_source(SEED).size == 53152


def test_it_counts_bytes_while_reading_a_stream_with_no_size(tmp_path):
    fifo = tmp_path / "stream"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(b"x" * 5000))
    writer.start()
    with pytest.raises(ImportInputError, match="larger than 1000 bytes"):
        read_source(fifo, limit=1000)
    writer.join(timeout=10)


def test_it_decodes_utf16_without_a_bom_only_when_the_pattern_is_plain():
    assert decode("- * Tsinghua University\n".encode("utf-16-be")) == (
        "- * Tsinghua University\n",
        "utf-16-be",
    )


@settings(max_examples=150, deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda t: t.encode("utf-8")),
        st.sampled_from(
            [b"%PDF-1.7\n", b"PK\x03\x04", b"level,institution,country_code\n", b"[{"]
        ).flatmap(lambda head: st.binary(max_size=300).map(lambda tail: head + tail)),
    ),
    suffix=st.sampled_from([".txt", ".csv", ".json", ".xlsx", ".pdf", ""]),
)
def test_it_raises_nothing_but_its_own_error_on_arbitrary_bytes(
    tmp_path_factory, content, suffix
):
    path = tmp_path_factory.mktemp("any") / f"input{suffix}"
    path.write_bytes(content)
    try:
        source = read_source(path)
    except ImportInputError as error:
        assert error.path == str(path)
        assert error.message
    else:
        assert source.sha256 and source.size == len(content)
        assert source.text or source.records is not None


def test_a_text_list_that_starts_with_a_bracket_is_not_json(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("[Draft] Academic Exchange Agreements\n- * A (2001.1.1)\n")
    assert read_source(path).kind == "text"


def test_it_recognises_an_export_csv_by_its_header_whatever_its_name(tmp_path):
    path = tmp_path / "agreements.txt"
    path.write_text(records_to_csv(sample_records()), encoding="utf-8-sig")
    source = read_source(path)
    assert (source.kind, source.encoding) == ("csv", "utf-8-sig")
    assert len(source.records) == 4


def test_it_reads_an_export_workbook(tmp_path):
    from accord.core.formats import records_to_xlsx

    path = tmp_path / "agreements.xlsx"
    path.write_bytes(records_to_xlsx(sample_records()))
    source = read_source(path)
    assert source.kind == "xlsx"
    assert source.records == tuple(sample_records())


def test_it_drops_the_form_feeds_between_pages(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("China\t(79)\n\fAcademic Exchange\nNext\n", encoding="utf-8")
    assert read_source(path).text == "China\t(79)\nAcademic Exchange\nNext\n"
