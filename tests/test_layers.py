"""The import graph is the architecture (docs/architecture.md): each app imports
only from the apps below it, the base is Django-free, the importer's stages are
pure, and the public pages and the API read through the registry."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "accord"

# Which app may import which, bottom layer first. Anything not an app (settings,
# urls, wsgi, cli) is the top and may import every app.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "registry": frozenset({"core"}),
    "importer": frozenset({"core", "registry"}),
    "publish": frozenset({"core", "registry"}),
    "portal": frozenset({"core", "registry", "publish"}),
    "api": frozenset({"core", "registry", "publish"}),
    "backoffice": frozenset({"core", "registry", "importer"}),
    "server": frozenset({"core", "registry", "importer", "top"}),
}
TOP = "top"
# The importer's Django edge: storing an edition and its commands. Everything
# else in the importer is a pure stage.
IMPORTER_EDGE = frozenset({"apps.py", "importing.py", "persist", "management"})
# The EWP documents themselves (XML, schema, hash), kept apart from the
# database so they can be tested alone.
EWP_PURE = frozenset({"iia.py", "hashing.py", "schema.py"})
# Modules of these apps hold views, schemas and templates: no query of their own.
NO_QUERIES = ("portal", "api")


def modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.relative_to(PACKAGE).parts
    )


def app_of(path: Path) -> str:
    first = path.relative_to(PACKAGE).parts[0]
    return first if first in MAY_IMPORT else TOP


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every `accord.*` or other module the file imports."""
    dotted = ["accord", *path.relative_to(PACKAGE).with_suffix("").parts]
    if dotted[-1] == "__init__":
        dotted.pop()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = dotted[: len(dotted) - node.level + (path.stem == "__init__")]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append((node.lineno, module))
    return found


def target_app(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "accord" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in MAY_IMPORT else TOP


def test_every_app_is_on_a_layer():
    apps = {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    assert apps - {"data", "locale"} == set(MAY_IMPORT)


def test_each_app_imports_only_from_the_layers_below_it():
    against = []
    for path in modules():
        app = app_of(path)
        if app == TOP:
            continue
        for line, module in imported_modules(path):
            target = target_app(module)
            if target not in (None, app) and target not in MAY_IMPORT[app]:
                against.append(f"{path.relative_to(PACKAGE)}:{line} {module}")
    assert against == []


def test_no_two_apps_import_each_other():
    edges = {
        (app_of(path), target_app(module))
        for path in modules()
        for _, module in imported_modules(path)
    }
    apps = [a for a in MAY_IMPORT]
    cycles = [(a, b) for a in apps for b in apps if a < b and {(a, b), (b, a)} <= edges]
    assert cycles == []


def test_the_base_and_the_importer_stages_do_not_import_django():
    offenders = []
    for path in modules():
        relative = path.relative_to(PACKAGE)
        app = app_of(path)
        edge = app == "importer" and (
            relative.name in IMPORTER_EDGE or relative.parts[1] in IMPORTER_EDGE
        )
        pure_ewp = (
            relative.parts[:2] == ("publish", "ewp") and relative.name in EWP_PURE
        )
        if (app not in ("core", "importer") or edge) and not pure_ewp:
            continue
        for line, module in imported_modules(path):
            root = module.split(".")[0]
            registry = target_app(module) == "registry"
            if root in ("django", "ninja", "simple_history") or registry:
                offenders.append(f"{relative}:{line} {module}")
    assert offenders == []


def test_the_portal_and_the_api_hold_no_query_of_their_own():
    offenders = []
    for app in NO_QUERIES:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            relative = path.relative_to(PACKAGE)
            if "migrations" in relative.parts or path.name == "models.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and node.attr in (
                    "objects",
                    "_default_manager",
                ):
                    offenders.append(f"{relative}:{node.lineno} .{node.attr}")
            for line, module in imported_modules(path):
                if module.startswith("django.db"):
                    offenders.append(f"{relative}:{line} {module}")
    assert offenders == []


def pure_modules() -> list[str]:
    names = []
    for path in modules():
        relative = path.relative_to(PACKAGE)
        if (
            relative.parts[0] == "core"
            or (
                relative.parts[0] == "importer"
                and relative.parts[1] not in IMPORTER_EDGE
                and relative.name not in IMPORTER_EDGE
            )
            or (relative.parts[:2] == ("publish", "ewp") and relative.name in EWP_PURE)
        ):
            names.append(".".join(["accord", *relative.with_suffix("").parts]))
    return names


def test_the_pure_stages_import_without_django_settings(tmp_path):
    """Importing every pure module in a fresh interpreter with no settings
    configured works, and leaves Django unloaded."""
    names = pure_modules()
    assert "accord.importer.pipeline" in names
    script = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "print(len(loaded))\n"
    )
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_each_app_has_a_readme(app):
    assert (PACKAGE / app / "README.md").is_file()
