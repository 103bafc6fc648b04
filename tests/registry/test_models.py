import datetime

import pytest
from django.db import IntegrityError, transaction

from accord.registry.models import Agreement, Country, Institution
from tests.factory import (
    make_agreement,
    make_country,
    make_home_unit,
    make_institution,
    make_region,
)

pytestmark = pytest.mark.django_db


def refused(**fields: object) -> bool:
    try:
        with transaction.atomic():
            make_agreement(**fields)
    except IntegrityError:
        return True
    return False


def test_it_stores_a_department_level_agreement_with_its_home_unit():
    agreement = make_agreement(
        level=Agreement.Level.DEPARTMENT,
        partner_department="Faculty of Dentistry",
        fee_waiver=True,
    )
    assert agreement.home_unit.code == "GS Engineering"
    assert (
        str(agreement) == "Chulalongkorn University (Department level, GS Engineering)"
    )


def test_it_refuses_a_university_level_agreement_naming_a_home_unit():
    assert refused(level=Agreement.Level.UNIVERSITY, home_unit=make_home_unit())


def test_it_refuses_a_university_level_agreement_with_a_partner_department():
    assert refused(level=Agreement.Level.UNIVERSITY, partner_department="Faculty of X")


def test_it_keeps_a_department_level_agreement_whose_unit_the_list_lost():
    assert not refused(level=Agreement.Level.DEPARTMENT, home_unit=None)


def test_it_refuses_an_unknown_level():
    assert refused(level="faculty")


def test_it_refuses_a_date_before_1900():
    assert refused(concluded_on=datetime.date(1899, 12, 31))


def test_it_refuses_an_end_before_the_start():
    assert refused(
        concluded_on=datetime.date(2010, 1, 1), ended_on=datetime.date(2009, 1, 1)
    )


def test_it_refuses_a_duplicate_identical_agreement():
    make_agreement()
    assert refused()


def test_it_refuses_a_duplicate_even_when_the_date_is_unknown():
    make_agreement(concluded_on=None)
    assert refused(concluded_on=None)


def test_it_keeps_two_agreements_that_differ_only_by_home_unit():
    make_agreement(level=Agreement.Level.DEPARTMENT, home_unit=make_home_unit("IMR"))
    make_agreement(level=Agreement.Level.DEPARTMENT, home_unit=make_home_unit("IFS"))
    assert Agreement.objects.count() == 2


def test_it_refuses_an_institution_twice_in_one_country():
    make_institution("Kasetsart University")
    with pytest.raises(IntegrityError):
        Institution.objects.create(name="Kasetsart University", country=make_country())


def test_it_cleans_and_folds_institution_names():
    institution = make_institution(
        "  École   Centrale de Lyon ", make_country("FR", "France")
    )
    assert institution.name == "École Centrale de Lyon"
    assert institution.name_folded == "ecole centrale de lyon"


def test_it_refuses_a_malformed_country_code():
    with pytest.raises(IntegrityError):
        Country.objects.create(
            iso_code="th", name="Nowhere", slug="nowhere", region=make_region()
        )


def test_it_allows_a_pseudo_country_without_code():
    country = make_country(
        None, "International Organization", "International Organization"
    )
    assert country.is_pseudo


def test_it_records_history_of_agreement_changes():
    agreement = make_agreement()
    agreement.fee_waiver = True
    agreement.save()
    assert [h.fee_waiver for h in agreement.history.all()] == [True, False]
