"""The docs are tested artefacts: every setting and command is documented."""

import re
from pathlib import Path

from accord.cli import COMMANDS
from accord.core.system import APT_LINE, PACKAGES

ROOT = Path(__file__).resolve().parent.parent


def used_settings() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src" / "accord").rglob("*.py"):
        names |= set(re.findall(r"\bACCORD_[A-Z_]+[A-Z]\b", path.read_text()))
    return {name.removesuffix("_FILE") for name in names}


def test_every_setting_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(n for n in used_settings() if f"`{n}`" not in documented)
    assert missing == []


def test_the_readme_gives_the_two_quick_start_commands():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick_start)
    assert len(commands) == 3
    assert commands[0] == APT_LINE
    assert commands[1].endswith("accord serve")
    assert commands[2].endswith("pytest")


def test_ci_installs_every_system_package_the_readme_names():
    ci = (ROOT / ".ci" / "run").read_text()
    installed = re.search(r"apt-get install (.+?)>/dev/null", ci, re.S)
    assert installed is not None
    words = set(installed.group(1).replace("\\\n", " ").split())
    assert set(PACKAGES) <= words
    assert "ACCORD_REQUIRE_SYSTEM_PACKAGES=1" in ci


def test_every_cli_command_is_documented():
    cli_doc = (ROOT / "docs" / "cli.md").read_text()
    missing = [name for name in COMMANDS if f"## accord {name}" not in cli_doc]
    assert missing == []


APPS = "core|registry|importer|publish|portal|api|backoffice|server"
MODULE_PATH = re.compile(rf"`((?:{APPS})/[\w/]+\.py)`")
DOTTED = re.compile(rf"`(?:accord\.)?((?:{APPS})\.\w+)(?:\.(\w+))?")


def architecture_texts() -> list[tuple[str, str]]:
    paths = [ROOT / "docs" / "architecture.md", ROOT / "README.md"]
    paths += sorted((ROOT / "src" / "accord").glob("*/README.md"))
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in paths]


def test_the_architecture_docs_name_only_code_that_exists():
    """docs/architecture.md, the README and the app READMEs say where things
    live: every module path and dotted name they give must exist."""
    package = ROOT / "src" / "accord"
    missing = []
    for name, text in architecture_texts():
        for path in MODULE_PATH.findall(text):
            if not (package / path).is_file():
                missing.append(f"{name}: {path}")
        for module, attribute in DOTTED.findall(text):
            if module.endswith(".py"):
                continue  # a file name such as `api.py`
            file = package / (module.replace(".", "/") + ".py")
            if (
                not file.is_file()
                and not (file.with_suffix("") / "__init__.py").is_file()
            ):
                missing.append(f"{name}: {module}")
            elif attribute and file.is_file():
                source = file.read_text(encoding="utf-8")
                definition = rf"^(?:    )?(?:def|class) {attribute}\b|^{attribute}\b.*="
                defined = re.search(definition, source, re.M)
                if defined is None:
                    missing.append(f"{name}: {module}.{attribute}")
    assert missing == []


def test_every_test_the_reliability_promises_name_exists():
    """docs/reliability.md names the test behind each promise; a renamed or
    deleted test must take its promise's line with it."""
    doc = (ROOT / "docs" / "reliability.md").read_text()
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", doc)
    assert len(named) >= 30
    missing = []
    for path, name in named:
        source = ROOT / path
        if not source.is_file() or not re.search(
            rf"^(def {name}\(|{name}\b.* = |test_\w+, {name} = )",
            source.read_text(),
            re.MULTILINE,
        ):
            missing.append(f"{path}::{name}")
    assert missing == []
    for section in ("atomic", "No lost update", "Who may do what", "refused"):
        assert section in doc
