"""`accord publish`: the official list as it stood on a date, as PDF or HTML."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.publish.asof import PublishError, pick_home_university
from accord.publish.documents import FORMATS, publish_list
from accord.publish.editions import parse_day
from accord.publish.render import PdfUnavailable


class Command(BaseCommand):
    help = "Publish the official list of agreements as it stood on a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", default="", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument(
            "--output",
            default="",
            help="file to write, '-' for standard output "
            "(default: <university>-agreements-<date>.<format> here)",
        )
        parser.add_argument("--home-university", default="", metavar="NAME")
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _ in settings.LANGUAGES],
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = (
                parse_day(options["as_of"], "--as-of")
                if options["as_of"]
                else datetime.date.today()
            )
            home = pick_home_university(options["home_university"] or None)
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        try:
            document = publish_list(home, as_of, options["format"], options["language"])
        except PdfUnavailable as exc:
            raise CommandError(str(exc)) from exc
        listing = document.listing
        if options["output"] == "-":
            sys.stdout.buffer.write(document.content)
            sys.stdout.flush()
            return
        path = Path(options["output"] or document.filename)
        try:
            path.write_bytes(document.content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from exc
        self.stdout.write(
            f"Wrote {path} ({len(document.content):,} bytes): the list of "
            f"{home.name} as of {as_of.isoformat()}, "
            f"{listing.university_total} university-level agreements, "
            f"{listing.department_total} department-level agreements in "
            f"{listing.department_country_total} countries and regions."
        )
