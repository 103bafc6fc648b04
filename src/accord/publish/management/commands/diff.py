"""`accord diff`: what changed between two editions of the list."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.publish.asof import PublishError, pick_home_university
from accord.publish.diff import EditionDiff, diff_records
from accord.publish.editions import find_edition
from accord.publish.report import diff_to_dict, diff_to_lines


class Command(BaseCommand):
    help = "Agreements added, ended and changed between two editions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition_a", help="the earlier edition: as-of date or id")
        parser.add_argument("edition_b", help="the later edition: as-of date or id")
        parser.add_argument("--home-university", default="", metavar="NAME")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            home = (
                pick_home_university(options["home_university"])
                if options["home_university"]
                else None
            )
            edition_a = find_edition(options["edition_a"], home)
            edition_b = find_edition(options["edition_b"], home)
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        result: EditionDiff = diff_records(edition_a.records, edition_b.records)
        if options["json"]:
            data = diff_to_dict(result, edition_a, edition_b)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        for line in diff_to_lines(result, edition_a, edition_b):
            self.stdout.write(line)
