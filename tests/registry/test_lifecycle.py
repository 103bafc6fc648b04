"""An agreement's lifecycle: statuses, the moves between them (one service),
validity, renewals and termination; status decides what is in force."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from accord.registry import engine, services
from accord.registry.filters import AgreementFilters
from accord.registry.lifecycle import TRANSITIONS, Status, add_months, next_renewal
from accord.registry.models import Agreement, Renewal, today
from accord.registry.queries import agreements_in_force_on
from accord.registry.services import InvalidWrite
from tests.factory import make_agreement, make_home_university, make_institution

pytestmark = pytest.mark.django_db
day = datetime.date
TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def a_draft(**fields: object) -> Agreement:
    make_home_university()
    return services.create_agreement(
        institution=make_institution(), level="university", status="draft", **fields
    )


def searched() -> list[int]:
    return engine.search(AgreementFilters(), size=None, facets=False).pks


EVERY_MOVE = [(a, b) for a in Status.values for b in Status.values if a != b]


@pytest.mark.parametrize(("before", "after"), EVERY_MOVE)
def test_it_allows_exactly_the_moves_of_the_lifecycle(before, after):
    agreement = make_agreement(
        status=before,
        concluded_on=None,
        ended_on=YESTERDAY if before in ("expired", "terminated") else None,
        termination_reason="partner closed" if before == "terminated" else "",
    )
    move = {"termination_reason": "partner closed"} if after == "terminated" else {}
    if after in TRANSITIONS[before]:
        changed = services.change_status(agreement, after, **move)
        assert changed.status == after
        assert (changed.ended_on is not None) == (after in ("expired", "terminated"))
    else:
        with pytest.raises(InvalidWrite) as refused:
            services.change_status(agreement, after, **move)
        assert refused.value.field == "status"
        agreement.refresh_from_db()
        assert (agreement.status, agreement.version) == (before, 1)


def test_it_refuses_a_status_it_does_not_know():
    agreement = make_agreement()
    with pytest.raises(InvalidWrite, match="'cancelled' is not a status"):
        services.change_status(agreement, "cancelled")


def test_a_termination_needs_its_reason_and_keeps_it():
    agreement = make_agreement()
    with pytest.raises(InvalidWrite) as refused:
        services.change_status(agreement, "terminated")
    assert refused.value.field == "termination_reason"
    ended = services.terminate_agreement(agreement, "The partner closed its law school")
    # Today as the registry has it when it ends (a run may cross midnight).
    assert (ended.status, ended.ended_on) == ("terminated", today())
    assert ended.termination_reason == "The partner closed its law school"
    assert ended.history.first().status == "terminated"


def test_ending_an_agreement_the_old_way_expires_it():
    agreement = make_agreement()
    ended = services.end_agreement(agreement, ended_on=day(2024, 3, 31))
    assert (ended.status, ended.ended_on) == ("expired", day(2024, 3, 31))
    # Clearing the end date brings it back in force, as clearing it did before.
    back = services.update_agreement(ended, version=ended.version, ended_on=None)
    assert (back.status, back.ended_on) == ("in_force", None)


def test_an_end_date_cannot_end_a_draft():
    draft = a_draft()
    with pytest.raises(InvalidWrite) as refused:
        services.update_agreement(draft, version=1, ended_on=YESTERDAY)
    assert refused.value.field == "status"


def test_a_draft_is_not_concluded_and_is_never_in_force():
    with pytest.raises(InvalidWrite) as refused:
        a_draft(concluded_on=day(2020, 1, 1))
    assert refused.value.field == "concluded_on"
    draft = a_draft()
    assert not draft.is_in_force()
    assert draft.pk not in searched()
    signed = services.update_agreement(
        draft, version=1, status="in_force", concluded_on=YESTERDAY
    )
    assert signed.is_in_force()
    assert signed.pk in searched()


def test_status_decides_what_is_in_force_in_every_read():
    kept = make_agreement()
    suspended = make_agreement(
        institution=make_institution("Mahidol University"), status="suspended"
    )
    expired = make_agreement(
        institution=make_institution("Kasetsart University"),
        ended_on=day(2020, 1, 1),
    )
    in_force = {kept.pk}
    assert set(Agreement.objects.in_force().values_list("pk", flat=True)) == in_force
    assert set(searched()) == in_force
    home = kept.home_university_id
    assert {a.pk for a in agreements_in_force_on(TODAY, home)} == in_force
    # The past: the expired one was on the list before it ended, the suspended
    # one is off the list while suspended.
    on_the_2019_list = {a.pk for a in agreements_in_force_on(day(2019, 1, 1), home)}
    assert on_the_2019_list == {kept.pk, expired.pk}
    assert suspended.pk not in on_the_2019_list


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"status": "expired"}, "agreement_ended_on_matches_status"),
        ({"ended_on": day(2020, 1, 1)}, "agreement_ended_on_matches_status"),
        (
            {"status": "terminated", "ended_on": day(2020, 1, 1)},
            "agreement_termination_has_reason",
        ),
        ({"termination_reason": "why not"}, "agreement_termination_has_reason"),
        (
            {"valid_from": day(2020, 1, 1), "valid_until": day(2019, 1, 1)},
            "agreement_valid_until_after_from",
        ),
        ({"term_months": 0}, "agreement_term_positive"),
        ({"renews_automatically": True}, "agreement_renewal_has_term"),
        ({"status": "signed"}, "agreement_status_known"),
    ],
)
def test_the_database_refuses_a_lifecycle_out_of_step(fields, constraint):
    fields.setdefault("status", "in_force")
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make_agreement(**fields)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {"valid_from": day(2020, 1, 1), "valid_until": day(2019, 1, 1)},
            "valid_until",
        ),
        ({"valid_until": day(2301, 1, 1)}, "valid_until"),
        ({"term_months": 0}, "term_months"),
        ({"term_months": "60"}, "term_months"),
        ({"renews_automatically": True}, "term_months"),
        ({"termination_reason": "because"}, "termination_reason"),
    ],
)
def test_the_services_refuse_a_validity_out_of_step(fields, field):
    agreement = make_agreement()
    with pytest.raises(InvalidWrite) as refused:
        services.update_agreement(agreement, version=1, **fields)
    assert refused.value.field == field


def test_a_validity_may_lie_ahead():
    agreement = make_agreement()
    later = day(TODAY.year + 5, 3, 31)
    changed = services.update_agreement(
        agreement, version=1, valid_from=day(2021, 4, 1), valid_until=later
    )
    assert changed.valid_until == later


def test_a_renewal_is_a_dated_event_that_extends_the_validity():
    agreement = make_agreement(
        valid_from=day(2016, 4, 1), valid_until=day(2021, 3, 31), term_months=60
    )
    renewal = services.renew_agreement(agreement, renewed_on=day(2021, 2, 1))
    agreement.refresh_from_db()
    assert agreement.valid_until == day(2026, 3, 31)
    assert (renewal.renewed_on, renewal.valid_until) == (
        day(2021, 2, 1),
        day(2026, 3, 31),
    )
    given = services.renew_agreement(
        agreement, renewed_on=YESTERDAY, valid_until=day(TODAY.year + 3, 8, 31)
    )
    assert list(agreement.renewals.all()) == [renewal, given]
    assert Renewal.history.count() == 2


def test_renewing_an_expired_agreement_puts_it_back_in_force():
    agreement = make_agreement(ended_on=day(2024, 4, 1))
    services.renew_agreement(agreement, valid_until=day(TODAY.year + 5, 3, 31))
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_on) == ("in_force", None)


def test_a_renewal_without_term_or_end_leaves_the_end_unknown():
    agreement = make_agreement(valid_until=day(2021, 3, 31))
    renewal = services.renew_agreement(agreement, renewed_on=day(2021, 3, 1))
    agreement.refresh_from_db()
    assert renewal.valid_until is None
    assert agreement.valid_until is None


@pytest.mark.parametrize("status", ["draft", "terminated"])
def test_only_an_agreement_that_was_concluded_and_not_terminated_renews(status):
    agreement = make_agreement(
        status=status,
        concluded_on=None,
        ended_on=YESTERDAY if status == "terminated" else None,
        termination_reason="closed" if status == "terminated" else "",
    )
    with pytest.raises(InvalidWrite) as refused:
        services.renew_agreement(agreement)
    assert refused.value.field == "status"
    assert not Renewal.objects.exists()


def test_expiring_takes_the_day_after_the_validity_ended():
    agreement = make_agreement(valid_until=day(2024, 3, 31))
    expired = services.change_status(agreement, "expired")
    assert expired.ended_on == day(2024, 4, 1)


def test_months_and_automatic_renewals_keep_to_the_calendar():
    assert add_months(day(2021, 8, 31), 6) == day(2022, 2, 28)
    # A five-year agreement renewing itself since 2011-03-31: the term running
    # on 2026-12-04 ends 2031-03-31.
    assert next_renewal(day(2016, 3, 31), 60, day(2026, 12, 4)) == day(2031, 3, 31)
    assert next_renewal(day(2030, 3, 31), 60, day(2026, 12, 4)) == day(2030, 3, 31)
    assert next_renewal(day(2025, 12, 3), 12, day(2026, 12, 4)) == day(2027, 12, 3)
