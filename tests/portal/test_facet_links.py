"""Each facet value links the search page with that value set (or cleared when
selected), the other filters kept in the filter language's order."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from accord.portal.facets import facet_groups, search_url
from accord.registry.filters import FILTER_NAMES, AgreementFilters, filters_to_params

FACETS = {
    "university": [{"value": "tohoku", "label": "Tohoku", "count": 9}],
    "open_to": [
        {"value": "GS Engineering", "label": "GS Engineering", "count": 5},
        {"value": "R&D / Lab", "label": "R&D / Lab", "count": 2},
        {"value": "理学研究科", "label": "理学研究科", "count": 1},
    ],
    "country": [
        {"value": "FR", "label": "France", "count": 4},
        {"value": "DE", "label": "Germany", "count": 3},
    ],
    "region": [{"value": "europe", "label": "Europe", "count": 7}],
    "fee_waiver": [
        {"value": True, "label": "", "count": 6},
        {"value": False, "label": "", "count": 3},
    ],
    "level": [{"value": "university", "label": "", "count": 9}],
    "decade": [{"value": 1990, "label": "1990s", "count": 2}],
}

STATES = [
    AgreementFilters(),
    AgreementFilters(q="école & co"),
    AgreementFilters(q="paris", country="FR", fee_waiver=True),
    AgreementFilters(university="tohoku", open_to="R&D / Lab", decade=1990),
    AgreementFilters(q="x", region="europe", level="university", sort="date"),
]


def expected(filters: AgreementFilters, name: str, value, fixed) -> str:
    """The long way: the filters with `name` set (or cleared), re-ordered."""
    params = filters_to_params(filters.without(name))
    if value is not None:
        params[name] = value
    ordered = {key: params[key] for key in FILTER_NAMES if key in params}
    return search_url(ordered, fixed)


@pytest.mark.parametrize("filters", STATES)
@pytest.mark.parametrize("fixed", [(), ("university",)])
def test_every_facet_link_sets_its_value_among_the_other_filters(filters, fixed):
    groups = facet_groups(filters, FACETS, expanded=tuple(FACETS), fixed=fixed)
    assert [g["name"] for g in groups] == [n for n in FACETS if n not in fixed]
    for group in groups:
        name = group["name"]
        for entry, raw in zip(group["entries"], FACETS[name], strict=True):
            value = raw["value"]
            value = ("true" if value else "false") if isinstance(value, bool) else value
            value = str(value)
            want = expected(filters, name, None if entry["selected"] else value, fixed)
            assert entry["url"] == want, (name, value)
            query = dict(parse_qsl(urlsplit(entry["url"]).query))
            assert (query.get(name) == value) is not entry["selected"]
            assert not set(fixed) & set(query)


def test_a_selected_value_s_link_clears_it_and_keeps_the_rest():
    filters = AgreementFilters(
        q="paris", country="FR", fee_waiver=True, sort="relevance"
    )
    groups = {g["name"]: g for g in facet_groups(filters, FACETS)}
    france = groups["country"]["entries"][0]
    assert france["selected"]
    assert france["url"] == "/?q=paris&fee_waiver=true"
    germany = groups["country"]["entries"][1]
    assert germany["url"] == "/?q=paris&country=DE&fee_waiver=true"
