"""One filter language: a portal URL and an API URL with the same parameters
select the same agreements, in the same order, or are refused alike."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

import pytest

from accord.importer.importing import load_bundled_edition_if_empty
from accord.registry.filters import PARAMETERS
from accord.registry.places import home_units

# Query strings the portal and the API must answer alike, over the 2021 list.
ANSWERED = [
    "",
    "q=university",
    "q=ecole+centrale",
    "q=chulalongkorm",
    "q=chiangmai",
    "level=university",
    "level=department",
    "region=europe",
    "country=FR",
    "country=fr",
    "country=international-organization",
    "home_unit=GS+Engineering",
    "home_unit=gs+engineering",
    "open_to=GS+Engineering&country=FR&fee_waiver=true",
    "open_to=IMRAM&fee_waiver=false",
    "fee_waiver=true",
    "fee_waiver=0",
    "decade=1990",
    "concluded_from=2000-01-01&concluded_to=2009-12-31",
    "concluded_from=2015-01-01",
    "include_ended=true",
    "status=in_force",
    "status=expired&include_ended=true",
    "mobility_type=student_studies",
    "study_level=7",
    "subject_area=05",
    "subject_area=0533",
    "language=EN",
    "places_available=true",
    "places_available=false&country=FR",
    "sort=-concluded_on",
    "sort=country&level=university",
    "q=university&sort=institution",
    "q=technology&region=asia&sort=-country",
    "page=2&page_size=100",
    "page=99",
    "page_size=1000",
    "country=",
    "university=tohoku",
    "university=Tohoku&open_to=gs+engineering&country=FR",
]
# Query strings both refuse, and the parameter each names.
REFUSED = [
    ("contry=DE", "contry"),
    ("country=DE&country=FR", "country"),
    ("country=XX", "country"),
    ("country=Germany", "country"),
    ("region=mars", "region"),
    ("university=kyoto", "university"),
    ("university=tohoku&home_unit=GS+Astrology", "home_unit"),
    ("home_unit=GS+Astrology", "home_unit"),
    ("open_to=GS+Astrology", "open_to"),
    ("level=faculty", "level"),
    ("fee_waiver=maybe", "fee_waiver"),
    ("include_ended=perhaps", "include_ended"),
    ("decade=1995", "decade"),
    ("decade=%C2%B3", "decade"),
    ("concluded_from=2020-13-01", "concluded_from"),
    ("concluded_from=0", "concluded_from"),
    ("concluded_to=20200101", "concluded_to"),
    ("concluded_from=2020-01-02&concluded_to=2020-01-01", "concluded_to"),
    ("status=draft", "status"),
    ("status=under_negotiation", "status"),
    ("mobility_type=tourism", "mobility_type"),
    ("study_level=4", "study_level"),
    ("study_level=six", "study_level"),
    ("subject_area=11", "subject_area"),
    ("subject_area=05331", "subject_area"),
    ("language=xx", "language"),
    ("language=eng", "language"),
    ("places_available=some", "places_available"),
    ("sort=price", "sort"),
    ("page=0", "page"),
    ("page=99999999999999999999999", "page"),
    ("page_size=5000", "page_size"),
    ("q=%00", "q"),
    ("q=" + "x" * 201, "q"),
]


def test_the_tables_exercise_every_parameter():
    answered = {k for query in ANSWERED for k, _ in parse_qsl(query)}
    refused = {name for _, name in REFUSED}
    names = {p.name for p in PARAMETERS}
    assert names <= answered
    assert names <= refused


def portal(client, query):
    response = client.get(f"/?{query}")
    if response.status_code != 200:
        return response.status_code, response.context.get("error", "")
    html = response.content.decode()
    count = int(re.search(r'id="results-heading" data-count="(\d+)"', html)[1])
    return 200, (count, [int(pk) for pk in re.findall(r'data-agreement="(\d+)"', html)])


def api(client, query):
    response = client.get(f"/api/v1/agreements?{query}")
    body = response.json()
    if response.status_code != 200:
        return response.status_code, [p["name"] for p in body["invalid_params"]]
    return 200, (body["count"], [a["id"] for a in body["results"]])


def test_the_portal_and_the_api_answer_every_query_alike(client, db):
    load_bundled_edition_if_empty()
    differences = []
    for query in ANSWERED:
        seen = (portal(client, query), api(client, query))
        if seen[0] != seen[1] or seen[0][0] != 200:
            differences.append((query, seen))
    assert differences == []
    total, ids = api(client, "open_to=GS+Engineering&country=FR&fee_waiver=true")[1]
    assert total == len(ids) == 36


def test_the_portal_and_the_api_refuse_the_same_queries(client, db):
    load_bundled_edition_if_empty()
    differences = []
    for query, name in REFUSED:
        (portal_status, message), (api_status, names) = (
            portal(client, query),
            api(client, query),
        )
        if (portal_status, api_status) != (400, 400) or name not in names:
            differences.append((query, portal_status, api_status, names))
        elif not message or (name not in message and "“" not in message):
            differences.append((query, "portal message", message))
    assert differences == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=faculty", "The “Level” filter must be one of university, department."),
        ("country=XX", "The “Country” filter names no country with the code 'XX'."),
    ],
)
def test_the_portal_says_what_is_wrong(client, db, query, expected):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert response.context["error"] == expected


def where_count(client, query):
    """The agreements "Where can I go?" lists for a query."""
    html = client.get(f"/where/?{query}").content.decode()
    return int(re.search(r'id="where-results" data-agreements="(\d+)"', html)[1])


@pytest.mark.parametrize("narrowed", ["", "&country=FR&fee_waiver=true"])
def test_the_search_page_and_where_can_i_go_count_alike_for_every_unit(
    client, db, narrowed
):
    """The search page's "Open to your unit" facet, the search page filtered by
    it, and "Where can I go?" give every unit the same number of agreements."""
    load_bundled_edition_if_empty()
    response = client.get(f"/?more=open_to{narrowed}")
    groups = {g["name"]: g for g in response.context["facets"]}
    facet = {
        dict(parse_qsl(e["url"][2:]))["open_to"]: e["count"]
        for e in groups["open_to"]["entries"]
    }
    units = [unit.code for unit in home_units()]
    assert len(units) > 25 and len(facet) > 25
    differences = []
    for code in units:
        query = urlencode({"open_to": code}) + narrowed
        counts = (
            facet.get(code, 0),
            portal(client, query)[1][0],
            api(client, query)[1][0],
            where_count(client, query),
        )
        if len(set(counts)) != 1:
            differences.append((code, counts))
    assert differences == []
