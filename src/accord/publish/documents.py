"""One call from "this university, as of this day, as PDF" to the file's bytes.

Shared by `accord publish` and the staff page, so both produce the same document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accord.core.collecting import fewer_collections
from accord.publish.asof import records_as_of
from accord.publish.listing import OfficialList, records_to_list
from accord.publish.render import html_to_pdf, render_list_html
from accord.registry.models import HomeUniversity

FORMATS = ("pdf", "html")
CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@dataclass(frozen=True)
class Document:
    content: bytes
    content_type: str
    filename: str
    listing: OfficialList


def official_list(home: HomeUniversity, as_of: datetime.date) -> OfficialList:
    return records_to_list(records_as_of(home, as_of), as_of)


def publish_list(
    home: HomeUniversity, as_of: datetime.date, fmt: str, language: str = "en"
) -> Document:
    """The official list of `home` as it stood on `as_of`, as a PDF or HTML file."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    # Every row of the list is held at once: collecting rarely meanwhile takes
    # the HTML of 100,000 agreements from 7.2-7.7 to 5.7 s (the staff's page
    # issues it too, not only `accord publish`).
    with fewer_collections():
        listing = official_list(home, as_of)
        html = render_list_html(
            listing,
            home.name,
            home.short_name or home.name,
            language=language,
            standalone=fmt == "html",
        )
        content = html_to_pdf(html) if fmt == "pdf" else html.encode("utf-8")
    slug = "".join(c if c.isalnum() else "-" for c in home.name.lower()).strip("-")
    return Document(
        content=content,
        content_type=CONTENT_TYPES[fmt],
        filename=f"{slug}-agreements-{as_of.isoformat()}.{fmt}",
        listing=listing,
    )
