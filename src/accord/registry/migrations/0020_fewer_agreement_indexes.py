"""Drop three indexes that no query needs and every import row pays for.

`registry_agreement.home_university_id`: the unique constraint
`agreement_not_duplicated` leads with the column and serves its look-ups. The
audit trail's `edition_id` and `home_unit_id`: it is read by agreement, date,
user and university only. At 100,000 new agreements the three cost 0.1 s of
an import's writing.

Only the indexes go: Django would rebuild the whole table on SQLite to alter
a field's index (and drop its triggers with it), a copy of every row for an
index that is one statement to drop, on either database.
"""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = (
    ("registry_agreement", "home_university_id", "cdebbdbe"),
    ("registry_historicalagreement", "edition_id", "a1ecb09b"),
    ("registry_historicalagreement", "home_unit_id", "2c9269dd"),
)


def _index(table: str, column: str, suffix: str) -> str:
    # Django's own name for a foreign key's index, the same on both databases.
    return f"{table}_{column}_{suffix}"


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0019_data_version_held"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="agreement",
                    name="home_university",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreements",
                        to="registry.homeuniversity",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalagreement",
                    name="edition",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        help_text="The edition this agreement was last imported from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.edition",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalagreement",
                    name="home_unit",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.homeunit",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {_index(table, column, suffix)}",
                    reverse_sql=(
                        f"CREATE INDEX {_index(table, column, suffix)} "
                        f"ON {table} ({column})"
                    ),
                )
                for table, column, suffix in DROPPED
            ],
        ),
    ]
