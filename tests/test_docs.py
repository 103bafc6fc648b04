"""The docs are tested artefacts: every setting and command is documented."""

import re
from pathlib import Path

from accord.cli import COMMANDS

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
    assert len(commands) == 2
    assert commands[0].endswith("accord serve")
    assert commands[1].endswith("pytest")


def test_every_cli_command_is_documented():
    cli_doc = (ROOT / "docs" / "cli.md").read_text()
    missing = [name for name in COMMANDS if f"## accord {name}" not in cli_doc]
    assert missing == []
