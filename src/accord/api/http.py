"""HTTP behaviour shared by every API URL: conditional GET, CORS for reads, the
anonymous rate limit, and problem documents for any stray 4xx.

Nothing here keeps state in the process: the data version is read from the
database and the rate counters live in Django's cache, so several app servers
behave as one (given a shared cache, see docs/api.md).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from accord.api.auth import token_user
from accord.api.etags import cache_validators
from accord.api.problems import (
    PROBLEM_CONTENT_TYPE,
    ApiProblem,
    problem_for_status,
    problem_response,
)
from accord.core.lru import BoundedCache

View = Callable[..., HttpResponse]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Pages whose content follows the code, not the data (and the docs page carries a
# CSRF token); they also load without touching the database.
UNCACHED_SUFFIXES = ("/docs", "/openapi.json")
# Staff-only reads: their answer depends on who asks, so it is neither kept nor
# answered with a 304 from the data version, and says so to any cache.
PRIVATE_SUFFIXES = ("/all",)
# What the API's JSON answers say they are (django-ninja's own header).
JSON = "application/json; charset=utf-8"
EXPOSED_HEADERS = (
    "ETag, Last-Modified, Retry-After, RateLimit-Limit, RateLimit-Remaining, "
    "RateLimit-Reset"
)


def api_view(view: View) -> View:
    """Wrap one of the API's URL views with the behaviour above."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            allowed = served_methods(view, request, *args, **kwargs)
            return with_cors(request, preflight(request, allowed))
        limit_headers: dict[str, str] = {}
        try:
            limit_headers = check_rate_limit(request)
        except ApiProblem as problem:
            return with_cors(request, problem_response(request, problem))
        validators = None
        private = request.path.endswith(PRIVATE_SUFFIXES)
        if (
            request.method in {"GET", "HEAD"}
            and not request.path.endswith(UNCACHED_SUFFIXES)
            and not private
        ):
            validators = cache_validators(request)
            if not_modified(request, *validators):
                response = HttpResponse(status=304)
                return with_cors(request, stamp(response, *validators))
        head = request.method == "HEAD"
        if head:  # answered as GET without the body (django-ninja routes GET only)
            request.method = "GET"
        response = as_problem(request, answer(request, view, validators, args, kwargs))
        if head:
            request.method = "HEAD"
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        for name, value in limit_headers.items():
            response[name] = value
        if validators and response.status_code == 200:
            stamp(response, *validators)
        if private:
            response["Cache-Control"] = "private, no-store"
            response["Vary"] = _vary(response, "Authorization, Cookie")
            return response
        return with_cors(request, response)

    return wrapped


# -- recent answers ----------------------------------------------------------------

# The ETag names the data version, the code version and the URL: an answer kept
# under it is the answer, in any process, until the data changes.
ANSWERS: BoundedCache[bytes] = BoundedCache(entries=1024, size=64 * 1024 * 1024)


def answer(
    request: HttpRequest,
    view: View,
    validators: tuple[str, datetime.datetime | None] | None,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> HttpResponse:
    """The view's answer, or the same answer kept from an earlier request."""
    if validators is None:
        return view(request, *args, **kwargs)
    kept = ANSWERS.get(validators[0])
    if kept is not None:
        return HttpResponse(kept, content_type=JSON)
    response = view(request, *args, **kwargs)
    if (
        response.status_code == 200
        and response.get("Content-Type") == JSON
        and not response.cookies
        and not getattr(response, "streaming", False)
    ):
        ANSWERS.put(validators[0], response.content)
    return response


# -- conditional requests ----------------------------------------------------------


def not_modified(
    request: HttpRequest, etag: str, last_modified: datetime.datetime | None
) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        # Weak comparison: GZipMiddleware marks compressed answers' tags weak.
        wanted = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return "*" in wanted or etag in wanted
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is None or last_modified is None:
        return False
    return int(last_modified.timestamp()) <= since


def stamp(
    response: HttpResponse, etag: str, last_modified: datetime.datetime | None
) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    # Caches may keep a copy but must ask again each time (a cheap 304).
    response["Cache-Control"] = "public, no-cache"
    return response


# -- CORS (reads only) -------------------------------------------------------------


def allowed_origin(request: HttpRequest) -> str | None:
    origin = request.headers.get("Origin")
    allowed = settings.ACCORD_CORS_ALLOWED_ORIGINS
    if not origin or request.method not in SAFE_METHODS:
        return None
    if "*" in allowed:
        return "*"
    return origin if origin in allowed else None


def with_cors(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if settings.ACCORD_CORS_ALLOWED_ORIGINS:
        response["Vary"] = _vary(response, "Origin")
    origin = allowed_origin(request)
    if origin is not None:
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def served_methods(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    """The methods a URL answers, for `Allow`. django-ninja's view answers a
    method it does not route with 405 and the methods it does, before it runs
    anything; HEAD is served as GET here, OPTIONS by `api_view`."""
    methods = {"GET"}
    if not request.path.endswith(UNCACHED_SUFFIXES):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "Allow" in response:
            methods = {m.strip() for m in response["Allow"].split(",") if m.strip()}
    return allow_header(methods)


def allow_header(methods: set[str]) -> str:
    """`Allow` for the routed `methods`, with the HEAD and OPTIONS api_view adds.

    >>> allow_header({"POST", "GET"})
    'GET, HEAD, OPTIONS, POST'
    """
    if "GET" in methods:
        methods = methods | {"HEAD"}
    return ", ".join(sorted(methods | {"OPTIONS"}))


def preflight(
    request: HttpRequest, allowed: str = "GET, HEAD, OPTIONS"
) -> HttpResponse:
    """Answer OPTIONS: `Allow` names every method the URL serves; as a CORS
    preflight, only reads may cross origins."""
    response = HttpResponse(status=204)
    response["Allow"] = allowed
    if allowed_origin(request) is not None:
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = (
            "Accept, If-None-Match, If-Modified-Since"
        )
        response["Access-Control-Max-Age"] = "3600"
    return response


def _vary(response: HttpResponse, header: str) -> str:
    existing = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    return ", ".join([*existing, header] if header not in existing else existing)


# -- rate limit --------------------------------------------------------------------


def check_rate_limit(request: HttpRequest) -> dict[str, str]:
    """Count an anonymous request in its fixed window; ApiProblem past the limit.

    Returns the RateLimit-* headers to send. Signed-in staff and token holders
    are not limited.
    """
    limit = settings.ACCORD_API_RATE_LIMIT
    if limit is None or is_authenticated(request):
        return {}
    allowed, period = limit
    now = time.time()
    window = int(now // period)
    key = f"accord:api-rate:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        hits = 1
    reset = max(1, int((window + 1) * period - now + 0.999))
    headers = {
        "RateLimit-Limit": str(allowed),
        "RateLimit-Remaining": str(max(0, allowed - hits)),
        "RateLimit-Reset": str(reset),
    }
    if hits > allowed:
        raise ApiProblem(
            "rate-limited",
            f"More than {allowed} requests in {period} seconds from this address; "
            f"retry in {reset} seconds or authenticate.",
            headers={**headers, "Retry-After": str(reset)},
        )
    return headers


def is_authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return token_user(request) is not None


def client_address(request: HttpRequest) -> str:
    forwarded = request.headers.get("X-Forwarded-For", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        # Behind the one trusted proxy, the last address is the one it saw.
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


# -- stray 4xx ---------------------------------------------------------------------


def as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Turn a 4xx that is not yet a problem document (django-ninja's 405) into one."""
    status = response.status_code
    if not 400 <= status < 500:
        return response
    if response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
        return response
    detail = f"{request.method} is not allowed here" if status == 405 else "Refused"
    converted = problem_response(request, problem_for_status(status, detail))
    if "Allow" in response:
        routed = {m.strip() for m in response["Allow"].split(",") if m.strip()}
        converted["Allow"] = allow_header(routed)
    return converted
