import datetime

import pytest

from accord.core.names import collation_key
from accord.registry.models import Agreement, InstitutionAlias
from tests.factory import make_agreement, make_country, make_home_unit, make_institution

pytestmark = pytest.mark.django_db


def test_where_lists_university_level_and_the_units_own_agreements(client, tohoku):
    response = client.get("/where/", {"open_to": "GS Engineering"})
    groups = {g["country"].name: g for g in response.context["countries"]}
    france = {p["institution"].name for p in groups["France"]["partners"]}
    # Strasbourg is GS Science's only: not open to GS Engineering.
    assert france == {"École Centrale de Lyon", "École Centrale de Nantes"}
    thai = {p["institution"].name for p in groups["Thailand"]["partners"]}
    assert thai == {"Chulalongkorn University", "Chiang Mai University"}
    content = response.content.decode()
    assert "open to every unit" in content
    assert response.context["partner_total"] == 6


def test_where_answers_france_engineering_with_fees_waived(client, tohoku):
    response = client.get(
        "/where/",
        {"open_to": "GS Engineering", "country": "FR", "fee_waiver": "true"},
    )
    [group] = response.context["countries"]
    [partner] = group["partners"]
    assert partner["institution"].name == "École Centrale de Lyon"
    assert partner["waived"]
    assert len(partner["agreements"]) == 2
    assert "Fees waived" in response.content.decode()


def test_where_offers_to_drop_a_filter_when_nothing_matches(client, tohoku):
    make_home_unit("IMRAM")
    response = client.get(
        "/where/", {"open_to": "GS Science", "country": "DE", "fee_waiver": "true"}
    )
    content = response.content.decode()
    assert "No partners match." in content
    assert "Remove the country filter" in content


def test_where_refuses_an_unknown_unit(client, tohoku):
    response = client.get("/where/", {"open_to": "GS Nowhere"})
    assert response.status_code == 400
    assert "names no home unit" in response.content.decode()


def test_where_starts_with_the_unit_picker(client, tohoku):
    response = client.get("/where/")
    content = response.content.decode()
    assert '<option value="GS Engineering">' in content
    assert "countries" not in response.context or response.context["countries"] is None


def test_the_institution_page_answers_since_when_and_which_units(client, tohoku):
    chula = tohoku["chula"]
    InstitutionAlias.objects.create(institution=chula, name="Chulalongkorn Univ.")
    content = client.get(f"/institutions/{chula.pk}/").content.decode()
    assert "2002-06-04" in content
    assert "GS Dentistry" in content
    assert "GS Engineering" in content
    assert "Faculty of Dentistry" in content
    assert "Chulalongkorn Univ." in content
    assert 'href="/countries/thailand/"' in content


def test_the_institution_page_shows_unknown_dates_and_ended_agreements(client, tohoku):
    content = client.get(f"/institutions/{tohoku['lyon'].pk}/").content.decode()
    assert "date unknown" in content
    assert "whole institution" in content
    content = client.get(f"/institutions/{tohoku['nus'].pk}/").content.decode()
    assert "Agreements not in force" in content
    assert "2020-01-01" in content


def test_the_institution_page_lists_joint_agreements(client, tohoku):
    joint = make_agreement(
        institution=tohoku["erlangen"], concluded_on=datetime.date(2019, 1, 1)
    )
    joint.co_partners.add(tohoku["lyon"])
    content = client.get(f"/institutions/{tohoku['lyon'].pk}/").content.decode()
    assert "Universität Erlangen-Nürnberg" in content


def test_unknown_pages_are_not_found(client, tohoku):
    assert client.get("/institutions/999999/").status_code == 404
    assert client.get("/countries/atlantis/").status_code == 404
    assert client.get("/regions/atlantis/").status_code == 404


def test_the_country_page_counts_partners_and_agreements(client, tohoku):
    response = client.get("/countries/france/")
    assert response.context["totals"] == {
        "agreements_total": 4,
        "university_level": 1,
        "department_level": 3,
        "waived": 3,
    }
    assert len(response.context["partners"]) == 3
    assert 'href="/?country=FR"' in response.content.decode()


def test_the_country_page_lists_partners_in_collation_order(client, tohoku):
    make_agreement(
        institution=make_institution("Versailles University", tohoku["france"])
    )
    partners = client.get("/countries/france/").context["partners"]
    names = [p.name for p in partners]
    assert names == sorted(names, key=collation_key)
    assert names.index("École Centrale de Lyon") < names.index("Versailles University")


def test_the_region_page_counts_countries(client, tohoku):
    response = client.get("/regions/asia/")
    names = [c.name for c in response.context["countries"]]
    assert names == ["Singapore", "Thailand"]
    assert response.context["totals"]["partners"] == 3


def test_the_statistics_page_has_charts_and_tables(client, tohoku):
    response = client.get("/statistics/")
    content = response.content.decode()
    years = {row["year"]: row["agreements"] for row in response.context["by_year"]}
    assert years[2002] == 1
    assert 2001 not in years  # the ended agreement
    assert content.count("<svg") == 6
    assert '<table class="numbers" id="per-year">' in content
    assert "1 agreement has no known date" in content
    shares = response.context["waivers"]["items"]
    assert [(s["value"], s["share"]) for s in shares] == [(6, 60), (4, 40)]


def test_the_map_links_countries_and_lists_those_it_cannot_draw(client, tohoku):
    response = client.get("/map/")
    content = response.content.decode()
    assert 'href="/countries/france/"' in content
    assert 'data-country="FR"' in content
    off_map = [row["name"] for row in response.context["off_map"]]
    assert off_map == ["Singapore"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/where/?open_to=GS+Engineering",
        "/statistics/",
        "/map/",
        "/countries/thailand/",
        "/regions/asia/",
    ],
)
def test_pages_need_few_queries_however_many_rows(
    client, tohoku, url, django_assert_max_num_queries
):
    thailand = make_country()
    unit = make_home_unit("GS Engineering")
    for n in range(40):
        partner = make_institution(f"Partner {n:02}", thailand)
        make_agreement(institution=partner)
        make_agreement(
            institution=partner, level=Agreement.Level.DEPARTMENT, home_unit=unit
        )
    # The first page builds the search snapshot (7 queries); every page says
    # which list it shows (the data version and the newest edition).
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_the_institution_page_needs_few_queries(
    client, tohoku, django_assert_max_num_queries
):
    # Two of them read the public documents and student contacts.
    with django_assert_max_num_queries(10):
        client.get(f"/institutions/{tohoku['chula'].pk}/")


def test_every_page_holds_to_the_content_security_policy(client, tohoku):
    for url in ["/", "/where/", "/statistics/", "/map/", "/countries/france/"]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        content = response.content.decode()
        assert "<script>" not in content
        assert "style=" not in content
        assert "<style" not in content


def test_where_asks_for_a_country_when_a_unit_has_very_many_partners(
    client, tohoku, monkeypatch
):
    monkeypatch.setattr("accord.portal.views.WHERE_MAX_LISTED", 3)
    response = client.get("/where/", {"open_to": "GS Engineering"})
    content = response.content.decode()
    assert response.context["too_many"]
    assert "Choose a country" in content
    assert 'href="?open_to=GS%20Engineering&amp;country=FR"' in content
    response = client.get("/where/", {"open_to": "GS Engineering", "country": "FR"})
    assert len(response.context["countries"][0]["partners"]) == 2


def test_the_institution_page_sums_up_since_when_and_for_whom(client, tohoku):
    response = client.get(f"/institutions/{tohoku['chula'].pk}/")
    assert str(response.context["first_concluded"]) == "2002-06-04"
    assert response.context["units"] == ["GS Dentistry", "GS Engineering"]
    content = response.content.decode()
    assert "every unit (university-level agreement); GS Dentistry, GS Engineering" in (
        content
    )


def test_where_moves_old_home_unit_links_to_open_to(client, tohoku):
    response = client.get("/where/", {"home_unit": "GS Engineering", "country": "FR"})
    assert response.status_code == 302
    assert response["Location"] == "/where/?country=FR&open_to=GS+Engineering"


@pytest.mark.parametrize("path", ["/", "/where/", "/statistics/", "/map/", "/about/"])
def test_a_head_request_answers_like_a_get_without_a_body(client, path):
    """Caches and link checkers ask with HEAD; the portal pages were GET-only (405)."""
    make_agreement()
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head["Content-Type"] == got["Content-Type"]
    assert head.content == b""
    assert client.post(path).status_code == 405
