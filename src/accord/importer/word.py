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
import re
import zipfile

from lxml import etree

from accord.core.names import AS_SUPERSCRIPT
from accord.importer.ruled import join_cell_lines
from accord.importer.workbook import Range, Sheet

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Strict Open XML names the same elements in a namespace of its own.
STRICT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# A table's columns past this are no list's: a cell spanning more is a damaged
# or hostile file, read as spanning this many.
MAX_COLUMNS = 64
BODY = "word/document.xml"
NUMBERING = "word/numbering.xml"
STYLES = "word/styles.xml"
# What a bulleted list item reads as: the list's own bullet, whatever glyph
# Word draws for it.
BULLET = "- "


def _xml(data: bytes) -> etree._Element:
    # No network, no entities: a document is data, never instructions.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    # Strict Open XML read as the transitional form it mirrors.
    return etree.fromstring(
        data.replace(STRICT[1:-1].encode(), W[1:-1].encode()), parser
    )


class _Styles:
    """What a paragraph's or a run's formatting says, its styles' included:
    whether a paragraph is an item of a bulleted list (its own numbering or its
    style's; numbering.xml's level format, a list's overrides and lists defined
    by a list style too) and whether a run's text is hidden."""

    def __init__(
        self, numbering: etree._Element | None, styles: etree._Element | None
    ) -> None:
        # styleId -> the style's element; its numbering and formatting are read
        # through `_style_chain` (a style inherits what it is based on).
        self.styles: dict[str, etree._Element] = {}
        if styles is not None:
            for style in styles.findall(f"{W}style"):
                self.styles[style.get(f"{W}styleId", "")] = style
        self.abstract: dict[str, etree._Element] = {}
        self.lists: dict[str, etree._Element] = {}  # numId -> w:num
        if numbering is not None:
            for abstract in numbering.findall(f"{W}abstractNum"):
                self.abstract[abstract.get(f"{W}abstractNumId", "")] = abstract
            for number in numbering.findall(f"{W}num"):
                self.lists[number.get(f"{W}numId", "")] = number

    def is_bulleted(self, paragraph: etree._Element) -> bool:
        properties = paragraph.find(f"{W}pPr")
        number, level = _numbering(properties)
        for style in self._style_chain(_style_of(properties, "pStyle")):
            if number is not None and level is not None:
                break
            style_number, style_level = _numbering(style.find(f"{W}pPr"))
            number = number if number is not None else style_number
            level = level if level is not None else style_level
        if not number or number == "0":  # numId 0 takes numbering away
            return False
        return self._format(number, level or "0") == "bullet"

    def _format(self, number: str, level: str) -> str:
        """The numbering format of a list's level: its override, else its
        abstract list's (that of the list style it follows, if it follows one)."""
        found = self.lists.get(number)
        if found is None:
            return ""
        for override in found.findall(f"{W}lvlOverride"):
            if override.get(f"{W}ilvl") == level:
                fmt = override.find(f"{W}lvl/{W}numFmt")
                if fmt is not None:
                    return str(fmt.get(f"{W}val", ""))
        key = found.find(f"{W}abstractNumId")
        abstract = self.abstract.get(key.get(f"{W}val", "") if key is not None else "")
        link = abstract.find(f"{W}numStyleLink") if abstract is not None else None
        if link is not None:
            # A list that follows a list style: the abstract list defining the
            # style (its w:styleLink) holds the levels.
            abstract = next(
                (
                    a
                    for a in self.abstract.values()
                    if (defines := a.find(f"{W}styleLink")) is not None
                    and defines.get(f"{W}val") == link.get(f"{W}val")
                ),
                None,
            )
        if abstract is None:
            return ""
        for lvl in abstract.findall(f"{W}lvl"):
            if lvl.get(f"{W}ilvl", "0") == level:
                fmt = lvl.find(f"{W}numFmt")
                if fmt is not None:
                    return str(fmt.get(f"{W}val", ""))
        return ""

    def vanished(self, run: etree._Element) -> bool:
        """Whether Word hides the run's text."""
        return self._formatted(run, "vanish")

    def struck(self, run: etree._Element) -> bool:
        """Whether Word prints the run's text struck through, once or twice."""
        return self._formatted(run, "strike") or self._formatted(run, "dstrike")

    def _formatted(self, run: etree._Element, tag: str) -> bool:
        """Whether a run's character formatting `tag` is on: its own
        formatting, else its character style's, else its paragraph style's."""
        properties = run.find(f"{W}rPr")
        if properties is not None and properties.find(f"{W}{tag}") is not None:
            return _on(properties.find(f"{W}{tag}"))
        paragraph = run.getparent()
        while paragraph is not None and paragraph.tag != f"{W}p":
            paragraph = paragraph.getparent()
        chains = [self._style_chain(_style_of(properties, "rStyle"))]
        if paragraph is not None:
            chains.append(
                self._style_chain(_style_of(paragraph.find(f"{W}pPr"), "pStyle"))
            )
        for chain in chains:
            for style in chain:
                found = style.find(f"{W}rPr/{W}{tag}")
                if found is not None:
                    return _on(found)
        return False

    def _style_chain(self, name: str | None) -> list[etree._Element]:
        """A style and those it is based on, nearest first."""
        chain: list[etree._Element] = []
        while name and len(chain) < 16:
            style = self.styles.get(name)
            if style is None or style in chain:
                break
            chain.append(style)
            based = style.find(f"{W}basedOn")
            name = based.get(f"{W}val") if based is not None else None
        return chain


def _style_of(properties: etree._Element | None, tag: str) -> str | None:
    found = properties.find(f"{W}{tag}") if properties is not None else None
    return found.get(f"{W}val") if found is not None else None


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
    layout = _Layout(_Styles(parts.get(NUMBERING), parts.get(STYLES)))
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
        struck_text=layout.struck_text,
    )
    return sheet


class _Layout:
    """The body's rows as they are laid out, paragraph by paragraph and table
    row by table row."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.rows: list[list[str]] = []
        self.places: list[str] = []
        self.merged: list[Range] = []
        self.tables: list[tuple[int, int]] = []
        self.hidden_rows: set[int] = set()
        self.hidden_text: dict[int, str] = {}
        self.struck_text: dict[int, str] = {}
        self.paragraphs = 0

    def blocks(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == f"{W}p":
                self.paragraphs += 1
                # A line break (Shift+Enter) starts a line Word prints on its own.
                lines = self.lines_of([child], len(self.rows)) or [""]
                if lines[0] and self.styles.is_bulleted(child):
                    lines[0] = BULLET + lines[0]
                for k, line in enumerate(lines):
                    self.rows.append([line])
                    where = f"paragraph {self.paragraphs}"
                    self.places.append(where if k == 0 else f"{where}, line {k + 1}")
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
        for n, tr in enumerate(_children(table, "tr"), start=1):
            r = len(self.rows)
            where = f"table {number}, row {n}"
            properties = tr.find(f"{W}trPr")
            column = min(_int(properties, "gridBefore"), MAX_COLUMNS)
            if _on(properties.find(f"{W}hidden") if properties is not None else None):
                self.hidden_rows.add(r)
            row = [""] * column
            covered: set[int] = set()
            for tc in _children(tr, "tc"):
                span = min(max(_int(tc.find(f"{W}tcPr"), "gridSpan"), 1), MAX_COLUMNS)
                merge = _vertical_merge(tc)
                text = self.text_of(_paragraphs(tc), r)
                row += [text] + [""] * (span - 1)
                columns = range(column, column + span)
                covered.update(columns)
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
            # A row without a cell in a column ends what was merged down it.
            for c in [c for c in open_down if c not in covered]:
                del open_down[c]
            self.rows.append(row)
            self.places.append(where)
        self.tables.append((first, len(self.rows)))

    def text_of(self, paragraphs: list[etree._Element], row: int) -> str:
        """The paragraphs' text as one cell's (its lines joined)."""
        return join_cell_lines(self.lines_of(paragraphs, row))

    def lines_of(self, paragraphs: list[etree._Element], row: int) -> list[str]:
        """The paragraphs' printed lines, one a paragraph and one a break; what
        they hide is kept by row, to report."""
        lines: list[str] = []
        hidden: list[str] = []
        struck: list[str] = []
        for paragraph in paragraphs:
            line: list[str] = []
            for run in paragraph.iter(f"{W}r"):
                if _not_in_flow(run, paragraph):
                    continue
                texts = _run_text(run)
                if self.styles.vanished(run):
                    hidden += [t for t in texts if t.strip()]
                    continue
                if self.styles.struck(run):
                    struck += [t for t in texts if t.strip()]
                if _raised(run):
                    after = line[-1][-1:] if line and line[-1] else ""
                    texts = [_as_raised(t, after) for t in texts]
                for piece in texts:
                    if piece == "\n":
                        lines.append("".join(line))
                        line = []
                    else:
                        line.append(piece)
            lines.append("".join(line))
        for found, texts in ((self.hidden_text, hidden), (self.struck_text, struck)):
            if texts:
                found[row] = " ".join([found.get(row, ""), *texts]).strip()
        return [t.strip() for t in lines if t.strip()]


def _children(parent: etree._Element, name: str) -> list[etree._Element]:
    """A table's rows or a row's cells (`name`), those inside content controls
    and custom markup too."""
    found = []
    for child in parent:
        if child.tag == f"{W}{name}":
            found.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent")
            found += _children(content if content is not None else child, name)
    return found


def _paragraphs(tc: etree._Element) -> list[etree._Element]:
    """A cell's paragraphs in the cell's own flow (a text box's are not)."""
    return [p for p in tc.iter(f"{W}p") if not _inside(p, tc, _DRAWINGS)]


def _inside(node: etree._Element, stop: etree._Element, tags: frozenset[str]) -> bool:
    """Whether an element between `node` and `stop` is one of `tags`."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


# Where text sits outside the line it is anchored in: text boxes, shapes and
# the alternatives a newer feature keeps for older readers.
_DRAWINGS = frozenset(
    {f"{MC}AlternateContent", f"{W}drawing", f"{W}pict", f"{W}txbxContent"}
)


def _vertical_merge(tc: etree._Element) -> str:
    """ "restart", "continue" or "" (no vertical merge)."""
    properties = tc.find(f"{W}tcPr")
    merge = properties.find(f"{W}vMerge") if properties is not None else None
    if merge is None:
        return ""
    return "restart" if merge.get(f"{W}val") == "restart" else "continue"


def _on(element: etree._Element | None) -> bool:
    """An on/off property: present and not switched off (`w:val` false, 0, off)."""
    if element is None:
        return False
    return element.get(f"{W}val", "true").lower() not in ("false", "0", "off")


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
        elif tag in (f"{W}tab", f"{W}ptab"):  # a tab stop, or an absolute one
            out.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
    return out


def _raised(run: etree._Element) -> bool:
    """Whether a run is set as a superscript by its own formatting (a
    footnote's mark after a name, as Word's footnote reference sets it)."""
    found = run.find(f"{W}rPr/{W}vertAlign")
    return found is not None and found.get(f"{W}val") == "superscript"


def _as_raised(text: str, after: str = "") -> str:
    """A superscript run's text as a reader sees it: a number in superscript
    digits ("Fudan University\u00b9"), one letter set apart ("School of
    Physics b"), so that it is read as a footnote's mark and not as the
    name's last letters; any other text as it is.

    A letter raised after a number is its ordinal's ("16\u1d49", "1er"): kept.

    >>> _as_raised("1"), _as_raised("b"), _as_raised("st"), _as_raised("e", "6")
    ('\u00b9', ' b', 'st', 'e')
    """
    if re.fullmatch(r"\d{1,2}", text):
        return text.translate(AS_SUPERSCRIPT)
    if re.fullmatch(r"[a-z]", text) and not after.isdigit():
        return f" {text}"
    return text


def _not_in_flow(run: etree._Element, paragraph: etree._Element) -> bool:
    """A run Word does not print in the paragraph's line: deleted text of
    tracked changes, a phonetic guide over its base text (ruby), or text in a
    text box or shape anchored there."""
    return _inside(run, paragraph, _NOT_IN_FLOW)


_NOT_IN_FLOW = _DRAWINGS | {f"{W}del", f"{W}moveFrom", f"{W}rt"}
