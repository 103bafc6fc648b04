"""A page of search results built from the search snapshot holds exactly what
reading its agreements from the database (`rows.listed`) holds."""

from __future__ import annotations

import datetime

import pytest

from accord.importer.importing import load_bundled_edition_if_empty
from accord.registry import engine, services
from accord.registry.filters import AgreementFilters, Search
from accord.registry.models import Agreement, Institution
from accord.registry.queries import find
from accord.registry.rows import listed
from tests.factory import (
    make_agreement,
    make_country,
    make_edition,
    make_home_unit,
    make_institution,
)

pytestmark = pytest.mark.django_db


def _every_row_from_the_snapshot() -> list:
    current = engine.snapshot()
    every = list(range(len(current.pks)))
    result = engine.Result(
        len(every), current.pks.tolist(), None, positions=every, found_in=current
    )
    return engine.page_rows(result)


def _assert_the_snapshot_reads_as_the_database() -> None:
    from_snapshot = _every_row_from_the_snapshot()
    from_database = listed([r.pk for r in from_snapshot])
    assert len(from_snapshot) == Agreement.objects.count()
    assert from_snapshot == from_database
    for row in from_database:
        # The same items in the same order: the API writes them as they come.
        assert list(row.export_dict().items()) == list(row.record().to_dict().items())


def test_the_bundled_list_reads_the_same_from_the_snapshot():
    load_bundled_edition_if_empty()
    _assert_the_snapshot_reads_as_the_database()


def test_every_lifecycle_and_identifier_reads_the_same():
    org = make_country(None, "International organizations", region="Others")
    partner = make_institution("Sorbonne Université", make_country("FR", "France"))
    Institution.objects.filter(pk=partner.pk).update(
        ror_id="02en5vm52",
        erasmus_code="F PARIS468",
        schac_code="sorbonne-universite.fr",
        website="https://www.sorbonne-universite.fr",
        city="Paris",
    )
    unit = make_home_unit(
        "IMRAM", full_name="Multidisciplinary Research", name_ja="多元研"
    )
    edition = make_edition(datetime.date(2024, 4, 1))
    with_everything = make_agreement(
        institution=partner,
        level=Agreement.Level.DEPARTMENT,
        home_unit=unit,
        partner_department="Faculty of Science",
        printed_name="Sorbonne Univ.",
        edition=edition,
        source_lines=[12, 13],
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2030, 12, 31),
        term_months=60,
        renews_automatically=True,
        fee_waiver=True,
    )
    # Co-partners in name order, whatever the order they were added in.
    with_everything.co_partners.add(make_institution("Mahidol University"))
    with_everything.co_partners.add(make_institution("Kasetsart University"))
    services.add_term(
        with_everything,
        direction="incoming",
        mobility_type="student_studies",
        places_per_year=2,
        study_levels=[7, 8],
        subject_areas=["0533"],
        languages=[{"language": "fr", "cefr": "B2"}],
        first_academic_year="2024/2025",
        blended=True,
    )
    services.add_term(with_everything, direction="both", mobility_type="staff_teaching")
    unesco = make_agreement(
        institution=make_institution("UNESCO", org),
        concluded_on=None,
        status=Agreement.Status.UNDER_NEGOTIATION,
    )
    unesco.co_partners.add(partner)
    make_agreement(
        institution=partner,
        concluded_on=datetime.date(2001, 5, 6),
        ended_on=datetime.date(2010, 5, 6),
        status=Agreement.Status.TERMINATED,
        termination_reason="Partner closed the programme",
    )
    make_agreement(institution=partner, status=Agreement.Status.SUSPENDED)
    make_agreement(level=Agreement.Level.DEPARTMENT, home_unit=None)  # unit lost
    Agreement.objects.filter(status=Agreement.Status.SUSPENDED).update(version=7)
    _assert_the_snapshot_reads_as_the_database()


def test_co_partners_and_terms_show_as_the_search_found_them():
    agreement = make_agreement()
    agreement.co_partners.add(make_institution("Mahidol University"))
    services.add_term(agreement, direction="both", mobility_type="staff_teaching")
    result = engine.search(AgreementFilters())
    agreement.co_partners.add(make_institution("Kasetsart University"))
    services.add_term(agreement, direction="both", mobility_type="student_studies")
    (row,) = engine.page_rows(result)
    assert [p.name for p in row.co_partners] == ["Mahidol University"]
    assert [t["mobility_type"] for t in row.terms] == ["staff_teaching"]
    (row,) = find(Search(AgreementFilters())).page.items
    assert [p.name for p in row.co_partners] == [
        "Kasetsart University",
        "Mahidol University",
    ]
    assert [t["mobility_type"] for t in row.terms] == [
        "staff_teaching",
        "student_studies",
    ]


def test_a_page_shows_the_version_of_the_data_that_found_it():
    make_agreement()
    result = engine.search(AgreementFilters())
    Institution.objects.update(name="Renamed University")
    (row,) = engine.page_rows(result)
    assert row.institution.name == "Chulalongkorn University"
    (row,) = find(Search(AgreementFilters())).page.items
    assert row.institution.name == "Renamed University"


def test_a_coded_column_reads_back_whatever_its_width():
    coder = engine._Coder()
    coder.add(f"department {n % 300}" for n in range(600))
    coder.add(["", "department 7"])
    coded = coder.coded()
    assert coded.codes.dtype == "uint16"  # 301 values: more than a byte holds
    assert coded.at([0, 299, 300, 599, 600, 601]) == [
        "department 0",
        "department 299",
        "department 0",
        "department 299",
        "",
        "department 7",
    ]
    single = engine._Coder()
    single.add(["", ""])
    assert single.coded().codes.dtype == "uint8"
    assert single.coded().at([1]) == [""]
