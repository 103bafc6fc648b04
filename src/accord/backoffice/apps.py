from django.apps import AppConfig
from django.db.models.signals import post_migrate


class BackofficeConfig(AppConfig):
    name = "accord.backoffice"
    label = "backoffice"
    verbose_name = "Back office"

    def ready(self) -> None:
        from accord.backoffice.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accord-roles")
