"""Merging a duplicate institution into the one kept, and undoing that merge.

A merge moves every agreement and co-partner link of the merged-away institution
to the kept one, keeps its name (and aliases) as aliases of the kept one, deletes
it, and writes an `InstitutionMerge` holding all it needs to put things back. Each
step goes through the models' save/delete, so the audit trail shows it, under the
change reason "merge of X into Y".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils import timezone

from accord.registry import scopes
from accord.registry.exceptions import InvalidWrite, Missing
from accord.registry.models import (
    IDENTIFIER_FIELDS,
    Agreement,
    Institution,
    InstitutionAlias,
    InstitutionMerge,
)
from accord.registry.services import User, add_alias, stamp
from accord.registry.validation import check_institution, find_duplicate_agreement

if TYPE_CHECKING:
    from django.contrib.auth.models import User as Account


def save_agreement(agreement: Agreement, by: User, reason: str) -> None:
    agreement.version += 1
    stamp(agreement, by, reason)
    agreement.save()


def refuse_clashes(keep: Institution, away: Institution) -> None:
    for agreement in away.agreements.select_related("home_unit"):
        agreement.institution = keep
        clash = find_duplicate_agreement(agreement)
        if clash is not None:
            raise InvalidWrite(
                "merge_away",
                f"{away.name} and {keep.name} both have the agreement {clash} "
                f"(#{agreement.pk} and #{clash.pk}); end or correct one of them first",
            )


def move_co_partner_links(
    keep: Institution, away: Institution, by: User, reason: str
) -> tuple[list[int], list[int]]:
    """Replace `away` by `keep` among co-partners; (moved, dropped) agreement ids."""
    moved, dropped = [], []
    for agreement in away.joint_agreements.all():
        stamp(agreement, by, reason)
        agreement.co_partners.remove(away)
        named = agreement.co_partners.filter(pk=keep.pk).exists()
        if agreement.institution_id == keep.pk or named:
            dropped.append(agreement.pk)
        else:
            agreement.co_partners.add(keep)
            moved.append(agreement.pk)
        save_agreement(agreement, by, reason)
    return moved, dropped


def move_agreements(
    keep: Institution, away: Institution, by: User, reason: str
) -> tuple[list[int], list[int], list[int]]:
    """Point `away`'s agreements at `keep`; (moved, self-link removed, printed
    name kept) ids."""
    moved, unlinked, printed = [], [], []
    for agreement in away.agreements.all():
        agreement.institution = keep
        if agreement.edition_id and not agreement.printed_name:
            # The edition printed the merged-away name on this row; exports and
            # the published list keep saying so.
            agreement.printed_name = away.name
            printed.append(agreement.pk)
        if agreement.co_partners.filter(pk=keep.pk).exists():
            stamp(agreement, by, reason)
            agreement.co_partners.remove(keep)
            unlinked.append(agreement.pk)
        save_agreement(agreement, by, reason)
        moved.append(agreement.pk)
    return moved, unlinked, printed


def snapshot_of(away: Institution) -> dict[str, Any]:
    return {
        "id": away.pk,
        "name": away.name,
        "country_id": away.country_id,
        **{field: getattr(away, field) for field in IDENTIFIER_FIELDS},
        "created_at": away.created_at.isoformat(),
        "aliases": list(away.aliases.values_list("name", flat=True)),
    }


@transaction.atomic
def merge_institutions(
    keep: Institution | int, merge_away: Institution | int, *, by: User = None
) -> InstitutionMerge:
    """Merge `merge_away` into `keep`; InvalidWrite if they cannot be merged."""
    kept, away = lock_pair(keep, merge_away)
    scopes.check_partner(by, [kept, away])
    reason = f"merge of {away.name} into {kept.name}"[:100]
    refuse_clashes(kept, away)
    snapshot: dict[str, Any] = {"institution": snapshot_of(away)}
    snapshot["co_partner_moved"], snapshot["co_partner_dropped"] = (
        move_co_partner_links(kept, away, by, reason)
    )
    (
        snapshot["agreements"],
        snapshot["self_links_removed"],
        snapshot["printed_names_kept"],
    ) = move_agreements(kept, away, by, reason)
    for alias in away.aliases.all():
        stamp(alias, by, reason)
        alias.delete()
    stamp(away, by, reason)
    away.delete()
    added = [
        add_alias(kept, name, by=by, reason=reason)
        for name in [away.name, *snapshot["institution"]["aliases"]]
    ]
    snapshot["added_aliases"] = [alias.pk for alias in added if alias is not None]
    # What identifies the merged-away institution and the kept one lacks moves
    # over (it is the same institution).
    moved = [f for f in IDENTIFIER_FIELDS if getattr(away, f) and not getattr(kept, f)]
    for field in moved:
        setattr(kept, field, getattr(away, field))
    snapshot["identifiers_moved"] = moved
    kept.version += 1
    stamp(kept, by, reason)
    kept.save()
    return InstitutionMerge.objects.create(
        kept=kept,
        kept_name=kept.name,
        merged_away_id=snapshot["institution"]["id"],
        merged_away_name=away.name,
        snapshot=snapshot,
        merged_by=_account(by),
    )


def lock_pair(
    keep: Institution | int, away: Institution | int
) -> tuple[Institution, Institution]:
    ids = [x.pk if isinstance(x, Institution) else x for x in (keep, away)]
    if ids[0] == ids[1]:
        raise InvalidWrite("merge_away", "an institution cannot be merged into itself")
    found = Institution.objects.select_for_update().select_related("country")
    rows = {i.pk: i for i in found.filter(pk__in=ids)}
    if ids[0] not in rows:
        raise Missing("keep", f"no institution with id {ids[0]!r}")
    if ids[1] not in rows:
        raise InvalidWrite("merge_away", f"no institution with id {ids[1]!r}")
    kept, merged = rows[ids[0]], rows[ids[1]]
    if kept.country_id != merged.country_id:
        raise InvalidWrite(
            "merge_away",
            f"{merged.name} is in {merged.country.name}, {kept.name} in "
            f"{kept.country.name}; correct the country before merging",
        )
    return kept, merged


@transaction.atomic
def unmerge_institutions(
    merge: InstitutionMerge | int, *, by: User = None
) -> Institution:
    """Undo a merge: bring the merged-away institution back with all it had."""
    pk = merge.pk if isinstance(merge, InstitutionMerge) else merge
    record = InstitutionMerge.objects.select_for_update().filter(pk=pk).first()
    if record is None:
        raise InvalidWrite("merge", f"no merge with id {pk!r}")
    if record.is_undone:
        raise InvalidWrite("merge", "this merge was already undone")
    if record.kept_id is None:
        raise InvalidWrite("merge", "the kept institution no longer exists")
    kept = Institution.objects.select_for_update().get(pk=record.kept_id)
    scopes.check_partner(by, [kept])
    snap = record.snapshot
    reason = f"undo merge of {record.merged_away_name} into {kept.name}"[:100]
    restored = restore_institution(kept, snap, by, reason)
    restore_links(kept, restored, snap, by, reason)
    record.undone_at = timezone.now()
    record.undone_by = _account(by)
    record.save()
    return restored


def restore_institution(
    kept: Institution, snap: dict[str, Any], by: User, reason: str
) -> Institution:
    data = snap["institution"]
    if Institution.objects.filter(pk=data["id"]).exists():
        raise InvalidWrite("merge", f"institution #{data['id']} exists again")
    for alias in InstitutionAlias.objects.filter(pk__in=snap["added_aliases"]):
        stamp(alias, by, reason)
        alias.delete()
    # Merges made before the other identifiers moved only the ROR id.
    moved = snap.get(
        "identifiers_moved", ["ror_id"] if snap.get("ror_id_moved") else []
    )
    for field in moved:
        if getattr(kept, field) == data[field]:
            blank = None if Institution._meta.get_field(field).null else ""
            setattr(kept, field, blank)
    kept.version += 1
    stamp(kept, by, reason)
    kept.save()
    restored = Institution(
        pk=data["id"],
        name=data["name"],
        country_id=data["country_id"],
        **{f: data[f] for f in IDENTIFIER_FIELDS if f in data},
    )
    check_institution(restored)
    stamp(restored, by, reason)
    restored.save(force_insert=True)
    Institution.objects.filter(pk=restored.pk).update(created_at=data["created_at"])
    for name in data["aliases"]:
        add_alias(restored, name, by=by, reason=reason)
    return restored


def restore_links(
    kept: Institution,
    restored: Institution,
    snap: dict[str, Any],
    by: User,
    reason: str,
) -> None:
    agreements = Agreement.objects.filter(institution=kept)
    printed = set(snap.get("printed_names_kept", ()))
    for agreement in agreements.filter(pk__in=snap["agreements"]):
        agreement.institution = restored
        if agreement.pk in printed and agreement.printed_name == restored.name:
            agreement.printed_name = ""
        stamp(agreement, by, reason)
        if agreement.pk in snap["self_links_removed"]:
            agreement.co_partners.add(kept)
        save_agreement(agreement, by, reason)
    for agreement in Agreement.objects.filter(pk__in=snap["co_partner_moved"]):
        stamp(agreement, by, reason)
        agreement.co_partners.remove(kept)
        agreement.co_partners.add(restored)
        save_agreement(agreement, by, reason)
    for agreement in Agreement.objects.filter(pk__in=snap["co_partner_dropped"]):
        stamp(agreement, by, reason)
        agreement.co_partners.add(restored)
        save_agreement(agreement, by, reason)


def _account(by: User) -> Account | None:
    """Who to record as having done it: a signed-in user, else nobody."""
    # A signed-in user is an instance of AUTH_USER_MODEL, the stock User.
    return cast(
        "Account | None", by if getattr(by, "is_authenticated", False) else None
    )
