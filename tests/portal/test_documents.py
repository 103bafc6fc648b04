"""Documents and contacts on the partner's page, and a document's download:
public ones to anyone, the rest to staff, never rendered by the browser."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from accord.registry import services
from tests.conftest import role_client
from tests.factory import PDF, make_agreement, make_document, make_pdf, make_user

pytestmark = pytest.mark.django_db


def page(client: Client, agreement) -> str:
    response = client.get(f"/institutions/{agreement.institution_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_partner_page_links_public_documents_of_agreements_in_force(client):
    agreement = make_agreement()
    public = make_document(
        agreement, title="Signed 2019", public=True, signed_on=datetime.date(2019, 4, 1)
    )
    make_document(agreement, title="Draft with comments")
    ended = make_agreement(home_unit=None, concluded_on=datetime.date(2001, 1, 1))
    services.end_agreement(ended, ended_on=datetime.date(2005, 1, 1))
    make_document(ended, title="Old agreement", public=True)
    content = page(client, agreement)
    assert f'href="/documents/{public.pk}/" download>Signed 2019</a>' in content
    assert "signed 2019-04-01; PDF" in content
    assert "Draft with comments" not in content
    assert "Old agreement" not in content


def test_students_see_only_public_student_contacts_and_no_phone(client):
    agreement = make_agreement()
    services.add_contact(
        agreement,
        side="partner",
        role="student_contact",
        name="Exchange Desk",
        email="exchange@uni-lyon.fr",
        phone="+33 4 11 22 33 44",
        notes="prefers e-mail in French",
        public=True,
    )
    services.add_contact(
        agreement, side="partner", role="coordinator", name="Prof. Private"
    )
    services.add_contact(
        agreement, side="home", role="student_contact", name="Not yet public"
    )
    content = page(client, agreement)
    assert "Exchange Desk" in content
    assert 'href="mailto:exchange@uni-lyon.fr"' in content
    for hidden in ("+33 4 11 22 33 44", "prefers e-mail", "Prof. Private", "Not yet"):
        assert hidden not in content


def test_a_download_is_an_attachment_that_is_never_rendered():
    document = make_document(
        make_agreement(), file=make_pdf("Lyon “signed”.pdf"), public=True
    )
    response = Client().get(f"/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''Lyon%20%E2%80%9Csigned%E2%80%9D.pdf"
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_a_scan_named_html_downloads_under_its_true_extension():
    jpeg = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    document = make_document(
        make_agreement(), file=make_pdf("page.html", jpeg), public=True
    )
    response = Client().get(f"/documents/{document.pk}/")
    assert response["Content-Type"] == "image/jpeg"
    assert 'filename="page.html.jpg"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("viewer", 200), ("editor", 200), ("admin", 200)],
)
def test_staff_download_a_document_that_is_not_public(persona, status):
    document = make_document(make_agreement())
    response = role_client(persona).get(f"/documents/{document.pk}/")
    assert response.status_code == status
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_that_is_not_public_is_kept_from_everyone_else():
    document = make_document(make_agreement())
    url = f"/documents/{document.pk}/"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    student = Client()
    student.force_login(make_user("student"))
    assert student.get(url).status_code == 403
    assert Client().get("/documents/999999/").status_code == 404


def test_a_missing_file_is_a_404_not_an_error():
    document = make_document(make_agreement(), public=True)
    document.path.unlink()
    assert Client().get(f"/documents/{document.pk}/").status_code == 404
