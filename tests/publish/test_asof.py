"""The list as it stood on a date, from conclusion and end dates."""

from __future__ import annotations

import datetime

import pytest

from accord.publish.asof import PublishError, pick_home_university, records_as_of
from accord.publish.documents import official_list
from accord.registry.models import Agreement
from tests.factory import (
    make_agreement,
    make_country,
    make_home_unit,
    make_home_university,
    make_institution,
)

pytestmark = pytest.mark.django_db
day = datetime.date


@pytest.fixture
def history():
    """Four partners whose agreements began and ended at different times."""
    korea = make_country("KR", "South Korea")
    make_agreement(
        institution=make_institution("Old Partner University"),
        concluded_on=day(2001, 1, 1),
        ended_on=day(2015, 6, 30),
    )
    make_agreement(
        institution=make_institution("Steady University"),
        concluded_on=day(2005, 4, 1),
        fee_waiver=True,
    )
    make_agreement(
        institution=make_institution("Newcomer University", korea),
        concluded_on=day(2019, 9, 1),
    )
    make_agreement(institution=make_institution("Undated Institute"), concluded_on=None)
    make_agreement(
        level=Agreement.Level.DEPARTMENT,
        institution=make_institution("Newcomer University", korea),
        home_unit=make_home_unit("IMRAM"),
        partner_department="School of Physics",
        concluded_on=day(2016, 3, 1),
    )


def names(as_of: datetime.date) -> list[str]:
    home = make_home_university()
    return [r["institution"] for r in records_as_of(home, as_of)]


def test_the_list_of_a_past_date_holds_what_was_in_force_then(history):
    assert names(day(2010, 1, 1)) == [
        "Old Partner University",
        "Steady University",
        "Undated Institute",
    ]


def test_an_agreement_ended_on_the_day_is_off_that_days_list(history):
    assert "Old Partner University" in names(day(2015, 6, 29))
    assert "Old Partner University" not in names(day(2015, 6, 30))


def test_an_agreement_concluded_on_the_day_is_on_that_days_list(history):
    assert "Newcomer University" not in names(day(2016, 2, 29))
    assert names(day(2016, 3, 1)).count("Newcomer University") == 1


def test_todays_list_counts_both_levels(history):
    listing = official_list(make_home_university(), day(2021, 5, 1))
    assert listing.university_total == 3
    assert listing.department_total == 1
    assert listing.department_country_counts == {"South Korea": 1}
    thailand = listing.university[0].countries[-1]
    # Chronological within a country, the undated one last.
    assert [e.institution for e in thailand.entries] == [
        "Steady University",
        "Undated Institute",
    ]


def test_records_are_in_the_export_schema(history):
    record = records_as_of(make_home_university(), day(2021, 5, 1))[0]
    assert record == {
        "level": "university",
        "region": "Asia",
        "country_code": "KR",
        "country_name": "South Korea",
        "institution": "Newcomer University",
        "co_partners": [],
        "partner_department": "",
        "home_unit": "",
        "fee_waiver": False,
        "concluded_on": "2019-09-01",
        "edition": None,
        "source_lines": [],
        "home_university": make_home_university().slug,
    }


def test_it_needs_a_home_university_to_publish():
    with pytest.raises(PublishError, match="no home university"):
        pick_home_university()


def test_it_names_the_home_university_it_does_not_know():
    make_home_university()
    with pytest.raises(PublishError, match="known: tu"):
        pick_home_university("Kyoto University")


def test_it_picks_a_home_university_by_its_slug_name_or_short_name(network):
    for name in ("kita", "Kita University"):
        assert pick_home_university(name).slug == "kita"
    assert pick_home_university("Tohoku").slug == "tohoku"
