from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "accord.importer"
    label = "importer"
    verbose_name = "Importer"
