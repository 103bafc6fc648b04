"""Writes through registry.services: validation, optimistic locking, audit."""

import datetime

import pytest

from accord.registry import services
from accord.registry.models import Agreement, Institution, today
from accord.registry.services import Conflict, InvalidWrite
from tests.factory import (
    make_agreement,
    make_country,
    make_home_unit,
    make_home_university,
    make_institution,
    make_user,
)

pytestmark = pytest.mark.django_db


def refusal(**fields: object) -> tuple[str, str]:
    make_home_university()
    fields.setdefault("institution", make_institution())
    fields.setdefault("level", "university")
    with pytest.raises(InvalidWrite) as caught:
        services.create_agreement(**fields)
    assert Agreement.objects.count() == 0
    return caught.value.field, caught.value.message


def test_it_creates_an_agreement_recording_who_and_why():
    user = make_user("editor")
    agreement = services.create_agreement(
        institution=make_institution(),
        level="department",
        home_unit=make_home_unit(),
        partner_department="  Faculty\u00a0of  Dentistry ",
        concluded_on=datetime.date(2015, 4, 1),
        by=user,
        reason="signed in April",
    )
    assert agreement.partner_department == "Faculty of Dentistry"
    record = agreement.history.get()
    assert (record.history_user, record.history_change_reason) == (
        user,
        "signed in April",
    )


TOMORROW = object()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"concluded_on": datetime.date(1899, 12, 31)}, "concluded_on"),
        ({"concluded_on": TOMORROW}, "concluded_on"),
        ({"ended_on": datetime.date(2999, 1, 1)}, "ended_on"),
        ({"level": "department"}, "home_unit"),
        ({"level": "faculty"}, "level"),
        ({"partner_department": "Faculty of Law"}, "partner_department"),
        ({"institution": 99999}, "institution"),
        ({"fee_waiver": "yes"}, "fee_waiver"),
        ({"colour": "red"}, "colour"),
        (
            {
                "concluded_on": datetime.date(2010, 1, 1),
                "ended_on": datetime.date(2009, 1, 1),
            },
            "ended_on",
        ),
    ],
)
def test_it_refuses_an_invalid_agreement_naming_the_field(fields, field):
    # Tomorrow as the registry has it when the test runs, not when it was
    # collected: a run may cross midnight.
    tomorrow = today() + datetime.timedelta(days=1)
    fields = {k: tomorrow if v is TOMORROW else v for k, v in fields.items()}
    assert refusal(**fields)[0] == field


def test_it_refuses_a_university_level_agreement_with_a_home_unit():
    assert refusal(home_unit=make_home_unit())[0] == "home_unit"


def test_it_refuses_a_duplicate_agreement():
    existing = make_agreement()
    with pytest.raises(InvalidWrite, match="already exists"):
        services.create_agreement(
            institution=existing.institution,
            level="university",
            concluded_on=existing.concluded_on,
        )
    assert Agreement.objects.count() == 1


def test_it_refuses_an_institution_as_its_own_co_partner():
    partner = make_institution()
    assert refusal(institution=partner, co_partners=[partner])[0] == "co_partners"


def test_it_updates_with_the_current_version_and_bumps_it():
    agreement = make_agreement()
    updated = services.update_agreement(
        agreement.pk, version=agreement.version, fee_waiver=True
    )
    assert (updated.fee_waiver, updated.version) == (True, agreement.version + 1)


def test_it_refuses_a_stale_version_and_writes_nothing():
    agreement = make_agreement()
    first = services.update_agreement(agreement, version=1, notes="first editor")
    with pytest.raises(Conflict) as caught:
        services.update_agreement(agreement, version=1, notes="second editor")
    assert caught.value.current_version == first.version == 2
    agreement.refresh_from_db()
    assert agreement.notes == "first editor"
    assert agreement.history.count() == 2


def test_it_leaves_the_agreement_untouched_when_an_update_is_invalid():
    agreement = make_agreement()
    with pytest.raises(InvalidWrite):
        services.update_agreement(
            agreement,
            version=1,
            fee_waiver=True,
            concluded_on=datetime.date(1800, 1, 1),
        )
    agreement.refresh_from_db()
    assert (agreement.fee_waiver, agreement.version) == (False, 1)


def test_it_ends_an_agreement_today_by_default():
    agreement = services.end_agreement(make_agreement(), by=make_user("editor"))
    assert agreement.ended_on == today()
    with pytest.raises(InvalidWrite, match="already ended"):
        services.end_agreement(agreement)


def test_it_changes_co_partners_with_an_audit_entry():
    agreement = make_agreement()
    other = make_institution("Mahidol University")
    services.update_agreement(agreement, version=1, co_partners=[other.pk])
    assert list(agreement.co_partners.all()) == [other]
    latest = agreement.history.first()
    assert [p.institution_id for p in latest.co_partners.all()] == [other.pk]


def test_it_creates_an_institution_with_a_clean_name_and_aliases():
    make_country()
    institution = services.create_institution(
        name="  Chiang Mai\u00a0University ", country="th", aliases=["Chiangmai Univ."]
    )
    assert institution.name == "Chiang Mai University"
    assert institution.country == make_country()
    assert list(institution.aliases.values_list("name", flat=True)) == [
        "Chiangmai Univ."
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   ", "country": "TH"}, "name"),
        ({"name": "Kasetsart University", "country": "ZZ"}, "country"),
        ({"name": "Kasetsart University", "country": 4242}, "country"),
        ({"name": "KASETSART university", "country": "TH"}, "name"),
    ],
)
def test_it_refuses_an_invalid_institution(fields, field):
    make_institution("Kasetsart University")
    with pytest.raises(InvalidWrite) as caught:
        services.create_institution(**fields)
    assert caught.value.field == field
    assert Institution.objects.count() == 1


def test_it_refuses_a_stale_institution_update():
    institution = make_institution()
    services.update_institution(institution, version=1, ror_id="028wp3y58")
    with pytest.raises(Conflict):
        services.update_institution(institution, version=1, name="Chula")
    institution.refresh_from_db()
    assert (institution.name, institution.ror_id) == (
        "Chulalongkorn University",
        "028wp3y58",
    )


def test_errors_carry_a_field_and_a_message_for_the_api():
    error = InvalidWrite("concluded_on", "is in the future")
    assert error.to_dict() == {
        "code": "invalid",
        "field": "concluded_on",
        "message": "is in the future",
    }
    assert Conflict(3).to_dict()["code"] == "conflict"
