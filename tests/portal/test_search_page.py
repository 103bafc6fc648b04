import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factory import make_agreement, make_country, make_institution

pytestmark = pytest.mark.django_db


def partner_names(response):
    return [a.institution.name for a in response.context["page"].items]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Universitat", "Universität Erlangen-Nürnberg"),
        ("ecole centrale", "École Centrale de Lyon"),
        ("Chiang Mai", "Chiang Mai University"),
        ("chiangmai", "Chiang Mai University"),
        ("Chulalongkorm", "Chulalongkorn University"),
        ("national univ singapore", "National University of Singapore"),
    ],
)
def test_it_finds_partners_as_people_type_them(client, tohoku, q, expected):
    response = client.get("/", {"q": q})
    assert response.status_code == 200
    assert partner_names(response)[0] == expected


def test_it_ranks_the_best_match_first(client, tohoku):
    names = partner_names(client.get("/", {"q": "centrale nantes"}))
    assert names == ["École Centrale de Nantes"]
    names = partner_names(client.get("/", {"q": "universite strasbourg"}))
    assert names[0] == "Université de Strasbourg"


def test_it_combines_the_shared_url_filters(client, tohoku):
    response = client.get(
        "/", {"country": "FR", "home_unit": "GS Engineering", "fee_waiver": "true"}
    )
    assert partner_names(response) == ["École Centrale de Lyon"]
    content = response.content.decode()
    assert "Country: France" in content
    assert "Fee waiver: Fees waived" in content


def test_its_facets_count_under_the_other_filters(client, tohoku):
    response = client.get("/", {"country": "FR"})
    groups = {g["name"]: g for g in response.context["facets"]}
    countries = {e["label"]: e["count"] for e in groups["country"]["entries"]}
    assert countries["France"] == 4
    assert countries["Thailand"] == 4
    waiver = {e["label"]: e["count"] for e in groups["fee_waiver"]["entries"]}
    assert waiver == {"Fees waived": 3, "No waiver": 1}
    selected = [e for e in groups["country"]["entries"] if e["selected"]]
    assert selected[0]["url"] == "/"


def test_it_explains_an_empty_result_and_offers_to_drop_a_filter(client, tohoku):
    response = client.get("/", {"q": "chulalongkorn", "country": "FR"})
    content = response.content.decode()
    assert "No partners match." in content
    assert 'href="/?q=chulalongkorn"' in content
    assert "Remove the Country filter" in content


def test_it_serves_the_results_fragment_for_live_search(client, tohoku):
    response = client.get("/", {"q": "lyon", "fragment": "1"})
    content = response.content.decode()
    assert "<html" not in content
    assert "École Centrale de Lyon" in content


@pytest.mark.parametrize("decade", ["1995", "\u00b3", "\u0661\u0669\u0669\u0660"])
def test_it_refuses_a_bad_filter_with_a_clear_message(client, tohoku, decade):
    response = client.get("/", {"decade": decade})
    assert response.status_code == 400
    assert "filter must be a year ending in 0" in response.content.decode()


def test_it_paginates(client, tohoku):
    thailand = make_country()
    for n in range(55):
        make_agreement(institution=make_institution(f"Partner {n:02}", thailand))
    first = client.get("/")
    assert len(first.context["page"].items) == 50
    assert 'href="/?page=2"' in first.content.decode()
    second = client.get("/", {"page": "2"})
    assert len(second.context["page"].items) == 15


def test_it_shows_unknown_dates_and_whole_institutions(client, tohoku):
    content = client.get("/", {"q": "lyon"}).content.decode()
    assert "date unknown" in content
    assert "whole institution" in content


def test_it_escapes_names(client, tohoku):
    make_agreement(institution=make_institution("<script>alert(1)</script> Institute"))
    content = client.get("/", {"q": "<script>"}).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Institute" in content


def test_it_keeps_staff_notes_private(client, tohoku):
    make_agreement(
        institution=make_institution("Kasetsart University"),
        notes="internal: renewal under negotiation",
    )
    content = client.get("/", {"q": "kasetsart"}).content.decode()
    assert "Kasetsart University" in content
    assert "renewal under negotiation" not in content


def test_it_downloads_the_results_as_csv(client, tohoku):
    make_agreement(institution=make_institution("=HYPERLINK(evil)", make_country()))
    response = client.get("/results.csv", {"country": "TH"})
    assert response["Content-Disposition"] == 'attachment; filename="agreements.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    names = {row["institution"] for row in rows}
    assert "'=HYPERLINK(evil)" in names
    assert "Chulalongkorn University" in names
    assert {row["country_code"] for row in rows} == {"TH"}


def test_it_downloads_the_results_as_xlsx(client, tohoku):
    response = client.get("/results.xlsx", {"q": "lyon"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("level", "region")
    assert {row[4] for row in rows[1:]} == {"École Centrale de Lyon"}


def test_it_refuses_an_unknown_download_format(client, tohoku):
    assert client.get("/results.pdf").status_code == 404


def test_it_hides_ended_agreements_unless_asked(client, tohoku):
    assert len(partner_names(client.get("/", {"q": "singapore"}))) == 1
    response = client.get("/", {"q": "singapore", "include_ended": "true"})
    assert len(partner_names(response)) == 2


def test_the_search_page_needs_few_queries(
    client, tohoku, django_assert_max_num_queries
):
    thailand = make_country()
    for n in range(30):
        make_agreement(institution=make_institution(f"Partner {n:02}", thailand))
    with django_assert_max_num_queries(22):
        client.get("/", {"q": "partner", "country": "TH"})
    with django_assert_max_num_queries(18):
        client.get("/")


def test_a_chip_s_accessible_name_starts_with_what_it_shows(client, tohoku):
    content = client.get("/?country=FR").content.decode()
    chips = content.split('class="chips"', 1)[1].split("</ul>", 1)[0]
    links = chips.split(">", 1)[1]  # past the list's own label
    assert "aria-label" not in links
    assert '>Country: France <span aria-hidden="true">\u00d7</span>' in links
    assert "(Remove the Country filter)" in chips


def test_the_search_page_names_each_landmark_once(client, tohoku):
    content = client.get("/").content.decode()
    assert content.count('aria-labelledby="results-heading"') == 1
    assert 'aria-label="Results table"' in content
    assert 'href="#filters"' in content and 'id="filters"' in content
