"""`accord manage shell`: Django's shell, without a warning about ten models on
every start.

The shell imports every model by its module path. The history models
django-simple-history makes for the registry carry the app's package
(`accord.registry`) as their module, which does not hold them, so the shell
listed each as "could not be automatically imported". They stay at hand as
`Agreement.history.model` and the like.
"""

from __future__ import annotations

from importlib import import_module

from django.core.management.commands import shell


class Command(shell.Command):
    def get_auto_imports(self) -> list[str]:
        paths = super().get_auto_imports() or []
        return [path for path in paths if _importable(path)]


def _importable(path: str) -> bool:
    module, _, name = path.rpartition(".")
    try:
        return hasattr(import_module(module), name)
    except ImportError:
        return False
