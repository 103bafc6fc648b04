"""The data version: one row that database triggers move on every write to the
tables the portal and the API show (registry/triggers.py)."""

from django.db import migrations, models

# The tables as they are at this migration; later migrations that add a table
# install its triggers themselves.
TABLES = (
    "registry_region",
    "registry_country",
    "registry_homeuniversity",
    "registry_homeunit",
    "registry_institution",
    "registry_institutionalias",
    "registry_edition",
    "registry_agreement",
    "registry_agreement_co_partners",
    "registry_institutionmerge",
)


def install(apps, schema_editor):
    from accord.registry.triggers import install_triggers

    install_triggers(schema_editor.connection, TABLES)


def uninstall(apps, schema_editor):
    from accord.registry.triggers import drop_statements

    with schema_editor.connection.cursor() as cursor:
        for statement in drop_statements(schema_editor.connection.vendor, TABLES):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_merges_and_alias_history")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("epoch", models.CharField(max_length=32)),
                ("counter", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
