import datetime

import pytest

from accord.registry import statistics
from accord.registry.models import Agreement
from tests.factory import make_agreement, make_country, make_home_unit, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    france = make_country("FR", "France", "Europe")
    lyon = make_institution("École Centrale de Lyon", france)
    make_agreement(institution=lyon, fee_waiver=True, concluded_on=None)
    make_agreement(
        institution=lyon,
        level=Agreement.Level.DEPARTMENT,
        home_unit=make_home_unit("GS Engineering"),
        concluded_on=datetime.date(2006, 2, 13),
    )
    make_agreement(concluded_on=datetime.date(2011, 2, 3), fee_waiver=True)
    make_agreement(
        institution=make_institution("Mahidol University"),
        concluded_on=datetime.date(2001, 1, 1),
        ended_on=datetime.date(2002, 1, 1),
    )


def test_it_counts_only_agreements_in_force(registry):
    assert statistics.totals() == {
        "agreements": 3,
        "university_level": 2,
        "department_level": 1,
        "fee_waiver": 2,
        "fee_waiver_unknown": 0,
        "concluded_on_unknown": 1,
        "institutions": 2,
        "countries": 2,
    }


def test_it_counts_by_country_region_unit_and_decade(registry):
    countries = [(r["code"], r["agreements"]) for r in statistics.by_country()]
    assert countries == [("FR", 2), ("TH", 1)]
    regions = [(r["slug"], r["fee_waiver"]) for r in statistics.by_region()]
    assert regions == [("asia", 1), ("europe", 1)]
    assert statistics.by_home_unit() == [
        {
            "code": "GS Engineering",
            "full_name": "",
            "agreements": 1,
            "fee_waiver": 0,
            "home_university": "tu",
            "home_university_name": "Tohoku University",
            "home_university_short_name": "TU",
        }
    ]
    [university] = statistics.by_university()
    assert (university["slug"], university["agreements"]) == ("tu", 3)
    assert (university["institutions"], university["countries"]) == (2, 2)
    decades = [(r["decade"], r["agreements"]) for r in statistics.by_decade()]
    assert decades == [(2000, 1), (2010, 1)]


def test_the_snapshot_is_kept_until_the_data_changes(
    registry, django_assert_num_queries
):
    first = statistics.snapshot()
    with django_assert_num_queries(1):  # the data version only
        assert statistics.snapshot() == first
    make_agreement(institution=make_institution("Mahidol University"))
    assert statistics.snapshot()["totals"]["agreements"] == (
        first["totals"]["agreements"] + 1
    )
    assert statistics.summary() == {
        name: statistics.snapshot()[name] for name in statistics.SUMMARY
    }
