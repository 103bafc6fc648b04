"""What version of the data a page shows: a fingerprint read from the database.

Every process computes the same fingerprint from the same data, so it can key
caches shared by several app servers and tell HTTP clients whether anything
changed (ETag, Last-Modified), without any process keeping state.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accord.registry.triggers import install_triggers

T = TypeVar("T")
# A bound on what an idle cache keeps; the data version, not time, keeps
# cached numbers right.
CACHE_SECONDS = 24 * 3600


def cached_by_version(name: str, compute: Callable[[], T], *key: object) -> T:
    """`compute()`, kept in Django's cache until the data (or the day: agreements
    end at midnight) changes.

    For numbers that scan every agreement (facet counts, statistics): with 100k
    agreements they take hundreds of milliseconds, reading the version one small
    query. Every process derives the same key from the same data.
    """
    version, _ = data_version()
    seed = repr((name, version, datetime.date.today(), key))
    cache_key = f"accord:{name}:{hashlib.sha256(seed.encode()).hexdigest()}"
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, CACHE_SECONDS)
    return found


Version = tuple[str, datetime.datetime | None]
# Within a read-only request, the version read first (see ReadVersionOnce).
_this_request: ContextVar[list[Version] | None] = ContextVar(
    "accord_data_version", default=None
)


def data_version() -> Version:
    """The version of everything the portal and the API show, and when it last
    changed: one small query (the `DataVersion` row that database triggers move
    on every write, see registry/triggers.py)."""
    kept = _this_request.get()
    if kept is None:
        return _read_version()
    if not kept:
        kept.append(_read_version())
    return kept[0]


class ReadVersionOnce:
    """Middleware: a GET or HEAD request reads the data version once, however
    many of its parts ask (its ETag, the search snapshot, cached numbers), and
    so answers from one version throughout. Other methods write, and read the
    version afresh each time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _this_request.set([])
        try:
            return self.get_response(request)
        finally:
            _this_request.reset(token)


def _read_version() -> Version:
    with connection.cursor() as cursor:
        cursor.execute(_SQL)
        row = cursor.fetchone()
    if row is None:
        # The row went with a flushed database: put it (and the triggers) back.
        install_triggers(connection)
        return _read_version()
    epoch, counter, changed_at = row
    # The time as well as the counter: a rolled-back write moves the counter
    # back, so the next write repeats its number, never its moment.
    return f"{epoch}.{counter}.{changed_at}", _as_datetime(changed_at)


_SQL = "SELECT epoch, counter, changed_at FROM registry_dataversion WHERE id = 1"


def _as_datetime(value: Any) -> datetime.datetime | None:
    """A datetime column read raw: SQLite answers text, in UTC."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed
