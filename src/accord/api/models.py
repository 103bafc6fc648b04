"""API tokens: a staff member's credential for scripts, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "accord_"  # noqa: S105 (a marker, not a secret)


class TokenError(Exception):
    """A token request that cannot be honoured; the message says why."""


def hash_token(raw: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token acting as its user; revoking it keeps the row for the record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(
        max_length=16,
        editable=False,
        help_text="The first characters, to recognise it.",
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name}, {self.user})"

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        """A new token for `user`; the raw value is returned once and never stored."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, prefix=raw[:12], key_hash=hash_token(raw)
        )
        return token, raw

    @classmethod
    def issue_for(cls, username: str, name: str) -> tuple[ApiToken, str]:
        """A new token for the active staff account `username`."""
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise TokenError(f"no user {username!r}")
        if not (user.is_active and user.is_staff):
            raise TokenError(f"{user} is not an active staff account")
        return cls.issue(user, name)

    @classmethod
    def user_for(cls, raw: str) -> object | None:
        """The active user holding the unrevoked token `raw`, noting its use."""
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user

    @classmethod
    def listing(cls) -> models.QuerySet[ApiToken]:
        """Every token with its user, newest first."""
        return cls.objects.select_related("user")

    @classmethod
    def revoke(cls, prefix: str) -> None:
        """Revoke the one active token whose value starts with `prefix`."""
        tokens = cls.objects.filter(
            prefix__startswith=prefix.rstrip("…"), revoked_at__isnull=True
        )
        if len(tokens) != 1:
            found = "no active token" if not tokens else "several tokens"
            raise TokenError(f"{found} with prefix {prefix!r}")
        tokens.update(revoked_at=timezone.now())
