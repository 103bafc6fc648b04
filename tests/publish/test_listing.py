"""The list's structure and every total are computed from its records."""

from __future__ import annotations

import datetime
from collections import Counter

from accord.publish.listing import records_to_list
from tests.publish.seed import department_asia_records, records_2021

AS_OF = datetime.date(2021, 5, 1)


def test_it_counts_the_2021_university_list_as_printed():
    listing = records_to_list(records_2021(), AS_OF)
    assert listing.university_total == 250
    assert [(r.name, r.count) for r in listing.university] == [
        ("Asia", 94),
        ("Middle East", 4),
        ("Africa", 4),
        ("Oceania", 8),
        ("North America", 41),
        ("South and Central America", 1),
        ("Europe", 95),
        ("International Organization", 3),
    ]


def test_every_country_count_equals_its_rows():
    records = department_asia_records()
    listing = records_to_list(records, AS_OF)
    expected = Counter(r["country_name"] for r in records)
    assert listing.department_country_counts == dict(expected)
    assert listing.department_total == len(records) == sum(expected.values())
    assert listing.department_country_total == len(expected) == 15


def test_it_keeps_the_order_it_is_given():
    listing = records_to_list(records_2021(), AS_OF)
    china = listing.university[0].countries[0]
    assert china.name == "China"
    assert china.entries[0].institution == "Northeastern University"
    assert china.entries[0].dotted_date == "1983.8.5"


def test_an_unknown_date_stays_unknown():
    listing = records_to_list(records_2021(), AS_OF)
    usa = next(c for r in listing.university for c in r.countries if c.code == "US")
    davis = next(e for e in usa.entries if e.institution.endswith("Davis"))
    assert davis.concluded_on is None
    assert davis.dotted_date == "" and davis.slashed_date == ""


def test_a_joint_agreement_names_all_its_partners():
    listing = records_to_list(department_asia_records(), AS_OF)
    entries = [e for r in listing.department for c in r.countries for e in c.entries]
    joint = next(e for e in entries if e.co_partners)
    assert joint.partners == "Tianjin Medical University / " + joint.co_partners[0]
    assert joint.slashed_date == "2015/05/05"


def test_an_empty_list_has_zero_totals():
    listing = records_to_list([], AS_OF)
    assert (listing.university_total, listing.department_total) == (0, 0)
    assert listing.department_country_total == 0
