"""Facet links and active-filter chips: every state of the search page is a URL."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote_plus

from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from accord.portal.links import page_path
from accord.portal.names import facet_label, page_language
from accord.registry.filters import FILTER_NAMES, AgreementFilters, filters_to_params

TITLES = {
    "q": gettext_lazy("Text"),
    "university": gettext_lazy("University"),
    "region": gettext_lazy("Region"),
    "country": gettext_lazy("Country"),
    "level": gettext_lazy("Level"),
    # One meaning per word: "held by" a unit (department level only) is not
    # "open to" it (university level too), and the titles say which.
    "home_unit": gettext_lazy("Held by unit"),
    "open_to": gettext_lazy("Open to your unit"),
    "fee_waiver": gettext_lazy("Fee waiver"),
    "decade": gettext_lazy("Decade concluded"),
    "concluded_from": gettext_lazy("Concluded from"),
    "concluded_to": gettext_lazy("Concluded until"),
    "status": gettext_lazy("Status"),
    "mobility_type": gettext_lazy("Kind of mobility"),
    "study_level": gettext_lazy("Study level"),
    "subject_area": gettext_lazy("Subject area (ISCED-F)"),
    "language": gettext_lazy("Language"),
    "places_available": gettext_lazy("Places"),
    "include_ended": gettext_lazy("Ended agreements"),
}
LABELS = {
    ("level", "university"): gettext_lazy("University level"),
    ("level", "department"): gettext_lazy("Department level"),
    ("fee_waiver", "true"): gettext_lazy("Fees waived"),
    ("fee_waiver", "false"): gettext_lazy("No waiver"),
    ("include_ended", "true"): gettext_lazy("included"),
    ("status", "in_force"): gettext_lazy("In force"),
    ("status", "suspended"): gettext_lazy("Suspended"),
    ("status", "expired"): gettext_lazy("Expired"),
    ("status", "terminated"): gettext_lazy("Terminated"),
    ("mobility_type", "student_studies"): gettext_lazy("Student studies"),
    ("mobility_type", "student_traineeship"): gettext_lazy("Student traineeship"),
    ("mobility_type", "staff_teaching"): gettext_lazy("Staff teaching"),
    ("mobility_type", "staff_training"): gettext_lazy("Staff training"),
    ("mobility_type", "research_visit"): gettext_lazy("Research visit"),
    ("study_level", "5"): gettext_lazy("Short cycle (EQF 5)"),
    ("study_level", "6"): gettext_lazy("Bachelor (EQF 6)"),
    ("study_level", "7"): gettext_lazy("Master (EQF 7)"),
    ("study_level", "8"): gettext_lazy("Doctorate (EQF 8)"),
    ("places_available", "true"): gettext_lazy("Places offered"),
    ("places_available", "false"): gettext_lazy("No places offered"),
}


@cache
def _in_language(language: str | None) -> tuple[dict[str, str], dict[Any, str]]:
    """TITLES and LABELS as plain text in one language (the active one: the
    key). Casting the lazy strings of a search page's facets each time took
    ~4 us apiece."""
    titles = {name: str(title) for name, title in TITLES.items()}
    return titles, {key: str(label) for key, label in LABELS.items()}


def page_url(path: str, params: dict[str, Any]) -> str:
    """`path` with the query string; keys in a stable order."""
    return _with_query(
        path, urlencode({k: v for k, v in params.items() if v not in ("", None)})
    )


def _with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path or "?"


def search_url(params: dict[str, Any], fixed: Collection[str] = ()) -> str:
    """The search page with these filters, in the space the request is in (its
    URL configuration: `accord.spaces`), leaving out the filters that the
    space fixes (`university` under `/u/<slug>/`): its address says them."""
    kept = {k: v for k, v in params.items() if k not in fixed}
    return page_url(page_path("portal:home"), kept)


def _as_param(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# A facet shows its most frequent values; the rest behind a link (a national
# registry has hundreds of countries and units).
SHOWN = 12
# The facets in the order a student needs them. "Held by unit" is for whoever
# followed a `home_unit` link: shown only while that filter is on, so a student
# meets one unit facet, the one that answers "where can I go?".
# "University" only comes with a registry of several (`engine.FACETS`).
ORDER = (
    "university",
    "open_to",
    "country",
    "region",
    "fee_waiver",
    "level",
    "decade",
)
# What cooperation terms allow, shown once some agreement records them; the
# status once the registry holds agreements in more than one.
TERMS = ("mobility_type", "study_level", "subject_area", "language", "places_available")


def _shown_facets(
    filters: AgreementFilters,
    facets: dict[str, list[dict[str, Any]]],
    fixed: Collection[str],
) -> list[tuple[str, list[dict[str, Any]]]]:
    names = [*ORDER, "home_unit"] if filters.home_unit else list(ORDER)
    after = names.index("open_to") + 1
    names[after:after] = [n for n in TERMS if facets.get(n) or _asked(filters, n)]
    if len(facets.get("status", ())) > 1 or filters.status:
        names.append("status")
    return [
        (name, facets[name]) for name in names if name in facets and name not in fixed
    ]


def _asked(filters: AgreementFilters, name: str) -> bool:
    return getattr(filters, name) not in ("", None)


def facet_groups(
    filters: AgreementFilters,
    facets: dict[str, list[dict[str, Any]]],
    expanded: Sequence[str] = (),
    fixed: Collection[str] = (),
) -> list[dict[str, Any]]:
    """Each facet with its title and entries (label, count, selected, toggle
    URL), its SHOWN most frequent values unless `expanded` names it, and the
    link to all of them; none for the filters the page's space `fixed`."""
    groups = []
    params = filters_to_params(filters)
    # Each filter as it stands in a query string, encoded once for every facet.
    encoded = {k: f"{_quoted(k)}={_quoted(v)}" for k, v in params.items() if v}
    titles, labels = _in_language(get_language())
    language = page_language()
    for name, entries in _shown_facets(filters, facets, fixed):
        current = getattr(filters, name)
        chosen = "" if current in ("", None) else _as_param(name, current).lower()
        # A facet is never `q`, the one filter whose absence changes another
        # (the natural order): without it, the other parameters stand as they are.
        without = {k: v for k, v in encoded.items() if k != name}
        shown = entries if name in expanded else _most(entries, name, chosen)
        toggle = _toggle(name, without, fixed)
        items = [
            _entry(name, entry, chosen, toggle, labels, language) for entry in shown
        ]
        more = None
        if len(shown) < len(entries):
            more = search_url({**params, "more": name}, fixed)
        groups.append(
            {
                "name": name,
                "title": titles[name],
                "entries": items,
                "total": len(entries),
                "more": more,
            }
        )
    return groups


def _most(
    entries: list[dict[str, Any]], name: str, chosen: str
) -> list[dict[str, Any]]:
    """The first SHOWN entries (they come most frequent first), and the chosen
    one wherever it stands."""
    shown = entries[:SHOWN]
    shown += [
        e for e in entries[SHOWN:] if _as_param(name, e["value"]).lower() == chosen
    ]
    return shown


def _entry(
    name: str,
    entry: dict[str, Any],
    chosen: str,
    toggle: Callable[[str], str],
    labels: dict[Any, str],
    language: str,
) -> dict[str, Any]:
    value = _as_param(name, entry["value"])
    selected = value.lower() == chosen
    return {
        "label": labels.get((name, value))
        or facet_label(name, value, entry["label"], language),
        "count": entry["count"],
        "selected": selected,
        "url": toggle("" if selected else value),
    }


# Where each filter stands in a query string (the filter language's order).
POSITION = {name: place for place, name in enumerate(FILTER_NAMES)}


def _toggle(
    name: str, without: dict[str, str], fixed: Collection[str]
) -> Callable[[str], str]:
    """The URL of the search page with the filters `without` (each encoded as
    it stands in a query string) and `name` set to a value ("" for none),
    `name` at its place in the filter language's order: `search_url` with the
    rest of the query string put together once for all of a facet's values (a
    national registry's facet lists hundreds)."""
    kept = {k: pair for k, pair in without.items() if k not in fixed}
    place = POSITION[name]
    before = "&".join(pair for k, pair in kept.items() if POSITION[k] < place)
    after = "&".join(pair for k, pair in kept.items() if POSITION[k] > place)
    path = page_path("portal:home")
    cleared = _with_query(path, "&".join(kept.values()))
    head = f"{path}?{before}&" if before else f"{path}?"
    tail = f"&{after}" if after else ""
    key = _quoted(name)

    def url(value: str) -> str:
        if not value:
            return cleared
        return f"{head}{key}={_quoted(value)}{tail}"

    return url


# A facet's values recur on every page (countries, units): each is quoted once.
_quoted = lru_cache(maxsize=8192)(quote_plus)


def active_filters(
    filters: AgreementFilters,
    facets: dict[str, list[dict[str, Any]]],
    fixed: Collection[str] = (),
) -> list[dict[str, Any]]:
    """The filters in force, each with a readable value and a URL removing it
    (not those the page's space `fixed`: they cannot be removed there)."""
    chips = []
    titles, labels = _in_language(get_language())
    for name, value in filters_to_params(filters).items():
        if name == "sort" or name in fixed:
            continue
        label = labels.get((name, value)) or _facet_label(facets, name, value) or value
        chips.append(
            {
                "name": name,
                "title": titles[name],
                "label": label,
                "url": search_url(filters_to_params(filters.without(name)), fixed),
                "remove": _("Remove the %(filter)s filter") % {"filter": titles[name]},
            }
        )
    return chips


def _facet_label(
    facets: dict[str, list[dict[str, Any]]], name: str, value: str
) -> str | None:
    for entry in facets.get(name, []):
        if _as_param(name, entry["value"]).lower() == value.lower():
            return facet_label(name, _as_param(name, entry["value"]), entry["label"])
    return None
