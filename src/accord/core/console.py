"""What the importer commands share: errors as `accord: where: message`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

from rich.console import Console

from accord.core.errors import ImportInputError

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


def fail(
    exc: ImportInputError | str, stderr: SupportsWrite[str] | None = None
) -> NoReturn:
    """Print `accord: <path>:<line>: message` on stderr and exit 1."""
    out = stderr if stderr is not None else sys.stderr
    out.write(f"accord: {exc}\n")
    raise SystemExit(1)


def console(stream: object) -> Console:
    """A rich console writing to the command's stream (so tests can read it)."""
    return Console(file=stream, width=120, soft_wrap=False)  # type: ignore[arg-type]
