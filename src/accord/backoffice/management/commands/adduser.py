"""`accord adduser USERNAME --role ROLE [--university SLUG]...`: a staff account
holding one role, working for the home universities named (`registry.scopes`)."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.backoffice.roles import ROLES
from accord.registry.models import HomeUniversity


class Command(BaseCommand):
    help = (
        "Create a staff account (or change an existing one's role) with the role "
        "viewer, editor or admin. The password is read from ACCORD_USER_PASSWORD "
        "(or ACCORD_USER_PASSWORD_FILE), else asked for; an existing account keeps "
        "its password unless one is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--university",
            action="append",
            default=[],
            metavar="SLUG",
            help="a home university the account works for (repeat for several; "
            "not needed while the instance keeps one)",
        )
        parser.add_argument(
            "--no-input", action="store_true", help="fail rather than prompt"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from accord.core.env import env_str

        username, role = options["username"].strip(), options["role"]
        if not username:
            raise CommandError("the username cannot be blank")
        universities = list(
            HomeUniversity.objects.filter(slug__in=options["university"])
        )
        unknown = set(options["university"]) - {u.slug for u in universities}
        if unknown:
            known = ", ".join(HomeUniversity.objects.values_list("slug", flat=True))
            raise CommandError(
                f"no home university {', '.join(sorted(unknown))} (known: {known})"
            )
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = user_model(username=username, email=options["email"])
        password = env_str("ACCORD_USER_PASSWORD")
        if not password and created:
            if options["no_input"]:
                raise CommandError("set ACCORD_USER_PASSWORD for a new account")
            password = self.ask_password()
        if password:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as exc:
                message = " ".join(exc.messages)
                raise CommandError(f"password refused: {message}") from exc
            user.set_password(password)
        user.email = options["email"] or user.email
        user.is_staff = user.is_active = True
        user.save()
        # One role per account: changing the role replaces the previous one.
        user.groups.remove(*Group.objects.filter(name__in=ROLES))
        user.groups.add(Group.objects.get(name=role))
        for university in universities:
            university.staff.add(user)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} staff account {username!r} with the role {role}.")

    def ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        return first
