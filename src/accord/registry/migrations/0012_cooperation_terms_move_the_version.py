"""Cooperation terms are shown by the portal and the API (and searched): a write
to them moves the data version, like a write to the agreements."""

from django.db import migrations

from accord.registry.triggers import versioning


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_cooperation_terms")]

    operations = [versioning(["registry_cooperationterm"])]
