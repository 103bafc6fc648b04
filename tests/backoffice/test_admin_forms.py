"""The admin's agreement and institution forms: same rules as the services, and
no lost update between two editors."""

import datetime

import pytest

from accord.registry import services
from accord.registry.models import Agreement, Institution, today
from tests.factory import make_agreement, make_home_university, make_institution

pytestmark = pytest.mark.django_db
# The agreement page's inlines (contacts, documents), posted empty.
NO_INLINES = {
    f"{prefix}-{count}": 0
    for prefix in ("contacts", "documents", "documents-2")
    for count in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def agreement_form(agreement: Agreement, **changes: object) -> dict[str, object]:
    data = {
        "level": agreement.level,
        "institution": agreement.institution_id,
        "partner_department": agreement.partner_department,
        "home_unit": agreement.home_unit_id or "",
        "concluded_on": agreement.concluded_on.isoformat(),
        "ended_on": "",
        "status": agreement.status,
        # The waiver's select: yes, no or unknown.
        "fee_waiver": {True: "true", False: "false", None: "unknown"}[
            agreement.fee_waiver
        ],
        "notes": agreement.notes,
        "edition": "",
        "source_lines": "[]",
        "version_read": agreement.version,
        **NO_INLINES,
    }
    return data | changes


def test_an_editor_fixes_an_agreement_and_the_change_is_audited(editor):
    agreement = make_agreement()
    url = f"/admin/registry/agreement/{agreement.pk}/change/"
    assert 'name="version_read" value="1"' in editor.get(url).content.decode()
    response = editor.post(url, agreement_form(agreement, fee_waiver="true"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.fee_waiver, agreement.version) == (True, 2)
    assert agreement.history.first().history_user == editor.user


def test_an_editor_may_say_a_waiver_is_unknown(editor):
    agreement = make_agreement(fee_waiver=False)
    url = f"/admin/registry/agreement/{agreement.pk}/change/"
    page = editor.get(url).content.decode()
    assert '<option value="unknown">Unknown</option>' in page
    response = editor.post(url, agreement_form(agreement, fee_waiver="unknown"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.fee_waiver, agreement.version) == (None, 2)
    assert [h.fee_waiver for h in agreement.history.all()] == [None, False]


def test_a_stale_form_is_refused_and_overwrites_nothing(editor):
    agreement = make_agreement()
    url = f"/admin/registry/agreement/{agreement.pk}/change/"
    opened = agreement_form(agreement, notes="second editor's note")
    services.update_agreement(agreement, version=1, notes="first editor's note")
    response = editor.post(url, opened)
    assert response.status_code == 200
    page = response.content.decode()
    assert "changed by someone else since you opened it" in page
    assert "Changed by Accord (no signed-in user) at " in page
    assert "notes: (blank) -&gt; first editor&#x27;s note" in page
    agreement.refresh_from_db()
    assert (agreement.notes, agreement.version) == ("first editor's note", 2)


def test_the_form_applies_the_services_rules(editor):
    agreement = make_agreement()
    url = f"/admin/registry/agreement/{agreement.pk}/change/"
    future = datetime.date.today() + datetime.timedelta(days=30)
    response = editor.post(
        url, agreement_form(agreement, concluded_on=future.isoformat())
    )
    assert response.status_code == 200
    assert "is in the future" in response.content.decode()
    response = editor.post(url, agreement_form(agreement, level="department"))
    assert "needs a home unit" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.version == 1


def test_an_editor_adds_an_agreement_through_the_admin(editor):
    home = make_home_university()
    institution = make_institution()
    response = editor.post(
        "/admin/registry/agreement/add/",
        {
            "home_university": home.pk,
            "level": "university",
            "institution": institution.pk,
            "partner_department": "",
            "concluded_on": "2019-06-01",
            "status": "in_force",
            "source_lines": "[]",
            **NO_INLINES,
        },
    )
    assert response.status_code == 302
    assert Agreement.objects.get().history.get().history_user == editor.user


def test_a_stale_institution_form_is_refused(editor):
    institution = make_institution()
    url = f"/admin/registry/institution/{institution.pk}/change/"
    form = {
        "name": "Chulalongkorn Univ.",
        "country": institution.country_id,
        "ror_id": "",
        "version_read": 1,
        "aliases-TOTAL_FORMS": 0,
        "aliases-INITIAL_FORMS": 0,
    }
    services.update_institution(institution, version=1, ror_id="028wp3y58")
    response = editor.post(url, form)
    assert "changed by someone else since you opened it" in response.content.decode()
    assert Institution.objects.get().name == "Chulalongkorn University"
    response = editor.post(url, form | {"version_read": 2})
    assert response.status_code == 302
    assert Institution.objects.get().name == "Chulalongkorn Univ."


def test_the_admin_history_shows_before_and_after(editor):
    agreement = make_agreement()
    services.update_agreement(agreement, version=1, fee_waiver=True, by=editor.user)
    page = editor.get(f"/admin/registry/agreement/{agreement.pk}/history/")
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert '">editor</a>' in text
    assert "<strong>Fee waiver:</strong> False &nbsp;&rarr;&nbsp;&nbsp;True" in text


def test_the_form_refuses_a_move_the_lifecycle_does_not_allow(editor):
    agreement = make_agreement(
        ended_on=datetime.date(2020, 1, 1),
        status="terminated",
        termination_reason="The partner closed",
    )
    url = f"/admin/registry/agreement/{agreement.pk}/change/"
    response = editor.post(url, agreement_form(agreement, status="in_force"))
    assert response.status_code == 200
    assert "cannot go from terminated to in force" in response.content.decode()
    agreement.refresh_from_db()
    assert (agreement.status, agreement.version) == ("terminated", 1)


def test_an_editor_terminates_an_agreement_with_its_reason(editor):
    agreement = make_agreement()
    url = f"/admin/registry/agreement/{agreement.pk}/change/"
    form = agreement_form(agreement, status="terminated")
    refused = editor.post(url, form)
    assert "a termination needs its reason" in refused.content.decode()
    done = editor.post(url, form | {"termination_reason": "The partner closed"})
    assert done.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_on) == (
        "terminated",
        today(),
    )
