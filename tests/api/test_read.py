"""The read API: every endpoint and filter, their combinations and empty results."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def agreement_institution(registry) -> int:
    return registry["aachen_eng"].institution_id


def ids(response) -> list[int]:
    return [a["id"] for a in response.json()["results"]]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response


def test_it_answers_the_readme_question_in_one_request(anonymous, registry):
    response = get(
        anonymous,
        "/api/v1/agreements?home_unit=GS+Engineering&country=DE"
        "&level=department&fee_waiver=true",
    )
    body = response.json()
    assert body["count"] == 1
    [agreement] = body["results"]
    assert agreement == {
        "id": registry["aachen_eng"].pk,
        "level": "department",
        "region": "Europe",
        "country_code": "DE",
        "country_name": "Germany",
        "institution": "RWTH Aachen University",
        "co_partners": [],
        "partner_department": "Faculty of Mechanical Engineering",
        "home_unit": "GS Engineering",
        "fee_waiver": True,
        "concluded_on": "2006-02-13",
        "edition": None,
        "source_lines": [812],
        "home_university": registry["aachen_eng"].home_university.slug,
        "ended_on": None,
        "status": "in_force",
        "valid_from": None,
        "valid_until": None,
        "term_months": None,
        "renews_automatically": False,
        "cooperation_terms": [],
        "version": 1,
        "links": {
            "self": f"http://testserver/api/v1/agreements/{agreement['id']}",
            "institution": "http://testserver/api/v1/institutions/"
            f"{registry['aachen_eng'].institution_id}",
            "portal": "http://testserver"
            + reverse("portal:institution", args=[agreement_institution(registry)]),
        },
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["chula_dent", "lyon", "aachen_eng", "munich_eng"]),
        ("q=aachen", ["aachen_eng"]),
        ("q=ecole+CENTRALE", ["lyon"]),
        ("level=university", ["lyon"]),
        ("level=department", ["chula_dent", "aachen_eng", "munich_eng"]),
        ("region=europe", ["lyon", "aachen_eng", "munich_eng"]),
        ("country=th", ["chula_dent"]),
        ("country=FR", ["lyon"]),
        ("home_unit=GS+Dentistry", ["chula_dent"]),
        ("home_unit=gs+engineering", ["aachen_eng", "munich_eng"]),
        ("fee_waiver=true", ["lyon", "aachen_eng"]),
        ("fee_waiver=false", ["chula_dent", "munich_eng"]),
        ("decade=2010", ["chula_dent", "munich_eng"]),
        ("concluded_from=2010-01-01", ["chula_dent", "munich_eng"]),
        ("concluded_to=2010-01-01", ["aachen_eng"]),
        ("concluded_from=2014-12-09&concluded_to=2014-12-09", ["chula_dent"]),
        ("include_ended=true&country=DE", ["aachen_eng", "munich_eng", "ended"]),
        ("region=europe&fee_waiver=false", ["munich_eng"]),
        ("region=asia&level=university", []),
        ("country=DE&home_unit=GS+Dentistry", []),
        ("q=nowhere", []),
        (
            "sort=-concluded_on&level=department",
            ["munich_eng", "chula_dent", "aachen_eng"],
        ),
        ("sort=country&region=europe", ["lyon", "aachen_eng", "munich_eng"]),
    ],
)
def test_it_filters_agreements(anonymous, registry, query, expected):
    response = get(anonymous, f"/api/v1/agreements?{query}")
    wanted = [registry[name].pk for name in expected]
    if "sort=" in query:
        assert ids(response) == wanted
    else:  # name order depends on the database's collation ("École")
        assert sorted(ids(response)) == sorted(wanted)
    assert response.json()["count"] == len(expected)


def test_it_counts_each_facet_under_the_other_filters(anonymous, registry):
    facets = get(anonymous, "/api/v1/agreements?country=DE").json()["facets"]
    countries = {f["value"]: f["count"] for f in facets["country"]}
    assert countries == {"DE": 2, "FR": 1, "TH": 1}
    assert {f["value"]: f["count"] for f in facets["home_unit"]} == {
        "GS Engineering": 2
    }
    assert {f["value"]: f["count"] for f in facets["fee_waiver"]} == {
        True: 1,
        False: 1,
    }


def test_its_open_to_facet_counts_university_level_agreements_for_every_unit(
    anonymous, registry
):
    facets = get(anonymous, "/api/v1/agreements").json()["facets"]
    open_to = {f["value"]: f["count"] for f in facets["open_to"]}
    held = {f["value"]: f["count"] for f in facets["home_unit"]}
    # Lyon (university level) is open to both units; each holds its own.
    assert open_to == {"GS Engineering": 3, "GS Dentistry": 2}
    assert held == {"GS Engineering": 2, "GS Dentistry": 1}
    body = get(anonymous, "/api/v1/agreements?open_to=GS+Dentistry").json()
    assert body["count"] == 2


def test_it_pages_with_links(anonymous, registry):
    body = get(anonymous, "/api/v1/agreements?page_size=3&page=2").json()
    assert (body["count"], body["page"], len(body["results"])) == (4, 2, 1)
    links = body["links"]
    assert links["prev"].endswith("page_size=3&page=1")
    assert links["next"] is None
    assert links["last"] == links["self"]
    beyond = get(anonymous, "/api/v1/agreements?page=9").json()
    assert (beyond["count"], beyond["results"]) == (4, [])


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("contry=DE", "contry"),
        ("country=DE&country=FR", "country"),
        ("country=XX", "country"),
        ("country=Germany", "country"),
        ("region=mars", "region"),
        ("home_unit=GS+Astrology", "home_unit"),
        ("level=faculty", "level"),
        ("fee_waiver=maybe", "fee_waiver"),
        ("decade=1995", "decade"),
        ("concluded_from=2020-13-01", "concluded_from"),
        ("concluded_from=2020-01-02&concluded_to=2020-01-01", "concluded_to"),
        ("sort=price", "sort"),
        ("page=0", "page"),
        ("page=99999999999999999999999", "page"),
        ("page_size=5000", "page_size"),
        ("q=%00", "q"),
    ],
)
def test_it_refuses_bad_parameters_with_a_problem(anonymous, registry, query, name):
    response = get(anonymous, f"/api/v1/agreements?{query}", status=400)
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["type"].endswith("/api/v1/problems#invalid-parameters")
    assert name in [p["name"] for p in problem["invalid_params"]]
    assert problem["instance"].startswith("/api/v1/agreements?")


@pytest.mark.parametrize(
    "value", ["0", "-1", "-1.8e-131", "1e3", "20200101", "2020-1-1", " 2020-01-01"]
)
@pytest.mark.parametrize("name", ["concluded_from", "concluded_to"])
def test_a_date_filter_takes_only_a_date_not_a_number(anonymous, registry, name, value):
    """Issue 14: `concluded_from=0` and `-1.8e-131` read as 1970-01-01."""
    query = urlencode({name: value})
    response = get(anonymous, f"/api/v1/agreements?{query}", status=400)
    reasons = {p["name"]: p["reason"] for p in response.json()["invalid_params"]}
    assert reasons[name] == "must be a date such as 2000-01-31"
    export = anonymous.get(f"/api/v1/export.csv?{query}")
    assert export.status_code == 400


def test_it_shows_one_agreement_even_ended(anonymous, registry):
    ended = registry["ended"]
    body = get(anonymous, f"/api/v1/agreements/{ended.pk}").json()
    assert (body["institution"], body["ended_on"]) == (
        "Technische Universität München",
        "2005-01-01",
    )


@pytest.mark.parametrize("path", ["999999", "0", "abc", "99999999999999999999999"])
def test_it_answers_a_missing_agreement_with_a_problem(anonymous, registry, path):
    response = anonymous.get(f"/api/v1/agreements/{path}")
    assert response.status_code in {400, 404}
    assert response["Content-Type"] == "application/problem+json"


def test_it_refuses_parameters_on_a_detail(anonymous, registry):
    response = get(
        anonymous, f"/api/v1/agreements/{registry['lyon'].pk}?x=1", status=400
    )
    assert response.json()["invalid_params"][0]["name"] == "x"


def test_it_searches_institutions_by_any_spelling(anonymous, registry):
    munich = registry["munich_eng"].institution
    munich.aliases.create(name="TU Muenchen")
    body = get(anonymous, "/api/v1/institutions?q=muenchen").json()
    assert [i["name"] for i in body["results"]] == ["Technische Universität München"]
    assert body["results"][0]["aliases"] == ["TU Muenchen"]
    assert body["results"][0]["agreement_count"] == 1
    germany = get(anonymous, "/api/v1/institutions?country=de").json()
    assert germany["count"] == 2
    europe_thai = get(anonymous, "/api/v1/institutions?region=europe&q=chula").json()
    assert europe_thai["count"] == 0
    get(anonymous, "/api/v1/institutions?city=Paris", status=400)


def test_it_shows_an_institution_with_all_its_agreements(anonymous, registry):
    munich = registry["munich_eng"].institution
    body = get(anonymous, f"/api/v1/institutions/{munich.pk}").json()
    assert body["name"] == "Technische Universität München"
    # In the partner page's order: university level first, then by unit.
    assert [a["id"] for a in body["agreements"]] == [
        registry["ended"].pk,
        registry["munich_eng"].pk,
    ]
    get(anonymous, "/api/v1/institutions/424242", status=404)


def test_it_lists_countries_regions_and_home_units(anonymous, registry):
    countries = {c["code"]: c for c in get(anonymous, "/api/v1/countries").json()}
    assert countries["DE"]["agreement_count"] == 2
    assert countries["DE"]["institution_count"] == 2
    assert countries["JP"]["agreement_count"] == 0
    regions = get(anonymous, "/api/v1/regions").json()
    assert [(r["slug"], r["agreement_count"]) for r in regions] == [
        ("asia", 1),
        ("europe", 3),
    ]
    units = get(anonymous, "/api/v1/home-units").json()
    assert [(u["code"], u["agreement_count"]) for u in units] == [
        ("GS Dentistry", 1),
        ("GS Engineering", 2),
    ]


def test_it_addresses_the_pseudo_country_by_its_slug(anonymous, registry):
    from tests.factory import make_agreement, make_country, make_institution

    pseudo = make_country(None, "International Organization", "Others")
    unesco = make_institution("UNESCO", pseudo)
    agreement = make_agreement(institution=unesco)
    countries = {c["name"]: c for c in get(anonymous, "/api/v1/countries").json()}
    code = countries["International Organization"]["code"]
    assert code == "international-organization"
    body = get(anonymous, f"/api/v1/agreements?country={code}").json()
    assert ids_of(body) == [agreement.pk]
    assert body["results"][0]["country_code"] == ""


def ids_of(body) -> list[int]:
    return [a["id"] for a in body["results"]]


def test_it_gives_the_statistics_of_agreements_in_force(anonymous, registry):
    body = get(anonymous, "/api/v1/statistics").json()
    assert body["totals"]["agreements"] == 4
    assert [(c["code"], c["agreements"]) for c in body["by_country"]] == [
        ("DE", 2),
        ("FR", 1),
        ("TH", 1),
    ]
    assert [d["decade"] for d in body["by_decade"]] == [2000, 2010]


def test_it_answers_empty_lists_on_an_empty_registry(anonymous, db):
    assert get(anonymous, "/api/v1/agreements").json()["count"] == 0
    assert get(anonymous, "/api/v1/institutions").json()["results"] == []
    assert get(anonymous, "/api/v1/statistics").json()["totals"]["agreements"] == 0


def test_it_lists_the_problem_types(anonymous, db):
    body = get(anonymous, "/api/v1/problems").json()
    assert {p["status"] for p in body} >= {400, 401, 403, 404, 409, 422, 429}


def test_it_answers_unknown_paths_and_methods_with_problems(anonymous, db):
    missing = get(anonymous, "/api/v1/nowhere", status=404)
    assert missing["Content-Type"] == "application/problem+json"
    response = anonymous.delete("/api/v1/countries")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"]
