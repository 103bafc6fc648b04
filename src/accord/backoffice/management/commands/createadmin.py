"""`accord createadmin`: a staff superuser, from environment variables or a prompt."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Create (or reset the password of) a staff superuser. Non-interactive "
        "when ACCORD_ADMIN_USERNAME and ACCORD_ADMIN_PASSWORD (or "
        "ACCORD_ADMIN_PASSWORD_FILE) are set; otherwise asks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", help="default: $ACCORD_ADMIN_USERNAME")
        parser.add_argument("--email", default="", help="default: $ACCORD_ADMIN_EMAIL")
        parser.add_argument(
            "--no-input", action="store_true", help="fail rather than prompt"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from accord.core.env import env_str

        username = options["username"] or env_str("ACCORD_ADMIN_USERNAME")
        password = env_str("ACCORD_ADMIN_PASSWORD")
        email = options["email"] or env_str("ACCORD_ADMIN_EMAIL")
        if not username or not password:
            if options["no_input"]:
                raise CommandError(
                    "set ACCORD_ADMIN_USERNAME and ACCORD_ADMIN_PASSWORD, or run "
                    "without --no-input to be asked"
                )
            username = username or input("Username: ").strip()
            password = password or self.ask_password()
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        candidate = user or user_model(username=username, email=email)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as exc:
            raise CommandError("password refused: " + " ".join(exc.messages)) from exc
        created = user is None
        candidate.email = email or candidate.email
        candidate.is_staff = candidate.is_superuser = candidate.is_active = True
        candidate.set_password(password)
        candidate.save()
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} staff superuser {username!r}.")

    def ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ")
        return first
