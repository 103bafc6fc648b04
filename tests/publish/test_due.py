"""Renewal watch: terms ending within the horizon, or already ended, oldest first."""

from __future__ import annotations

import datetime

import pytest

from accord.publish.renewal import add_years, due_agreements, parse_within

day = datetime.date
TODAY = day(2026, 11, 25)


def agreement(institution, concluded_on, **fields):
    return {
        "level": "university",
        "country_code": "TH",
        "country_name": "Thailand",
        "institution": institution,
        "partner_department": "",
        "home_unit": "",
        "concluded_on": concluded_on,
        **fields,
    }


def due_names(records, within=180, term=5):
    report = due_agreements(records, TODAY, within_days=within, term_years=term)
    return [item.record["institution"] for item in report.due]


@pytest.mark.parametrize(
    ("concluded_on", "listed"),
    [
        # Term ends exactly at the limit (today + 180 days = 2027-05-24).
        ("2022-05-24", True),
        # One day before the limit.
        ("2022-05-23", True),
        # One day after the limit.
        ("2022-05-25", False),
    ],
)
def test_the_horizon_includes_its_last_day(concluded_on, listed):
    assert TODAY + datetime.timedelta(days=180) == day(2027, 5, 24)
    assert due_names([agreement("A", concluded_on)]) == (["A"] if listed else [])


@pytest.mark.parametrize(
    ("concluded_on", "days_left", "overdue"),
    [
        ("2021-11-25", 0, False),  # the term ends today
        ("2021-11-24", -1, True),  # ended yesterday, not renewed
        ("2021-11-26", 1, False),  # ends tomorrow
    ],
)
def test_today_is_the_boundary_of_overdue(concluded_on, days_left, overdue):
    (item,) = due_agreements([agreement("A", concluded_on)], TODAY).due
    assert (item.days_left, item.overdue) == (days_left, overdue)


def test_oldest_term_first_and_unknown_dates_apart():
    report = due_agreements(
        [
            agreement("Recent", "2022-01-10"),
            agreement("Ancient", "1990-04-01"),
            agreement("Undated", None),
            agreement("Fresh", "2025-01-01"),
        ],
        TODAY,
    )
    assert [i.record["institution"] for i in report.due] == ["Ancient", "Recent"]
    assert [r["institution"] for r in report.unknown] == ["Undated"]


def test_a_later_agreement_renews_the_earlier_one():
    records = [
        agreement("Renewed", "2010-01-01"),
        agreement("Renewed", "2024-01-01"),
        agreement("Renewed", "2012-01-01", home_unit="IMRAM", level="department"),
    ]
    report = due_agreements(records, TODAY)
    assert [(i.record["home_unit"], i.concluded_on) for i in report.due] == [
        ("IMRAM", day(2012, 1, 1))
    ]


def test_the_term_is_configurable():
    records = [agreement("A", "2023-01-01")]
    assert due_names(records, term=5) == []
    assert due_names(records, term=3) == ["A"]


def test_a_leap_day_term_ends_on_28_february():
    assert add_years(day(2020, 2, 29), 5) == day(2025, 2, 28)
    assert add_years(day(2020, 2, 29), 4) == day(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "days"), [("180d", 180), ("26w", 182), ("30", 30), (" 7 d ", 7)]
)
def test_it_reads_a_horizon(text, days):
    assert parse_within(text) == days


@pytest.mark.parametrize("text", ["", "soon", "6m", "-3d", "1.5d"])
def test_it_refuses_what_is_not_a_horizon(text):
    with pytest.raises(ValueError, match="is not a duration"):
        parse_within(text)


@pytest.mark.parametrize(
    "text", ["36526d", "5218w", "3000000d", "99999999999d", "9" * 5000]
)
def test_it_refuses_a_horizon_beyond_a_century(text):
    with pytest.raises(ValueError, match="is further ahead than 36525 days"):
        parse_within(text)


def test_the_longest_horizon_from_the_last_days_of_the_calendar():
    last = datetime.date(9999, 12, 1)
    report = due_agreements(
        [agreement("Chulalongkorn University", "9999-01-01")],
        last,
        within_days=parse_within("36525d"),
        term_years=10_000,
    )
    assert report.limit == datetime.date.max
    assert [d.term_ends_on for d in report.due] == [datetime.date.max]
