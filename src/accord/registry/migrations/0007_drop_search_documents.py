"""Text search moved into memory (registry/textindex.py, built per data
version by registry/engine.py): the database's search documents go."""

import importlib

from django.db import migrations

search_index = importlib.import_module("accord.registry.migrations.0003_search_index")


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_data_version")]

    operations = [
        migrations.RunPython(search_index.drop_index, search_index.create_index)
    ]
