"""Renewal watch: validity ending within the horizon, or already ended, oldest
first, computed from real end dates and terms; unknown terms apart."""

from __future__ import annotations

import datetime

import pytest

from accord.publish.renewal import add_years, due_agreements, parse_within

day = datetime.date
TODAY = day(2026, 11, 25)


def agreement(institution, concluded_on, *, term_months=60, **fields):
    """A record with a five-year term by default (as staff record it)."""
    return {
        "level": "university",
        "country_code": "TH",
        "country_name": "Thailand",
        "institution": institution,
        "partner_department": "",
        "home_unit": "",
        "concluded_on": concluded_on,
        "term_months": term_months,
        **fields,
    }


def due_names(records, within=180):
    report = due_agreements(records, TODAY, within_days=within)
    return [item.record["institution"] for item in report.due]


@pytest.mark.parametrize(
    ("concluded_on", "listed"),
    [
        # Validity ends exactly at the limit (today + 180 days = 2027-05-24):
        # five years from 2022-05-25 are up on 2027-05-24.
        ("2022-05-25", True),
        # One day before the limit.
        ("2022-05-24", True),
        # One day after the limit.
        ("2022-05-26", False),
    ],
)
def test_the_horizon_includes_its_last_day(concluded_on, listed):
    assert TODAY + datetime.timedelta(days=180) == day(2027, 5, 24)
    assert due_names([agreement("A", concluded_on)]) == (["A"] if listed else [])


@pytest.mark.parametrize(
    ("concluded_on", "days_left", "overdue"),
    [
        ("2021-11-26", 0, False),  # the validity ends today
        ("2021-11-25", -1, True),  # ended yesterday, not renewed
        ("2021-11-27", 1, False),  # ends tomorrow
    ],
)
def test_today_is_the_boundary_of_overdue(concluded_on, days_left, overdue):
    (item,) = due_agreements([agreement("A", concluded_on)], TODAY).due
    assert (item.days_left, item.overdue) == (days_left, overdue)


def test_oldest_end_first_and_unknown_terms_apart():
    report = due_agreements(
        [
            agreement("Recent", "2022-01-10"),
            agreement("Ancient", "1990-04-01"),
            agreement("Undated", None),
            agreement("Fresh", "2025-01-01"),
            agreement("Termless", "1990-04-01", term_months=None),
        ],
        TODAY,
    )
    assert [i.record["institution"] for i in report.due] == ["Ancient", "Recent"]
    assert [r["institution"] for r in report.unknown] == ["Termless", "Undated"]


def test_it_assumes_no_term_for_an_agreement_whose_end_nobody_knows():
    # Issue 16: every imported agreement was given five years, and 499 of 725
    # were "past their term" while in force. An imported one has no term.
    imported = [
        agreement(f"Partner {n}", f"{1980 + n}-04-01", term_months=None)
        for n in range(40)
    ]
    report = due_agreements(imported, TODAY)
    assert (len(report.due), len(report.unknown)) == (0, 40)


def test_a_real_end_date_wins_over_the_term():
    records = [
        agreement("Extended", "2015-04-01", valid_until="2030-03-31"),
        agreement("Cut short", "2024-04-01", valid_until="2027-01-31"),
        agreement("Started later", "2015-04-01", valid_from="2023-04-01"),
    ]
    report = due_agreements(records, TODAY)
    assert [(i.record["institution"], i.term_ends_on) for i in report.due] == [
        ("Cut short", day(2027, 1, 31))
    ]


def test_an_agreement_renewing_itself_is_not_due_but_listed_with_its_renewal():
    records = [
        agreement("Rolling", "2011-04-01", term_months=12, renews_automatically=True)
    ]
    report = due_agreements(records, TODAY)
    assert report.due == ()
    [renewing] = report.renewing
    assert (renewing.renews_on, renewing.term_months) == (day(2027, 3, 31), 12)


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


def test_each_agreement_has_its_own_term():
    assert due_names([agreement("A", "2023-01-01", term_months=60)]) == []
    assert due_names([agreement("A", "2023-01-01", term_months=36)]) == ["A"]


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
        [agreement("Chulalongkorn University", "9999-01-01", term_months=1200)],
        last,
        within_days=parse_within("36525d"),
    )
    assert report.limit == datetime.date.max
    assert [d.term_ends_on for d in report.due] == [datetime.date.max]
