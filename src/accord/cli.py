"""The `accord` console script: Accord's own management commands, by name.

`accord serve` is `django-admin serve` with Accord's settings; `accord manage ...`
reaches every other Django command (migrate, shell, ...).
"""

from __future__ import annotations

import os
import sys

from accord.core.collecting import fewer_collections

# The commands a user of Accord runs; each is a Django management command of the
# same name, so `accord NAME --help` shows its own options.
COMMANDS: dict[str, str] = {
    "serve": "apply migrations, load the bundled edition if empty, serve HTTP",
    "createadmin": "create or update a staff superuser",
    "adduser": "create a staff account with a role: viewer, editor or admin",
    "backup": "write a consistent backup of the database (SQLite or PostgreSQL)",
    "restore": "replace the database with a backup made by accord backup",
    "parse": "parse a list and print its records and anomalies (no database)",
    "import": "parse a list (or read an export file) and store it as an edition",
    "export": "write every stored agreement as JSON, CSV or XLSX",
    "check": "verify stored data against declared totals and integrity rules",
    "publish": "publish the official list as of a date, as PDF or HTML",
    "diff": "agreements added, ended and changed between two editions",
    "due": "agreements whose term ends soon or has passed without renewal",
    "ewp": "export agreements as an EWP IIA v7 document, or import one",
    "apitoken": "issue, list or revoke API tokens for scripts",
    "university": "add or list the home universities this instance keeps",
}

# `check` collides with Django's own system check, kept reachable as `manage check`.
COMMAND_NAMES: dict[str, str] = {"check": "checkdata", "import": "importlist"}


def usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [
        "usage: accord COMMAND [options]",
        "",
        "Accord keeps a university's academic exchange agreements.",
        "",
        "commands:",
    ]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()]
    lines += [
        f"  {'manage'.ljust(width)}  run any Django management command",
        "",
        "Run `accord COMMAND --help` for a command's options.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0 if args else 2
    if args[0] == "--version":
        from accord import __version__

        print(f"accord {__version__}")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    name, rest = args[0], args[1:]
    if name == "manage":
        return run_django(rest)
    if name not in COMMANDS:
        print(f"accord: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    command = [COMMAND_NAMES.get(name, name), *rest]
    if name == "serve":
        return run_django(command)
    # Every other command is a batch over the data, in a process of its own:
    # it may collect garbage rarely (at 100,000 agreements `accord export`
    # 5.3 -> 4.2 s, `accord due` 4.8 -> 3.7-4.1 s).
    with fewer_collections():
        return run_django(command)


def run_django(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line

    from accord.core.env import ConfigurationError

    try:
        execute_from_command_line(["accord", *argv])
    except ConfigurationError as exc:
        print(f"accord: configuration error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except BrokenPipeError:
        # The reader went away (`accord due | head`): not an error worth a
        # traceback. Point stdout at devnull so the interpreter's final flush
        # does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
