"""Each university's portal space, `/u/<slug>/`: every public page of today,
scoped to one university, with its links kept in the space; an instance with
one university serves the pages as before, without a slug."""

from __future__ import annotations

import csv
import io
import re

import pytest

from accord.importer.importing import load_bundled_edition_if_empty
from accord.registry.models import Agreement

pytestmark = pytest.mark.django_db


def hrefs(response) -> list[str]:
    """The page's links to its own site (not anchors, static files or others)."""
    found = re.findall(r'href="(/[^"]*)"', response.content.decode())
    return [h for h in found if not h.startswith(("/static/", "/api/"))]


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def in_force(slug: str, **fields) -> int:
    return (
        Agreement.objects.in_force()
        .filter(home_university__slug=slug, **fields)
        .count()
    )


def test_a_space_searches_and_downloads_its_universitys_agreements(client, network):
    rows = csv_rows(client.get("/u/kita/results.csv"))
    assert len(rows) == in_force("kita") == 4
    assert {r["home_university"] for r in rows} == {"kita"}
    # The space decides, whatever the query string says.
    rows = csv_rows(client.get("/u/kita/results.csv?university=minami"))
    assert {r["home_university"] for r in rows} == {"kita"}


def test_a_units_where_can_i_go_keeps_to_its_universitys_space(client, network):
    """Kita's GS Engineering never sees Tohoku's university-level agreements."""
    kita = client.get("/u/kita/where/?open_to=GS+Engineering")
    assert kita.context["agreement_total"] == 4
    assert [u.code for u in kita.context["units"]] == ["GS Engineering"]
    tohoku = client.get("/u/tohoku/where/?open_to=GS+Engineering")
    engineering = in_force("tohoku", home_unit__code="GS Engineering")
    university_level = in_force("tohoku", level="university")
    assert tohoku.context["agreement_total"] == engineering + university_level


def test_a_space_counts_its_own_agreements(client, network):
    assert client.get("/u/minami/statistics/").context["totals"]["agreements"] == 5
    assert client.get("/statistics/").context["totals"]["agreements"] == (
        Agreement.objects.in_force().count()
    )
    shown = client.get("/u/minami/map/").context["countries"]
    assert sum(row["agreements"] for row in shown) == 5
    japan = client.get("/u/minami/countries/japan/").context["totals"]
    assert japan["agreements_total"] == in_force(
        "minami", institution__country__iso_code="JP"
    )
    asia = client.get("/u/minami/regions/asia/").context["totals"]
    assert asia["agreements_total"] == in_force(
        "minami", institution__country__region__slug="asia"
    )


def test_a_partner_page_shows_the_spaces_agreements_only(client, network):
    shared = Agreement.objects.filter(home_university__slug="kita").first()
    page = client.get(f"/u/kita/institutions/{shared.institution_id}/")
    assert {a.home_university for a in page.context["active"]} == {"kita"}
    everyone = client.get(f"/institutions/{shared.institution_id}/")
    assert {a.home_university for a in everyone.context["active"]} >= {
        "kita",
        "minami",
        "tohoku",
    }
    only_minami = Agreement.objects.get(institution__name="Minami Partner College")
    assert (
        client.get(f"/u/kita/institutions/{only_minami.institution_id}/").status_code
        == 404
    )


@pytest.mark.parametrize(
    "page",
    [
        "",
        "?country=JP",
        "where/?open_to=GS+Engineering",
        "statistics/",
        "map/",
        "countries/japan/",
        "regions/asia/",
    ],
)
def test_links_stay_in_the_space(client, network, page):
    response = client.get(f"/u/kita/{page}")
    assert response.status_code == 200
    links = hrefs(response)
    assert links
    outside = [h for h in links if not h.startswith("/u/kita/")]
    # Only the staff's sign-in leaves it.
    assert all(h.startswith(("/staff/", "/admin/")) for h in outside), outside


def test_a_space_shows_no_university_facet_or_chip(client, network):
    response = client.get("/u/kita/?level=university")
    assert "university=" not in response.content.decode()
    assert "university" in client.get("/?level=university").context["results"]


def title(response) -> str:
    return re.search(r"<title>(.*)</title>", response.content.decode())[1]


def test_a_space_says_whose_it_is(client, network):
    assert title(client.get("/u/kita/")) == "Search partners · Kita University · Accord"
    assert title(client.get("/")) == "Search partners · Accord"


def test_an_unknown_university_has_no_space(client, network):
    assert client.get("/u/kyoto/").status_code == 404


def test_one_university_serves_todays_urls(client):
    load_bundled_edition_if_empty()
    for page in ("", "where/?open_to=GS+Engineering", "statistics/", "map/"):
        links = hrefs(client.get(f"/{page}"))
        assert links
        assert not [h for h in links if h.startswith("/u/")]


def test_a_space_says_which_of_its_lists_it_shows(client, network):
    """Kita has no list of its own yet: its agreements were entered by staff."""
    kita = client.get("/u/kita/").content.decode()
    assert "Agreements entered by staff" in kita
    assert "List as of" in client.get("/u/tohoku/").content.decode()


def test_the_networks_partner_page_says_which_universities_work_with_it(
    client, network
):
    shared = Agreement.objects.filter(home_university__slug="kita").first()
    page = client.get(f"/institutions/{shared.institution_id}/")
    assert page.context["universities"] == [
        "Kita University",
        "Minami University",
        "Tohoku University",
    ]
    assert "Home universities" in page.content.decode()
    space = client.get(f"/u/kita/institutions/{shared.institution_id}/")
    assert space.context["universities"] == []


def test_the_networks_statistics_count_each_university_and_each_partner_once(
    client, network
):
    page = client.get("/statistics/")
    rows = {row["slug"]: row for row in page.context["by_university"]}
    assert set(rows) == {"tohoku", "kita", "minami"}
    for slug, row in rows.items():
        assert row["agreements"] == in_force(slug)
        assert row["institutions"] == (
            Agreement.objects.in_force()
            .filter(home_university__slug=slug)
            .values("institution")
            .distinct()
            .count()
        )
        assert row["url"] == f"/u/{slug}/statistics/"
    assert rows["minami"]["institutions"] == 3
    # The two partners all three share count once in the network's total.
    totals = page.context["totals"]
    assert totals["institutions"] == (
        Agreement.objects.in_force().values("institution").distinct().count()
    )
    assert totals["institutions"] < sum(r["institutions"] for r in rows.values())
    assert b'href="/u/kita/statistics/"' in page.content
    assert "by_university" not in client.get("/u/kita/statistics/").context


def test_the_networks_units_are_each_their_universitys(client, network):
    units = client.get("/statistics/").context["by_home_unit"]
    engineering = [u for u in units if u["code"] == "GS Engineering"]
    assert {u["home_university"] for u in engineering} == {"tohoku", "kita", "minami"}
    assert {u["label"] for u in engineering if u["home_university"] == "kita"} == {
        "GS Engineering · Kita University"
    }
    own = client.get("/u/kita/statistics/").context["by_home_unit"]
    assert [u["label"] for u in own] == ["GS Engineering"]


def test_the_api_statistics_break_the_network_down_by_university(client, network):
    body = client.get("/api/v1/statistics").json()
    assert {row["slug"] for row in body["by_university"]} == {
        "tohoku",
        "kita",
        "minami",
    }
    kita = next(r for r in body["by_university"] if r["slug"] == "kita")
    assert kita["agreements"] == in_force("kita")
    assert {u["home_university"] for u in body["by_home_unit"]} >= {"kita", "tohoku"}


def test_the_networks_landing_page_links_each_universitys_space(client, network):
    page = client.get("/")
    assert [u["url"] for u in page.context["spaces"]] == [
        "/u/kita/",
        "/u/minami/",
        "/u/tohoku/",
    ]
    assert b'href="/u/minami/"' in page.content
    # Not repeated on results pages, nor inside a space.
    assert client.get("/?q=university").context["spaces"] == []
    assert client.get("/u/kita/").context["spaces"] == []


def test_one_universitys_landing_page_links_no_space(client):
    load_bundled_edition_if_empty()
    assert client.get("/").context["spaces"] == []
