"""Template filters for the portal's listings.

`{% url %}` resolves the URL pattern on every call; a listing links each row to a
partner and a country, so these filters build the links from one prefix resolved
once per process (the URL configuration never changes while it runs).
"""

from __future__ import annotations

import datetime
from functools import cache

from django import template
from django.urls import reverse

register = template.Library()


@cache
def _prefix(name: str, example: str) -> str:
    return reverse(name, args=[example]).removesuffix(f"{example}/")


@register.filter
def institution_url(pk: int) -> str:
    """`/institutions/7/` for 7."""
    return f"{_prefix('portal:institution', '1')}{int(pk)}/"


@register.filter
def country_url(slug: str) -> str:
    """`/countries/france/` for "france"."""
    return f"{_prefix('portal:country', 'x')}{slug}/"


@register.filter
def isodate(value: datetime.date | None) -> str:
    """2011-02-03: one unambiguous form in every language."""
    return value.isoformat() if value else ""
