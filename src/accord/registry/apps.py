from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "accord.registry"
    label = "registry"
    verbose_name = "Agreement registry"

    def ready(self) -> None:
        # Connects the receivers that keep the search index up to date.
        from accord.registry import signals  # noqa: F401
