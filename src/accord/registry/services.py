"""Writes: the one way the admin, the API, the back office and the importer change
the registry.

Every function validates before it writes, runs in one transaction, and records who
made the change (`by`) and why (`reason`) in the audit trail. Bad input raises
`InvalidWrite(field, message)`; a write based on a stale read raises `Conflict`;
in both cases nothing is written.

    agreement = create_agreement(level="university", institution=chula, by=user)
    update_agreement(agreement, version=agreement.version, fee_waiver=True, by=user)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Model

from accord.registry import scopes
from accord.registry.contacts import (
    CONTACT_FIELDS,
    Contact,
    clean_contact,
    contact_problems,
)
from accord.registry.cooperation import (
    TERM_FIELDS,
    CooperationTerm,
    IiaIdentifiers,
    term_problems,
)
from accord.registry.documents import (
    DOCUMENT_FIELDS,
    TITLE_MAX,
    AgreementDocument,
    Kind,
    clean_original_name,
    remove_file,
    store_file,
)
from accord.registry.exceptions import Conflict, InvalidWrite, Missing, WriteRefused
from accord.registry.lifecycle import ENDED, Status, add_months, after_terms
from accord.registry.lifecycle import validity_end as computed_end
from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUniversity,
    Institution,
    InstitutionAlias,
    Renewal,
)
from accord.registry.validation import (
    CITY_MAX,
    DEPARTMENT_MAX,
    NAME_MAX,
    check_agreement,
    check_date,
    check_institution,
    clean_identifier,
    clean_text,
    clean_website,
    default_home_university,
    raise_first,
    resolve,
    resolve_country,
    resolve_home_unit,
    today,
    transition_problems,
    validity_date_problems,
)

User = AbstractBaseUser | AnonymousUser | None

# What a caller may set on an agreement; the rest (version, provenance timestamps)
# is Accord's to keep.
AGREEMENT_FIELDS: tuple[str, ...] = (
    "level",
    "institution",
    "co_partners",
    "partner_department",
    "home_unit",
    "fee_waiver",
    "concluded_on",
    "ended_on",
    "status",
    "valid_from",
    "valid_until",
    "term_months",
    "renews_automatically",
    "termination_reason",
    "notes",
    "edition",
    "source_lines",
)
INSTITUTION_FIELDS: tuple[str, ...] = (
    "name",
    "country",
    "ror_id",
    "erasmus_code",
    "schac_code",
    "website",
    "city",
)


def import_reason(edition: Edition) -> str:
    """The change reason an import records, so its changes read as one change set."""
    return f"import of edition {edition.as_of.isoformat()} (#{edition.pk})"


def stamp(instance: Model, by: User, reason: str | None) -> None:
    """Tell simple-history who made the next change and why."""
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason[:100]  # type: ignore[attr-defined]


# -- agreements -------------------------------------------------------------------


def apply_agreement_fields(agreement: Agreement, values: dict[str, Any]) -> None:
    unknown = set(values) - set(AGREEMENT_FIELDS)
    if unknown:
        raise InvalidWrite(sorted(unknown)[0], "is not a field an agreement can set")
    for name, value in values.items():
        if name == "co_partners":
            continue
        if name == "institution":
            value = resolve(Institution, value, name)
            if value is None:
                raise InvalidWrite(name, "is required")
            if value.pk != agreement.institution_id:
                # The printed name belonged to the partner this replaces.
                agreement.printed_name = ""
        elif name == "home_unit":
            value = resolve_home_unit(value, agreement.home_university_id)
        elif name == "edition":
            value = resolve(Edition, value, name)
        elif name == "partner_department":
            value = clean_text(name, value, DEPARTMENT_MAX)
        elif name in ("notes", "termination_reason"):
            value = str(value or "").strip()
        elif name == "fee_waiver":
            if value is not None and not isinstance(value, bool):
                raise InvalidWrite(name, "must be true, false or null (unknown)")
        elif name == "renews_automatically":
            if not isinstance(value, bool):
                raise InvalidWrite(name, "must be true or false")
        elif name == "status":
            value = str(value or "")
        elif name == "term_months" and value is not None:
            if not isinstance(value, int) or isinstance(value, bool):
                raise InvalidWrite(name, "must be a whole number of months")
        elif name == "source_lines":
            value = list(value or [])
        setattr(agreement, name, value)


def resolve_co_partners(values: Iterable[Any]) -> list[Institution]:
    partners = [resolve(Institution, v, "co_partners") for v in values]
    return list({p.pk: p for p in partners if p is not None}.values())


@transaction.atomic
def create_agreement(
    *,
    by: User = None,
    reason: str | None = None,
    home_university: HomeUniversity | int | None = None,
    **fields: Any,
) -> Agreement:
    """A new agreement, validated; `fields` are names from AGREEMENT_FIELDS."""
    if isinstance(home_university, str):
        home_university = university_by_slug(home_university)
    agreement = Agreement(
        home_university=resolve(HomeUniversity, home_university, "home_university")
        or scopes.only_university(by)
        or default_home_university()
    )
    scopes.check(by, agreement.home_university_id)
    if "institution" not in fields:
        raise InvalidWrite("institution", "is required")
    if "level" not in fields:
        raise InvalidWrite("level", "is required")
    apply_agreement_fields(agreement, fields)
    settle_status(agreement, None, fields)
    co_partners = resolve_co_partners(fields.get("co_partners", ()))
    check_agreement(agreement, co_partners)
    stamp(agreement, by, reason)
    agreement.save()
    if co_partners:
        agreement.co_partners.set(co_partners)
    return agreement


def university_by_slug(slug: str) -> HomeUniversity:
    found = HomeUniversity.objects.filter(slug=slug.strip()).first()
    if found is None:
        raise InvalidWrite("home_university", f"no home university {slug!r}")
    return found


def lock_agreement(
    agreement: Agreement | int, version: int | None, *, by: User
) -> Agreement:
    """The agreement's current row, locked; NotPermitted unless `by` works for
    its university (`scopes`), Conflict when `version` is stale."""
    pk = agreement.pk if isinstance(agreement, Agreement) else agreement
    current = (
        # Only the agreement's row: PostgreSQL cannot lock the nullable side of
        # the outer join that select_related("home_unit") makes.
        Agreement.objects.select_for_update(of=("self",))
        .select_related("home_unit", "institution")
        .filter(pk=pk)
        .first()
    )
    if current is None:
        raise Missing("id", f"no agreement with id {pk!r}")
    scopes.check(by, current.home_university_id)
    if version is not None and current.version != version:
        raise Conflict(current.version)
    return current


@transaction.atomic
def update_agreement(
    agreement: Agreement | int,
    *,
    version: int,
    by: User = None,
    reason: str | None = None,
    **changes: Any,
) -> Agreement:
    """Change an agreement read at `version`; Conflict if it changed since."""
    current = lock_agreement(agreement, version, by=by)
    before = current.status
    apply_agreement_fields(current, changes)
    settle_status(current, before, changes)
    if "co_partners" in changes:
        co_partners = resolve_co_partners(changes["co_partners"])
    else:
        co_partners = list(current.co_partners.all())
    check_agreement(current, co_partners)
    current.version += 1
    stamp(current, by, reason)
    current.save()
    if "co_partners" in changes and set(co_partners) != set(current.co_partners.all()):
        current.co_partners.set(co_partners)
    return current


def settle_status(
    agreement: Agreement, before: str | None, changes: dict[str, Any]
) -> None:
    """Keep the status and the end date in step, refusing a move the lifecycle
    does not allow (`lifecycle.TRANSITIONS`); `before` is the stored status
    (None for a new agreement, which may start in any status).

    A new status that ends the agreement takes today as its end date unless one
    is given; any other clears the end date and the termination reason. With
    the status unchanged, an end date given (the API's and the admin's
    `ended_on`) moves an agreement in force to expired, and a cleared one moves
    an expired agreement back in force."""
    after = agreement.status
    if "status" in changes and (before is None or after != before):
        if before is not None:
            raise_first(transition_problems(before, after))
        if after not in ENDED:
            agreement.ended_on = None
        elif agreement.ended_on is None:
            agreement.ended_on = today()
        if after != Status.TERMINATED:
            agreement.termination_reason = ""
        return
    if "ended_on" not in changes:
        return
    if agreement.ended_on is not None and after not in ENDED:
        after = Status.EXPIRED
    elif agreement.ended_on is None and after in ENDED:
        after = Status.IN_FORCE
    else:
        return
    if before is not None:
        raise_first(transition_problems(before, after))
    agreement.status = after


def change_status(
    agreement: Agreement | int,
    status: str,
    *,
    on: datetime.date | None = None,
    termination_reason: str = "",
    version: int | None = None,
    by: User = None,
    reason: str | None = None,
) -> Agreement:
    """Move an agreement to `status` (`lifecycle.Status`), if the lifecycle
    allows it: to expired or terminated on `on` (by default the day after its
    validity ended, if that has passed, else today), terminated with its
    `termination_reason`."""
    with transaction.atomic():
        current = lock_agreement(agreement, version, by=by)
        changes: dict[str, Any] = {"status": status}
        if status in ENDED:
            changes["ended_on"] = on or expiry_day(current)
        if status == Status.TERMINATED:
            changes["termination_reason"] = termination_reason
        return update_agreement(
            current, version=current.version, by=by, reason=reason, **changes
        )


def expiry_day(agreement: Agreement) -> datetime.date:
    """The day an agreement is off the list when it expires: the day after its
    validity ended if that day has come, else today."""
    end = computed_end(
        valid_from=agreement.valid_from,
        valid_until=agreement.valid_until,
        concluded_on=agreement.concluded_on,
        term_months=agreement.term_months,
    )
    now = today()
    if end is not None and end < now:
        return max(end + datetime.timedelta(days=1), agreement.concluded_on or end)
    return now


def end_agreement(
    agreement: Agreement | int,
    *,
    ended_on: datetime.date | None = None,
    version: int | None = None,
    by: User = None,
    reason: str | None = None,
) -> Agreement:
    """Record that an agreement ended (today unless `ended_on` is given): it
    has expired."""
    with transaction.atomic():
        current = lock_agreement(agreement, version, by=by)
        if current.ended_on is not None:
            raise InvalidWrite(
                "ended_on", f"the agreement already ended on {current.ended_on}"
            )
        return update_agreement(
            current,
            version=current.version,
            ended_on=ended_on or today(),
            by=by,
            reason=reason,
        )


def terminate_agreement(
    agreement: Agreement | int,
    termination_reason: str,
    *,
    on: datetime.date | None = None,
    version: int | None = None,
    by: User = None,
    reason: str | None = None,
) -> Agreement:
    """End an agreement before its term, for `termination_reason` (today unless
    `on` is given)."""
    return change_status(
        agreement,
        Status.TERMINATED,
        on=on or today(),
        termination_reason=termination_reason,
        version=version,
        by=by,
        reason=reason,
    )


# -- renewals ---------------------------------------------------------------------

RENEWABLE = (Status.IN_FORCE, Status.SUSPENDED, Status.EXPIRED)


@transaction.atomic
def renew_agreement(
    agreement: Agreement | int,
    *,
    renewed_on: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    note: str = "",
    version: int | None = None,
    by: User = None,
    reason: str | None = None,
) -> Renewal:
    """Record a renewal decided on `renewed_on` (today by default), running
    until `valid_until`; without it, for one more term after the current end
    when the term is known, else until an unknown day. An expired agreement
    renewed is in force again."""
    current = lock_agreement(agreement, version, by=by)
    if current.status not in RENEWABLE:
        raise InvalidWrite(
            "status", "only an agreement in force, suspended or expired is renewed"
        )
    day = renewed_on or today()
    check_date("renewed_on", day)
    raise_first(validity_date_problems("valid_until", valid_until))
    until = valid_until or _one_more_term(current, day)
    if until is not None and until < day:
        raise InvalidWrite("valid_until", "a renewal cannot end before it is made")
    changes: dict[str, Any] = {"valid_until": until}
    if current.status == Status.EXPIRED:
        changes["status"] = Status.IN_FORCE
    why = reason or f"renewed on {day.isoformat()}"
    update_agreement(current, version=current.version, by=by, reason=why, **changes)
    renewal = Renewal(
        agreement=current, renewed_on=day, valid_until=until, note=note.strip()
    )
    stamp(renewal, by, why)
    renewal.save()
    return renewal


def _one_more_term(agreement: Agreement, day: datetime.date) -> datetime.date | None:
    term = agreement.term_months
    if not term:
        return None
    end = computed_end(
        valid_from=agreement.valid_from,
        valid_until=agreement.valid_until,
        concluded_on=agreement.concluded_on,
        term_months=term,
    )
    if end is None:
        return add_months(day, term) - datetime.timedelta(days=1)
    return after_terms(end, term)


# -- cooperation terms ------------------------------------------------------------


def _apply_term(term: CooperationTerm, values: dict[str, Any]) -> None:
    unknown = set(values) - set(TERM_FIELDS)
    if unknown:
        raise InvalidWrite(sorted(unknown)[0], "is not a field a term can set")
    if "notes" in values:
        values = {**values, "notes": str(values["notes"] or "").strip()}
    raise_first(term_problems(values))
    for name, value in values.items():
        setattr(term, name, value)


@transaction.atomic
def add_term(
    agreement: Agreement | int,
    *,
    by: User = None,
    reason: str | None = None,
    **fields: Any,
) -> CooperationTerm:
    """A cooperation term of the agreement; `fields` from cooperation.TERM_FIELDS
    (direction and mobility_type required)."""
    current = lock_agreement(agreement, None, by=by)
    for required in ("direction", "mobility_type"):
        if not fields.get(required):
            raise InvalidWrite(required, "is required")
    term = CooperationTerm(agreement=current)
    _apply_term(term, fields)
    stamp(term, by, reason)
    term.save()
    return term


@transaction.atomic
def update_term(
    term: CooperationTerm | int,
    *,
    version: int,
    by: User = None,
    reason: str | None = None,
    **changes: Any,
) -> CooperationTerm:
    """Change a term read at `version`; Conflict if it changed since."""
    pk = term.pk if isinstance(term, CooperationTerm) else term
    current: CooperationTerm = _locked(CooperationTerm, pk, "cooperation term", by)
    if current.version != version:
        raise Conflict(current.version)
    _apply_term(current, changes)
    current.version += 1
    stamp(current, by, reason)
    current.save()
    return current


@transaction.atomic
def set_iia_identifiers(
    agreement: Agreement | int,
    *,
    iia_id: str | None,
    partner_iia_id: str = "",
    partner_iia_code: str = "",
    by: User = None,
    reason: str | None = None,
) -> IiaIdentifiers:
    """Record the ids an agreement carries in EWP; InvalidWrite when another
    agreement already answers to `iia_id`."""
    current = lock_agreement(agreement, None, by=by)
    iia_id = (iia_id or "").strip() or None
    if iia_id is not None:
        holder = iia_holder(iia_id)
        if holder is not None and holder != current.pk:
            raise InvalidWrite("iia_id", f"{iia_id!r} is already agreement {holder}'s")
    ids = IiaIdentifiers.objects.filter(agreement=current).first() or IiaIdentifiers(
        agreement=current
    )
    ids.iia_id = iia_id
    ids.partner_iia_id = partner_iia_id.strip()
    ids.partner_iia_code = partner_iia_code.strip()
    stamp(ids, by, reason)
    ids.save()
    return ids


def iia_holder(iia_id: str) -> int | None:
    """The agreement that answers to an EWP IIA id: the one that recorded it, or
    the one whose own id it is when that agreement recorded none."""
    recorded = IiaIdentifiers.objects.filter(iia_id=iia_id).first()
    if recorded is not None:
        return recorded.agreement_id
    if iia_id.isdigit() and not iia_id.startswith("0"):
        found = Agreement.objects.filter(pk=int(iia_id)).values_list("pk", flat=True)
        renamed = IiaIdentifiers.objects.filter(
            agreement_id=int(iia_id), iia_id__isnull=False
        ).exists()
        if found and not renamed:
            return int(iia_id)
    return None


# -- contacts ---------------------------------------------------------------------


def _contact_values(contact: Contact, changes: dict[str, Any]) -> dict[str, Any]:
    """The contact's whole values after `changes`, cleaned and checked."""
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidWrite(sorted(unknown)[0], "is not a field a contact can set")
    values = {f: getattr(contact, f) for f in CONTACT_FIELDS} | clean_contact(changes)
    values["public"] = bool(values["public"])
    raise_first(contact_problems(values))
    return values


@transaction.atomic
def add_contact(
    agreement: Agreement | int,
    *,
    by: User = None,
    reason: str | None = None,
    **fields: Any,
) -> Contact:
    """A contact of the agreement; `fields` from contacts.CONTACT_FIELDS (side
    and role required, and a name or an e-mail)."""
    current = lock_agreement(agreement, None, by=by)
    for required in ("side", "role"):
        if not fields.get(required):
            raise InvalidWrite(required, "is required")
    contact = Contact(agreement=current)
    for name, value in _contact_values(contact, fields).items():
        setattr(contact, name, value)
    stamp(contact, by, reason)
    contact.save()
    return contact


def _locked(
    model: type[CooperationTerm] | type[Contact] | type[AgreementDocument],
    pk: int,
    label: str,
    by: User,
) -> Any:
    """The row of an agreement's term, contact or document, locked; Missing if
    gone, NotPermitted unless `by` works for the agreement's university."""
    # Unordered: the default order joins the agreement's unit, which PostgreSQL
    # cannot lock (the nullable side of an outer join).
    current = model.objects.select_for_update(of=("self",)).filter(pk=pk).order_by()
    found = current.first()
    if found is None:
        raise Missing("id", f"no {label} with id {pk!r}")
    scopes.check(by, found.agreement.home_university_id)
    return found


@transaction.atomic
def update_contact(
    contact: Contact | int,
    *,
    version: int,
    by: User = None,
    reason: str | None = None,
    **changes: Any,
) -> Contact:
    """Change a contact read at `version`; Conflict if it changed since."""
    pk = contact.pk if isinstance(contact, Contact) else contact
    current: Contact = _locked(Contact, pk, "contact", by)
    if current.version != version:
        raise Conflict(current.version)
    for name, value in _contact_values(current, changes).items():
        setattr(current, name, value)
    current.version += 1
    stamp(current, by, reason)
    current.save()
    return current


@transaction.atomic
def remove_contact(
    contact: Contact | int, *, by: User = None, reason: str | None = None
) -> None:
    """Delete a contact (its history keeps what it was)."""
    pk = contact.pk if isinstance(contact, Contact) else contact
    current: Contact = _locked(Contact, pk, "contact", by)
    stamp(current, by, reason)
    current.delete()


# -- documents --------------------------------------------------------------------


def _document_values(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(DOCUMENT_FIELDS)
    if unknown:
        raise InvalidWrite(sorted(unknown)[0], "is not a field a document can set")
    values = dict(changes)
    if "kind" in values and values["kind"] not in Kind.values:
        raise InvalidWrite("kind", f"must be one of {', '.join(Kind.values)}")
    if "title" in values:
        values["title"] = clean_text("title", values["title"], TITLE_MAX, required=True)
        if not values["title"]:
            raise InvalidWrite("title", "is required")
    if "signed_on" in values:
        check_date("signed_on", values["signed_on"])
    if "public" in values and not isinstance(values["public"], bool):
        raise InvalidWrite("public", "must be true or false")
    return values


def add_document(
    agreement: Agreement | int,
    file: IO[bytes],
    *,
    original_name: str = "",
    by: User = None,
    reason: str | None = None,
    **fields: Any,
) -> AgreementDocument:
    """Store `file` as a document of the agreement; `fields` from
    documents.DOCUMENT_FIELDS (kind and title required). The file is checked by
    its content (`documents.store_file`) and written before the row; if the row
    is refused the file is removed."""
    for required in ("kind", "title"):
        if not fields.get(required):
            raise InvalidWrite(required, "is required")
    values = _document_values(fields)
    stored = store_file(file)
    try:
        with transaction.atomic():
            current = lock_agreement(agreement, None, by=by)
            document = AgreementDocument(
                agreement=current,
                stored_name=stored.stored_name,
                original_name=clean_original_name(original_name),
                content_type=stored.content_type,
                size=stored.size,
                sha256=stored.sha256,
                uploaded_by_id=by.pk
                if by is not None and by.is_authenticated
                else None,
                **values,
            )
            stamp(document, by, reason)
            document.save()
    except BaseException:
        remove_file(stored.stored_name)
        raise
    # An enclosing transaction that rolls back later leaves the file without its
    # row: never served (a download needs the row), reported by `accord check`.
    return document


@transaction.atomic
def update_document(
    document: AgreementDocument | int,
    *,
    version: int,
    by: User = None,
    reason: str | None = None,
    **changes: Any,
) -> AgreementDocument:
    """Change a document's title, kind, date or public flag (the file stays:
    upload a new document instead); Conflict if it changed since `version`."""
    pk = document.pk if isinstance(document, AgreementDocument) else document
    current: AgreementDocument = _locked(AgreementDocument, pk, "document", by)
    if current.version != version:
        raise Conflict(current.version)
    for name, value in _document_values(changes).items():
        setattr(current, name, value)
    current.version += 1
    stamp(current, by, reason)
    current.save()
    return current


@transaction.atomic
def remove_document(
    document: AgreementDocument | int, *, by: User = None, reason: str | None = None
) -> None:
    """Delete a document; its file goes once the transaction commits (a
    rollback keeps both), its history keeps the metadata."""
    pk = document.pk if isinstance(document, AgreementDocument) else document
    current: AgreementDocument = _locked(AgreementDocument, pk, "document", by)
    stored_name = current.stored_name
    stamp(current, by, reason)
    current.delete()
    transaction.on_commit(lambda: remove_file(stored_name))


# -- institutions -----------------------------------------------------------------


def apply_institution_fields(institution: Institution, values: dict[str, Any]) -> None:
    unknown = set(values) - set(INSTITUTION_FIELDS)
    if unknown:
        raise InvalidWrite(sorted(unknown)[0], "is not a field an institution can set")
    if "name" in values:
        institution.name = clean_text("name", values["name"], NAME_MAX)
    if "country" in values:
        institution.country = resolve_country(values["country"])
    for field in ("ror_id", "erasmus_code", "schac_code"):
        if field in values:
            setattr(institution, field, clean_identifier(field, values[field]))
    if "website" in values:
        institution.website = clean_website(values["website"])
    if "city" in values:
        institution.city = clean_text("city", values["city"], CITY_MAX)


@transaction.atomic
def create_institution(
    *,
    name: str,
    country: Country | int | str,
    aliases: Iterable[str] = (),
    by: User = None,
    reason: str | None = None,
    **identifiers: Any,
) -> Institution:
    """A new partner institution, with the other spellings of its name;
    `identifiers` are ror_id, erasmus_code, schac_code, website, city."""
    institution = Institution()
    apply_institution_fields(
        institution, {"name": name, "country": country, **identifiers}
    )
    check_institution(institution)
    stamp(institution, by, reason)
    institution.save()
    for alias in aliases:
        add_alias(institution, alias, by=by, reason=reason)
    return institution


@transaction.atomic
def update_institution(
    institution: Institution | int,
    *,
    version: int,
    by: User = None,
    reason: str | None = None,
    **changes: Any,
) -> Institution:
    """Change an institution read at `version`; Conflict if it changed since."""
    pk = institution.pk if isinstance(institution, Institution) else institution
    current = Institution.objects.select_for_update().filter(pk=pk).first()
    if current is None:
        raise Missing("id", f"no institution with id {pk!r}")
    scopes.check_partner(by, [current])
    if current.version != version:
        raise Conflict(current.version)
    apply_institution_fields(current, changes)
    check_institution(current)
    current.version += 1
    stamp(current, by, reason)
    current.save()
    return current


def add_alias(
    institution: Institution,
    name: str,
    *,
    by: User = None,
    reason: str | None = None,
) -> InstitutionAlias | None:
    """Keep another spelling of the institution's name; None if already known."""
    scopes.check_partner(by, [institution])
    text = clean_text("aliases", name, NAME_MAX)
    if not text:
        raise InvalidWrite("aliases", "an alias cannot be blank")
    if text == institution.name or institution.aliases.filter(name=text).exists():
        return None
    alias = InstitutionAlias(institution=institution, name=text)
    stamp(alias, by, reason)
    alias.save()
    return alias


__all__ = [
    "Conflict",
    "InvalidWrite",
    "Missing",
    "WriteRefused",
    "add_alias",
    "add_contact",
    "add_document",
    "add_term",
    "change_status",
    "create_agreement",
    "create_institution",
    "end_agreement",
    "import_reason",
    "remove_contact",
    "remove_document",
    "renew_agreement",
    "terminate_agreement",
    "update_agreement",
    "update_contact",
    "update_document",
    "update_institution",
    "update_term",
]


SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"


@transaction.atomic
def create_home_university(
    *,
    slug: str,
    name: str,
    country: Country | int | str | None = None,
    name_ja: str = "",
    short_name: str = "",
    by: User = None,
) -> HomeUniversity:
    """A new home university (a tenant); its units and editions come with its
    first import. Without a country, the one every stored home university has
    (a national registry), if they agree.

    Only a network administrator adds one. The staff accounts an instance of
    one university served without being listed (`scopes`) become that
    university's staff, so the second university takes nothing from them."""
    if not scopes.is_network_admin(by):
        raise scopes.NotPermitted(
            "slug", "only a network administrator adds a home university"
        )
    if not re.fullmatch(SLUG_PATTERN, slug or "") or len(slug) > 50:
        raise InvalidWrite("slug", "must be lowercase letters, digits and hyphens")
    if HomeUniversity.objects.filter(slug=slug).exists():
        raise InvalidWrite("slug", f"{slug!r} is taken")
    name = clean_text("name", name, 200, required=True)
    if HomeUniversity.objects.filter(name=name).exists():
        raise InvalidWrite("name", f"a home university is named {name!r}")
    university = HomeUniversity(
        slug=slug,
        name=name,
        name_ja=clean_text("name_ja", name_ja, 200),
        short_name=clean_text("short_name", short_name, 50),
        country=resolve_country(country) if country else _shared_country(),
    )
    university.save()
    scopes.list_implicit_staff(beside=university)
    return university


def _shared_country() -> Country:
    countries = set(HomeUniversity.objects.values_list("country", flat=True))
    if len(countries) != 1:
        raise InvalidWrite("country", "is required (an ISO 3166-1 alpha-2 code)")
    return Country.objects.get(pk=countries.pop())
