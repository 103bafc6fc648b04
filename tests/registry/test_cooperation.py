"""Cooperation terms: several per agreement, every value checked by one rule,
written through the services with history and optimistic locking."""

from __future__ import annotations

import pytest

from accord.registry import services
from accord.registry.cooperation import CooperationTerm
from accord.registry.services import Conflict, InvalidWrite
from tests.factory import make_agreement, make_user

pytestmark = pytest.mark.django_db

FULL = {
    "direction": "both",
    "mobility_type": "student_studies",
    "places_per_year": 2,
    "study_levels": [6, 7],
    "subject_areas": ["0611", "0533"],
    "languages": [{"language": "en", "cefr": "B2"}, {"language": "ja"}],
    "fee_waiver_scope": ["application", "tuition"],
    "notes": " per semester ",
}


def test_an_agreement_holds_several_terms_with_history():
    agreement = make_agreement()
    editor = make_user("editor")
    studies = services.add_term(agreement, by=editor, reason="signed", **FULL)
    services.add_term(agreement, direction="incoming", mobility_type="staff_teaching")
    assert [str(t) for t in agreement.terms.all()] == [
        "Staff teaching, Incoming (partner to home)",
        "Student studies, Both ways",
    ]
    studies.refresh_from_db()
    assert (studies.subject_areas, studies.notes) == (["0611", "0533"], "per semester")
    assert studies.history.get().history_user == editor


def test_every_value_may_stay_unknown():
    term = services.add_term(
        make_agreement(), direction="outgoing", mobility_type="research_visit"
    )
    assert (term.places_per_year, term.study_levels, term.languages) == (None, [], [])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"direction": "sideways"}, "direction", "must be one of"),
        ({"mobility_type": "holiday"}, "mobility_type", "must be one of"),
        ({"places_per_year": -1}, "places_per_year", "from 0 to"),
        ({"places_per_year": "2"}, "places_per_year", "from 0 to"),
        ({"study_levels": [4]}, "study_levels", "not an EQF level"),
        ({"study_levels": [6, 6]}, "study_levels", "names a value twice"),
        ({"study_levels": 6}, "study_levels", "must be a list"),
        ({"subject_areas": ["061"]}, "subject_areas", "four-digit field code"),
        ({"subject_areas": ["1234"]}, "subject_areas", "four-digit field code"),
        ({"languages": [{"language": "english"}]}, "languages", "ISO 639-1"),
        ({"languages": [{"language": "en", "cefr": "B3"}]}, "languages", "CEFR"),
        ({"fee_waiver_scope": ["housing"]}, "fee_waiver_scope", "not a fee waiver"),
        ({"agreement": 3}, "agreement", "is not a field a term can set"),
    ],
)
def test_it_refuses_a_value_the_rule_does_not_allow(changes, field, message):
    term = services.add_term(
        make_agreement(), direction="both", mobility_type="student_studies"
    )
    with pytest.raises(InvalidWrite) as refused:
        services.update_term(term, version=1, **changes)
    assert (refused.value.field, message in refused.value.message) == (field, True)
    term.refresh_from_db()
    assert term.version == 1


def test_a_term_needs_its_direction_and_mobility_type():
    with pytest.raises(InvalidWrite) as refused:
        services.add_term(make_agreement(), direction="both")
    assert refused.value.field == "mobility_type"
    assert not CooperationTerm.objects.exists()


def test_a_stale_change_is_refused():
    term = services.add_term(
        make_agreement(), direction="both", mobility_type="student_studies"
    )
    services.update_term(term, version=1, places_per_year=3)
    with pytest.raises(Conflict):
        services.update_term(term, version=1, places_per_year=1)


def test_an_editor_adds_a_term_in_the_admin(editor):
    agreement = make_agreement()
    form = {
        "agreement": agreement.pk,
        "direction": "outgoing",
        "mobility_type": "student_traineeship",
        "places_per_year": "1",
        "study_levels": "[7]",
        "subject_areas": '["0612"]',
        "languages": "[]",
        "fee_waiver_scope": '["tuition"]',
        "notes": "",
    }
    refused = editor.post(
        "/admin/registry/cooperationterm/add/", form | {"study_levels": "[3]"}
    )
    assert refused.status_code == 200
    assert "is not an EQF level" in refused.content.decode()
    done = editor.post("/admin/registry/cooperationterm/add/", form)
    assert done.status_code == 302
    term = agreement.terms.get()
    assert (term.study_levels, term.history.get().history_user) == ([7], editor.user)
