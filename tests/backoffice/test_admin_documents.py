"""Contacts and documents in the admin: inlines of the agreement's page and
pages of their own, validated as form errors, written through the services."""

from __future__ import annotations

import pytest
from django.conf import settings

from accord.registry.contacts import Contact
from accord.registry.documents import AgreementDocument
from tests.backoffice.test_admin_forms import NO_INLINES, agreement_form
from tests.factory import PDF, make_agreement, make_document, make_pdf

pytestmark = pytest.mark.django_db


def inline_form(agreement, **rows):
    """The agreement's form with new inline rows: `contacts=[{...}]`,
    `documents=[{...}]`."""
    data = agreement_form(agreement)
    for prefix, items in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = len(items)
        for i, item in enumerate(items):
            data.update({f"{prefix}-{i}-{k}": v for k, v in item.items()})
    return data


def test_an_editor_adds_a_contact_and_a_signed_pdf_on_the_agreement_page(editor):
    agreement = make_agreement()
    url = f"/admin/registry/agreement/{agreement.pk}/change/"
    page = editor.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    response = editor.post(
        url,
        inline_form(
            agreement,
            contacts=[
                {
                    "side": "partner",
                    "role": "coordinator",
                    "name": "Marie Curie",
                    "email": "marie@uni-lyon.fr",
                }
            ],
            **{
                "documents-2": [
                    {
                        "kind": "signed_agreement",
                        "title": "Signed agreement",
                        "signed_on": "2019-04-01",
                        "file": make_pdf("Lyon.pdf"),
                    }
                ]
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    contact = Contact.objects.get()
    assert contact.history.get().history_user == editor.user
    document = AgreementDocument.objects.get()
    assert document.path.read_bytes() == PDF
    assert document.uploaded_by == editor.user
    assert document.history.get().history_user == editor.user
    page = editor.get(url).content.decode()
    assert f'href="/documents/{document.pk}/"' in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agreement.pdf", b"<html><script>alert(1)</script></html>", "only a PDF"),
        ("agreement.pdf", b"", "The submitted file is empty"),
        ("big.pdf", PDF + b" " * 64, "the limit is"),
    ],
)
def test_a_refused_upload_is_a_form_error(editor, name, content, message):
    settings.ACCORD_DOCUMENT_MAX_BYTES = len(PDF) + 10
    agreement = make_agreement()
    response = editor.post(
        "/admin/registry/agreementdocument/add/",
        {
            "agreement": agreement.pk,
            "kind": "amendment",
            "title": "Amendment",
            "file": make_pdf(name, content),
        },
    )
    settings.ACCORD_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AgreementDocument.objects.exists()
    assert not list(settings.ACCORD_DOCUMENTS_DIR.rglob("*.*"))


def test_a_contact_breaking_a_rule_is_a_form_error(editor):
    agreement = make_agreement()
    url = f"/admin/registry/agreement/{agreement.pk}/change/"
    response = editor.post(
        url,
        inline_form(
            agreement,
            contacts=[
                {"side": "home", "role": "signatory", "name": "", "email": ""},
                {"side": "home", "role": "coordinator", "name": "A", "public": "on"},
            ],
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "a contact needs a name or an e-mail address" in page
    assert "only a student contact is shown to students" in page
    assert not Contact.objects.exists()


def test_deleting_a_document_on_the_agreement_page_removes_its_file(editor):
    agreement = make_agreement()
    document = make_document(agreement)
    path = document.path
    data = agreement_form(agreement) | {
        "documents-TOTAL_FORMS": 1,
        "documents-INITIAL_FORMS": 1,
        "documents-0-id": document.pk,
        "documents-0-agreement": agreement.pk,
        "documents-0-kind": document.kind,
        "documents-0-title": document.title,
        "documents-0-version_read": document.version,
        "documents-0-DELETE": "on",
    }
    response = editor.post(f"/admin/registry/agreement/{agreement.pk}/change/", data)
    assert response.status_code == 302
    assert not AgreementDocument.objects.exists()
    # The test's transaction never commits: the file stays until it would.
    assert path.exists()
    deleted = AgreementDocument.history.get(history_type="-")
    assert deleted.history_user == editor.user


def test_a_viewer_sees_documents_but_cannot_add_one(viewer):
    agreement = make_agreement()
    make_document(agreement, title="Signed copy")
    page = viewer.get(f"/admin/registry/agreement/{agreement.pk}/change/")
    assert "Signed copy" in page.content.decode()
    assert viewer.get("/admin/registry/agreementdocument/add/").status_code == 403


def test_the_admin_page_of_a_document_keeps_its_file_read_only(editor):
    document = make_document(make_agreement())
    url = f"/admin/registry/agreementdocument/{document.pk}/change/"
    page = editor.get(url).content.decode()
    assert 'type="file"' not in page
    response = editor.post(
        url,
        {
            "kind": "amendment",
            "title": "Amendment 1",
            "public": "on",
            "version_read": 1,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.kind, document.public, document.version) == ("amendment", True, 2)
    history = f"/admin/registry/agreementdocument/{document.pk}/history/"
    assert editor.get(history).status_code == 200
    assert NO_INLINES  # the agreement page's empty inlines, shared
