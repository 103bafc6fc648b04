"""Which home universities a staff account acts for.

Roles (viewer, editor, admin) say what an account may do; its universities say
where. An account works for the universities that list it among their `staff`;
a superuser is a network administrator and works for all of them (it adds
universities and changes the partner records they share). The rule fails
closed: an account that no university lists reaches no university's data,
except in an instance keeping one university, where it works for that one (so
a one-university instance needs no setting, as before universities had staff).
`list_implicit_staff` keeps that promise when a second university arrives (the
services and the importer call it): the accounts the first one served
implicitly are listed as its staff.

Code acting without an account (`by=None`: the CLI, imports) is the operator's
and is not scoped. Every check lives here so the admin, the staff pages and the
API ask the same question.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from accord.registry.exceptions import WriteRefused
from accord.registry.models import Agreement, HomeUniversity, Institution

# What `university_ids` answers for an account that works for every university.
EVERY = None


class NotPermitted(WriteRefused):
    """The account may not act on that university's records (a 403)."""

    code = "forbidden"


def is_network_admin(user: Any) -> bool:
    """May act for every university, add universities and change shared
    partner records."""
    return user is None or bool(getattr(user, "is_superuser", False))


def university_ids(user: Any) -> frozenset[int] | None:
    """The ids of the universities `user` works for; EVERY (None) for a network
    administrator or code acting without an account."""
    if is_network_admin(user):
        return EVERY
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_accord_university_ids", None)
    if cached is not None:
        return cached
    ids = frozenset(user.home_universities.values_list("pk", flat=True))
    if not ids:
        only = list(HomeUniversity.objects.values_list("pk", flat=True)[:2])
        ids = frozenset(only) if len(only) == 1 else frozenset()
    user._accord_university_ids = ids
    return ids


def acts_for(user: Any, university: HomeUniversity | int | str | None) -> bool:
    """Whether `user` works for `university` (a university, its id or its slug)."""
    ids = university_ids(user)
    if ids is EVERY:
        return True
    if isinstance(university, HomeUniversity):
        return university.pk in ids
    if isinstance(university, str):
        return HomeUniversity.objects.filter(slug=university, pk__in=ids).exists()
    return university in ids


def check(user: Any, university: HomeUniversity | int | str | None) -> None:
    """Refuse (NotPermitted) unless `user` works for `university`."""
    if not acts_for(user, university):
        raise NotPermitted(
            "home_university",
            "this account does not work for that home university",
        )


def within(
    queryset: QuerySet[Any], user: Any, path: str = "home_university"
) -> QuerySet[Any]:
    """`queryset` narrowed to the rows of the universities `user` works for;
    `path` leads from a row to its home university."""
    ids = university_ids(user)
    if ids is EVERY:
        return queryset
    return queryset.filter(**{f"{path}__in": ids})


def universities(user: Any) -> QuerySet[HomeUniversity]:
    return within(HomeUniversity.objects.all(), user, "pk")


def only_university(user: Any) -> HomeUniversity | None:
    """The university `user` works for, if it works for exactly one (the
    default of what it creates); None for a network administrator."""
    if university_ids(user) is EVERY:
        return None
    found = list(universities(user)[:2])
    return found[0] if len(found) == 1 else None


def managed_accounts(
    queryset: QuerySet[Any], user: Any, path: str = ""
) -> QuerySet[Any]:
    """The accounts in `queryset` (or the rows whose account `path` leads to)
    that `user` may manage: those working for none but its universities (an
    account no university lists included: it holds nothing yet)."""
    ids = university_ids(user)
    if ids is EVERY:
        return queryset
    elsewhere = HomeUniversity.objects.exclude(pk__in=ids)
    prefix = f"{path}__" if path else ""
    return queryset.exclude(**{f"{prefix}home_universities__in": elsewhere})


def shared_elsewhere(user: Any, institutions: Iterable[Institution | int]) -> bool:
    """Whether any of `institutions` is a partner (or co-partner) of an
    agreement of a university `user` does not work for."""
    ids = university_ids(user)
    if ids is EVERY:
        return False
    pks = [i.pk if isinstance(i, Institution) else i for i in institutions]
    return (
        Agreement.objects.filter(Q(institution__in=pks) | Q(co_partners__in=pks))
        .exclude(home_university__in=ids)
        .exists()
    )


def shared_partners(user: Any, pks: Iterable[int]) -> set[int]:
    """Which of the institutions `pks` are partners (or co-partners) of an
    agreement of a university `user` does not work for: `shared_elsewhere`,
    for many at once."""
    ids = university_ids(user)
    wanted = list(pks)
    if ids is EVERY or not wanted:
        return set()
    elsewhere = Agreement.objects.exclude(home_university__in=ids)
    return set(
        elsewhere.filter(institution__in=wanted).values_list("institution", flat=True)
    ) | set(
        elsewhere.filter(co_partners__in=wanted).values_list("co_partners", flat=True)
    )


def check_partner(user: Any, institutions: Iterable[Institution | int]) -> None:
    """Partner records are shared by the network: only a network administrator
    changes one that another university's agreements name."""
    if shared_elsewhere(user, institutions):
        raise NotPermitted(
            "institution",
            "another home university's agreements name this partner: only a "
            "network administrator may change it",
        )


def list_implicit_staff(*, beside: HomeUniversity) -> int:
    """After `beside` was added: if it is the second university, list as the
    first one's staff the accounts it served implicitly (those no university
    lists), so that they keep what they had. How many were listed."""
    from django.contrib.auth import get_user_model

    others = list(HomeUniversity.objects.exclude(pk=beside.pk)[:2])
    if len(others) != 1:
        return 0
    accounts = list(
        get_user_model().objects.filter(
            is_staff=True, is_superuser=False, home_universities=None
        )
    )
    others[0].staff.add(*accounts)
    return len(accounts)
