"""Agreements out as EWP IIA v7 documents and back in, through the registry's
services: every export validates against the official schema, an export imports
back to the same document, the official example imports, and what EWP requires
and an agreement lacks is refused by name."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from accord.core.errors import ImportInputError
from accord.publish.ewp.exchange import ExportRefused, export_agreements
from accord.publish.ewp.iia import iias_to_xml, xml_to_iias
from accord.publish.ewp.importing import import_iias
from accord.publish.ewp.schema import schema_errors
from accord.registry import audit, services
from accord.registry.cooperation import CooperationTerm, IiaIdentifiers
from accord.registry.models import Agreement, HomeUniversity, Institution
from tests.ewp.test_iia import EXAMPLE
from tests.factory import (
    make_agreement,
    make_country,
    make_home_university,
    make_institution,
    make_user,
)

pytestmark = pytest.mark.django_db

STUDIES = {
    "direction": "both",
    "mobility_type": "student_studies",
    "places_per_year": 2,
    "study_levels": [6, 7],
    "subject_areas": ["0611", "0533"],
    "languages": [{"language": "fr", "cefr": "B2"}, {"language": "en"}],
    "fee_waiver_scope": ["tuition"],
    "first_academic_year": "2024/2025",
    "last_academic_year": "2028/2029",
    "blended": False,
    "notes": "per semester",
}
TEACHING = {
    "direction": "incoming",
    "mobility_type": "staff_teaching",
    "places_per_year": 1,
    "languages": [{"language": "ja"}],
    "first_academic_year": "2024/2025",
    "last_academic_year": "2025/2026",
}


@pytest.fixture
def lyon():
    home = make_home_university()
    HomeUniversity.objects.filter(pk=home.pk).update(schac_code="tohoku.ac.jp")
    partner = services.create_institution(
        name="Université Lumière Lyon 2",
        country=make_country("FR", "France", "Europe"),
        schac_code="univ-lyon2.fr",
        erasmus_code="F  LYON02",
    )
    agreement = make_agreement(institution=partner, fee_waiver=True)
    services.add_term(agreement, **STUDIES)
    services.add_term(agreement, **TEACHING)
    return agreement


def document(agreement: Agreement) -> bytes:
    return export_agreements([agreement.pk]).xml


def test_an_export_validates_against_the_official_schema(lyon):
    exported = export_agreements([lyon.pk])
    root = etree.fromstring(exported.xml)
    assert schema_errors(root) == []
    text = exported.xml.decode()
    assert "<hei-id>tohoku.ac.jp</hei-id>" in text
    assert "<hei-id>univ-lyon2.fr</hei-id>" in text
    assert f"<iia-id>{lyon.pk}</iia-id>" in text
    # Both ways: home to partner, then partner to home.
    assert text.count("<student-studies-mobility-spec>") == 2
    assert text.index("<sending-hei-id>tohoku.ac.jp") < text.index(
        "<sending-hei-id>univ-lyon2.fr"
    )
    assert exported.left_out == (
        f"agreement {lyon.pk}: fee waiver left out (EWP has none)",
        f"agreement {lyon.pk}: term {lyon.terms.order_by('pk')[0].pk}: "
        "fee_waiver_scope left out (EWP has none)",
    )


def test_an_export_imports_back_and_exports_the_same(lyon):
    before = document(lyon)
    institution = lyon.institution
    # The same IIA cannot live twice: the export names the agreement it came from.
    with pytest.raises(ImportInputError, match=f"already agreement {lyon.pk}"):
        import_iias(before, "iia.xml")
    Agreement.objects.filter(pk=lyon.pk).delete()
    report = import_iias(before, "iia.xml", by=make_user("editor"))
    (pk,) = report.agreements
    assert pk != lyon.pk and report.unstored == ()
    again = Agreement.objects.get(pk=pk)
    assert (again.institution, again.status) == (institution, "in_force")
    assert document(again) == before
    terms = list(CooperationTerm.objects.filter(agreement=again).order_by("pk"))
    assert [(t.mobility_type, t.direction) for t in terms] == [
        ("student_studies", "both"),
        ("staff_teaching", "incoming"),
    ]
    assert terms[0].languages == STUDIES["languages"]


def test_an_import_is_one_change_set_with_history(lyon):
    data = document(lyon)
    Agreement.objects.filter(pk=lyon.pk).delete()
    editor = make_user("editor")
    report = import_iias(data, "iia.xml", by=editor)
    agreement = Agreement.objects.get(pk=report.agreements[0])
    reasons = {h.history_change_reason for h in agreement.history.all()}
    reasons |= {
        h.history_change_reason for t in agreement.terms.all() for h in t.history.all()
    }
    assert len(reasons) == 1 and reasons.pop().startswith("EWP IIA import of iia.xml")
    assert agreement.history.get().history_user == editor
    sets = [s for s in audit.change_sets() if s.reason.startswith("EWP IIA import")]
    assert len(sets) == 1


def test_the_official_example_imports(db):
    home = make_home_university("University of Warsaw")
    HomeUniversity.objects.filter(pk=home.pk).update(schac_code="uw.edu.pl")
    services.create_institution(
        name="Høgskolen i Bergen",
        country=make_country("NO", "Norway", "Europe"),
        schac_code="hibo.no",
    )
    report = import_iias(EXAMPLE.read_bytes(), "get-response-example.xml")
    (pk,) = report.agreements
    agreement = Agreement.objects.get(pk=pk)
    assert agreement.institution.schac_code == "hibo.no"
    terms = list(CooperationTerm.objects.filter(agreement=agreement).order_by("pk"))
    assert [(t.mobility_type, t.direction, t.places_per_year) for t in terms] == [
        ("student_studies", "outgoing", 2),
        ("student_traineeship", "outgoing", 10),
        # The two teaching flows differ only in days per year, which Accord
        # does not keep: one term both ways.
        ("staff_teaching", "both", 2),
        ("staff_training", "incoming", 2),
    ]
    assert terms[0].subject_areas == ["0314"]
    assert terms[0].languages == [
        {"language": "en", "cefr": "B1"},
        {"language": "no", "cefr": "B1"},
    ]
    assert (terms[0].first_academic_year, terms[0].last_academic_year) == (
        "2014/2015",
        "2020/2021",
    )
    ids = IiaIdentifiers.objects.get(agreement=agreement)
    assert (ids.iia_id, ids.partner_iia_id, ids.partner_iia_code) == (
        "0f7a5682-faf7-49a7-9cc7-ec486c49a281",
        "1954991",
        "2014/E+/PL/4104B",
    )
    assert "sending-ounit-id" in str(report.unstored[10])
    # The home side's agreement number: Accord shows its own id instead.
    assert str(report.unstored[-1]) == "line 15: partner/iia-code = '983/E+/III14&15'"
    out = etree.fromstring(document(agreement))
    assert schema_errors(out) == []


def test_the_home_universitys_codes_are_kept_in_one_form(db):
    home = make_home_university()
    home.schac_code, home.erasmus_code = " Tohoku.AC.jp. ", ""
    home.clean()
    assert home.schac_code == "tohoku.ac.jp"
    home.schac_code = "tohoku"
    with pytest.raises(ValidationError) as refused:
        home.clean()
    assert "schac_code" in refused.value.message_dict


def test_an_import_needs_the_partner_first(db):
    home = make_home_university("University of Warsaw")
    HomeUniversity.objects.filter(pk=home.pk).update(schac_code="uw.edu.pl")
    with pytest.raises(ImportInputError) as refused:
        import_iias(EXAMPLE.read_bytes(), "example.xml")
    assert str(refused.value) == (
        "example.xml:15 (field 'hei-id'): no institution has the SCHAC code "
        "'hibo.no'; add the partner (admin or API) with its SCHAC code first"
    )
    assert Agreement.objects.count() == 0


def test_an_import_needs_the_home_universitys_schac_code(db):
    make_home_university()
    with pytest.raises(ImportInputError, match="has no SCHAC code"):
        import_iias(EXAMPLE.read_bytes(), "example.xml")


def test_an_import_refused_by_a_rule_stores_nothing(lyon):
    (iia,) = xml_to_iias(document(lyon), "iia.xml").iias
    # Well-formed, hashed and valid, but 0618 is no field of the classification.
    bad = replace(iia.specs[0], subject_areas=("0618",))
    data = iias_to_xml([replace(iia, specs=(bad, *iia.specs[1:]))])
    Agreement.objects.filter(pk=lyon.pk).delete()
    with pytest.raises(ImportInputError) as refused:
        import_iias(data, "iia.xml")
    assert "'0618' is not a field of ISCED-F 2013" in str(refused.value)
    assert refused.value.line == 3 and refused.value.field == "subject_areas"
    assert Agreement.objects.count() == 0


def test_a_dry_run_checks_every_write_and_stores_nothing(lyon):
    data = document(lyon)
    Agreement.objects.filter(pk=lyon.pk).delete()
    report = import_iias(data, "iia.xml", dry_run=True)
    assert len(report.agreements) == 1 and report.dry_run
    assert Agreement.objects.count() == 0
    assert IiaIdentifiers.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda a: a.terms.all().delete(), "terms", "has no cooperation terms"),
        (
            lambda a: HomeUniversity.objects.update(schac_code=""),
            "home_university.schac_code",
            "'Tohoku University' has no SCHAC code",
        ),
        (
            lambda a: Institution.objects.update(schac_code=None),
            "institution.schac_code",
            "'Université Lumière Lyon 2'",
        ),
        (
            lambda a: a.terms.update(first_academic_year=""),
            "first_academic_year",
            "academic years",
        ),
        (lambda a: a.terms.update(places_per_year=None), "places_per_year", "place"),
        (lambda a: a.terms.update(languages=[]), "languages", "requires a language"),
        (
            lambda a: a.terms.filter(mobility_type="student_studies").update(
                blended=None
            ),
            "blended",
            "true or false",
        ),
        (
            lambda a: a.terms.filter(mobility_type="staff_teaching").update(
                study_levels=[7]
            ),
            "study_levels",
            "student mobility only",
        ),
        (
            lambda a: a.terms.update(mobility_type="research_visit"),
            "terms",
            "research visits have no EWP element",
        ),
        (
            lambda a: a.co_partners.add(make_institution()),
            "co_partners",
            "exactly two institutions",
        ),
    ],
)
def test_it_refuses_an_agreement_ewp_cannot_describe(lyon, change, field, message):
    change(lyon)
    with pytest.raises(ExportRefused) as refused:
        export_agreements([lyon.pk])
    assert str(refused.value).startswith(f"agreement {lyon.pk}: ")
    assert refused.value.field.endswith(field)
    assert message in refused.value.message


def test_a_research_visit_is_left_out_and_said(lyon):
    visit = services.add_term(lyon, direction="both", mobility_type="research_visit")
    exported = export_agreements([lyon.pk])
    assert f"term {visit.pk} (research visit) left out" in " ".join(exported.left_out)
    assert schema_errors(etree.fromstring(exported.xml)) == []
