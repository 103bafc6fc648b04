"""Cooperation terms are shown by the portal and the API (and searched): a write
to them moves the data version, like a write to the agreements."""

from django.db import migrations

TABLES = ("registry_cooperationterm",)


def install(apps, schema_editor):
    from accord.registry.triggers import install_triggers

    install_triggers(schema_editor.connection, TABLES)


def uninstall(apps, schema_editor):
    from accord.registry.triggers import drop_statements

    with schema_editor.connection.cursor() as cursor:
        for statement in drop_statements(
            schema_editor.connection.vendor, TABLES, function=False
        ):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0011_cooperation_terms")]

    operations = [migrations.RunPython(install, uninstall)]
