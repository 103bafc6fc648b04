"""The write half of the API: staff only, through registry.services (the back
office's validation and audit trail), with optimistic locking on `version`."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictInt, StrictStr
from pydantic import Field as PydanticField
from pydantic.json_schema import JsonDict, JsonValue

from accord.api import schemas
from accord.api.auth import write_auth
from accord.api.params import PRINTABLE
from accord.api.problems import ApiProblem
from accord.api.read import MAX_ID, get_institution, router
from accord.api.serialize import agreement_to_dict
from accord.registry import merging, queries, services
from accord.registry.lifecycle import Status as LifecycleStatus
from accord.registry.models import Agreement
from accord.registry.scopes import NotPermitted

# An id or version the database can hold (SQLite and PostgreSQL: 64-bit signed).
Id = Annotated[StrictInt, PydanticField(ge=1, le=MAX_ID)]
Version = Annotated[StrictInt, PydanticField(ge=1, le=2**31 - 1)]
# One-line text has no control characters; notes may hold newlines but never NUL,
# which PostgreSQL cannot store.
Line = Annotated[StrictStr, PydanticField(pattern=PRINTABLE)]
Text = Annotated[StrictStr, PydanticField(pattern=r"^[^\x00]*$")]
LEVELS: JsonValue = list(Agreement.Level.values)
STATUSES: JsonValue = list(LifecycleStatus.values)


def never_null(**documented: JsonValue) -> Callable[[JsonDict], None]:
    """`json_schema_extra` for a field a client may leave out but not send as
    null: None stays its "not sent" default (so a bad value is still reported
    under the field's own name), the services refuse an explicit null (422),
    and the document offers none."""

    def edit(schema: JsonDict) -> None:
        options = schema.pop("anyOf", None)
        if isinstance(options, list):
            kept = [
                o
                for o in options
                if not (isinstance(o, dict) and o.get("type") == "null")
            ]
            if len(kept) == 1 and isinstance(kept[0], dict):
                schema.update(kept[0])
            else:
                schema["anyOf"] = kept
        schema.update(documented)

    return edit


WRITE_ERRORS: dict[int, Any] = {
    code: schemas.Problem for code in (400, 401, 403, 404, 409, 412, 413, 422, 429)
}
ADD_AGREEMENT = "registry.add_agreement"
CHANGE_AGREEMENT = "registry.change_agreement"
ADD_INSTITUTION = "registry.add_institution"
CHANGE_INSTITUTION = "registry.change_institution"
MERGE = "registry.add_institutionmerge"


class Body(Schema):
    # Unknown fields are refused (422), as unknown query parameters are.
    model_config = ConfigDict(extra="forbid")

    reason: Line | None = Field(
        None, max_length=100, description="Why: kept in the audit history."
    )


class AgreementFields(Body):
    co_partners: list[Id] | None = Field(
        None, description="Institution ids of the other partners (joint agreements)."
    )
    partner_department: Line | None = Field(None, max_length=300)
    home_unit: Line | None = Field(
        None, description="Home unit code (`/home-units`); department level only."
    )
    fee_waiver: StrictBool | None = Field(
        None, description="Whether fees are mutually waived; null: unknown."
    )
    concluded_on: datetime.date | None = Field(None, description="null: unknown.")
    notes: Text | None = Field(None, max_length=10_000)
    status: Line | None = Field(
        None,
        description="A move the lifecycle does not allow is refused (422).",
        json_schema_extra=never_null(enum=STATUSES),
    )
    valid_from: datetime.date | None = Field(None, description="null: unknown.")
    valid_until: datetime.date | None = Field(
        None, description="Last day of the current validity; null: unknown."
    )
    term_months: Annotated[StrictInt, PydanticField(ge=1, le=1200)] | None = Field(
        None, description="One term in months (60: five years); null: unknown."
    )
    renews_automatically: StrictBool | None = None
    termination_reason: Text | None = Field(
        None, max_length=10_000, description="Required to terminate."
    )


class AgreementCreate(AgreementFields):
    level: Line = Field(json_schema_extra={"enum": LEVELS})
    institution: Id = Field(description="The partner institution's id.")
    home_university: Line | None = Field(
        None,
        description="The home university's slug. Default: the one the account "
        "works for, or the only one kept; required otherwise.",
    )


class AgreementUpdate(AgreementFields):
    version: Version = Field(description="The `version` the client read.")
    level: Line | None = Field(None, json_schema_extra=never_null(enum=LEVELS))
    institution: Id | None = Field(None, json_schema_extra=never_null())
    ended_on: datetime.date | None = None


class AgreementEnd(Body):
    ended_on: datetime.date | None = Field(None, description="Default: today.")
    version: Version | None = Field(
        None, description="The `version` the client read; checked when given."
    )


class AgreementRenewal(Body):
    renewed_on: datetime.date | None = Field(None, description="Default: today.")
    valid_until: datetime.date | None = Field(
        None,
        description="The new last day of validity. Default: one more term when "
        "the term is known, else unknown.",
    )
    note: Text = Field("", max_length=10_000)
    version: Version | None = Field(
        None, description="The `version` the client read; checked when given."
    )


class Identifiers(Body):
    ror_id: Line | None = Field(
        None,
        max_length=100,
        description="ROR id or URL (`https://ror.org/01dq60k83`); stored as the "
        "bare id, its checksum checked.",
    )
    erasmus_code: Line | None = Field(
        None, max_length=30, description="Erasmus code, e.g. `F  LYON12`."
    )
    schac_code: Line | None = Field(
        None, max_length=253, description="SCHAC code (a domain name)."
    )
    website: Line | None = Field(None, max_length=300, description="An http(s) URL.")
    city: Line | None = Field(None, max_length=100)


IDENTIFIERS = frozenset(Identifiers.model_fields) - {"reason"}


class InstitutionCreate(Identifiers):
    name: Line = Field(min_length=1, max_length=300)
    country: Line = Field(min_length=2, description="ISO 3166-1 alpha-2 code.")
    aliases: list[Line] = Field(default_factory=list)


class InstitutionUpdate(Identifiers):
    version: Version
    name: Line | None = Field(
        None, min_length=1, max_length=300, json_schema_extra=never_null()
    )
    country: Line | None = Field(
        None,
        min_length=2,
        description="ISO 3166-1 alpha-2 code.",
        json_schema_extra=never_null(),
    )


class InstitutionMerge(Body):
    merge_away: Id = Field(
        description="Id of the duplicate: its agreements and names move to the "
        "institution in the path, then it is deleted (undoable in the back office)."
    )


def written(request: HttpRequest, agreement_id: int) -> dict[str, Any]:
    """The agreement a write left, whatever its status: the writer sees a draft
    the public does not."""
    agreement = queries.agreement(agreement_id)
    if agreement is None:
        raise ApiProblem("not-found", f"No agreement with id {agreement_id}.")
    return agreement_to_dict(agreement, request)


@router.post(
    "/agreements",
    auth=write_auth(ADD_AGREEMENT),
    response={201: schemas.Agreement, **WRITE_ERRORS},
    tags=["write"],
    summary="Create an agreement",
)
def create_agreement(request: HttpRequest, payload: AgreementCreate) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    values = agreement_values(payload)
    with refused_as_problem():
        agreement = services.create_agreement(
            by=user, reason=payload.reason or "created through the API", **values
        )
    return Status(201, written(request, agreement.pk))


@router.patch(
    "/agreements/{agreement_id}",
    auth=write_auth(CHANGE_AGREEMENT),
    response={200: schemas.Agreement, **WRITE_ERRORS},
    tags=["write"],
    summary="Change an agreement",
)
def update_agreement(
    request: HttpRequest,
    payload: AgreementUpdate,
    agreement_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    """Send `version` as read and only the fields to change; 409 if someone else
    changed the agreement since."""
    user = request.auth  # type: ignore[attr-defined]
    values = agreement_values(payload)
    with refused_as_problem():
        services.update_agreement(
            agreement_id,
            version=payload.version,
            by=user,
            reason=payload.reason or "changed through the API",
            **values,
        )
    return written(request, agreement_id)


@router.post(
    "/agreements/{agreement_id}/end",
    auth=write_auth(CHANGE_AGREEMENT),
    response={200: schemas.Agreement, **WRITE_ERRORS},
    tags=["write"],
    summary="End an agreement",
)
def end_agreement(
    request: HttpRequest,
    payload: AgreementEnd,
    agreement_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    with refused_as_problem():
        services.end_agreement(
            agreement_id,
            ended_on=payload.ended_on,
            version=payload.version,
            by=user,
            reason=payload.reason or "ended through the API",
        )
    return written(request, agreement_id)


@router.post(
    "/agreements/{agreement_id}/renew",
    auth=write_auth(CHANGE_AGREEMENT),
    response={200: schemas.Agreement, **WRITE_ERRORS},
    tags=["write"],
    summary="Record a renewal of an agreement",
)
def renew_agreement(
    request: HttpRequest,
    payload: AgreementRenewal,
    agreement_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    with refused_as_problem():
        services.renew_agreement(
            agreement_id,
            renewed_on=payload.renewed_on,
            valid_until=payload.valid_until,
            note=payload.note,
            version=payload.version,
            by=user,
            reason=payload.reason or "renewed through the API",
        )
    return written(request, agreement_id)


@router.post(
    "/institutions",
    auth=write_auth(ADD_INSTITUTION),
    response={201: schemas.InstitutionDetail, **WRITE_ERRORS},
    tags=["write"],
    summary="Create a partner institution",
)
def create_institution(request: HttpRequest, payload: InstitutionCreate) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    with refused_as_problem():
        institution = services.create_institution(
            name=payload.name,
            country=payload.country,
            aliases=payload.aliases,
            **payload.model_dump(include=payload.model_fields_set & IDENTIFIERS),
            by=user,
            reason=payload.reason or "created through the API",
        )
    return Status(201, get_institution(request, institution.pk))


@router.patch(
    "/institutions/{institution_id}",
    auth=write_auth(CHANGE_INSTITUTION),
    response={200: schemas.InstitutionDetail, **WRITE_ERRORS},
    tags=["write"],
    summary="Change a partner institution",
)
def update_institution(
    request: HttpRequest,
    payload: InstitutionUpdate,
    institution_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    changes = payload.model_dump(
        include=payload.model_fields_set & {"name", "country", *IDENTIFIERS}
    )
    with refused_as_problem():
        services.update_institution(
            institution_id,
            version=payload.version,
            by=user,
            reason=payload.reason or "changed through the API",
            **changes,
        )
    return get_institution(request, institution_id)


@router.post(
    "/institutions/{institution_id}/merge",
    auth=write_auth(CHANGE_INSTITUTION, MERGE),
    response={200: schemas.InstitutionDetail, **WRITE_ERRORS},
    tags=["write"],
    summary="Merge a duplicate into this institution",
)
def merge_institutions(
    request: HttpRequest,
    payload: InstitutionMerge,
    institution_id: int = Path(..., ge=1, le=MAX_ID),
) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    with refused_as_problem():
        merging.merge_institutions(institution_id, payload.merge_away, by=user)
    return get_institution(request, institution_id)


def agreement_values(payload: AgreementFields) -> dict[str, Any]:
    """The fields the client sent (not those left out), ready for the services."""
    names = payload.model_fields_set - {"reason", "version"}
    values = {name: getattr(payload, name) for name in names}
    if "home_unit" in values:
        # A code as printed (case-insensitive); the services look it up.
        values["home_unit"] = (values["home_unit"] or "").strip() or None
    for name in ("partner_department", "notes", "termination_reason"):
        if name in values and values[name] is None:
            values[name] = ""
    if "co_partners" in values and values["co_partners"] is None:
        values["co_partners"] = []
    if values.get("renews_automatically", False) is None:
        values["renews_automatically"] = False
    if values.get("status", "") is None:
        raise refused(services.InvalidWrite("status", "cannot be null"))
    if values.get("level", "") is None or values.get("institution", 0) is None:
        missing = "level" if values.get("level", "") is None else "institution"
        raise refused(services.InvalidWrite(missing, "cannot be null"))
    return values


@contextmanager
def refused_as_problem() -> Iterator[None]:
    """Turn the services' refusals into problem documents."""
    try:
        yield
    except services.WriteRefused as exc:
        raise refused(exc) from exc


def refused(exc: services.WriteRefused) -> ApiProblem:
    if isinstance(exc, services.Conflict):
        return ApiProblem(
            "conflict",
            exc.message,
            invalid_params=[{"name": "version", "reason": "stale"}],
            current_version=exc.current_version,
        )
    if isinstance(exc, NotPermitted):
        return ApiProblem(
            "forbidden",
            exc.message[0].upper() + exc.message[1:] + ".",
            invalid_params=[{"name": exc.field or "body", "reason": exc.message}],
        )
    if isinstance(exc, services.Missing):
        return ApiProblem("not-found", exc.message[0].upper() + exc.message[1:] + ".")
    return ApiProblem(
        "invalid-body",
        str(exc),
        invalid_params=[{"name": exc.field or "body", "reason": exc.message}],
    )
