"""Partner institutions: each printed name found among the institutions and
aliases the database holds, or created; a new spelling of a known name kept as
an alias."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from accord.core.names import clean_name
from accord.importer.persist.changes import ChangeSet
from accord.registry import scopes
from accord.registry.models import (
    Country,
    Institution,
    InstitutionAlias,
    stored_fold,
)

NEW_FIELDS = (
    "name",
    "name_folded",
    "country_id",
    "version",
    "created_at",
    "updated_at",
)


@dataclass(eq=False, slots=True)
class Partner:
    """An institution as the import knows it: stored, or new (`pk` 0) until
    `Partners.save` stores it. One object per institution, compared by identity."""

    name: str
    country_id: int
    pk: int = 0
    folded: str = ""


class Partners:
    """The institutions of the import's countries, read once; new ones and new
    aliases are kept until `save` writes them in bulk."""

    def __init__(
        self,
        countries: Iterable[Country],
        same_institutions: Mapping[tuple[str, str], str],
    ) -> None:
        self.same_institutions = same_institutions
        self.by_name: dict[tuple[int, str], Partner] = {}
        self.by_folded: dict[tuple[int, str], Partner] = {}
        self.alias_names: set[tuple[int, str]] = set()  # (id(partner), name)
        self.new_institutions: list[Partner] = []
        self.new_aliases: list[tuple[str, str, Partner]] = []
        self.aliases_added: list[str] = []
        self._load([c.pk for c in countries])

    def _load(self, country_ids: list[int]) -> None:
        by_pk: dict[int, Partner] = {}
        stored = Institution.objects.filter(country_id__in=country_ids)
        for pk, name, folded, country_id in stored.values_list(
            "pk", "name", "name_folded", "country_id"
        ).iterator(chunk_size=5000):
            by_pk[pk] = partner = Partner(name, country_id, pk)
            self.by_name[(country_id, name)] = partner
            self.by_folded.setdefault((country_id, folded), partner)
        aliases = InstitutionAlias.objects.filter(
            institution__country_id__in=country_ids
        )
        for owner_pk, name, folded in aliases.values_list(
            "institution_id", "name", "name_folded"
        ):
            owner = by_pk[owner_pk]
            self.alias_names.add((id(owner), name))
            self.by_folded.setdefault((owner.country_id, folded), owner)

    def institution(self, country: Country, printed: str) -> Partner:
        """The institution a row's printed name stands for in `country`."""
        name = clean_name(printed)
        # `id`, not `pk`: a plain attribute where `pk` is a property (called
        # once or twice for each of an import's rows).
        country_id = country.id
        found = self.by_name.get((country_id, name))
        if found is not None:
            return found
        folded = stored_fold(name)
        found = self.by_folded.get((country_id, folded))
        kept = self.same_institutions.get((country.iso_code or "", name))
        if found is None and kept and clean_name(kept) != name:
            found = self.institution(country, kept)
        if found is None:
            found = Partner(name, country_id, folded=folded)
            self.new_institutions.append(found)
            self.by_folded[(country_id, folded)] = found
        elif (id(found), name) not in self.alias_names:
            self.new_aliases.append((name, folded, found))
            self.alias_names.add((id(found), name))
            self.aliases_added.append(f"{name} -> {found.name}")
        self.by_name[(country_id, name)] = found
        return found

    def withhold_aliases(self, by: Any) -> list[str]:
        """Leave out the new aliases of partners that other universities'
        agreements name, when `by` does not act for the whole network (as
        `services.add_alias` refuses them): the agreements still find their
        partner; only the new spelling is not kept as its alias. Returns them."""
        owners = {owner.pk for _, _, owner in self.new_aliases if owner.pk}
        shared = scopes.shared_partners(by, owners)
        withheld = [a for a in self.new_aliases if a[2].pk in shared]
        self.new_aliases = [a for a in self.new_aliases if a[2].pk not in shared]
        kept = {f"{name} -> {owner.name}" for name, _, owner in self.new_aliases}
        self.aliases_added = [a for a in self.aliases_added if a in kept]
        return [f"{name} -> {owner.name}" for name, _, owner in withheld]

    def save(self, changes: ChangeSet) -> None:
        """Write the new institutions in bulk, then their aliases (audited too)."""
        now = changes.now
        changes.insert(
            Institution,
            NEW_FIELDS,
            (
                (p.name, p.folded, p.country_id, 1, now, now)
                for p in self.new_institutions
            ),
        )
        stored = Institution.objects.filter(created_at=now).values_list(
            "country_id", "name", "pk"
        )
        pks = {(country_id, name): pk for country_id, name, pk in stored}
        for partner in self.new_institutions:
            partner.pk = pks[(partner.country_id, partner.name)]
        changes.created(Institution, sorted(p.pk for p in self.new_institutions))
        aliases = [
            InstitutionAlias(name=name, name_folded=folded, institution_id=owner.pk)
            for name, folded, owner in self.new_aliases
        ]
        changes.create(InstitutionAlias, aliases)
