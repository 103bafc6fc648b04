"""Keep the search index in step with every save and delete of what it indexes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accord.registry.models import Agreement, Country, Institution, InstitutionAlias
from accord.registry.search import index_institutions


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
