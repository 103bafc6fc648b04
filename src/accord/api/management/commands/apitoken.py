"""`accord apitoken`: issue, list and revoke the API tokens of staff accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.api.models import ApiToken, TokenError


class Command(BaseCommand):
    help = "Issue, list or revoke API tokens (Authorization: Bearer ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="issue a token for a staff user")
        create.add_argument("username")
        create.add_argument("--name", default="script", help="what it is for")
        actions.add_parser("list", help="list tokens (never their values)")
        revoke = actions.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_create(self, options: dict[str, Any]) -> None:
        try:
            token, raw = ApiToken.issue_for(options["username"], options["name"])
        except TokenError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            f"Token {token.prefix}… for {token.user} ({token.name}); "
            "shown once, keep it:"
        )
        self.stdout.write(raw)

    def handle_list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.listing():
            state = "revoked" if token.revoked_at else "active"
            used = token.last_used_at.isoformat() if token.last_used_at else "never"
            self.stdout.write(
                f"{token.prefix}  {state:7}  {token.user}  {token.name}  used: {used}"
            )

    def handle_revoke(self, options: dict[str, Any]) -> None:
        try:
            ApiToken.revoke(options["prefix"])
        except TokenError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"revoked {options['prefix']}")
