"""A word-processing document (DOCX) in the list's own layout -> a sheet of rows.

The document an office writes its list in holds what the PDF only draws: its
tables' cells, which of them are merged (`w:vMerge` down a column, `w:gridSpan`
across), where each row ends. `read_document` lays the document's body out as
one `workbook.Sheet`: a paragraph is a row with one cell, a table's row a row
of its grid's cells, each table's rows marked as a table. `workbook.
sheets_to_text` then reads it as it reads a spreadsheet: the table with a Year
column through the ruled reader's rows, the rest as lines.

Text is read as Word prints it: a cell's paragraphs and line breaks are its
lines (joined as a wrapped cell's are), a tab inside a cell is a space, an
optional hyphen is nothing, an item of a bulleted list starts with the list's
bullet (`- `, whatever glyph Word draws). Deleted text of tracked changes is
not read; neither is a row Word hides (reported, `hidden-cells`) nor text
formatted hidden (`w:vanish`; reported, `hidden-text`).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from accord.importer.ruled import join_cell_lines
from accord.importer.workbook import Range, Sheet

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
BODY = "word/document.xml"
NUMBERING = "word/numbering.xml"
STYLES = "word/styles.xml"
# What a bulleted list item reads as: the list's own bullet, whatever glyph
# Word draws for it.
BULLET = "- "


def _xml(data: bytes) -> etree._Element:
    # No network, no entities: a document is data, never instructions.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


class _Bullets:
    """Which paragraphs are items of a bulleted list: by their own numbering
    (`w:numPr`) or their style's, and the list's level format (numbering.xml)."""

    def __init__(
        self, numbering: etree._Element | None, styles: etree._Element | None
    ) -> None:
        formats: dict[str, dict[str, str]] = {}  # abstract list -> level -> format
        self.lists: dict[str, dict[str, str]] = {}  # numId -> level -> format
        if numbering is not None:
            for abstract in numbering.findall(f"{W}abstractNum"):
                levels = {}
                for level in abstract.findall(f"{W}lvl"):
                    found = level.find(f"{W}numFmt")
                    if found is not None:
                        levels[level.get(f"{W}ilvl", "0")] = found.get(f"{W}val", "")
                formats[abstract.get(f"{W}abstractNumId", "")] = levels
            for number in numbering.findall(f"{W}num"):
                abstract_id = number.find(f"{W}abstractNumId")
                if abstract_id is not None:
                    key = abstract_id.get(f"{W}val", "")
                    self.lists[number.get(f"{W}numId", "")] = formats.get(key, {})
        # styleId -> (numId, ilvl, based on)
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        if styles is not None:
            for style in styles.findall(f"{W}style"):
                number, level = _numbering(style.find(f"{W}pPr"))
                based = style.find(f"{W}basedOn")
                self.styles[style.get(f"{W}styleId", "")] = (
                    number,
                    level,
                    based.get(f"{W}val") if based is not None else None,
                )

    def is_bulleted(self, paragraph: etree._Element) -> bool:
        properties = paragraph.find(f"{W}pPr")
        number, level = _numbering(properties)
        style = properties.find(f"{W}pStyle") if properties is not None else None
        name = style.get(f"{W}val") if style is not None else None
        seen: set[str] = set()
        while name and name not in seen and (number is None or level is None):
            seen.add(name)
            style_number, style_level, name = self.styles.get(name, (None, None, None))
            number = number if number is not None else style_number
            level = level if level is not None else style_level
        if not number or number == "0":  # numId 0 takes numbering away
            return False
        return self.lists.get(number, {}).get(level or "0") == "bullet"


def _numbering(properties: etree._Element | None) -> tuple[str | None, str | None]:
    found = properties.find(f"{W}numPr") if properties is not None else None
    if found is None:
        return None, None
    number, level = found.find(f"{W}numId"), found.find(f"{W}ilvl")
    return (
        number.get(f"{W}val") if number is not None else None,
        level.get(f"{W}val") if level is not None else None,
    )


def is_document(data: bytes) -> bool:
    """Whether a ZIP archive is a word-processing document."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return BODY in archive.namelist()


def read_document(data: bytes) -> Sheet:
    """The document's body as one sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        parts = {
            name: _xml(archive.read(name))
            for name in (BODY, NUMBERING, STYLES)
            if name in names
        }
    body = parts[BODY].find(f"{W}body")
    layout = _Layout(_Bullets(parts.get(NUMBERING), parts.get(STYLES)))
    if body is not None:
        layout.blocks(body)
    width = max((len(row) for row in layout.rows), default=0)
    cells = tuple(tuple(row) + ("",) * (width - len(row)) for row in layout.rows)
    sheet = Sheet(
        "document",
        cells,
        tuple(layout.merged),
        hidden_rows=frozenset(layout.hidden_rows),
        tables=tuple(layout.tables),
        row_places=tuple(layout.places),
        hidden_text=layout.hidden_text,
    )
    return sheet


class _Layout:
    """The body's rows as they are laid out, paragraph by paragraph and table
    row by table row."""

    def __init__(self, bullets: _Bullets) -> None:
        self.bullets = bullets
        self.rows: list[list[str]] = []
        self.places: list[str] = []
        self.merged: list[Range] = []
        self.tables: list[tuple[int, int]] = []
        self.hidden_rows: set[int] = set()
        self.hidden_text: dict[int, str] = {}
        self.paragraphs = 0

    def blocks(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == f"{W}p":
                self.paragraphs += 1
                where = f"paragraph {self.paragraphs}"
                text = self.text_of([child], len(self.rows))
                if text and self.bullets.is_bulleted(child):
                    text = BULLET + text
                self.rows.append([text])
                self.places.append(where)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                # A content control or custom markup around paragraphs and tables.
                content = child.find(f"{W}sdtContent")
                self.blocks(content if content is not None else child)

    def table(self, table: etree._Element) -> None:
        number = len(self.tables) + 1
        first = len(self.rows)
        # Per grid column, the merged range open down it (its index in `merged`).
        open_down: dict[int, int] = {}
        for n, tr in enumerate(table.findall(f"{W}tr"), start=1):
            r = len(self.rows)
            where = f"table {number}, row {n}"
            properties = tr.find(f"{W}trPr")
            column = _int(properties, "gridBefore") if properties is not None else 0
            if properties is not None and properties.find(f"{W}hidden") is not None:
                self.hidden_rows.add(r)
            row = [""] * column
            for tc in _cells(tr):
                span = _int(tc.find(f"{W}tcPr"), "gridSpan") or 1
                merge = _vertical_merge(tc)
                text = self.text_of(tc.findall(f".//{W}p"), r)
                row += [text] + [""] * (span - 1)
                columns = range(column, column + span)
                if merge == "continue" and column in open_down:
                    k = open_down[column]
                    r0, _, c0, c1 = self.merged[k]
                    self.merged[k] = (r0, r, c0, c1)
                    row[column] = ""  # a continued cell's text is the range's
                else:
                    for c in columns:
                        open_down.pop(c, None)
                    if merge == "restart" or span > 1:
                        self.merged.append((r, r, column, column + span - 1))
                        if merge == "restart":
                            open_down[column] = len(self.merged) - 1
                column += span
            self.rows.append(row)
            self.places.append(where)
        self.tables.append((first, len(self.rows)))

    def text_of(self, paragraphs: list[etree._Element], row: int) -> str:
        """The paragraphs' text as printed, one line each (and one per break);
        what they hide is kept by row, to report."""
        lines: list[str] = []
        hidden: list[str] = []
        for paragraph in paragraphs:
            line: list[str] = []
            for run in paragraph.iter(f"{W}r"):
                if _in_fallback_or_deleted(run, paragraph):
                    continue
                texts = _run_text(run)
                if _vanished(run):
                    hidden += [t for t in texts if t.strip()]
                    continue
                for piece in texts:
                    if piece == "\n":
                        lines.append("".join(line))
                        line = []
                    else:
                        line.append(piece)
            lines.append("".join(line))
        if hidden:
            kept = self.hidden_text.get(row, "")
            self.hidden_text[row] = " ".join([kept, *hidden]).strip()
        return join_cell_lines(t.strip() for t in lines if t.strip())


def _cells(tr: etree._Element) -> list[etree._Element]:
    """A row's cells, those inside content controls too."""
    found = []
    for child in tr:
        if child.tag == f"{W}tc":
            found.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            found += _cells(content if content is not None else child)
    return found


def _vertical_merge(tc: etree._Element) -> str:
    """ "restart", "continue" or "" (no vertical merge)."""
    properties = tc.find(f"{W}tcPr")
    merge = properties.find(f"{W}vMerge") if properties is not None else None
    if merge is None:
        return ""
    return "restart" if merge.get(f"{W}val") == "restart" else "continue"


def _int(properties: etree._Element | None, name: str) -> int:
    if properties is None:
        return 0
    found = properties.find(f"{W}{name}")
    value = found.get(f"{W}val") if found is not None else None
    return int(value) if value and value.isdigit() else 0


def _run_text(run: etree._Element) -> list[str]:
    """A run's text in order; "\\n" for a line break."""
    out = []
    for child in run:
        tag = child.tag
        if tag == f"{W}t":
            out.append(child.text or "")
        elif tag == f"{W}tab":
            out.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
    return out


def _vanished(run: etree._Element) -> bool:
    properties = run.find(f"{W}rPr")
    if properties is None:
        return False
    vanish = properties.find(f"{W}vanish")
    return vanish is not None and vanish.get(f"{W}val") not in ("0", "false")


def _in_fallback_or_deleted(run: etree._Element, paragraph: etree._Element) -> bool:
    """A run of deleted text (tracked changes), or of the fallback a newer
    feature keeps for older readers (its text is also in the feature)."""
    node = run.getparent()
    while node is not None and node is not paragraph:
        if node.tag in (f"{W}del", f"{W}moveFrom", f"{MC}Fallback"):
            return True
        node = node.getparent()
    return False
