"""Each home university's portal space: `/u/<slug>/` before every public page.

The pages are the portal's own, included once more under the prefix (never a
second set of views): a request under `/u/<slug>/` is resolved with a URL
configuration whose portal include carries that prefix, so every link the
pages build (`{% url %}`, `reverse`) stays in the space without passing the
slug around (the language switch too, a portal page that returns only to its
own space), while the API and the staff pages keep their one address. The view
reads the slug from `request.university` and hands it to the registry as the
`university` filter (`portal.views`). An instance with one university serves
today's URLs: nothing links to a space it does not need.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from accord.portal.links import SPACE_PREFIX
from accord.registry import places

SPACE = re.compile(r"^/u/([a-z0-9]+(?:-[a-z0-9]+)*)/")


def university_spaces(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: a request under `/u/<slug>/` of a stored university is
    resolved in its space; any other slug finds no page (404)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        request.university = ""  # type: ignore[attr-defined]
        found = SPACE.match(request.path_info)
        if found and found[1] in places.university_slugs():
            request.university = found[1]  # type: ignore[attr-defined]
            request.urlconf = space_urlconf(found[1])
        return get_response(request)

    return middleware


@cache
def space_urlconf(slug: str) -> str:
    """The name of the site's URL configuration with the portal's under
    `u/<slug>/`: a module made once per slug and registered as imported, as
    Django keeps one resolver per URL configuration."""
    from accord import urls

    name = f"accord.urls.space.{slug}"
    module = types.ModuleType(name)
    module.urlpatterns = [  # type: ignore[attr-defined]
        *urls.shared,
        path(SPACE_PREFIX.format(slug=slug), include("accord.portal.urls")),
    ]
    sys.modules[name] = module
    return name
