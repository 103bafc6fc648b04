"""The search page, its hottest parts written in Python: the results (the
facets, the active filters, the table of agreements and the links to other
pages) and the page around them, kept as a frame.

The results are written as plain strings rather than a template, for the
reason `templatetags.portal.agreement_rows` gives: every value is already worked out
(the facets by `facets.facet_groups`, the rows by `agreement_rows`), and the
template engine's own work around them, about fifty nodes, was the largest part
of a search page's CPU that the API does not share (0.2-0.25 ms of 1.9). The
output is the markup the template wrote, byte for byte: values from the data or
the query escaped as `{{ }}` escapes them, numbers localized as it localizes
them, the template's own texts translated and not escaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.template import Context
from django.template.loader import render_to_string
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from accord.core.lru import BoundedCache
from accord.portal.links import page_path
from accord.portal.templatetags.portal import (
    HERE,
    KEEP_HERE,
    agreement_head,
    agreement_rows,
    facet_lists,
    here,
    shell_state,
)
from accord.registry.queries import Page

# The search page around its results is the same for every search of one menu
# entry, language, space, data version and day, with or without a text query,
# but for the request's own values: rendering it (`portal/home.html` on
# `portal/base.html`, about thirty nodes) was 0.15-0.25 ms of a page. It is
# rendered once with a mark where each of those values goes, kept, and each
# request puts its values there in one pass (a value is never read for marks).
# A frame is 5-10 KB; a network of 500 universities in two languages has
# ~2,000.
FRAMES: BoundedCache[str] = BoundedCache(entries=1024, size=8 * 1024 * 1024)
MARKS = {"q": "\x00q\x00", "hidden": "\x00hidden\x00", "results": "\x00results\x00"}
_MARKED = re.compile("|".join(re.escape(mark) for mark in (*MARKS.values(), HERE)))


def search_page(
    request: HttpRequest, context: Mapping[str, Any] | Context
) -> SafeString:
    """`portal/home.html` with `context` (a search's: its `nav`, `filters`,
    `hidden` inputs and `results`, without `error` or `spaces`), from its frame."""
    q = context["filters"].q
    key = f"{context['nav']} {bool(q)} {shell_state(request)}"
    frame = FRAMES.get(key)
    if frame is None:
        marked = {
            "nav": context["nav"],
            "filters": {"q": MARKS["q"] if q else ""},
            # Marks only: nothing from the request or the data.
            "hidden": mark_safe(MARKS["hidden"]),  # noqa: S308
            "results": mark_safe(MARKS["results"]),  # noqa: S308
            KEEP_HERE: True,
        }
        frame = render_to_string("portal/home.html", marked, request)
        FRAMES.put(key, frame)
    values = {
        MARKS["q"]: escape(q),
        MARKS["hidden"]: context["hidden"],
        MARKS["results"]: context["results"],
        HERE: here(request),
    }
    page = _MARKED.sub(lambda mark: values[mark.group()], frame)
    # The frame rendered by a template; each value escaped (q, here) or written
    # escaped (hidden_inputs, results_html).
    return mark_safe(page)  # noqa: S308


def hidden_inputs(params: dict[str, str]) -> SafeString:
    """The search form's hidden inputs: every filter of the search but its text,
    which the form's box holds."""
    inputs = "".join(
        f'<input type="hidden" name="{_escape(name)}" value="{_escape(value)}">'
        for name, value in params.items()
        if name != "q"
    )
    return mark_safe(inputs)  # noqa: S308 (escaped)


@cache
def _texts(language: str | None) -> dict[str, str]:
    # Translated once per language (the active one: the key).
    return {
        "filters": gettext("Filters"),
        "back": gettext("Back to the results"),
        "active": gettext("Active filters"),
        "download": gettext("Download these results:"),
        "table": gettext("Results table"),
        "pages": gettext("Pages"),
        "previous": gettext("Previous"),
        "next": gettext("Next"),
        "none": gettext("No partners match."),
        "fewer": gettext("Try fewer words, or browse the world map."),
    }


def results_html(
    page: Page[Any],
    facets: list[dict[str, Any]],
    active: list[dict[str, Any]],
    page_links: dict[str, str],
    download_query: str,
) -> SafeString:
    """The results of a search: its `page` of agreements, the facet groups
    beside them (`facets.facet_groups`), the `active` filters as chips
    (`facets.active_filters`), the previous and next pages' links, and the query
    string of the downloads."""
    texts = _texts(get_language())
    count = _number(page.count)
    jump = f" ({_number(len(active))})" if active else ""
    heading = ngettext(
        "%(counter)s agreement", "%(counter)s agreements", page.count
    ) % {"counter": count}
    html = [
        '<div class="results-layout">\n'
        '<aside class="facets" id="filters" aria-labelledby="filters-heading"'
        ' tabindex="-1">\n'
        f'  <h2 class="visually-hidden" id="filters-heading">{texts["filters"]}</h2>\n'
        '  <p class="phone-only"><a href="#results-heading">'
        f"{texts['back']}</a></p>\n"
        f"  {facet_lists(facets)}\n"
        "</aside>\n"
        '<section class="results" aria-labelledby="results-heading">\n'
        # On a phone the filters follow every result: this takes a student there.
        "  \n"
        '  <p class="phone-only filters-jump"><a href="#filters">'
        f"{texts['filters']}{jump}</a></p>\n"
        f'  <h2 id="results-heading" data-count="{count}" tabindex="-1">'
        f"{heading}</h2>\n  "
    ]
    if active:
        chips = "".join(
            f'\n    <li><a href="{_escape(chip["url"])}">{_escape(chip["title"])}: '
            f'{_escape(chip["label"])} <span aria-hidden="true">\u00d7</span>'
            f'<span class="visually-hidden"> ({_escape(chip["remove"])})</span>'
            "</a></li>"
            for chip in active
        )
        html.append(
            f'<ul class="chips" aria-label="{texts["active"]}">{chips}\n  </ul>'
        )
    html.append("\n  ")
    if page.count:
        html.append(_table(page, texts, page_links, download_query))
    else:
        html.append(_nothing_found(texts, active))
    html.append("\n</section>\n</div>\n")
    # Every value from the data or the query escaped above and in the tags.
    return mark_safe("".join(html))  # noqa: S308


def _table(
    page: Page[Any],
    texts: dict[str, str],
    page_links: dict[str, str],
    download_query: str,
) -> str:
    query = _escape(download_query)
    csv = _escape(page_path("portal:download", args=("csv",)))
    xlsx = _escape(page_path("portal:download", args=("xlsx",)))
    head = agreement_head(show_partner=True, show_country=True)
    rows = agreement_rows(page.items, show_partner=True, show_country=True)
    html = (
        f'\n  <p class="downloads">{texts["download"]} <a href="{csv}{query}" download>'
        f'CSV</a> · <a href="{xlsx}{query}" download>XLSX</a></p>\n'
        '  <div class="table-scroll" tabindex="0" role="region"'
        f' aria-label="{texts["table"]}">\n'
        '  <table class="agreements">\n'
        f"    {head}\n"
        f"    <tbody>{rows}</tbody>\n"
        "  </table>\n"
        "  </div>\n  "
    )
    if page.has_other_pages:
        previous = next_ = ""
        if page_links.get("previous"):
            previous = (
                f'<a href="{_escape(page_links["previous"])}" rel="prev">'
                f"{texts['previous']}</a>"
            )
        if page_links.get("next"):
            next_ = (
                f'<a href="{_escape(page_links["next"])}" rel="next">'
                f"{texts['next']}</a>"
            )
        numbers = {"number": _number(page.number), "total": _number(page.last)}
        html += (
            f'<nav class="pagination" aria-label="{texts["pages"]}">\n'
            f"    {previous}\n"
            f"    <span>{gettext('Page %(number)s of %(total)s') % numbers}</span>\n"
            f"    {next_}\n"
            "  </nav>"
        )
    return html + "\n  "


def _nothing_found(texts: dict[str, str], active: list[dict[str, Any]]) -> str:
    if active:
        chips = "".join(
            f'<li><a href="{_escape(chip["url"])}">{_escape(chip["remove"])} '
            f"({_escape(chip['label'])})</a></li>"
            for chip in active
        )
        advice = f"<ul>{chips}</ul>\n    "
    else:
        advice = f"<p>{texts['fewer']}</p>"
    return (
        '\n  <div class="empty" role="status">\n'
        f"    <p><strong>{texts['none']}</strong></p>\n"
        f"    {advice}\n"
        "  </div>\n  "
    )


def _escape(value: Any) -> str:
    # As `{{ value }}` writes it: escaped unless already marked safe.
    return str(conditional_escape(value))


def _number(value: int) -> str:
    # As a template writes a number: in the page's language's format.
    return str(localize(value))
