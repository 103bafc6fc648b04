"""The two WSGI applications `serving_floor.py` serves beside Accord's.

- `hello`: no framework, one fixed answer: what the HTTP server itself costs.
- `django_floor()` (a factory): Accord's own WSGI application, settings and
  middleware, with one more URL, `/floor/`, whose view returns the same fixed
  answer: what Django's request cycle costs before any of Accord's work.

Both answer with `FLOOR_BODY_BYTES` bytes of JSON (the environment variable of
that name; the script sets it to the size of a typical API answer), so the
three servers write as much to the socket.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

JSON = "application/json; charset=utf-8"


def _body() -> bytes:
    size = int(os.environ.get("FLOOR_BODY_BYTES", "5000"))
    return (b'{"results":"' + b"x" * size)[: max(size - 2, 0)] + b'"}'


BODY = _body()


def hello(
    environ: dict[str, Any], start_response: Callable[..., Any]
) -> Iterable[bytes]:
    start_response(
        "200 OK", [("Content-Type", JSON), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]


def django_floor() -> Callable[..., Iterable[bytes]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()  # before the URL configuration is imported
    from django.http import HttpResponse
    from django.urls import path

    import accord.urls
    from accord.wsgi import application

    accord.urls.urlpatterns.insert(
        0, path("floor/", lambda request: HttpResponse(BODY, content_type=JSON))
    )
    return application
