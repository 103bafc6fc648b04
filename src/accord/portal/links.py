"""Addresses of portal pages, within and across portal spaces (`accord.spaces`)."""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Where each university's space begins.
SPACE_PREFIX = "u/{slug}/"

# Page paths by (name, arguments, URL configuration, script prefix): a results
# page links the search page some thirty times, the network's landing page every
# university's space, and `reverse` walks the resolver each time.
PATHS: dict[tuple[str, tuple[str, ...], str | None, str], str] = {}


def page_path(name: str, urlconf: str | None = None, args: tuple[str, ...] = ()) -> str:
    """`reverse(name, args=args)` in `urlconf` (by default the one of the space
    the request is in), looked up once. For the fixed arguments a template
    writes (a download's format), not for data: the cache keeps every key."""
    urlconf = urlconf or get_urlconf()
    key = (name, args, urlconf, get_script_prefix())
    found = PATHS.get(key)
    if found is None:
        found = PATHS[key] = reverse(name, urlconf=urlconf, args=args)
    return found


def space_path(slug: str, name: str) -> str:
    """The address of the page `name` (e.g. `portal:statistics`) in the portal
    space of the university `slug`: the portal's URLs served again under
    SPACE_PREFIX."""
    prefix = get_script_prefix()
    # The site's own addresses, not those of the space the request is in.
    page = page_path(name, settings.ROOT_URLCONF)[len(prefix) :]
    return f"{prefix}{SPACE_PREFIX.format(slug=slug)}{page}"
