"""Searching by lifecycle status and by cooperation terms: one term must meet
every term filter, drafts never reach the public, and the portal, the API and
the downloads agree."""

from __future__ import annotations

import datetime

import pytest

from accord.registry import engine, queries, services
from accord.registry.filters import AgreementFilters
from accord.registry.models import Agreement
from tests.factory import make_agreement, make_country, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreements():
    """Five agreements: physics masters in English with places, staff teaching,
    one without terms, one expired and one draft."""
    france = make_country("FR", "France", "Europe")
    made = {
        "physics": make_agreement(institution=make_institution("Lyon", france)),
        "teaching": make_agreement(institution=make_institution("Paris", france)),
        "bare": make_agreement(institution=make_institution("Nantes", france)),
        "expired": make_agreement(
            institution=make_institution("Lille", france),
            ended_on=datetime.date(2019, 3, 31),
        ),
        "draft": make_agreement(
            institution=make_institution("Brest", france),
            status=Agreement.Status.DRAFT,
            concluded_on=None,
        ),
    }
    services.add_term(
        made["physics"],
        direction="outgoing",
        mobility_type="student_studies",
        study_levels=[7],
        subject_areas=["0533"],
        languages=[{"language": "en", "cefr": "B2"}],
        places_per_year=2,
    )
    # The same agreement: bachelors in chemistry, in French, places unknown.
    services.add_term(
        made["physics"],
        direction="both",
        mobility_type="student_studies",
        study_levels=[6],
        subject_areas=["0531"],
        languages=[{"language": "fr"}],
    )
    services.add_term(
        made["teaching"],
        direction="both",
        mobility_type="staff_teaching",
        languages=[{"language": "en"}],
        places_per_year=0,
    )
    services.add_term(made["draft"], direction="both", mobility_type="student_studies")
    return made


def found(agreements, **filters):
    result = engine.search(AgreementFilters(**filters), size=None)
    names = {a.pk: name for name, a in agreements.items()}
    return sorted(names[pk] for pk in result.pks)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["bare", "physics", "teaching"]),
        ({"mobility_type": "student_studies"}, ["physics"]),
        ({"mobility_type": "staff_teaching"}, ["teaching"]),
        ({"study_level": 7}, ["physics"]),
        ({"study_level": 8}, []),
        ({"subject_area": "05"}, ["physics"]),
        ({"subject_area": "053"}, ["physics"]),
        ({"subject_area": "0533"}, ["physics"]),
        ({"subject_area": "0532"}, []),
        ({"language": "en"}, ["physics", "teaching"]),
        ({"language": "fr"}, ["physics"]),
        ({"places_available": True}, ["physics"]),
        # Zero places or none recorded, or no terms at all.
        ({"places_available": False}, ["bare", "teaching"]),
        # One term must meet them all: physics' master term is in English, its
        # bachelor term in French.
        ({"study_level": 7, "language": "en"}, ["physics"]),
        ({"study_level": 7, "language": "fr"}, []),
        ({"study_level": 6, "places_available": True}, []),
        ({"subject_area": "0531", "language": "fr"}, ["physics"]),
        ({"status": "expired"}, ["expired"]),
        ({"status": "in_force"}, ["bare", "physics", "teaching"]),
        ({"include_ended": True}, ["bare", "expired", "physics", "teaching"]),
    ],
)
def test_term_and_status_filters_select_as_documented(agreements, filters, expected):
    assert found(agreements, **filters) == expected


def test_a_draft_reaches_no_public_read(agreements):
    draft = agreements["draft"]
    assert "draft" not in found(agreements, include_ended=True)
    assert "draft" not in found(agreements, mobility_type="student_studies")
    assert queries.public_agreement(draft.pk) is None
    assert queries.agreement(draft.pk) is not None  # staff pages still read it
    facets = engine.search(AgreementFilters(include_ended=True)).facets
    assert {e["value"] for e in facets["status"]} == {"in_force", "expired"}


def test_facets_count_agreements_once_under_the_other_term_filters(agreements):
    facets = engine.search(AgreementFilters()).facets
    as_counts = {
        name: {e["value"]: e["count"] for e in facets[name]}
        for name in engine.TERM_FACETS
    }
    assert as_counts == {
        # physics has two student-studies terms: counted once.
        "mobility_type": {"student_studies": 1, "staff_teaching": 1},
        "study_level": {6: 1, 7: 1},
        "subject_area": {"0531": 1, "0533": 1},
        "language": {"en": 2, "fr": 1},
        "places_available": {True: 1},
    }
    # The status facet ignores the default "in force today", not the others.
    status = engine.search(AgreementFilters()).facets["status"]
    assert {e["value"]: e["count"] for e in status} == {"in_force": 3, "expired": 1}
    narrowed = engine.search(AgreementFilters(language="fr")).facets
    assert {e["value"]: e["count"] for e in narrowed["study_level"]} == {6: 1}
    assert {e["value"]: e["count"] for e in narrowed["language"]} == {"en": 2, "fr": 1}


def test_a_term_written_moves_the_search_at_once(agreements):
    assert found(agreements, study_level=8) == []
    services.add_term(
        agreements["bare"],
        direction="both",
        mobility_type="research_visit",
        study_levels=[8],
    )
    assert found(agreements, study_level=8) == ["bare"]


def test_the_api_and_the_portal_show_terms_and_hide_drafts(client, agreements):
    physics = agreements["physics"]
    body = client.get(f"/api/v1/agreements/{physics.pk}").json()
    assert [t["study_levels"] for t in body["cooperation_terms"]] == [[6], [7]]
    assert body["cooperation_terms"][1]["languages"] == [
        {"language": "en", "cefr": "B2"}
    ]
    assert client.get(f"/api/v1/agreements/{agreements['draft'].pk}").status_code == 404
    listing = client.get("/api/v1/agreements?study_level=7&language=en").json()
    assert [a["id"] for a in listing["results"]] == [physics.pk]
    page = client.get("/?study_level=7").content.decode()
    assert f'data-agreement="{physics.pk}"' in page
    assert "EQF 7" in page and "EN B2" in page and "2 places a year" in page
    partner = client.get(f"/institutions/{agreements['draft'].institution_id}/")
    assert partner.status_code in (200, 404)
    assert f'data-agreement="{agreements["draft"].pk}"' not in partner.content.decode()
