"""Keep the data version working after a flush: Django's `flush` (used between
transactional tests and by `accord restore`) empties the version row too, then
sends post_migrate."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from accord.registry.triggers import install_triggers


@receiver(post_migrate)
def database_migrated(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    if sender.label != "registry":
        return
    connection = connections[using]
    if "registry_dataversion" in connection.introspection.table_names():
        # A new epoch keeps versions unique across the flush.
        install_triggers(connection)
