"""`accord export`: every stored agreement in the export schema."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.core.console import fail
from accord.publish.downloads import encode, package_metadata
from accord.publish.opendata import write_package
from accord.registry.exporting import stored_records


def write_atomically(path: Path, data: bytes) -> None:
    """A reader never sees half a file: write beside it, then rename."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = (
        "Write every stored agreement in Accord's export schema (JSON list, CSV "
        "or XLSX); `accord import` reads the file back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=("json", "csv", "xlsx", "datapackage"),
            default=None,
            help="default: from the output file's extension, else json; "
            "datapackage writes a Frictionless Data Package into the directory "
            "--output",
        )
        parser.add_argument(
            "--output", type=Path, help="file to write (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        kind = options["format"] or (
            output.suffix.lower().lstrip(".") if output else "json"
        )
        if kind == "datapackage":
            self.write_datapackage(output)
            return
        if kind not in ("json", "csv", "xlsx"):
            kind = "json"
        if output is None and kind == "xlsx" and sys.stdout.isatty():
            fail("an XLSX workbook is binary: give --output FILE", self.stderr)
        records = stored_records()
        data = encode(records, kind)
        if output is None:
            if kind == "xlsx":
                sys.stdout.buffer.write(data)
            else:
                self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            write_atomically(output, data)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror}", self.stderr)
        self.stderr.write(f"{len(records)} agreements written to {output}")

    def write_datapackage(self, directory: Path | None) -> None:
        if directory is None:
            fail("a data package is a directory: give --output DIR", self.stderr)
        records = stored_records()
        try:
            path = write_package(directory, records, **package_metadata())
        except OSError as exc:
            fail(f"{directory}: cannot write: {exc.strerror}", self.stderr)
        self.stderr.write(f"{len(records)} agreements written to {path.parent}")
