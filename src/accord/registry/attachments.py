"""Reads of an agreement's contacts and documents, as each audience may see them.

Students (the portal, the API without staff credentials) see the documents
marked public and the student contacts marked public, and of a contact only its
side, role, name, e-mail and office: `PublicContact` has no phone or notes, so a
template or a serializer cannot show them by mistake. Staff see everything
(`staff_contacts`, `document` for a download they are allowed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F

from accord.registry.contacts import Contact, Role
from accord.registry.documents import AgreementDocument


@dataclass(frozen=True)
class DocumentInfo:
    """What anyone may know of a public document (and staff of any)."""

    id: int
    agreement_id: int
    kind: str
    kind_label: str
    title: str
    signed_on: datetime.date | None
    content_type: str
    size: int
    public: bool
    download_name: str


@dataclass(frozen=True)
class PublicContact:
    """What a student sees of a contact."""

    agreement_id: int
    side: str
    side_label: str
    role: str
    role_label: str
    name: str
    email: str
    unit: str


def _info(document: AgreementDocument) -> DocumentInfo:
    return DocumentInfo(
        id=document.pk,
        agreement_id=document.agreement_id,
        kind=document.kind,
        kind_label=document.get_kind_display(),
        title=document.title,
        signed_on=document.signed_on,
        content_type=document.content_type,
        size=document.size,
        public=document.public,
        download_name=document.download_name,
    )


def documents_of(
    agreement_ids: Iterable[int], *, public_only: bool = True
) -> list[DocumentInfo]:
    """The documents of these agreements, oldest signature first (unknown
    dates last), public ones only unless `public_only` is False."""
    found = AgreementDocument.objects.filter(agreement_id__in=list(agreement_ids))
    if public_only:
        found = found.filter(public=True)
    ordered = found.order_by("agreement_id", F("signed_on").asc(nulls_last=True), "pk")
    return [_info(d) for d in ordered]


def document(document_id: int) -> AgreementDocument | None:
    """One document with its file's place, for a download whose access the
    caller has checked (`public`, or a staff permission)."""
    return AgreementDocument.objects.filter(pk=document_id).first()


def public_contacts(agreement_ids: Iterable[int]) -> list[PublicContact]:
    """The student contacts marked public of these agreements."""
    found = Contact.objects.filter(
        agreement_id__in=list(agreement_ids),
        role=Role.STUDENT_CONTACT,
        public=True,
    ).order_by("agreement_id", "side", "name", "pk")
    return [
        PublicContact(
            agreement_id=c.agreement_id,
            side=c.side,
            side_label=c.get_side_display(),
            role=c.role,
            role_label=c.get_role_display(),
            name=c.name,
            email=c.email,
            unit=c.unit,
        )
        for c in found
    ]


def staff_contacts(agreement_id: int) -> list[Contact]:
    """Every contact of an agreement, for staff."""
    return list(
        Contact.objects.filter(agreement_id=agreement_id).order_by(
            "side", "role", "name", "pk"
        )
    )
