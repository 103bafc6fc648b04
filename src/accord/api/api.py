"""The django-ninja API object: routers, auth, and errors mapped to problems."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from accord import __version__

# One router: `write` and `downloads` add their operations to the read router, so
# one URL serves both GET (anyone) and POST/PATCH (staff).
from accord.api import attachments, downloads, ewp, write  # noqa: F401
from accord.api.problems import (
    PROBLEM_CONTENT_TYPE,
    ApiProblem,
    problem_for_status,
    problem_response,
)
from accord.api.read import router
from accord.api.serialize import FastJSONRenderer

DESCRIPTION = """\
Accord's agreements as data: search them with the portal's filters, read one
agreement or institution, list countries, regions and home units, and get the
statistics behind the portal's charts. Reading is open to anyone; writing needs a
staff account. Errors are RFC 9457 problem documents. See docs/api.md.
"""


class LocalSwagger(Swagger):
    """Swagger UI from django-ninja's own static files (no CDN), its settings in a
    JSON data block read by a static script, so the strict CSP holds unchanged.

    The CSRF token is on the page for a signed-in visitor, whose "Try it out"
    writes through the session (writes are per-operation, so ninja's own check,
    global auth only, would leave it out). An anonymous visitor can only read,
    and gets no cookie: the docs are a public page like the portal's.
    """

    def render_page(
        self, request: HttpRequest, api: NinjaAPI, **kwargs: Any
    ) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": request.user.is_authenticated,
        }
        return render(request, self.template, context)


class AccordAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Declare error bodies under their media type, application/problem+json."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith("4") and "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
        return schema


api = AccordAPI(
    title="Accord API",
    version=__version__,
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs",
    # No validator badge: it would be fetched from validator.swagger.io.
    docs=LocalSwagger(settings={"validatorUrl": None}),
    openapi_url="/openapi.json",
    renderer=FastJSONRenderer(),
)
api.add_router("/", router)


def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    invalid = [_invalid_param(error) for error in exc.errors]
    in_body = any(error.get("loc", ("",))[0] == "body" for error in exc.errors)
    names = ", ".join(sorted({p["name"] for p in invalid}))
    problem = ApiProblem(
        "invalid-body" if in_body else "invalid-parameters",
        f"Invalid {'fields' if in_body else 'parameters'}: {names}",
        invalid_params=invalid,
    )
    return problem_response(request, problem)


def _invalid_param(error: dict[str, Any]) -> dict[str, str]:
    location = [str(part) for part in error.get("loc", ())]
    # ("query", "country") -> "country"; ("body", "payload", "level") -> "level"
    if location[:1] == ["body"]:
        location = location[2:] or location[1:]
    else:
        location = location[1:]
    return {"name": ".".join(location) or "body", "reason": str(error.get("msg", ""))}


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        problem = ApiProblem(
            "not-authenticated",
            "Sign in as staff (session and CSRF token) or send "
            "'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": 'Bearer realm="accord"'},
        )
    elif isinstance(exc, AuthorizationError):
        problem = ApiProblem("forbidden", str(exc.message))
    elif exc.status_code == 400 and "parse request body" in str(exc.message):
        problem = ApiProblem("malformed-body", "The request body is not valid JSON.")
    else:
        problem = problem_for_status(exc.status_code, str(exc.message))
    return problem_response(request, problem)


def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return problem_response(
        request,
        ApiProblem("payload-too-large", f"The body is larger than {limit} bytes."),
    )


# ninja annotates a handler's argument as "the exception or its class", but it only
# ever passes the instance it caught; hence the ignores below.
api.add_exception_handler(
    ApiProblem,
    lambda request, exc: problem_response(request, exc),  # type: ignore[arg-type]
)
api.add_exception_handler(NinjaValidationError, _validation_error)  # type: ignore[arg-type]
api.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
api.add_exception_handler(RequestDataTooBig, _too_big)  # type: ignore[arg-type]
api.add_exception_handler(
    Http404,
    lambda request, exc: problem_response(
        request, ApiProblem("not-found", "Not found.")
    ),
)
