from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "accord.registry"
    label = "registry"
    verbose_name = "Agreement registry"

    def ready(self) -> None:
        # Connects the receiver that keeps the data version working after a flush.
        from accord.registry import signals  # noqa: F401
