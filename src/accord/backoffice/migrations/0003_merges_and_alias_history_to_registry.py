"""The merge records and the alias history now belong to the registry
(registry/0005 renames their tables); only the state leaves here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("backoffice", "0002_roles"),
        ("registry", "0005_merges_and_alias_history"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalInstitutionAlias"),
                migrations.DeleteModel(name="InstitutionMerge"),
            ],
            database_operations=[],
        ),
    ]
