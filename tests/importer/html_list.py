"""An agreement list as an HTML page in its original layout, for a browser or
WeasyPrint to print: the PDFs of programs the reader was not written against.

The university-level part as a list under region and country headings; the
department-level part as one table whose Area, Country / Region and Partner
Institution cells span their rows (`rowspan`), the column header repeated on
every page (`thead`). How it prints is `Page`'s: paper, type, where a cell's
text sits, whether a row may break across pages. The table's model (texts,
spans) is the ReportLab drawer's (`ruled_layout.table_cells`).

The HTML sources in `samples/producers/` follow this layout.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.importer.ruled_layout import HEADER, table_cells, table_date
from tests.importer.ruled_pdfs import (
    INTERNATIONAL,
    ListDocument,
    as_of_text,
    entry_date,
)

# Column widths (percent of the table).
WIDTHS = (10, 12, 22, 28, 17, 11)


@dataclass(frozen=True)
class Page:
    paper: str = "A4"
    orientation: str = "landscape"
    font: str = "DejaVu Sans"
    size: float = 8.0
    # Where a cell's text sits: "middle" (as an office centres merged cells) or "top".
    valign: str = "middle"
    # Whether a row may break across pages (a browser's default) or keeps whole.
    rows_break: bool = False
    # "grid": every cell bordered; "rows": rules between the rows only; "none":
    # no rules at all.
    borders: str = "grid"
    # The university-level part as a list, as the list prints it, or as a table
    # (Area, Country / Region, Partner Institution, Year; areas and countries
    # spanning their rows).
    university_table: bool = False


def list_html(doc: ListDocument, page: Page = Page()) -> str:
    """The whole list as one HTML document."""
    e = html.escape
    out = [_head(doc, page)]
    w = out.append
    w("<h2>University Level Agreements</h2>")
    w(f"<p>Total of {len(doc.university)} institutions</p>")
    if page.university_table:
        _university_table(doc, w)
    else:
        _university_list(doc, w)
    w(
        f"<p>(* indicates institutions with which {e(doc.home_short)} has mutually "
        "agreed to waive fees.)</p>"
    )
    w(
        "<p>(indicated in parentheses is the date on which the agreement was "
        "concluded.)</p>"
    )
    _department(doc, w)
    w("</body></html>")
    return "\n".join(out)


def _university_list(doc: ListDocument, w: Callable[[str], None]) -> None:
    e = html.escape
    region = country = None
    for r in doc.university:
        if r["region"] != region:
            if country is not None:
                w("</ul>")
            region, country = r["region"], None
            w(f"<h3>({e(region)})</h3>")
        if r["country_code"] != country:
            if country is not None:
                w("</ul>")
            country = r["country_code"]
            heading = doc.headings.get(country, r["country_name"])
            w(f'<p class="country">{e(heading)}</p><ul>')
        star = "* " if r["fee_waiver"] else ""
        w(f"<li>- {star}{e(r['institution'])}{entry_date(r['concluded_on'])}</li>")
    w("</ul>")


def _university_table(doc: ListDocument, w: Callable[[str], None]) -> None:
    e = html.escape
    rows = doc.university
    spans: dict[tuple[int, int], int] = {}
    for column, key in ((0, lambda r: (r["region"],)), (1, _country_key)):
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or key(rows[i]) != key(rows[start]):
                spans[(start, column)] = i - start
                start = i
    w('<table><colgroup><col style="width:14%"><col style="width:18%">')
    w('<col style="width:54%"><col style="width:14%"></colgroup><thead><tr>')
    for name in ("Area", "Country / Region", "Partner Institution", "Year"):
        w(f"<th>{name}</th>")
    w("</tr></thead><tbody>")
    for i, r in enumerate(rows):
        star = "* " if r["fee_waiver"] else ""
        country = doc.headings.get(r["country_code"], r["country_name"])
        cells = [r["region"], country, f"{star}{r['institution']}"]
        cells.append(table_date(r["concluded_on"]))
        tds = []
        for column, text in enumerate(cells):
            if column < 2 and (i, column) not in spans:
                continue  # under a cell that spans rows
            span = spans.get((i, column), 1)
            rowspan = f' rowspan="{span}"' if span > 1 else ""
            tds.append(f"<td{rowspan}>{e(text)}</td>")
        w("<tr>" + "".join(tds) + "</tr>")
    w("</tbody></table>")


def _country_key(record: dict[str, Any]) -> tuple[str, str]:
    return record["region"], record["country_code"]


def _head(doc: ListDocument, page: Page) -> str:
    e = html.escape
    keep_rows = "" if page.rows_break else "tr { break-inside: avoid; }"
    if page.borders == "rows":
        keep_rows += "\nth, td { border-left: none; border-right: none; }"
    elif page.borders == "none":
        keep_rows += "\nth, td { border: none; }"
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{e(doc.title)}</title>
<style>
@page {{ size: {page.paper} {page.orientation}; margin: 15mm; }}
body {{ font-family: '{page.font}'; font-size: {page.size}pt; }}
h1 {{ font-size: {page.size + 4}pt; text-align: center; margin: 0 0 4pt 0; }}
.asof {{ text-align: right; margin: 0 0 10pt 0; }}
h2 {{ font-size: {page.size + 2}pt; margin: 8pt 0 6pt 0; }}
h3 {{ font-size: {page.size}pt; margin: 8pt 0 2pt 0; }}
.country {{ margin: 4pt 0 2pt 8pt; }}
ul {{ list-style: none; margin: 0 0 0 16pt; padding: 0; }}
p {{ margin: 2pt 0; }}
.newpage {{ break-before: page; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: {page.valign};
         text-align: left; overflow-wrap: break-word; }}
th {{ text-align: center; vertical-align: middle; font-weight: bold; }}
thead {{ display: table-header-group; }}
{keep_rows}
</style></head><body>
<h1>{e(doc.title)}</h1>
<p class="asof">{e(as_of_text(doc.as_of))}</p>"""


def _department(doc: ListDocument, write: Callable[[str], None]) -> None:
    e = html.escape
    rows = doc.department
    countries = {r["country_code"] for r in rows if r["region"] != INTERNATIONAL}
    write('<h2 class="newpage">Department Level Agreements</h2>')
    write(
        "<p>* indicates institutions which agree upon a mutual application, "
        "matriculation and tuition waivers for students from the partner "
        "institution.</p>"
        "<p>\u2020 Where a partner institution's department has not been identified, "
        "the agreement has been concluded with the entire institution.</p>"
    )
    write(f"<p>{len(countries)} countries and regions, {len(rows)} institutions</p>")
    texts, cells = table_cells(rows, doc.labels)
    starts = {(c.first, c.column): c.last - c.first + 1 for c in cells}
    header = [h.format(home=doc.home) for h in HEADER]
    columns = "".join(f'<col style="width:{x}%">' for x in WIDTHS)
    write(f"<table><colgroup>{columns}</colgroup><thead><tr>")
    write("".join(f"<th>{e(h)}</th>" for h in header) + "</tr></thead><tbody>")
    for i, row in enumerate(texts):
        tds = []
        for column, text in enumerate(row):
            span = starts.get((i, column))
            if span is None:  # under a cell that spans rows
                continue
            rowspan = f' rowspan="{span}"' if span > 1 else ""
            tds.append(f"<td{rowspan}>{e(text)}</td>")
        write("<tr>" + "".join(tds) + "</tr>")
    write("</tbody></table>")
