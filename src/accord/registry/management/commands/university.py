"""`accord university`: add and list the home universities one instance keeps,
and say which staff accounts work for each (`registry.scopes`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accord.registry import services
from accord.registry.exceptions import InvalidWrite
from accord.registry.models import HomeUniversity


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
        staff = actions.add_parser(
            "staff",
            help="list, add or remove the staff accounts working for a university",
        )
        staff.add_argument("slug", help="the university")
        staff.add_argument(
            "--add", nargs="+", default=[], metavar="USERNAME", help="accounts to add"
        )
        staff.add_argument(
            "--remove",
            nargs="+",
            default=[],
            metavar="USERNAME",
            help="accounts to remove",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_add(self, options: dict[str, Any]) -> None:
        before = HomeUniversity.objects.count()
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
        if before == 1:
            first = HomeUniversity.objects.exclude(pk=university.pk).get()
            self.stdout.write(
                f"staff accounts of {first.slug} now listed as its staff: "
                f"{first.staff.count()} (grant others with: accord university "
                f"staff {university.slug} --add USERNAME)"
            )

    def handle_list(self, options: dict[str, Any]) -> None:
        for university in HomeUniversity.objects.select_related("country"):
            names = " / ".join(n for n in (university.name, university.name_ja) if n)
            country = university.country.iso_code or university.country.name
            self.stdout.write(f"{university.slug}  {country}  {names}")

    def handle_staff(self, options: dict[str, Any]) -> None:
        university = HomeUniversity.objects.filter(slug=options["slug"]).first()
        if university is None:
            known = ", ".join(HomeUniversity.objects.values_list("slug", flat=True))
            raise CommandError(
                f"no home university {options['slug']!r} (known: {known or 'none'})"
            )
        named = {*options["add"], *options["remove"]}
        accounts = {
            u.username: u for u in get_user_model().objects.filter(username__in=named)
        }
        unknown = sorted(named - set(accounts))
        if unknown:
            raise CommandError(f"no account named {', '.join(unknown)}")
        both = sorted(set(options["add"]) & set(options["remove"]))
        if both:
            raise CommandError(f"both added and removed: {', '.join(both)}")
        with transaction.atomic():
            university.staff.add(*(accounts[n] for n in options["add"]))
            university.staff.remove(*(accounts[n] for n in options["remove"]))
        for account in university.staff.order_by("username"):
            roles = ", ".join(account.groups.values_list("name", flat=True))
            self.stdout.write(f"{account.username}  {roles or 'no role'}")
