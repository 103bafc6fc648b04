"""Reads about partner institutions: finding them, and one partner with every
agreement that names it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Q, QuerySet

from accord.registry.models import Institution, in_force
from accord.registry.queries import partner_agreements, text_matches
from accord.registry.rows import Listed

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _ActiveCount(TypedDict):
    active_count: int


def institutions() -> QuerySet[WithAnnotations[Institution, _ActiveCount]]:
    """Every institution with its country, aliases and `active_count`, the number
    of agreements in force that name it as the partner."""
    return (
        Institution.objects.select_related("country__region")
        .prefetch_related("aliases")
        .annotate(
            active_count=Count(
                "agreements", filter=in_force(prefix="agreements__"), distinct=True
            )
        )
    )


def find_institutions(q: str = "", country: str = "", region: str = "") -> Any:
    """Institutions matching any spelling of `q` (typos forgiven), in a country
    (ISO code or pseudo-country slug) and region, by name. The names must be
    checked already (`queries.read_institution_search`)."""
    found = institutions().order_by("name", "pk")
    if q.strip():
        found = found.filter(pk__in=text_matches(q) or [])
    if country:
        found = found.filter(Q(country__iso_code=country) | Q(country__slug=country))
    if region:
        found = found.filter(country__region__slug=region)
    return found


@dataclass(frozen=True)
class PartnerDetail:
    """One partner as its public page shows it."""

    institution: Any  # Institution with `active_count`
    aliases: list[str]
    agreements: list[Listed]

    @property
    def in_force(self) -> list[Listed]:
        return [a for a in self.agreements if a.is_in_force()]

    @property
    def ended(self) -> list[Listed]:
        """Its history: the agreements not in force today (ended, suspended, or
        not started yet), each with its status."""
        return [a for a in self.agreements if not a.is_in_force()]


def partner_detail(institution_id: int, university: str = "") -> PartnerDetail | None:
    """The institution, its other spellings, and every agreement naming it as
    the partner or a co-partner that the public may see (ended and suspended
    ones included; drafts never); with a home university's slug, only its
    agreements, and None when it has none with the partner."""
    institution = institutions().filter(pk=institution_id).first()
    if institution is None:
        return None
    agreements = [
        a for a in partner_agreements(institution_id, university) if a.is_public
    ]
    if university and not agreements:
        return None
    return PartnerDetail(
        institution,
        [alias.name for alias in institution.aliases.all()],
        agreements,
    )
