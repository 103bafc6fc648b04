"""Template filters for the portal's listings.

`{% url %}` resolves the URL pattern on every call; a listing links each row to a
partner and a country, so these filters build the links from one prefix resolved
once per process (the URL configuration never changes while it runs).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any
from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.templatetags.i18n import TranslateNode, do_translate
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accord.core.lru import BoundedCache
from accord.portal.links import page_path
from accord.portal.names import country_name, page_language, region_name, unit_name
from accord.registry import places
from accord.registry.models import today
from accord.registry.queries import list_state
from accord.registry.version import data_version

register = template.Library()


class ConstantTranslateNode(template.Node):
    """`{% translate "text" %}` with nothing but the text: its output depends
    only on the language (a template's text and its translation are safe
    text, never escaped), so it is translated once for each (a search page has
    a dozen; 3-4% of its CPU)."""

    def __init__(self, node: TranslateNode) -> None:
        self.node = node
        self.rendered: dict[str | None, str] = {}

    def render(self, context: template.Context) -> str:
        language = get_language()
        text = self.rendered.get(language)
        if text is None:
            text = self.rendered[language] = self.node.render(context)
        return text


@register.tag("translate")
@register.tag("trans")
def translate(
    parser: template.base.Parser, token: template.base.Token
) -> template.Node:
    """Django's `{% translate %}` (`{% load i18n portal %}` puts this one in its
    place; `makemessages` reads the same tag), kept once rendered when it is
    constant."""
    node = do_translate(parser, token)
    var = node.filter_expression.var
    constant = (
        isinstance(var, template.Variable)
        and var.lookups is None  # a literal, not a variable
        and not node.filter_expression.filters
        and node.message_context is None
        and node.asvar is None
    )
    return ConstantTranslateNode(node) if constant else node


def _prefix(name: str, example: str) -> str:
    # Per URL configuration: each university's space has its own (accord.spaces).
    return _reversed_prefix(name, example, get_urlconf())


@cache
def _reversed_prefix(name: str, example: str, urlconf: Any) -> str:
    return reverse(name, args=[example], urlconf=urlconf).removesuffix(f"{example}/")


@register.simple_tag
def path(name: str, *args: str) -> str:
    """`{% url name args %}` for a page and fixed arguments, looked up once per
    process (`links.page_path`)."""
    return page_path(name, args=args)


@register.simple_tag(takes_context=True)
def space_name(context: template.Context) -> str:
    """The name of the university whose space the page is in (`accord.spaces`),
    or "" for the whole registry's pages."""
    slug = getattr(context.get("request"), "university", "")
    return places.university_names().get(slug, "") if slug else ""


# The page's shell (its head's links, header and footer) is the same on every
# page of one menu entry, language and space until the data or the day changes;
# rendering it anew each time cost about a third of a search page's time.
# A part is 0.5-3 KB; a network of 500 universities has ~18,000 (three parts,
# six menu entries, two languages, a space each): the recent ones are kept.
SHELLS: BoundedCache[str] = BoundedCache(entries=4096, size=8 * 1024 * 1024)
# Stands for the page's own address in the header's language links, the one
# part of the shell that differs from page to page.
HERE = "\x00here\x00"


@register.simple_tag(takes_context=True)
def shell(context: template.Context, template_name: str) -> SafeString:
    """`template_name` rendered for the page's menu entry (`nav`), language and
    space, under the data version and today's date, kept once rendered."""
    request = context.get("request")
    nav = context.get("nav", "")
    key = f"{template_name} {nav} {shell_state(request)}"
    html = SHELLS.get(key)
    if html is None:
        # The marker is a constant: nothing from the request or the data.
        here_marker = mark_safe(HERE)  # noqa: S308
        values = {"nav": nav, "here": here_marker}
        html = render_to_string(template_name, values, request)
        SHELLS.put(key, html)
    if HERE in html and not context.get(KEEP_HERE):
        html = html.replace(HERE, here(request))
    return mark_safe(html)  # noqa: S308 (rendered by a template; `here` escaped)


# Set in the context of a page kept as a frame (`portal.results.search_page`):
# its shell keeps HERE, and each request puts its own address there.
KEEP_HERE = "keep_here"


def here(request: Any) -> str:
    """The request's own address as `{{ request.get_full_path|urlencode }}`
    writes it (escaped)."""
    path = request.get_full_path() if request is not None else ""
    return escape(quote(path, safe="/"))


def shell_state(request: Any) -> str:
    """What the shell depends on besides its template and menu entry, worked
    out once per request (a page has three parts)."""
    state: str | None = getattr(request, "_shell_state", None)
    if state is None:
        state = repr(
            (
                get_language(),
                get_urlconf(),
                get_script_prefix(),
                getattr(request, "university", ""),
                data_version()[0],
                today(),
            )
        )
        if request is not None:
            request._shell_state = state
    return state


@register.filter
def institution_url(pk: int) -> str:
    """`/institutions/7/` for 7."""
    return f"{_prefix('portal:institution', '1')}{int(pk)}/"


@register.filter
def country_url(slug: str) -> str:
    """`/countries/france/` for "france"."""
    return f"{_prefix('portal:country', 'x')}{slug}/"


@register.filter
def country_label(place: Any) -> str:
    """A country (a model, a listing's place or a statistics row) named in the
    page's language."""
    if isinstance(place, dict):
        iso = place.get("country_code") or place.get("iso_code")
        return country_name(iso, place["name"])
    return country_name(place.iso_code, place.name)


@register.simple_tag
def country_named(code: str, name: str) -> str:
    """A country named in the page's language from the code filters use."""
    return country_name(code if len(code) == 2 else None, name)


@register.filter
def document_format(content_type: str) -> str:
    """`PDF` for application/pdf: a document's format as a reader names it."""
    return {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}.get(
        content_type, content_type
    )


@register.filter
def region_label(name: str) -> str:
    """A region's name in the page's language."""
    return region_name(str(name))


@register.filter
def isodate(value: datetime.date | None) -> str:
    """2011-02-03: one unambiguous form in every language."""
    return value.isoformat() if value else ""


@register.simple_tag(takes_context=True)
def list_status(context: template.Context) -> dict[str, Any]:
    """Which list the pages show and how old it is (`{% list_status as status %}`):
    in a university's space, its own newest list."""
    state = list_state(getattr(context.get("request"), "university", ""))
    age = None
    if state.as_of:
        age = (today() - state.as_of).days // 365
    return {
        "title": state.title,
        "as_of": state.as_of,
        "changed_at": state.changed_at,
        # A list a year old or more may miss agreements signed or ended since.
        "years_old": age if age and age >= 1 else None,
    }


@register.simple_tag
def agreement_rows(
    agreements: Iterable[Any], show_partner: bool = False, show_country: bool = False
) -> SafeString:
    """The table rows of a listing: partner, country, level, unit, department,
    waiver, dates.

    Written here rather than in a template: fifty rows through the template
    engine took ~8.5 ms of a search page's ~12 ms of CPU, and through
    `format_html` still ~9 ms; plain strings take about one. Every value from
    the data passes through `escape` (quotes included), as a template would.
    """
    shared = _Shared(
        _words(get_language()),
        page_language(),
        _prefix("portal:institution", "1"),
        _prefix("portal:country", "x"),
    )
    rows = "".join(_row(a, shared, show_partner, show_country) for a in agreements)
    return mark_safe(rows)  # noqa: S308 (every value escaped in _row)


@register.simple_tag
def agreement_head(
    show_partner: bool = False, show_country: bool = False
) -> SafeString:
    """The head of a listing's table: the columns `agreement_rows` writes."""
    words = _words(get_language())
    names = ["partner_label"] if show_partner else []
    names += ["country_label"] if show_country else []
    names += ["level_label", "open_label", "department_label"]
    names += ["waiver_label", "concluded_label"]
    cells = "".join(f'\n  <th scope="col">{words[name]}</th>' for name in names)
    return mark_safe(f"<thead><tr>{cells}\n</tr></thead>")  # noqa: S308 (escaped)


@cache
def _words(language: str | None) -> dict[str, str]:
    # Translated and escaped once per language (the active one: the key).
    words = {
        "with": _("with"),
        "university": _("University level"),
        "department": _("Department level"),
        "every": _("every unit"),
        "unit_unknown": _("unit unknown"),
        "whole": _("whole institution"),
        "waived": _("Fees waived"),
        "not_waived": _("No waiver"),
        "waiver_unknown": _("waiver unknown"),
        "date_unknown": _("date unknown"),
        "ended": _("ended"),
        "terminated": _("terminated"),
        "suspended": _("suspended"),
        "places": _("places a year"),
        "student_studies": _("Student studies"),
        "student_traineeship": _("Student traineeship"),
        "staff_teaching": _("Staff teaching"),
        "staff_training": _("Staff training"),
        "research_visit": _("Research visit"),
        "incoming": _("incoming"),
        "outgoing": _("outgoing"),
        # What each cell is, said on a phone where the table's head is hidden.
        "partner_label": _("Partner"),
        "country_label": _("Country"),
        "level_label": _("Level"),
        "open_label": _("Open to"),
        "department_label": _("Partner department"),
        "waiver_label": _("Fee waiver"),
        "concluded_label": _("Concluded"),
    }
    return {key: escape(str(text)) for key, text in words.items()}


@dataclass(frozen=True, slots=True)
class _Shared:
    """What every row of a listing shares, looked up once for all of them (the
    active language or URL configuration costs a few microseconds a look-up,
    and a row took five)."""

    words: dict[str, str]
    language: str
    institution_prefix: str
    country_prefix: str

    def institution_url(self, pk: int) -> str:
        return f"{self.institution_prefix}{int(pk)}/"

    def country_url(self, slug: str) -> str:
        return f"{self.country_prefix}{slug}/"


def _cell(label: str, content: str) -> str:
    """A cell with its column's name, shown only when rows read as cards."""
    return f'<td><span class="cell-label">{label}: </span>{content}</td>'


def _row(agreement: Any, shared: _Shared, partner: bool, country: bool) -> str:
    words = shared.words
    cells = []
    if partner:
        cells.append(_cell(words["partner_label"], _partner_cell(agreement, shared)))
    if country:
        place = agreement.institution.country
        url = escape(shared.country_url(place.slug))
        name = escape(country_name(place.iso_code, place.name, shared.language))
        cells.append(_cell(words["country_label"], f'<a href="{url}">{name}</a>'))
    cells += _level_cells(agreement, shared)
    department = agreement.partner_department
    cells.append(
        _cell(
            words["department_label"],
            (
                escape(department)
                if department
                else f'<span class="muted">{words["whole"]}</span>'
            )
            + _terms_lines(getattr(agreement, "terms", ()), words),
        )
    )
    cells.append(
        _cell(
            words["waiver_label"],
            f'<span class="badge waived">{words["waived"]}</span>'
            if agreement.fee_waiver
            else words["not_waived"]
            if agreement.fee_waiver is False
            else f'<span class="muted">{words["waiver_unknown"]}</span>',
        )
    )
    cells.append(_cell(words["concluded_label"], _date_cell(agreement, words)))
    body = "\n  ".join(cells)
    return f'\n<tr data-agreement="{int(agreement.pk)}">\n  {body}\n</tr>\n'


def _partner_cell(agreement: Any, shared: _Shared) -> str:
    url = shared.institution_url(agreement.institution_id)
    cell = f'<a href="{url}">{escape(agreement.institution.name)}</a>'
    co = list(agreement.co_partners)
    if co:
        others = ", ".join(
            f'<a href="{shared.institution_url(p.pk)}">{escape(p.name)}</a>' for p in co
        )
        cell += f'<br><span class="muted">{shared.words["with"]} {others}</span>'
    return cell


def _level_cells(agreement: Any, shared: _Shared) -> list[str]:
    words = shared.words
    if agreement.level == "university":
        return [
            _cell(words["level_label"], words["university"]),
            _cell(words["open_label"], f'<span class="muted">{words["every"]}</span>'),
        ]
    unit = (
        _unit_abbr(agreement.home_unit, shared.language)
        if agreement.home_unit
        else f'<span class="muted">{words["unit_unknown"]}</span>'
    )
    return [
        _cell(words["level_label"], words["department"]),
        _cell(words["open_label"], unit),
    ]


def _date_cell(agreement: Any, words: dict[str, str]) -> str:
    concluded = (
        f"<time>{isodate(agreement.concluded_on)}</time>"
        if agreement.concluded_on
        else f'<span class="muted">{words["date_unknown"]}</span>'
    )
    status = getattr(agreement, "status", "")
    if agreement.ended_on:
        how = words["terminated"] if status == "terminated" else words["ended"]
        concluded += (
            f'<br><span class="muted">{how} {isodate(agreement.ended_on)}</span>'
        )
    elif status == "suspended":
        concluded += f'<br><span class="muted">{words["suspended"]}</span>'
    return concluded


def _terms_lines(terms: Iterable[dict[str, Any]], words: dict[str, str]) -> str:
    """What each cooperation term allows, one line each: the kind of mobility
    and its direction, places a year, EQF levels, ISCED-F fields, languages
    with their CEFR level. Only what is known is said."""
    lines = []
    for term in terms:
        parts = [words.get(term["mobility_type"], escape(term["mobility_type"]))]
        if term["direction"] in ("incoming", "outgoing"):
            parts[0] += f" ({words[term['direction']]})"
        if term["places_per_year"] is not None:
            parts.append(f"{int(term['places_per_year'])} {words['places']}")
        if term["study_levels"]:
            levels = ", ".join(str(int(n)) for n in term["study_levels"])
            parts.append(f"EQF {levels}")
        if term["subject_areas"]:
            parts.append(
                "ISCED-F " + ", ".join(escape(str(c)) for c in term["subject_areas"])
            )
        for language in term["languages"]:
            level = f" {escape(language['cefr'])}" if language.get("cefr") else ""
            parts.append(f"{escape(str(language['language'])).upper()}{level}")
        lines.append(f'<br><span class="terms">{" · ".join(parts)}</span>')
    return "".join(lines)


@register.filter
def unit_label(unit: Any) -> str:
    """A unit's full name in the page's language, else its code."""
    return unit_name(unit) or str(unit.code)


@register.filter
def unit_abbr(unit: Any) -> SafeString:
    """A unit's code with its full name (in the page's language) as an
    `<abbr>`, or the code alone when it is its own full name."""
    return _unit_abbr(unit, page_language())


def _unit_abbr(unit: Any, language: str) -> SafeString:
    code = escape(unit.code)
    name = unit_name(unit, language)
    if not name or name == unit.code:
        return mark_safe(code)  # noqa: S308 (escaped)
    return mark_safe(f'<abbr title="{escape(name)}">{code}</abbr>')  # noqa: S308


@register.simple_tag
def facet_lists(groups: Iterable[dict[str, Any]]) -> SafeString:
    """The facets beside the results (`portal.facets.facet_groups` made them):
    each value a link that toggles it, with its count. Plain strings, every
    value escaped, for the reason `agreement_rows` gives."""
    selected = escape(str(_("selected; activate to remove")))
    parts = []
    for group in groups:
        if group["entries"]:
            parts.append(_facet_group(group, selected))
    return mark_safe("".join(parts))  # noqa: S308 (every value escaped)


def _facet_group(group: dict[str, Any], selected: str) -> str:
    name, title = escape(group["name"]), escape(str(group["title"]))
    items = []
    for entry in group["entries"]:
        mark = ' aria-current="true" class="selected"' if entry["selected"] else ""
        note = (
            f'<span class="visually-hidden"> ({selected})</span>'
            if entry["selected"]
            else ""
        )
        items.append(
            f'\n      <li><a href="{escape(entry["url"])}"{mark}>'
            f'{escape(str(entry["label"]))} <span class="count">{int(entry["count"])}'
            f"</span>{note}</a></li>"
        )
    more = ""
    if group["more"]:
        label = escape(str(_("All %(total)s") % {"total": group["total"]}))
        more = (
            f'\n    <p class="more"><a href="{escape(group["more"])}">{label}'
            f'<span class="visually-hidden"> ({title})</span></a></p>'
        )
    return (
        f'\n  <section class="facet" aria-labelledby="facet-{name}">'
        f'\n    <h3 id="facet-{name}">{title}</h3>'
        f"\n    <ul>{''.join(items)}\n    </ul>{more}\n  </section>"
    )
