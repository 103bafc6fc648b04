"""Word-processing documents (DOCX) written by hand, the WordprocessingML a word
processor saves: an agreement list in its own layout (`list_docx`), or any body
of paragraphs and tables (`docx_bytes`), so that tests can put in it what Word
does (merged cells, hidden text, tracked deletions, line breaks)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from tests.importer.ruled_layout import HEADER, table_cells
from tests.importer.ruled_pdfs import (
    INTERNATIONAL,
    ListDocument,
    university_lines,
)

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OOXML = "http://schemas.openxmlformats.org"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Types xmlns="{OOXML}/package/2006/content-types">'
    '<Default Extension="rels" ContentType='
    '"application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{MAIN}.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{OOXML}/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type='
    f'"{OOXML}/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def run(text: str, *, hidden: bool = False, properties: str = "") -> str:
    """A run of text; "\\n" in it is a line break; `properties` its w:rPr's
    insides."""
    properties = "<w:rPr><w:vanish/></w:rPr>" if hidden else properties
    if properties and not properties.startswith("<w:rPr>"):
        properties = f"<w:rPr>{properties}</w:rPr>"
    parts = [f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in text.split("\n")]
    return f"<w:r>{properties}{'<w:br/>'.join(parts)}</w:r>"


def paragraph(*runs: str, numbered: str = "", style: str = "") -> str:
    """A paragraph; `numbered` makes it an item of that list (its numId),
    `style` gives it a paragraph style."""
    properties = f'<w:pStyle w:val="{style}"/>' if style else ""
    if numbered:
        properties += (
            f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbered}"/></w:numPr>'
        )
    return f"<w:p><w:pPr>{properties}</w:pPr>{''.join(runs)}</w:p>"


# Two lists as Word defines them: numId 1 bulleted ("-" drawn as a glyph of
# its own), numId 2 numbered; and a "List Bullet" style that is list 1.
NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>'
    '<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0">'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>'
    "</w:numbering>"
)
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {NS}>'
    '<w:style w:type="paragraph" w:styleId="ListBullet"><w:pPr><w:numPr>'
    '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Entry"><w:basedOn w:val="ListBullet"/>'
    "</w:style></w:styles>"
)


def cell(content: str = "", *, merge: str = "", span: int = 1) -> str:
    """A table cell; `merge` "restart" or "continue" merges it down its column,
    `span` across columns. `content` is runs (or text)."""
    properties = ""
    if span > 1:
        properties += f'<w:gridSpan w:val="{span}"/>'
    if merge == "restart":
        properties += '<w:vMerge w:val="restart"/>'
    elif merge == "continue":
        properties += "<w:vMerge/>"
    runs = content if content.startswith("<w:") else (run(content) if content else "")
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraph(runs)}</w:tc>"


def row(*cells: str, hidden: bool = False) -> str:
    properties = "<w:trPr><w:hidden/></w:trPr>" if hidden else ""
    return f"<w:tr>{properties}{''.join(cells)}</w:tr>"


def table(*rows: str) -> str:
    return f"<w:tbl>{''.join(rows)}</w:tbl>"


def docx_bytes(
    *blocks: str,
    lists: bool = False,
    numbering: str = "",
    styles: str = "",
    namespace: str = NS,
) -> bytes:
    """The document of these blocks; with `lists`, its numbering and styles
    define the lists above; `numbering` and `styles` are the insides of those
    parts, to give others."""
    body = "".join(blocks)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {namespace}><w:body>{body}</w:body></w:document>"
    )
    if numbering:
        numbering = f"<w:numbering {NS}>{numbering}</w:numbering>"
    if styles:
        styles = f"<w:styles {NS}>{styles}</w:styles>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
        if lists or numbering:
            archive.writestr("word/numbering.xml", numbering or NUMBERING)
        if lists or styles:
            archive.writestr("word/styles.xml", styles or STYLES)
    return out.getvalue()


def list_docx(doc: ListDocument, *, bullets: bool = False) -> bytes:
    """The whole list, its department-level table with merged cells; with
    `bullets`, its entries a bulleted list (Word draws the bullet, the text
    holds none) instead of lines starting "- "."""
    lines = university_lines(doc)
    rows = doc.department
    countries = {r["country_code"] for r in rows if r["region"] != INTERNATIONAL}
    lines += [
        "Department Level Agreements",
        f"{len(countries)} countries and regions, {len(rows)} institutions",
    ]
    blocks = [
        paragraph(run(line[2:]), numbered="1")
        if bullets and line.startswith("- ")
        else paragraph(run(line))
        for line in lines
    ]
    texts, cells = table_cells(rows, doc.labels)
    starts = {(c.first, c.column): c.last - c.first + 1 for c in cells}
    header = row(*(cell(h.format(home=doc.home)) for h in HEADER))
    body = []
    for i, texts_of_row in enumerate(texts):
        tcs = []
        for column, text in enumerate(texts_of_row):
            span = starts.get((i, column))
            if span is None:
                tcs.append(cell(merge="continue"))
            else:
                tcs.append(cell(text, merge="restart" if span > 1 else ""))
        body.append(row(*tcs))
    blocks.append(table(header, *body))
    return docx_bytes(*blocks, lists=bullets)
