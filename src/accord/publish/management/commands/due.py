"""`accord due`: agreements whose validity ends soon or has ended without
renewal, those renewing automatically, and those with an unknown term."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.publish.asof import PublishError, pick_home_university, records_as_of
from accord.publish.editions import parse_day
from accord.publish.renewal import DEFAULT_WITHIN_DAYS, due_agreements, parse_within
from accord.publish.report import due_to_dict, due_to_lines


class Command(BaseCommand):
    help = (
        "Agreements whose validity ends within a horizon or has ended, those "
        "renewing automatically, and those whose term is unknown."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--within",
            default=f"{DEFAULT_WITHIN_DAYS}d",
            help=f"horizon: 180d, 26w or a number of days "
            f"(default {DEFAULT_WITHIN_DAYS}d)",
        )
        parser.add_argument(
            "--today", default="", help="YYYY-MM-DD to count from (default: today)"
        )
        parser.add_argument("--home-university", default="", metavar="NAME")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            within = parse_within(options["within"])
            today = (
                parse_day(options["today"], "--today")
                if options["today"]
                else datetime.date.today()
            )
        except (PublishError, ValueError) as exc:
            # A value the options cannot take: a usage error, as argparse's.
            raise CommandError(str(exc), returncode=2) from exc
        try:
            home = pick_home_university(options["home_university"] or None)
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        report = due_agreements(
            records_as_of(home, today, with_ids=True, with_lifecycle=True),
            today,
            within_days=within,
        )
        if options["json"]:
            self.stdout.write(json.dumps(due_to_dict(report), ensure_ascii=False))
            return
        for line in due_to_lines(report):
            self.stdout.write(line)
