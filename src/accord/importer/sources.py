"""Read an input file: refuse what is not a list, decode what is, say which kind.

`read_source(path)` returns a `SourceText` whose `text` is always the
tab-separated line form the layout parser reads, whatever the file was:

| kind          | file                                   | text                       |
| ------------- | -------------------------------------- | -------------------------- |
| `text`        | the seed's form (cells separated by tabs) | as is                   |
| `layout-text` | `pdftotext -layout` output (runs of spaces) | normalised to tabs     |
| `pdf`         | the PDF itself (pdfplumber)            | ruled tables: row by row;  |
|               |                                        | other text: by its words   |
| `workbook`    | an XLSX in the list's own layout       | its cells (workbook.py)    |
| `document`    | a DOCX in the list's own layout        | its cells (word.py)        |
| `delimited`   | a CSV in the list's own layout         | a line per record, tabs    |
| `csv`/`xlsx`/`json` | Accord's own export schema       | "" — `records` holds them  |

A workbook, a document or a CSV is the export when its first row names the
export's columns (`level`, `institution`, ...), else a list in its own layout.

Export-schema files bypass the layout parser: their rows are validated field by
field into `records`.

Refused with an ImportInputError naming the file (and line, where there is
one): an empty file, binary data, an HTML page, a file larger than
`ACCORD_IMPORT_MAX_BYTES` (default 32 MiB; read in chunks, so a huge file is
refused without being loaded), text in an encoding that cannot be told for
certain. Decoded: UTF-8 with or without BOM, UTF-16/32 with a BOM, Shift_JIS
when the bytes can only be Japanese text.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TypeVar

from accord.core.env import env_int
from accord.core.errors import ImportInputError
from accord.core.formats import csv_to_records, json_to_records, xlsx_to_records
from accord.core.records import EXPORT_FIELDS, Record
from accord.importer.anomalies import Anomaly
from accord.importer.delimited import csv_to_lines
from accord.importer.layout import layout_text_to_tab_text, looks_like_layout_text
from accord.importer.pdf import PdfText
from accord.importer.ruled import RuledRow
from accord.importer.word import is_document, read_document
from accord.importer.workbook import Sheet, read_sheets, sheets_to_text

T = TypeVar("T")
Kind = Literal[
    "text",
    "layout-text",
    "pdf",
    "workbook",
    "document",
    "delimited",
    "csv",
    "xlsx",
    "json",
]

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
# How much larger than the file an Office file's parts may be once inflated.
EXPANSION = 8
CHUNK_BYTES = 1024 * 1024
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML = re.compile(
    rb"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I
)
_JSON_START = re.compile(r"\s*(\{|\[\s*[{\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Japanese script, and the punctuation and symbols Shift_JIS also holds (†, ※).
_JAPANESE = re.compile(
    r"[\u2010-\u266f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60]"
)
_JAPANESE_RUN = re.compile(r"[\u3040-\u30ff]|[\u3400-\u4dbf\u4e00-\u9fff]{2}")
_LATIN_SANDWICH = re.compile(
    r"[A-Za-z][\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff61-\uff9f][A-Za-z]"
)


@dataclass(frozen=True)
class SourceText:
    """One input file as read: its kind, text (tab-separated lines) and digest."""

    path: str
    kind: Kind
    text: str
    sha256: str
    size: int
    encoding: str = ""
    records: tuple[Record, ...] | None = None
    # A PDF's ruled table rows (each with its line in `text`) and the page
    # headers and footers its reading dropped, for `accord parse --explain`.
    ruled: tuple[RuledRow, ...] = ()
    dropped: tuple[str, ...] = ()
    # What reading the file decided that its text no longer shows (a PDF's
    # table row cut by a page break and joined): the pipeline reports them.
    anomalies: tuple[Anomaly, ...] = ()
    # A workbook's: where in it each line of `text` comes from ("sheet 'X', row N").
    places: tuple[str, ...] = ()

    @property
    def is_export(self) -> bool:
        """True for Accord's own export schema (records, no layout to parse)."""
        return self.records is not None


def max_bytes() -> int:
    """The largest input accepted, from ACCORD_IMPORT_MAX_BYTES."""
    return env_int("ACCORD_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES, minimum=1)


def read_bytes(path: Path, limit: int) -> tuple[bytes, str]:
    """The file's bytes and SHA-256, read in chunks; refused past `limit`."""
    name = str(path)
    too_large = ImportInputError(
        f"the file is larger than {limit} bytes (ACCORD_IMPORT_MAX_BYTES); "
        "an agreement list is far smaller",
        path=name,
    )
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                raise too_large
            digest = hashlib.sha256()
            parts: list[bytes] = []
            size = 0
            # A pipe or a growing file has no reliable size: count while reading.
            while chunk := handle.read(CHUNK_BYTES):
                size += len(chunk)
                if size > limit:
                    raise too_large
                digest.update(chunk)
                parts.append(chunk)
    except IsADirectoryError:
        raise ImportInputError("is a directory, not a file", path=name) from None
    except FileNotFoundError:
        raise ImportInputError("no such file", path=name) from None
    except OSError as exc:
        raise ImportInputError(f"cannot be read: {exc.strerror}", path=name) from None
    return b"".join(parts), digest.hexdigest()


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_japanese(text: str) -> bool:
    """Shift_JIS decodes many Latin-1 byte pairs into stray kanji; real
    Japanese text has kana or runs of kanji, never one kanji between two
    Latin letters ("Universit\xe4t" read as Shift_JIS)."""
    others = [ch for ch in text if ord(ch) > 0x7F]
    japanese = [ch for ch in others if _JAPANESE.match(ch)]
    return (
        bool(others)
        and len(japanese) >= 0.9 * len(others)
        and _JAPANESE_RUN.search(text) is not None
        and _LATIN_SANDWICH.search(text) is None
    )


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    if odd_zero > 0.9 and even_zero < 0.1:
        return "utf-16-le"
    if even_zero > 0.9 and odd_zero < 0.1:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str = "") -> tuple[str, str]:
    """The text and the encoding it was in; refused when not certain.

    >>> decode("Universität".encode("utf-16"))
    ('Universität', 'utf-16')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, path), encoding
    if (guess := _utf16_without_bom(data)) is not None:
        return _strict(data, guess, path), guess
    if b"\x00" in data:
        raise ImportInputError(
            f"binary data (a NUL byte on line {_line_of(data, data.index(0))}), "
            "not a text list",
            path=path,
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_japanese(text):
        return text, "shift_jis"
    byte = data[utf8_error.start]
    raise ImportInputError(
        f"not UTF-8 (byte 0x{byte:02x} cannot be decoded) and its encoding cannot "
        "be told for certain (Latin-1? Windows-1252?); save the file as UTF-8",
        path=path,
        line=_line_of(data, utf8_error.start),
    )


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportInputError(
            f"not valid {encoding.upper()} at byte {exc.start} (a truncated file?)",
            path=path,
        ) from None


def _refuse_non_text(text: str, path: str) -> None:
    if not text.strip():
        raise ImportInputError("the file is empty", path=path)
    controls = _CONTROL.findall(text[:65536])
    if len(controls) > max(2, len(text[:65536]) // 100):
        raise ImportInputError("binary data, not a text list", path=path)
    if _HTML.match(text[:2048].lstrip("\ufeff").encode("utf-8", "replace")):
        raise ImportInputError(
            "an HTML page, not an agreement list (a saved web page or an error "
            "page from a download?)",
            path=path,
            line=1,
        )


def _names_export_columns(text: str) -> bool:
    """Whether a CSV's first row names export columns: an export (a misspelt
    column too, so that its error names it), not a list in its own layout."""
    first = text.split("\n", 1)[0].lstrip("\ufeff")
    names = {cell.strip().strip('"') for cell in re.split("[,;\t]", first)}
    return bool(names & _EXPORT_MARKS)


def _is_export_csv(text: str) -> bool:
    first = text.split("\n", 1)[0].strip().lstrip("\ufeff")
    names = {cell.strip().strip('"') for cell in first.split(",")}
    return len(names) > 1 and names >= {"level", "institution"} | {"country_code"}


def _read_pdf(data: bytes, path: str) -> PdfText:
    from accord.importer.pdf import read_pdf

    try:
        read = read_pdf(data)
    except Exception as exc:  # pdfminer raises many unrelated types on bad files
        raise ImportInputError(
            f"the PDF cannot be read (damaged or truncated?): {exc}", path=path
        ) from None
    if not read.text.strip():
        raise ImportInputError(
            "the PDF has no text layer (a scan?); Accord does not read images",
            path=path,
        )
    return read


def _office(read: Callable[[], T], path: str, what: str = "workbook") -> T:
    """`read()` of an Office file, its failures an ImportInputError naming it."""
    try:
        return read()
    except ImportInputError:
        raise
    except Exception as exc:  # openpyxl, zipfile, lxml raise many types on bad files
        form = "DOCX" if what == "document" else "XLSX"
        raise ImportInputError(
            f"the {what} cannot be read (damaged, or not {form}?): {exc}", path=path
        ) from None


def _check_archive(data: bytes, path: str, most: int) -> None:
    """Refuse an Office file whose parts would expand past `most` bytes (a ZIP
    bomb) before any reader inflates them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader names the damage
    if size > most:
        raise ImportInputError(
            f"the archive expands to {size} bytes, more than {most} "
            f"({EXPANSION} times ACCORD_IMPORT_MAX_BYTES); an agreement list is far "
            "smaller",
            path=path,
        )


def _refuse_without_text(text: str, path: str, what: str) -> None:
    if not text.strip():
        raise ImportInputError(
            f"the {what} shows no text (empty, every sheet or row hidden, or a "
            "form Accord does not read)",
            path=path,
        )


def _is_export_workbook(data: bytes) -> bool:
    """Whether a workbook is Accord's export (its first sheet's first row names
    export columns) rather than a list in its own layout. An export whose
    header has a typo is still one, so that its error names the column."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not book.worksheets:
            return True  # refused as an empty export, naming the file
        first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
    finally:
        book.close()
    names = {str(cell).strip() for cell in first if cell is not None}
    return bool(names & _EXPORT_MARKS)


# Columns only the export schema names: a list's header reads "Partner
# Institution", "Year", never these.
_EXPORT_MARKS = {"level", "institution", "country_code", "concluded_on"}


def read_source(path: str | Path, *, limit: int | None = None) -> SourceText:
    """Read one input file into the tab-separated text form, or its records.

    Raises ImportInputError for anything that is not a readable list.
    """
    path = Path(path)
    name = str(path)
    data, sha256 = read_bytes(path, max_bytes() if limit is None else limit)
    suffix = path.suffix.lower()

    def source(
        kind: Kind,
        text: str = "",
        encoding: str = "",
        records: list[Record] | None = None,
    ) -> SourceText:
        kept = None if records is None else tuple(records)
        return SourceText(name, kind, text, sha256, len(data), encoding, kept)

    def laid_out(kind: Kind, sheets: Callable[[], list[Sheet]]) -> SourceText:
        """A workbook or document in the list's own layout, read from its cells."""
        read = _office(lambda: sheets_to_text(sheets()), name, kind)
        _refuse_without_text(read.text, name, kind)
        return replace(
            source(kind, read.text),
            ruled=read.ruled,
            places=read.places,
            anomalies=read.anomalies,
        )

    if not data.strip():
        raise ImportInputError("the file is empty", path=name)
    if data.startswith(b"%PDF-"):
        read = _read_pdf(data, name)
        return replace(
            source("pdf", read.text),
            ruled=read.ruled,
            dropped=read.dropped,
            anomalies=read.anomalies,
        )
    if data.startswith(b"PK\x03\x04"):
        _check_archive(
            data, name, EXPANSION * (max_bytes() if limit is None else limit)
        )
        if suffix == ".docx" or (
            suffix == "" and _office(lambda: is_document(data), name, "document")
        ):
            return laid_out("document", lambda: [read_document(data)])
        if suffix not in ("", ".xlsx", ".xlsm"):
            raise ImportInputError(
                f"a ZIP archive ({suffix} file), not a list Accord reads; save it "
                "as XLSX, DOCX or PDF",
                path=name,
            )
        if not _office(lambda: _is_export_workbook(data), name):
            return laid_out("workbook", lambda: read_sheets(data))
        return source(
            "xlsx", records=_office(lambda: xlsx_to_records(data, name), name)
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportInputError(
            "a legacy Office file (.xls/.doc); save it as XLSX, DOCX, CSV or PDF",
            path=name,
        )
    text, encoding = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_non_text(text, name)
    if suffix == ".json" or _JSON_START.match(text):
        return source("json", encoding=encoding, records=json_to_records(text, name))
    if suffix == ".csv" and not _names_export_columns(text):
        lines, places = csv_to_lines(text, name)
        _refuse_without_text(lines, name, "CSV file")
        return replace(source("delimited", lines, encoding), places=places)
    if suffix == ".csv" or _is_export_csv(text):
        return source("csv", encoding=encoding, records=csv_to_records(text, name))
    if looks_like_layout_text(text):
        return source("layout-text", layout_text_to_tab_text(text), encoding)
    # pdftotext ends each page with a form feed at the start of the next page's
    # first line; dropping it keeps line numbers and the line's text clean.
    return source("text", text.replace("\f", ""), encoding)


__all__ = ["EXPORT_FIELDS", "SourceText", "decode", "read_source"]
