"""The audit trail read as changes (who, when, which record, field: before -> after),
and the revert of one change.

The trail is django-simple-history's: one historical row per save or delete of an
agreement, institution, home unit or alias. A change's "reason" names the change
set it belongs to (an import of an edition, a merge, a revert).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Count, Max, Model, ProtectedError, QuerySet
from django.urls import NoReverseMatch, reverse

from accord.registry import scopes, services
from accord.registry.models import Agreement, HomeUnit, Institution, InstitutionAlias
from accord.registry.services import Conflict, InvalidWrite, User, stamp
from accord.registry.validation import check_agreement, check_institution

# URL key -> model whose history is shown.
TRACKED: dict[str, type[Model]] = {
    "agreement": Agreement,
    "institution": Institution,
    "homeunit": HomeUnit,
    "institutionalias": InstitutionAlias,
}
# Bookkeeping that changes with every save; showing it would hide the real change.
HIDDEN_FIELDS = frozenset({"version", "created_at", "updated_at", "name_folded"})
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    model: str
    model_label: str
    history_id: int
    record_id: int
    record: str
    when: datetime.datetime
    who: str
    kind: str
    reason: str
    fields: list[FieldChange] = field(default_factory=list)
    record_url: str | None = None


@dataclass(frozen=True)
class ChangeSet:
    reason: str
    count: int
    last: datetime.datetime


# Tracked models kept per home university; the others (partners and their
# aliases) are shared by every university (`scopes`).
PER_UNIVERSITY = frozenset({"agreement", "homeunit"})


def history_of(model: str, viewer: User = None) -> QuerySet[Any]:
    """The model's audit trail, as far as `viewer` may read it: a university's
    staff read their universities' agreements and units, and the shared
    partner records (None: every change, for code acting without an account)."""
    history = TRACKED[model].history.all()  # type: ignore[attr-defined]
    ids = scopes.university_ids(viewer)
    if model in PER_UNIVERSITY and ids is not scopes.EVERY:
        history = history.filter(home_university_id__in=ids)
    return history


def check_scope(model: str, record: Any, by: User) -> None:
    """Refuse (scopes.NotPermitted) a revert `by` may not make."""
    if model in PER_UNIVERSITY:
        scopes.check(by, record.home_university_id)
    else:
        partner = record.institution_id if model == "institutionalias" else record.id
        scopes.check_partner(by, [partner])


class Lookup:
    """Related records by primary key, each fetched once per page."""

    def __init__(self) -> None:
        self.found: dict[tuple[type[Model], Any], Model | None] = {}

    def get(self, model: type[Model], pk: Any) -> Model | None:
        key = (model, pk)
        if key not in self.found:
            self.found[key] = model._default_manager.filter(pk=pk).first()
        return self.found[key]


def shown(value: Any, model_field: Any, lookup: Lookup) -> str:
    """A stored value as staff read it; an unknown (NULL) value says so."""
    if value is None or value == "":
        return "—" if value is None else ""
    if getattr(model_field, "choices", None):
        return str(dict(model_field.choices).get(value, value))
    related = getattr(model_field, "related_model", None)
    if related is not None and not model_field.many_to_many:
        found = lookup.get(related, value)
        return str(found) if found is not None else f"#{value} (deleted)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def shown_partners(rows: list[dict[str, Any]]) -> str:
    ids = [row["institution"] for row in rows]
    names = dict(Institution.objects.filter(pk__in=ids).values_list("pk", "name"))
    return "; ".join(names.get(pk, f"#{pk} (deleted)") for pk in ids) or "none"


def field_changes(record: Any, lookup: Lookup) -> list[FieldChange]:
    meta = meta_of(record)
    if record.history_type == "-":
        return []
    previous = record.prev_record if record.history_type == "~" else None
    if previous is None:
        return [
            FieldChange(
                f.verbose_name, "", shown(getattr(record, f.attname), f, lookup)
            )
            for f in meta.fields
            if f.editable
            and f.name not in HIDDEN_FIELDS
            and getattr(record, f.attname) not in (None, "", [], False)
        ]
    delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
    out = []
    for change in delta.changes:
        model_field = meta.get_field(change.field)
        if model_field.many_to_many:
            before, after = shown_partners(change.old), shown_partners(change.new)
        else:
            before, after = (
                shown(change.old, model_field, lookup),
                shown(change.new, model_field, lookup),
            )
        out.append(FieldChange(model_field.verbose_name, before, after))
    return out


def meta_of(record: Any) -> Any:
    return record.instance_type._meta


def admin_url(model: str, pk: int) -> str | None:
    try:
        return reverse(f"admin:registry_{model}_change", args=[pk])
    except NoReverseMatch:
        return None


def record_label(record: Any, lookup: Lookup) -> str:
    instance = record.instance
    for model_field in instance._meta.concrete_fields:
        pk = getattr(instance, model_field.attname)
        if model_field.many_to_one and pk is not None:
            found = lookup.get(model_field.related_model, pk)
            if found is not None:
                model_field.set_cached_value(instance, found)
    try:
        return str(instance)
    except ObjectDoesNotExist:
        # e.g. an agreement whose institution was later merged away
        return f"{record.instance_type._meta.verbose_name} #{record.id}"


def describe(model: str, record: Any, lookup: Lookup | None = None) -> Change:
    lookup = lookup or Lookup()
    user = record.history_user
    return Change(
        model=model,
        model_label=str(TRACKED[model]._meta.verbose_name),
        history_id=record.history_id,
        record_id=record.id,
        record=record_label(record, lookup),
        when=record.history_date,
        who=user.get_username() if user else "Accord (no signed-in user)",
        kind=KINDS[record.history_type],
        reason=record.history_change_reason or "",
        fields=field_changes(record, lookup),
        record_url=admin_url(model, record.id) if record.history_type != "-" else None,
    )


def recent_changes(
    limit: int = 100,
    *,
    reason: str = "",
    user: str = "",
    model: str = "",
    viewer: User = None,
) -> list[Change]:
    """The latest changes across the registry `viewer` may read, newest first."""
    rows: list[tuple[str, Any]] = []
    for key in [model] if model else list(TRACKED):
        history = history_of(key, viewer).select_related("history_user")
        if reason:
            history = history.filter(history_change_reason=reason)
        if user:
            history = history.filter(history_user__username=user)
        rows += [(key, record) for record in history.order_by("-history_date")[:limit]]
    rows.sort(key=lambda row: row[1].history_date, reverse=True)
    lookup = Lookup()
    return [describe(key, record, lookup) for key, record in rows[:limit]]


def change_sets(limit: int = 20, *, viewer: User = None) -> list[ChangeSet]:
    """Named change sets (imports, merges, reverts) as far as `viewer` may read
    them, the latest first."""
    totals: dict[str, ChangeSet] = {}
    for key in TRACKED:
        grouped = (
            history_of(key, viewer)
            .exclude(history_change_reason=None)
            .exclude(history_change_reason="")
            .values("history_change_reason")
            .annotate(count=Count("pk"), last=Max("history_date"))
        )
        for row in grouped:
            name = row["history_change_reason"]
            seen = totals.get(name)
            totals[name] = ChangeSet(
                name,
                row["count"] + (seen.count if seen else 0),
                max(row["last"], seen.last) if seen else row["last"],
            )
    return sorted(totals.values(), key=lambda s: s.last, reverse=True)[:limit]


# -- revert -----------------------------------------------------------------------


def find_record(model: str, history_id: int) -> Any:
    if model not in TRACKED:
        raise InvalidWrite("model", f"no audit trail for {model!r}")
    record = history_of(model).filter(history_id=history_id).first()
    if record is None:
        raise InvalidWrite("change", f"no change #{history_id}")
    return record


@transaction.atomic
def revert_change(
    model: str, history_id: int, *, by: User = None, reason: str | None = None
) -> None:
    """Undo one change: a creation is deleted, a deletion restored, an edit
    rolled back to the version before it. Only the latest change of a record can
    be reverted (later ones first), so no later edit is silently lost."""
    record = find_record(model, history_id)
    check_scope(model, record, by)
    latest = history_of(model).filter(id=record.id).order_by("-history_date").first()
    assert latest is not None  # `record` itself is one of them.
    if latest.history_id != record.history_id:
        raise Conflict(
            0,
            "the record changed again after this change; revert the later change first",
        )
    reason = reason or (
        f"revert of change #{history_id} ({record.instance_type.__name__})"
    )
    if record.history_type == "+":
        delete_record(TRACKED[model], record.id, by, reason)
    elif record.history_type == "-":
        restore_record(model, record, by, reason)
    else:
        roll_back(model, record, by, reason)


def change_set_reason(reason: str) -> str:
    """The reason a revert of the change set `reason` records (the column holds
    100 characters)."""
    return f"revert of change set: {reason}"[:100]


@transaction.atomic
def revert_change_set(reason: str, *, by: User = None) -> int:
    """Undo every change of the change set `reason`, the latest first, all or
    nothing: a record changed again since (or twice in the set) is refused as
    `revert_change` refuses it. Returns how many changes were undone."""
    rows = [
        (key, record)
        for key in TRACKED
        for record in history_of(key).filter(history_change_reason=reason)
    ]
    # All or nothing: a set reaching another university's records is refused
    # as a whole (revert_change checks each record too).
    for key, record in rows:
        check_scope(key, record, by)
    if not reason or not rows:
        raise InvalidWrite("reason", f"no change set {reason!r}")
    rows.sort(key=lambda row: (row[1].history_date, row[1].history_id), reverse=True)
    undo = change_set_reason(reason)
    for key, record in rows:
        revert_change(key, record.history_id, by=by, reason=undo)
    return len(rows)


def delete_record(model: type[Model], pk: int, by: User, reason: str) -> None:
    current = model._default_manager.get(pk=pk)
    stamp(current, by, reason)
    try:
        current.delete()
    except ProtectedError as exc:
        raise InvalidWrite(
            "change", f"{current} is still used by {len(exc.protected_objects)} records"
        ) from exc


def restore_record(model: str, record: Any, by: User, reason: str) -> None:
    instance = record.instance
    previous = record.prev_record or record
    if model == "agreement":
        partners = [row.institution for row in previous.co_partners.all()]
        check_agreement(instance, partners)
    elif model == "institution":
        check_institution(instance)
    stamp(instance, by, reason)
    instance.save(force_insert=True)
    if model == "agreement" and partners:
        instance.co_partners.set(partners)


def roll_back(model: str, record: Any, by: User, reason: str) -> None:
    previous = record.prev_record
    delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
    current = TRACKED[model]._default_manager.get(pk=record.id)
    meta = meta_of(record)
    changes = {
        c.field: getattr(previous, meta.get_field(c.field).attname)
        for c in delta.changes
        if not meta.get_field(c.field).many_to_many
    }
    if model == "agreement":
        assert isinstance(current, Agreement)  # TRACKED["agreement"]
        if "co_partners" in delta.changed_fields:
            changes["co_partners"] = [
                r.institution_id for r in previous.co_partners.all()
            ]
        services.update_agreement(
            current, version=current.version, by=by, reason=reason, **changes
        )
    elif model == "institution":
        assert isinstance(current, Institution)  # TRACKED["institution"]
        services.update_institution(
            current, version=current.version, by=by, reason=reason, **changes
        )
    else:
        for name, value in changes.items():
            setattr(current, meta.get_field(name).attname, value)
        stamp(current, by, reason)
        current.save()
