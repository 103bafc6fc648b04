"""Partner institutions: each printed name found among the institutions and
aliases the database holds, or created; a new spelling of a known name kept as
an alias."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from accord.core.names import clean_name
from accord.importer.persist.changes import ChangeSet
from accord.registry.models import (
    Country,
    Institution,
    InstitutionAlias,
    stored_fold,
)


class Partners:
    """The institutions of the import's countries, read once; new ones and new
    aliases are kept until `save` writes them in bulk."""

    def __init__(
        self,
        countries: Iterable[Country],
        same_institutions: Mapping[tuple[str, str], str],
    ) -> None:
        self.same_institutions = same_institutions
        self.by_name: dict[tuple[int, str], Institution] = {}
        self.by_folded: dict[tuple[int, str], Institution] = {}
        # Keyed by the Python object: institutions created in this run have no
        # primary key yet.
        self.alias_names: set[tuple[int, str]] = set()
        self.new_institutions: list[Institution] = []
        self.new_aliases: list[tuple[InstitutionAlias, Institution]] = []
        self.aliases_added: list[str] = []
        self._load([c.pk for c in countries])

    def _load(self, country_ids: list[int]) -> None:
        by_pk: dict[int, Institution] = {}
        for inst in Institution.objects.filter(country_id__in=country_ids):
            by_pk[inst.pk] = inst
            self.by_name[(inst.country_id, inst.name)] = inst
            self.by_folded.setdefault((inst.country_id, inst.name_folded), inst)
        for alias in InstitutionAlias.objects.filter(institution_id__in=by_pk):
            owner = by_pk[alias.institution_id]
            self.alias_names.add((id(owner), alias.name))
            self.by_folded.setdefault((owner.country_id, alias.name_folded), owner)

    def institution(self, country: Country, printed: str) -> Institution:
        """The institution a row's printed name stands for in `country`."""
        name = clean_name(printed)
        found = self.by_name.get((country.pk, name))
        if found is not None:
            return found
        folded = stored_fold(name)
        found = self.by_folded.get((country.pk, folded))
        kept = self.same_institutions.get((country.iso_code or "", name))
        if found is None and kept and clean_name(kept) != name:
            found = self.institution(country, kept)
        if found is None:
            found = Institution(name=name, name_folded=folded, country=country)
            self.new_institutions.append(found)
            self.by_folded[(country.pk, folded)] = found
        elif (id(found), name) not in self.alias_names:
            alias = InstitutionAlias(name=name, name_folded=folded)
            self.new_aliases.append((alias, found))
            self.alias_names.add((id(found), name))
            self.aliases_added.append(f"{name} -> {found.name}")
        self.by_name[(country.pk, name)] = found
        return found

    def save(self, changes: ChangeSet) -> None:
        """Write the new institutions, then their aliases (audited too)."""
        changes.create(Institution, self.new_institutions)
        for alias, owner in self.new_aliases:
            alias.institution = owner
        changes.create(InstitutionAlias, [alias for alias, _ in self.new_aliases])
