"""Keep the search index in step with every save and delete of what it indexes."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    Institution,
    InstitutionAlias,
)
from accord.registry.search import index_institutions, rebuild_search_index


@receiver(post_save, sender=Institution)
@receiver(post_delete, sender=Institution)
def institution_changed(instance: Institution, **kwargs: Any) -> None:
    index_institutions([instance.pk])


@receiver(post_save, sender=InstitutionAlias)
@receiver(post_delete, sender=InstitutionAlias)
@receiver(post_save, sender=Agreement)
@receiver(post_delete, sender=Agreement)
def part_changed(instance: InstitutionAlias | Agreement, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    index_institutions([instance.institution_id])


@receiver(post_save, sender=Country)
def country_changed(instance: Country, **kwargs: Any) -> None:
    if kwargs.get("raw") or kwargs.get("created"):
        return
    index_institutions(instance.institutions.values_list("pk", flat=True))


@receiver(post_save, sender=Edition)
def edition_imported(instance: Edition, **kwargs: Any) -> None:
    # An import writes in bulk (no per-row signals): rebuild once it has committed.
    if not kwargs.get("raw"):
        transaction.on_commit(rebuild_search_index)


@receiver(post_migrate)
def database_migrated(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # `flush` (used between transactional tests) empties only Django's own tables
    # and then sends post_migrate: bring the index back in line with them.
    if sender.label != "registry" or using != "default":
        return
    if "registry_search_document" in connections[using].introspection.table_names():
        rebuild_search_index()
