"""The printed list: its totals, its pages, and rendering without the network."""

from __future__ import annotations

import datetime
import io
import re
import socket

import pdfplumber
import pytest

from accord.importer.pdf import pdf_to_tab_text
from accord.publish.listing import records_to_list
from accord.publish.render import (
    BASE_URL,
    OfflineFetchRefused,
    _offline_fetcher,
    html_to_pdf,
    render_list_html,
    static_file_for,
)
from tests.publish.seed import records_2021
from tests.system import require

AS_OF = datetime.date(2021, 5, 1)
TITLE = "Academic Exchange Agreements with Foreign Institutions"


@pytest.fixture(scope="module")
def html_2021() -> str:
    listing = records_to_list(records_2021(), AS_OF)
    return render_list_html(listing, "Tohoku University", "Tohoku")


@pytest.fixture(scope="module")
def pdf_2021(html_2021) -> bytes:
    require("libpango-1.0-0")
    return html_to_pdf(html_2021)


def test_the_printed_totals_are_counted_from_the_rows(html_2021):
    assert "Total of 250 institutions" in html_2021
    assert "15 countries and regions, 227 agreements" in html_2021
    assert html_2021.count("China (79)") == 79
    assert html_2021.count("Bangladesh (1)") == 1
    assert "(as of May 1, 2021)" in html_2021
    assert "Department at Tohoku" in html_2021
    assert "(* indicates institutions with which Tohoku has mutually" in html_2021


def test_entries_print_as_the_original_does(html_2021):
    assert ">- * Northeastern University (1983.8.5)<" in html_2021
    assert ">- Chinese Academy of Social Sciences (2008.10.15)<" in html_2021
    assert ">- * University of California, Davis (date unknown)<" in html_2021
    assert (
        '<td class="unit">* GS Engineering</td><td class="year">2019/08/08</td>'
        in html_2021
    )


def page_lines(pdf: bytes) -> list[list[str]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            [line for line in (page.extract_text() or "").split("\n") if line.strip()]
            for page in document.pages
        ]


def test_pages_are_a4_with_the_title_on_each_and_the_table_header_repeated(pdf_2021):
    with pdfplumber.open(io.BytesIO(pdf_2021)) as document:
        sizes = {(round(p.width), round(p.height)) for p in document.pages}
    assert sizes == {(595, 842), (842, 595)}  # A4 portrait, and landscape
    pages = page_lines(pdf_2021)
    assert all(lines[0] == TITLE for lines in pages)
    table_pages = [
        lines
        for lines in pages
        if any(ln.startswith("Area Country / Region") for ln in lines)
    ]
    assert len(table_pages) >= 3
    for lines in table_pages:
        assert any(ln.startswith("Area Country / Region Partner") for ln in lines[:8])


def test_no_table_row_is_split_across_pages(pdf_2021):
    text = pdf_to_tab_text(pdf_2021)
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.startswith("Area\tCountry / Region"):
            first_row = lines[number + 1]
            # A row's first line carries its area; the rest of a split row would not.
            assert re.match(r"^[A-Z][A-Za-z ]+\t", first_row), first_row


@pytest.mark.needs("libpango-1.0-0", "fonts-noto-cjk")
def test_the_japanese_edition_prints_in_a_cjk_font():
    records = [
        {
            "level": "university",
            "region": "Asia",
            "country_code": "CN",
            "country_name": "China",
            "institution": "北京大学 (Peking University)",
            "fee_waiver": True,
            "concluded_on": "1999-11-10",
        }
    ]
    html = render_list_html(
        records_to_list(records, AS_OF), "東北大学", "東北大学", language="ja"
    )
    assert '<html lang="ja">' in html
    assert "大学間協定" in html and "計 1 機関" in html
    # Japanese text takes fullwidth parentheses.
    assert "\uff082021年5月1日現在\uff09" in html
    pdf = html_to_pdf(html)
    assert "北京大学 (Peking University)" in "".join(page_lines(pdf)[0])
    # Every Japanese character is drawn by an embedded font that has a glyph for
    # it (not the empty box a font without Japanese falls back to).
    drawn = japanese_glyphs(pdf)
    assert set("外国大学等北京東協定機関") <= set(drawn)
    assert [ch for ch, covered in drawn.items() if not covered] == []


def japanese_glyphs(pdf: bytes) -> dict[str, bool]:
    """Each Japanese character the PDF draws -> whether the embedded program of
    the font drawing it maps the character to a glyph."""
    from fontTools.ttLib import TTFont
    from pdfminer.pdftypes import resolve1

    drawn: dict[str, bool] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            programs = {}
            for ref in resolve1(page.page_obj.resources["Font"]).values():
                font = resolve1(ref)
                for part in resolve1(font.get("DescendantFonts", [])) or [font]:
                    descriptor = resolve1(resolve1(part)["FontDescriptor"])
                    stream = resolve1(
                        descriptor.get("FontFile3") or descriptor.get("FontFile2")
                    )
                    name = descriptor["FontName"].name
                    cmap = TTFont(io.BytesIO(stream.get_data())).getBestCmap()
                    programs[name] = cmap or {}
            for char in page.chars:
                text = char["text"]
                if len(text) == 1 and not text.isascii() and text.isalpha():
                    glyph = programs.get(char["fontname"], {}).get(ord(text))
                    drawn[text] = drawn.get(text, True) and glyph is not None
    return drawn


def test_every_page_is_numbered_n_of_total(pdf_2021):
    pages = page_lines(pdf_2021)
    assert [lines[-1] for lines in pages] == [
        f"{n} / {len(pages)}" for n in range(1, len(pages) + 1)
    ]


def test_the_fee_waiver_legend_is_on_the_first_page(pdf_2021):
    first = page_lines(pdf_2021)[0]
    assert any(
        line.startswith("(* indicates institutions with which") for line in first
    )
    assert any(line.startswith("- *") for line in first)


def test_the_department_total_counts_agreements_in_matching_nouns():
    one = [
        {
            "level": "department",
            "region": "Europe",
            "country_code": "FR",
            "country_name": "France",
            "institution": "École Centrale de Lyon",
            "home_unit": "GS Engineering",
            "fee_waiver": True,
            "concluded_on": "2006-02-13",
        }
    ]
    html = render_list_html(records_to_list(one, AS_OF), "Tohoku University", "TU")
    assert "1 country or region, 1 agreement<" in html


@pytest.mark.needs("libpango-1.0-0")
def test_it_renders_without_the_network(monkeypatch, html_2021):
    def refuse(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = html_2021.replace(
        "</body>", '<img src="https://example.org/logo.png"></body>'
    )
    assert html_to_pdf(html).startswith(b"%PDF-")


def test_the_fetcher_serves_only_accords_static_files():
    css = static_file_for(BASE_URL + "static/publish/official_list.css")
    assert css is not None and css.name == "official_list.css"
    assert static_file_for(BASE_URL + "static/publish/missing.css") is None
    assert (
        static_file_for("https://example.org/static/publish/official_list.css") is None
    )
    fetcher = _offline_fetcher()
    with pytest.raises(OfflineFetchRefused):
        fetcher.fetch("https://example.org/font.woff2")
    with pytest.raises(OfflineFetchRefused):
        fetcher.fetch("file:///etc/passwd")
