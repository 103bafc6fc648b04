"""An agreement's documents and contacts.

Anyone reads the public documents and the public student contacts (name,
e-mail, office); staff, with a token or a signed-in session holding the view
permission, read every document and contact under `.../all`. The two are
separate resources so that the public answers stay one cacheable answer for
everyone, while a staff answer is never kept by a cache (`http.PRIVATE_SUFFIXES`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path

from accord.api import schemas
from accord.api.auth import read_auth
from accord.api.params import reject_unknown
from accord.api.problems import ApiProblem
from accord.api.read import ERRORS, MAX_ID, router
from accord.registry import attachments, queries, scopes
from accord.registry.attachments import DocumentInfo

STAFF_ERRORS: dict[int, Any] = {**ERRORS, 401: schemas.Problem, 403: schemas.Problem}
VIEW_DOCUMENTS = "registry.view_agreementdocument"
VIEW_CONTACTS = "registry.view_contact"


def _agreement_id(agreement_id: int) -> int:
    if queries.agreement(agreement_id) is None:
        raise ApiProblem("not-found", f"No agreement with id {agreement_id}.")
    return agreement_id


def _staff_agreement_id(request: HttpRequest, agreement_id: int) -> int:
    """The agreement's id, if the account reading works for its university."""
    found = queries.agreement(agreement_id)
    if found is None:
        raise ApiProblem("not-found", f"No agreement with id {agreement_id}.")
    if not scopes.acts_for(request.auth, found.home_university):  # type: ignore[attr-defined]
        raise ApiProblem(
            "forbidden", "This account does not work for the agreement's university."
        )
    return agreement_id


def document_to_dict(request: HttpRequest, document: DocumentInfo) -> dict[str, Any]:
    url = reverse("portal:document", args=[document.id])
    return {
        "id": document.id,
        "kind": document.kind,
        "title": document.title,
        "signed_on": document.signed_on,
        "content_type": document.content_type,
        "size": document.size,
        "public": document.public,
        "download_url": request.build_absolute_uri(url),
    }


@router.get(
    "/agreements/{agreement_id}/documents",
    response={200: list[schemas.Document], 404: schemas.Problem, **ERRORS},
    summary="An agreement's public documents",
)
def list_public_documents(
    request: HttpRequest, agreement_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """The documents of the agreement marked public (the signed agreement, its
    amendments, ...), oldest signature first."""
    reject_unknown(request)
    found = attachments.documents_of([_agreement_id(agreement_id)])
    return [document_to_dict(request, d) for d in found]


@router.get(
    "/agreements/{agreement_id}/documents/all",
    response={200: list[schemas.Document], 404: schemas.Problem, **STAFF_ERRORS},
    summary="Every document of an agreement (staff)",
    auth=read_auth(VIEW_DOCUMENTS),
)
def list_all_documents(
    request: HttpRequest, agreement_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """Every document of the agreement, public or not; a token or a staff
    session with the permission `registry.view_agreementdocument`."""
    reject_unknown(request)
    found = attachments.documents_of(
        [_staff_agreement_id(request, agreement_id)], public_only=False
    )
    return [document_to_dict(request, d) for d in found]


@router.get(
    "/agreements/{agreement_id}/contacts",
    response={200: list[schemas.PublicContact], 404: schemas.Problem, **ERRORS},
    summary="An agreement's contacts for students",
)
def list_public_contacts(
    request: HttpRequest, agreement_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """The student contacts marked public: side, name, e-mail and office (never
    a phone number or the office's notes)."""
    reject_unknown(request)
    found = attachments.public_contacts([_agreement_id(agreement_id)])
    return [
        {
            "side": c.side,
            "role": c.role,
            "name": c.name,
            "email": c.email,
            "unit": c.unit,
        }
        for c in found
    ]


@router.get(
    "/agreements/{agreement_id}/contacts/all",
    response={200: list[schemas.StaffContact], 404: schemas.Problem, **STAFF_ERRORS},
    summary="Every contact of an agreement (staff)",
    auth=read_auth(VIEW_CONTACTS),
)
def list_all_contacts(
    request: HttpRequest, agreement_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, Any]]:
    """Every contact of the agreement, home and partner side, in each role; a
    token or a staff session with the permission `registry.view_contact`."""
    reject_unknown(request)
    found = attachments.staff_contacts(_staff_agreement_id(request, agreement_id))
    return [
        {
            "id": c.pk,
            "side": c.side,
            "role": c.role,
            "name": c.name,
            "email": c.email,
            "phone": c.phone,
            "unit": c.unit,
            "notes": c.notes,
            "public": c.public,
            "version": c.version,
        }
        for c in found
    ]
