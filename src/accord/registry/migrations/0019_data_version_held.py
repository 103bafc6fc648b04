from django.db import migrations

from accord.registry.triggers import postgresql_statements


def hold_aware_function(apps, schema_editor):
    """PostgreSQL's version function, now leaving the version to a bulk write
    that holds it (`triggers.one_bump_for`); SQLite's triggers are unchanged."""
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in postgresql_statements(()):
                cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0018_edition_packed_records"),
    ]

    # Back: the function stays; without the setting, which only this code
    # sets, it bumps as the one before did.
    operations = [migrations.RunPython(hold_aware_function, migrations.RunPython.noop)]
