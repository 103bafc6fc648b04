"""Reads of agreements: the one way the portal, the API and the downloads find
them.

Filters come from the one filter language (`registry.filters`), so a portal URL
and an API URL with the same parameters select the same agreements, in the same
order, a page at a time (`page_of`). Institutions are read in `partners.py`,
places and units in `places.py`, statistics in `statistics.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from django.db.models import F, Q, QuerySet

from accord.registry import engine
from accord.registry.filters import (
    AgreementFilters,
    InstitutionSearch,
    Params,
    Search,
    parse_institution_search,
    parse_search,
)
from accord.registry.models import Agreement, Edition, in_force
from accord.registry.rows import Listed, listed
from accord.registry.version import data_version

# University-level agreements (no home unit) first within an institution.
_BY_UNIT = F("home_unit__code").asc(nulls_first=True)


def read_search(
    params: Params, *, paged: bool = True, also: Iterable[str] = ()
) -> Search:
    """The search a query string asks for, its places and units checked against
    the registry (`filters.parse_search`; FilterError names what is wrong)."""
    return parse_search(params, paged=paged, also=also, names=engine.snapshot().places)


def read_institution_search(params: Params) -> InstitutionSearch:
    """An institution search, checked like an agreement search."""
    return parse_institution_search(params, engine.snapshot().places)


def agreement(agreement_id: int) -> Listed | None:
    """One agreement, whatever its status (staff pages)."""
    found = listed([agreement_id])
    return found[0] if found else None


def public_agreement(agreement_id: int) -> Listed | None:
    """One agreement the public may see: in force, ended or suspended, never a
    draft nor one under negotiation."""
    found = agreement(agreement_id)
    return found if found is not None and found.is_public else None


def search_agreements(filters: AgreementFilters) -> list[Listed]:
    """Every agreement matching the filters, in the order asked (downloads)."""
    return listed(engine.search(filters, size=None, facets=False).pks)


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a result: its items, and where it sits in the whole."""

    items: list[T]
    count: int
    number: int
    size: int

    @property
    def last(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.last

    @property
    def has_other_pages(self) -> bool:
        return self.last > 1


@dataclass(frozen=True)
class Found:
    """A search's page of agreements and its facet counts."""

    page: Page[Listed]
    facets: dict[str, list[dict[str, Any]]]


def find(search: Search) -> Found:
    """One page of the agreements a search selects, with its exact count and
    every facet counted under the other filters; the text is searched once."""
    result = engine.search(search.filters, search.page, search.page_size)
    page = Page(engine.page_rows(result), result.count, search.page, search.page_size)
    return Found(page, result.facets or {})


def facet_counts(filters: AgreementFilters) -> dict[str, list[dict[str, Any]]]:
    """For each facet, its values with counts under every *other* active filter.

    Counting a facet without its own filter lets a visitor see the alternatives
    (the other countries) rather than only the one already chosen.
    """
    return engine.search(filters, size=0).facets or {}


def page_of(queryset: QuerySet[Any], number: int, size: int) -> Page[Any]:
    """Page `number` (1-based) of `size` items; past the last page, no items."""
    start = (number - 1) * size
    return Page(list(queryset[start : start + size]), queryset.count(), number, size)


def text_matches(text: str) -> list[int] | None:
    """The ids of the institutions matching `text`, best first; None when there
    is no query."""
    if not text.strip():
        return None
    return engine.matching_institutions(text)


# "Where can I go?" lists every partner open to a unit; it shows no co-partner
# nor edition, so it loads only the columns it shows (the longest list is a
# third of the registry).
WHERE_COLUMNS = (
    "level",
    "partner_department",
    "fee_waiver",
    "concluded_on",
    "ended_on",
    "institution__name",
    "institution__country__name",
    "institution__country__slug",
    "institution__country__iso_code",
    "home_unit__code",
    "home_unit__full_name",
    "home_unit__name_ja",
)


def where_can_i_go(
    filters: AgreementFilters, limit: int | None = None
) -> list[Agreement] | None:
    """The agreements the filters select (`open_to` a unit), by country,
    partner and unit, loading only what "Where can I go?" shows; None when
    there are more than `limit`."""
    by_country = replace(filters, sort="country")
    result = engine.search(by_country, size=None, facets=False)
    if limit is not None and result.count > limit:
        return None
    found: dict[int, Agreement] = {}
    for start in range(0, len(result.pks), 1000):
        chunk = result.pks[start : start + 1000]
        rows = (
            Agreement.objects.filter(pk__in=chunk)
            .select_related("institution__country", "home_unit")
            .only(*WHERE_COLUMNS)
        )
        found.update((a.pk, a) for a in rows)
    return [found[pk] for pk in result.pks]


def countries_open_to(filters: AgreementFilters) -> list[tuple[str, str, int]]:
    """(country code, name, partners) of every country with an agreement the
    filters select, by name; the country filter itself left out."""
    return engine.partners_by_country(filters.without("country"))


def partner_agreements(institution_id: int, university: str = "") -> list[Listed]:
    """Every agreement naming the institution, as partner or co-partner, ended
    ones included (the caller shows their status), of one home university when
    its slug is given: university level first, then by unit, date and
    department."""
    naming = (
        Agreement.objects.filter(
            Q(institution_id=institution_id) | Q(co_partners=institution_id)
        )
        .filter(**({"home_university__slug": university} if university else {}))
        .order_by(_BY_UNIT, "concluded_on", "partner_department", "pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    return listed(list(naming))


def agreements_in_force_on(day: datetime.date, home_university_id: int) -> list[Listed]:
    """The home university's agreements on its list of `day`."""
    on_the_list = Agreement.objects.filter(
        in_force(day), home_university_id=home_university_id
    )
    return listed(list(on_the_list.values_list("pk", flat=True)))


@dataclass(frozen=True)
class ListState:
    """Which list the registry's data comes from, and since when it holds.

    `title` and `as_of` are the newest edition's (None when staff entered every
    agreement); `changed_at` is the last write of any kind."""

    title: str
    as_of: datetime.date | None
    changed_at: datetime.datetime | None


# The newest edition (of all, or of one university: its slug, else "") under
# the data version it was read at: one small query per page (the version), not
# two.
_newest: dict[tuple[str, str], tuple[str, datetime.date | None]] = {}


def list_state(university: str = "") -> ListState:
    """The list every public page says it shows: the newest edition, of one
    home university when its slug is given (its portal space)."""
    version, changed_at = data_version()
    found = _newest.get((version, university))
    if found is None:
        editions = Edition.objects.order_by("-as_of", "-pk")
        if university:
            editions = editions.filter(home_university__slug=university)
        newest = editions.values("title", "as_of").first()
        found = (newest["title"], newest["as_of"]) if newest else ("", None)
        if not any(key[0] == version for key in _newest):
            _newest.clear()
        _newest[(version, university)] = found
    return ListState(found[0], found[1], changed_at)
