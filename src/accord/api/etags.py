"""Entity tags: what a GET's ETag is, and the If-Match precondition of a write.

An ETag is derived from the data version (`registry.version`), the code version
and the URL, so it moves whenever anything stored changes. A write that sends
`If-Match` is refused with 412 unless the tag is the one a GET of the resource
would give now: the agreement or institution for `/agreements/{id}` and its
`/end`, `/institutions/{id}` and its `/merge`, the list for a create.
"""

from __future__ import annotations

import datetime
import hashlib
import re

from django.http import HttpRequest
from django.utils.http import parse_etags

from accord import __version__
from accord.api.problems import ApiProblem
from accord.registry.version import data_version

_ACTION = re.compile(r"/(end|merge)$")


def cache_validators(
    request: HttpRequest, path: str | None = None
) -> tuple[str, datetime.datetime | None]:
    """The ETag of the response to a GET of `path` (this request's URL by
    default) and its date."""
    version, last_modified = data_version()
    seed = "|".join(
        (
            version,
            __version__,
            request.scheme or "",
            request.get_host(),
            request.get_full_path() if path is None else path,
        )
    )
    return f'"{hashlib.sha256(seed.encode()).hexdigest()[:32]}"', last_modified


def resource_path(path: str) -> str:
    """The resource a write acts on: `/agreements/7/end` acts on `/agreements/7`.

    >>> resource_path("/api/v1/agreements/7/end"), resource_path("/api/v1/agreements")
    ('/api/v1/agreements/7', '/api/v1/agreements')
    """
    return _ACTION.sub("", path)


def check_if_match(request: HttpRequest) -> None:
    """ApiProblem 412 when If-Match names no tag the resource has now.

    Compared as the tags were sent, `W/` aside: compression (GZipMiddleware)
    marks a tag weak, and the resource it names is the same.
    """
    header = request.headers.get("If-Match")
    if header is None:
        return
    wanted = {tag.removeprefix("W/") for tag in parse_etags(header)}
    current, _ = cache_validators(request, resource_path(request.path))
    if "*" in wanted or current in wanted:
        return
    raise ApiProblem(
        "precondition-failed",
        "If-Match does not name the current ETag of "
        f"{resource_path(request.path)}: it changed since it was read. Read it "
        "again and reapply the change.",
        headers={"ETag": current},
    )
