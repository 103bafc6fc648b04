import datetime

import pytest

from accord.registry import services
from accord.registry.models import Agreement, Country, Institution
from accord.registry.queries import (
    AgreementFilters,
    Search,
    facet_counts,
    find,
    search_agreements,
)
from tests.factory import make_agreement, make_country, make_home_unit, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    france = make_country("FR", "France", "Europe")
    lyon = make_institution("École Centrale de Lyon", france)
    chula = make_institution("Chulalongkorn University")
    make_agreement(institution=lyon, fee_waiver=True, concluded_on=None)
    make_agreement(
        institution=lyon,
        level=Agreement.Level.DEPARTMENT,
        home_unit=make_home_unit("GS Engineering"),
        fee_waiver=True,
        concluded_on=datetime.date(2006, 2, 13),
    )
    make_agreement(
        institution=chula,
        level=Agreement.Level.DEPARTMENT,
        home_unit=make_home_unit("GS Dentistry"),
        partner_department="Faculty of Dentistry",
        concluded_on=datetime.date(2014, 12, 9),
    )
    make_agreement(institution=chula, concluded_on=datetime.date(2011, 2, 3))


def names(filters: AgreementFilters) -> list[tuple[str, str]]:
    return [
        (a.institution.name, a.home_unit.code if a.home_unit else "")
        for a in search_agreements(filters)
    ]


def test_it_finds_names_without_accents_or_case(registry):
    assert names(AgreementFilters(q="ecole CENTRALE")) == [
        ("École Centrale de Lyon", ""),
        ("École Centrale de Lyon", "GS Engineering"),
    ]


def test_it_combines_country_unit_and_waiver_filters(registry):
    filters = AgreementFilters(
        country="fr", home_unit="GS Engineering", fee_waiver=True
    )
    assert names(filters) == [("École Centrale de Lyon", "GS Engineering")]


def test_it_filters_by_decade(registry):
    assert names(AgreementFilters(decade=2010)) == [
        ("Chulalongkorn University", ""),
        ("Chulalongkorn University", "GS Dentistry"),
    ]


def test_it_leaves_out_ended_agreements_unless_asked(registry):
    Agreement.objects.filter(home_unit__code="GS Dentistry").update(
        ended_on=datetime.date(2020, 1, 1), status=Agreement.Status.EXPIRED
    )
    assert len(names(AgreementFilters())) == 3
    assert len(names(AgreementFilters(include_ended=True))) == 4


def test_it_counts_a_facet_without_its_own_filter(registry):
    facets = facet_counts(AgreementFilters(country="TH"))
    assert {(f["value"], f["count"]) for f in facets["country"]} == {
        ("TH", 2),
        ("FR", 2),
    }
    assert {(f["value"], f["count"]) for f in facets["level"]} == {
        ("university", 1),
        ("department", 1),
    }
    assert [(f["value"], f["count"]) for f in facets["decade"]] == [(2010, 2)]


def level_counts() -> dict[str, int]:
    return {f["value"]: f["count"] for f in facet_counts(AgreementFilters())["level"]}


def test_facet_counts_follow_the_data_without_reading_it_again(
    registry, django_assert_num_queries
):
    assert level_counts() == {"university": 2, "department": 2}
    # The snapshot is kept: only the data version is read again.
    with django_assert_num_queries(1):
        assert level_counts() == {"university": 2, "department": 2}
    services.end_agreement(Agreement.objects.filter(level="university").first())
    assert level_counts() == {"university": 1, "department": 2}
    alias = services.add_alias(Institution.objects.get(name__startswith="Chula"), "CU")
    assert alias is not None
    assert facet_counts(AgreementFilters(q="CU"))["level"] != []


def test_a_page_reads_no_row_from_the_database_even_with_co_partners_and_terms(
    registry, django_assert_num_queries
):
    lyon_engineering = Search(AgreementFilters(q="lyon", home_unit="GS Engineering"))
    find(lyon_engineering)
    # The data version only: the rows come from the search's snapshot.
    with django_assert_num_queries(1):
        (row,) = find(lyon_engineering).page.items
    assert (row.co_partners, row.terms) == ((), ())

    agreement = Agreement.objects.get(pk=row.pk)
    agreement.co_partners.add(Institution.objects.get(name__startswith="Chula"))
    services.add_term(agreement, direction="both", mobility_type="student_studies")
    find(lyon_engineering)
    with django_assert_num_queries(1):
        (row,) = find(lyon_engineering).page.items
    assert [p.name for p in row.co_partners] == ["Chulalongkorn University"]
    assert [t["mobility_type"] for t in row.terms] == ["student_studies"]
    # Chulalongkorn's own agreements: a co-partner of another one is not theirs.
    with django_assert_num_queries(1):
        rows = find(Search(AgreementFilters(q="chulalongkorn"))).page.items
    assert [r.co_partners for r in rows] == [(), ()]


def test_facet_counts_do_not_outlive_a_rename_of_a_place(registry):
    assert {f["label"] for f in facet_counts(AgreementFilters())["country"]} == {
        "France",
        "Thailand",
    }
    Country.objects.filter(iso_code="TH").update(name="Kingdom of Thailand")
    assert {f["label"] for f in facet_counts(AgreementFilters())["country"]} == {
        "France",
        "Kingdom of Thailand",
    }
