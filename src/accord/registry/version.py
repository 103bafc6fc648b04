"""What version of the data a page shows: a fingerprint read from the database.

Every process computes the same fingerprint from the same data, so it can key
caches shared by several app servers and tell HTTP clients whether anything
changed (ETag, Last-Modified), without any process keeping state.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    Institution,
    InstitutionAlias,
    Region,
)

T = TypeVar("T")
# A bound on what an idle cache keeps; the data version, not time, keeps
# cached numbers right.
CACHE_SECONDS = 24 * 3600


def cached_by_version(name: str, compute: Callable[[], T], *key: object) -> T:
    """`compute()`, kept in Django's cache until the data (or the day: agreements
    end at midnight) changes.

    For numbers that scan every agreement (facet counts, statistics): with 100k
    agreements they take hundreds of milliseconds, reading the version three
    small queries. Every process derives the same key from the same data.
    """
    version, _ = data_version()
    seed = repr((name, version, datetime.date.today(), key))
    cache_key = f"accord:{name}:{hashlib.sha256(seed.encode()).hexdigest()}"
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, CACHE_SECONDS)
    return found


def data_version() -> tuple[str, datetime.datetime | None]:
    """A fingerprint of everything the portal and the API show, and when it last
    changed.

    Every save or delete of an agreement, institution or home unit adds a history
    row, so the highest history id changes with each write; co-partner links,
    aliases and editions are fingerprinted by count and highest id or date, and
    the small place tables whole. Three queries, however large the registry.
    """
    counters, dates = _counters()
    places = [
        list(Region.objects.values_list("pk", "name", "slug", "sort_order")),
        list(Country.objects.values_list("pk", "iso_code", "name", "slug", "region")),
    ]
    digest = hashlib.sha256(repr([counters, dates, places]).encode()).hexdigest()
    known = [d for d in map(_as_datetime, dates) if d is not None]
    return digest, max(known, default=None)


def _counters() -> tuple[list[Any], list[Any]]:
    """One round trip for every counter: highest history ids and dates, counts."""
    histories = [m.history.model for m in (Agreement, Institution, HomeUnit)]
    counted = [Agreement.co_partners.through, InstitutionAlias, Edition]
    columns = [_scalar("MAX(history_id)", h) for h in histories]
    columns += [_scalar("COUNT(*)", m) for m in counted]
    columns += [_scalar("MAX(id)", m) for m in counted[:2]]
    dates = [_scalar("MAX(history_date)", h) for h in histories]
    dates.append(_scalar("MAX(imported_at)", Edition))
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns + dates))
        row = list(cursor.fetchone())
    return row[: len(columns)], row[len(columns) :]


def _scalar(aggregate: str, model: Any) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    # Both parts come from this module and the models' metadata, never from input.
    return f"(SELECT {aggregate} FROM {table})"  # noqa: S608


def _as_datetime(value: Any) -> datetime.datetime | None:
    """A raw MAX() of a datetime column: SQLite answers text, in UTC."""
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed
