"""An agreement's documents and contacts in the API: the public ones for
anyone, every one for staff (a token or a session), never cached for staff."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accord.api.models import ApiToken
from accord.registry import services
from tests.factory import make_agreement, make_document, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    agreement = make_agreement()
    make_document(
        agreement,
        title="Signed agreement",
        public=True,
        signed_on=datetime.date(2019, 4, 1),
    )
    make_document(agreement, title="Internal draft", kind="other")
    services.add_contact(
        agreement,
        side="partner",
        role="student_contact",
        name="Exchange Desk",
        email="exchange@uni-lyon.fr",
        phone="+33 4 11 22 33 44",
        public=True,
    )
    services.add_contact(
        agreement, side="home", role="coordinator", name="Sato Hanako", notes="x"
    )
    return agreement


def staff_token(role: str) -> str:
    user = make_user(f"{role}-script", staff=True)
    user.groups.add(Group.objects.get(name=role))
    return ApiToken.issue(user, "test")[1]


def test_anyone_reads_the_public_documents(anonymous, agreement):
    response = anonymous.get(f"/api/v1/agreements/{agreement.pk}/documents")
    assert response.status_code == 200
    [document] = response.json()
    assert document["title"] == "Signed agreement"
    assert document["signed_on"] == "2019-04-01"
    assert document["kind"] == "signed_agreement"
    assert document["content_type"] == "application/pdf"
    assert document["download_url"] == f"http://testserver/documents/{document['id']}/"
    assert Client().get(document["download_url"]).status_code == 200
    assert response["Cache-Control"] == "public, no-cache"


def test_anyone_reads_public_student_contacts_without_phone(anonymous, agreement):
    response = anonymous.get(f"/api/v1/agreements/{agreement.pk}/contacts")
    assert response.json() == [
        {
            "side": "partner",
            "role": "student_contact",
            "name": "Exchange Desk",
            "email": "exchange@uni-lyon.fr",
            "unit": "",
        }
    ]


@pytest.mark.parametrize("what", ["contacts", "documents"])
def test_staff_only_lists_refuse_anonymous_and_students(anonymous, agreement, what):
    url = f"/api/v1/agreements/{agreement.pk}/{what}/all"
    assert anonymous.get(url).status_code == 401
    student = Client()
    student.force_login(make_user("student"))
    assert student.get(url).status_code == 403


def test_a_viewer_session_reads_every_contact(viewer, agreement):
    response = viewer.get(f"/api/v1/agreements/{agreement.pk}/contacts/all")
    assert response.status_code == 200
    contacts = response.json()
    assert [c["name"] for c in contacts] == ["Sato Hanako", "Exchange Desk"]
    assert contacts[1]["phone"] == "+33 4 11 22 33 44"
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_a_token_reads_every_document(anonymous, agreement):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {staff_token('viewer')}"}
    url = f"/api/v1/agreements/{agreement.pk}/documents/all"
    response = anonymous.get(url, **bearer)
    assert response.status_code == 200
    assert [d["title"] for d in response.json()] == [
        "Signed agreement",
        "Internal draft",
    ]
    # The staff answer is never handed to the next anonymous caller.
    assert anonymous.get(url).status_code == 401


def test_an_unknown_agreement_is_a_404(anonymous, viewer):
    assert anonymous.get("/api/v1/agreements/999999/documents").status_code == 404
    assert viewer.get("/api/v1/agreements/999999/contacts/all").status_code == 404


def test_the_openapi_document_describes_them(anonymous):
    paths = anonymous.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/agreements/{agreement_id}/documents",
        "/api/v1/agreements/{agreement_id}/documents/all",
        "/api/v1/agreements/{agreement_id}/contacts",
        "/api/v1/agreements/{agreement_id}/contacts/all",
    ):
        assert "get" in paths[path]
    assert paths["/api/v1/agreements/{agreement_id}/contacts/all"]["get"]["security"]
