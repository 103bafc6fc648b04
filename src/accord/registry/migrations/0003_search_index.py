"""The text search index (see accord/registry/search.py), per database vendor.

SQLite: an FTS5 virtual table with the trigram tokenizer, rowid = institution id.
PostgreSQL: a plain table with a full text index and, when the pg_trgm extension
can be created (it is a trusted extension since PostgreSQL 13, so the database
owner may create it), a trigram index; without pg_trgm, search still works but
typo-tolerant matching is off.
"""

import logging

from django.db import migrations, transaction

log = logging.getLogger(__name__)

TABLE = "registry_search_document"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} "
                "USING fts5(document, tokenize='trigram')"
            )
            return
        if connection.vendor != "postgresql":
            raise RuntimeError(f"No search index for {connection.vendor}")
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            # No foreign key: Django's flush truncates only its own tables,
            # and a reference to registry_institution would make it fail.
            "institution_id bigint PRIMARY KEY, document text NOT NULL)"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_fts ON {TABLE} "
            "USING gin (to_tsvector('simple', document))"
        )
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001
            log.warning("pg_trgm unavailable, typo-tolerant search is off: %s", error)
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {TABLE}_trgm ON {TABLE} "
            "USING gin (document gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_department_unit_may_be_unknown"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
