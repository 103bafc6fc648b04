"""An agreement's documents: accepted by content, stored outside the web root
under generated names, removed from disk only once a deletion commits."""

import datetime
import hashlib
import io

import pytest
from django.conf import settings
from django.db import transaction

from accord.registry import services
from accord.registry.documents import (
    AgreementDocument,
    clean_original_name,
    download_name,
    sniff,
)
from tests.factory import PDF, make_agreement, make_document, make_pdf, make_user

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (b"<html><script>alert(1)</script></html>", None),
        (b"%PDF-1.7\n<html><script>alert(1)</script>\n%%EOF", None),
        (b"%PDF-1.7 truncated, no end of file marker", None),
        (b"PK\x03\x04 a zip or an office file", None),
        (b"GIF89a", None),
    ],
)
def test_it_knows_a_file_by_its_content(content, expected):
    assert sniff(content) == expected


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agreement.pdf", b"<!DOCTYPE html><p>click</p>", "only a PDF"),
        ("agreement.pdf", b"", "empty"),
        ("agreement.exe", b"MZ\x90\x00", "only a PDF"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_document(name, content, message):
    agreement = make_agreement()
    with pytest.raises(services.InvalidWrite, match=message) as refused:
        make_document(agreement, file=make_pdf(name, content))
    assert refused.value.field == "file"
    assert not AgreementDocument.objects.exists()
    assert not list(settings.ACCORD_DOCUMENTS_DIR.rglob("*.*"))


def test_it_refuses_a_file_over_the_limit(settings):
    settings.ACCORD_DOCUMENT_MAX_BYTES = len(PDF) - 1
    with pytest.raises(services.InvalidWrite, match="the limit is"):
        make_document(make_agreement())
    assert not AgreementDocument.objects.exists()


def test_it_stores_the_file_outside_the_web_root_under_a_new_name():
    editor = make_user("editor", staff=True)
    document = make_document(
        make_agreement(),
        file=make_pdf("../../etc/Lyon <signed>.pdf"),
        title="Signed agreement 2019",
        signed_on=datetime.date(2019, 4, 1),
        by=editor,
    )
    path = document.path
    assert path.read_bytes() == PDF
    root = settings.ACCORD_DOCUMENTS_DIR.resolve()
    assert path.resolve().is_relative_to(root)
    assert not path.resolve().is_relative_to(settings.STATIC_ROOT.resolve())
    assert "Lyon" not in path.name and len(path.stem) == 32
    assert document.original_name == "Lyon signed.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.uploaded_by == editor
    assert document.public is False
    assert not list(root.rglob(".*.part"))


def test_it_refuses_a_title_missing_or_a_date_in_the_future():
    agreement = make_agreement()
    with pytest.raises(services.InvalidWrite) as refused:
        make_document(agreement, title="  ")
    assert refused.value.field == "title"
    with pytest.raises(services.InvalidWrite) as refused:
        make_document(agreement, signed_on=datetime.date(2999, 1, 1))
    assert refused.value.field == "signed_on"
    assert not list(settings.ACCORD_DOCUMENTS_DIR.rglob("*.*"))


def test_it_removes_a_new_file_when_its_row_is_refused():
    with pytest.raises(services.InvalidWrite):
        services.add_document(9999, io.BytesIO(PDF), kind="other", title="Orphan")
    assert not list(settings.ACCORD_DOCUMENTS_DIR.rglob("*.pdf"))


@pytest.mark.django_db(transaction=True)
def test_a_deletion_removes_the_file_only_once_it_commits():
    document = make_document(make_agreement())
    path = document.path
    with pytest.raises(RuntimeError), transaction.atomic():
        services.remove_document(document)
        assert path.exists()
        raise RuntimeError("the request failed after the deletion")
    assert path.exists()
    assert AgreementDocument.objects.filter(pk=document.pk).exists()
    services.remove_document(document, reason="uploaded to the wrong agreement")
    assert not path.exists()
    deleted = AgreementDocument.history.filter(id=document.pk, history_type="-").get()
    assert deleted.sha256 == document.sha256
    assert deleted.history_change_reason == "uploaded to the wrong agreement"


def test_it_updates_the_metadata_with_history_not_the_file():
    document = make_document(make_agreement())
    updated = services.update_document(
        document, version=1, public=True, kind="amendment", title="Amendment 1"
    )
    assert (updated.public, updated.kind, updated.version) == (True, "amendment", 2)
    with pytest.raises(services.InvalidWrite, match="not a field"):
        services.update_document(document, version=2, sha256="0" * 64)
    with pytest.raises(services.Conflict):
        services.update_document(document, version=1, public=False)
    assert AgreementDocument.history.filter(id=document.pk).count() == 2


@pytest.mark.parametrize(
    ("uploaded", "content_type", "expected"),
    [
        ("Lyon 2019.pdf", "application/pdf", "Lyon 2019.pdf"),
        ("scan.html", "image/jpeg", "scan.html.jpg"),
        ('a"b;c\r\n.pdf', "application/pdf", "ab;c .pdf"),
        ("", "image/png", "document.png"),
    ],
)
def test_a_download_is_named_for_what_the_file_is(uploaded, content_type, expected):
    assert download_name(uploaded, content_type) == expected


def test_it_shortens_a_long_name_keeping_its_extension():
    cleaned = clean_original_name("a" * 500 + ".pdf")
    assert len(cleaned) == 200 and cleaned.endswith(".pdf")
