"""The official list as HTML (Django template + CSS) and as PDF (WeasyPrint).

The PDF is printed from the very HTML the staff page shows. WeasyPrint gets a URL
fetcher that serves Accord's own static files from disk and refuses everything
else, so rendering never leaves the machine; fonts come from the system
(fontconfig), never from a URL.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import dateformat, translation
from django.utils.translation import gettext, gettext_noop, pgettext

from accord.core.system import PDF_PACKAGES, install_line
from accord.publish.listing import OfficialList

DEFAULT_TITLE = gettext_noop("Academic Exchange Agreements with Foreign Institutions")
# WeasyPrint resolves relative URLs against this; it names no real host.
BASE_URL = "https://accord.invalid/"
STYLESHEET = "publish/official_list.css"


class OfflineFetchRefused(ValueError):
    """The PDF asked for something that is not one of Accord's static files."""


def as_of_text(day: datetime.date) -> str:
    """The as-of date as the list prints it, in the active language.

    >>> as_of_text(datetime.date(2021, 5, 1))
    'May 1, 2021'
    """
    return dateformat.format(day, pgettext("as-of date format", "F j, Y"))


def list_context(
    listing: OfficialList, home_name: str, short_name: str, title: str = ""
) -> dict[str, Any]:
    return {
        "listing": listing,
        "title": title or gettext(DEFAULT_TITLE),
        "home_name": home_name,
        "short_name": short_name or home_name,
        "as_of_text": as_of_text(listing.as_of),
    }


def render_list_html(
    listing: OfficialList,
    home_name: str,
    short_name: str,
    *,
    title: str = "",
    language: str = "en",
    standalone: bool = False,
) -> str:
    """The list as an HTML document.

    `standalone` embeds the stylesheet, for a file read away from Accord; pages
    that Accord serves link it, as the Content-Security-Policy requires.
    """
    with translation.override(language):
        context = list_context(listing, home_name, short_name, title)
        if standalone:
            context["inline_css"] = stylesheet_text()
        return render_to_string("publish/official_list.html", context)


def stylesheet_text() -> str:
    found = finders.find(STYLESHEET)
    if not isinstance(found, str):
        raise FileNotFoundError(f"static file {STYLESHEET} is missing")
    return Path(found).read_text(encoding="utf-8")


class PdfUnavailable(Exception):
    """This machine cannot print a PDF: WeasyPrint's Pango is missing."""


def load_weasyprint() -> Any:
    """WeasyPrint, or `PdfUnavailable` saying what to install. WeasyPrint loads
    Pango when imported and raises OSError ("cannot load library
    'libpango-1.0-0'") on a machine without it."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        cause = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfUnavailable(
            "cannot print a PDF here: WeasyPrint needs the Pango library "
            f"({cause}). Install it with: {install_line(PDF_PACKAGES)}"
        ) from exc
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """Print the HTML to an A4 PDF, offline (`PdfUnavailable` without Pango)."""
    weasyprint = load_weasyprint()
    document = weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=_offline_fetcher()
    )
    pdf: bytes = document.write_pdf()
    return pdf


def static_file_for(url: str) -> Path | None:
    """The local file behind one of Accord's static URLs, else None."""
    parts = urlsplit(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not url.startswith(BASE_URL) or not parts.path.startswith(static_prefix):
        return None
    found = finders.find(parts.path.removeprefix(static_prefix))
    return Path(found) if isinstance(found, str) else None


def _offline_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OfflineFetcher(URLFetcher):
        """Serves `/static/...` from disk; refuses every other URL."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = static_file_for(url)
            if path is None:
                raise OfflineFetchRefused(
                    f"not fetched (Accord renders offline): {url}"
                )
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": _mime_type(path)}
            )

    return OfflineFetcher(allowed_protocols=())


def _mime_type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )
