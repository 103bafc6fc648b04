"""Who may write: a staff session (with its CSRF token) or an API token, holding
the model permission the write needs (so the back office's roles apply as is).

The checks run as the operation's authentication, which django-ninja runs
before it reads the body: a viewer's write is a 403 whatever it sends, and an
If-Match precondition is decided before the body is (RFC 9110, 13.2.1).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja.errors import AuthorizationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from accord.api.etags import check_if_match
from accord.api.models import ApiToken


def token_user(request: HttpRequest) -> Any | None:
    """The active user holding the bearer token sent, if any and valid."""
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    if hasattr(request, "_accord_token_user"):
        return request._accord_token_user
    user = ApiToken.user_for(raw.strip())
    request._accord_token_user = user  # type: ignore[attr-defined]
    return user


def permitted(
    request: HttpRequest, user: Any, permissions: tuple[str, ...]
) -> AbstractBaseUser:
    """`user`, if staff and holding every permission (else 403), once the
    request's preconditions hold (else 412)."""
    if not getattr(user, "is_staff", False):
        raise AuthorizationError(
            message="Only staff accounts may change the registry or read its "
            "staff-only data."
        )
    missing = [p for p in permissions if not user.has_perm(p)]
    if missing:
        raise AuthorizationError(
            message=f"This account lacks the permission {', '.join(missing)}."
        )
    check_if_match(request)
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer accord_...` (see `accord apitoken`)."""

    def __init__(self, permissions: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.permissions = permissions

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(request)
        return permitted(request, user, self.permissions) if user else None


class StaffSession(APIKeyCookie):
    """The session cookie of a signed-in user; unsafe methods need the CSRF token
    (X-CSRFToken header), as in the rest of Django."""

    param_name = "sessionid"

    def __init__(self, permissions: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.permissions = permissions

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # -> 401, not a CSRF complaint to a stranger
        if check_csrf(request) is not None:
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return "session"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        return permitted(request, request.user, self.permissions) if key else None


def write_auth(*permissions: str) -> list[Any]:
    """The `auth` of a write operation needing `permissions`: a token or a
    staff session."""
    return [TokenAuth(permissions), StaffSession(permissions)]


def read_auth(*permissions: str) -> list[Any]:
    """The `auth` of a staff-only read needing `permissions`: a token or a
    staff session (a GET needs no CSRF token)."""
    return [TokenAuth(permissions), StaffSession(permissions)]
