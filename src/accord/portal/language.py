"""The language switch: a link per language, `language/<code>/?next=<page>`,
that keeps the choice in Django's language cookie and goes back to the page.

Django's own `set_language` wants a POST with a CSRF token, and a token in the
page shell gave every anonymous visitor of every public page a CSRF cookie and
`Vary: Cookie`: no page could be kept by a cache. A link carries no token, so
the pages set no cookie until a visitor chooses a language, and the switch
works without JavaScript. It is a GET that sets a cookie, as on many mature
sites: what it changes is a display preference, not data, so a forged link can
at most show a visitor the other language. Crawlers are kept off it
(`rel="nofollow"` on the links) and no cache keeps its answer (`private,
no-store`), as the answer depends on the visitor.

The switch is a page of the portal, so each space (`accord.spaces`) has its
own under `u/<slug>/`, and it returns only to a page of its own space: any
other `next` (another site, another space, the staff pages, nothing) goes to
the space's search page.
"""

from __future__ import annotations

from typing import Literal, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

# What `set_cookie` takes; the stubs type the setting as any string.
SameSite = Literal["Lax", "Strict", "None", False] | None


@require_safe
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Keep `code` as the visitor's language and go back to `next`."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    target = page_in_space(request, request.GET.get("next", ""))
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(SameSite, settings.LANGUAGE_COOKIE_SAMESITE),
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def page_in_space(request: HttpRequest, target: str) -> str:
    """`target` as a path and query if it is a portal page of the request's
    space on this site, else the space's search page."""
    home = reverse("portal:home")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not target or not safe:
        return home
    parts = urlsplit(target)
    if not parts.path.startswith(home):
        return home
    # Resolved in the request's URL configuration: a space's has its own
    # portal only, the root's has no space's pages.
    try:
        found = resolve("/" + parts.path.removeprefix(get_script_prefix()))
    except Resolver404:
        return home
    if found.namespace != "portal":
        return home
    return parts.path + (f"?{parts.query}" if parts.query else "")
