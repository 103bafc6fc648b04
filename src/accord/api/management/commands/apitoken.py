"""`accord apitoken`: issue, list and revoke the API tokens of staff accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accord.api.models import ApiToken


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
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        if not (user.is_active and user.is_staff):
            raise CommandError(f"{user} is not an active staff account")
        token, raw = ApiToken.issue(user, options["name"])
        self.stderr.write(
            f"Token {token.prefix}… for {user} ({token.name}); shown once, keep it:"
        )
        self.stdout.write(raw)

    def handle_list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.objects.select_related("user"):
            state = "revoked" if token.revoked_at else "active"
            used = token.last_used_at.isoformat() if token.last_used_at else "never"
            self.stdout.write(
                f"{token.prefix}  {state:7}  {token.user}  {token.name}  used: {used}"
            )

    def handle_revoke(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.filter(
            prefix__startswith=options["prefix"].rstrip("…"), revoked_at__isnull=True
        )
        if len(tokens) != 1:
            found = "no active token" if not tokens else "several tokens"
            raise CommandError(f"{found} with prefix {options['prefix']!r}")
        tokens.update(revoked_at=timezone.now())
        self.stdout.write(f"revoked {options['prefix']}")
