"""Addresses across portal spaces (`accord.spaces`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, reverse

# Where each university's space begins.
SPACE_PREFIX = "u/{slug}/"


def space_path(slug: str, name: str) -> str:
    """The address of the page `name` (e.g. `portal:statistics`) in the portal
    space of the university `slug`: the portal's URLs served again under
    SPACE_PREFIX."""
    prefix = get_script_prefix()
    # The site's own addresses, not those of the space the request is in.
    page = reverse(name, urlconf=settings.ROOT_URLCONF)[len(prefix) :]
    return f"{prefix}{SPACE_PREFIX.format(slug=slug)}{page}"
