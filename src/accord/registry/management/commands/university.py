"""`accord university`: add and list the home universities one instance keeps."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.registry import services
from accord.registry.models import HomeUniversity
from accord.registry.validation import InvalidWrite


class Command(BaseCommand):
    help = "Add or list home universities (the tenants of a shared registry)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="add a home university")
        add.add_argument("slug", help="how filters and exports name it: tohoku")
        add.add_argument("--name", required=True, help="its name in English")
        add.add_argument("--name-ja", default="", help="its name in Japanese")
        add.add_argument("--short-name", default="", help="as lists abbreviate it")
        add.add_argument(
            "--country",
            default="",
            help="ISO 3166-1 alpha-2 code (default: the stored universities' one)",
        )
        actions.add_parser("list", help="list the home universities")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_add(self, options: dict[str, Any]) -> None:
        try:
            university = services.create_home_university(
                slug=options["slug"],
                name=options["name"],
                name_ja=options["name_ja"],
                short_name=options["short_name"],
                country=options["country"] or None,
            )
        except InvalidWrite as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"added {university.slug}: {university.name} "
            f"({university.country.iso_code or university.country.name}); "
            "import its list with: accord import LIST --edition DIR"
        )

    def handle_list(self, options: dict[str, Any]) -> None:
        for university in HomeUniversity.objects.select_related("country"):
            names = " / ".join(n for n in (university.name, university.name_ja) if n)
            country = university.country.iso_code or university.country.name
            self.stdout.write(f"{university.slug}  {country}  {names}")
