"""Every 4xx answer of the API is an RFC 9457 problem document, built here only.

{"type": ".../api/v1/problems#invalid-parameters", "title": "Invalid parameters",
 "status": 400, "detail": "...", "instance": "/api/v1/agreements?country=XYZ",
 "invalid_params": [{"name": "country", "reason": "..."}]}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class ProblemType:
    status: int
    title: str
    description: str


# The stable problem types; `/api/v1/problems` lists them, docs/api.md explains them.
PROBLEM_TYPES: dict[str, ProblemType] = {
    "invalid-parameters": ProblemType(
        400,
        "Invalid parameters",
        "A query or path parameter is unknown, malformed or out of range; "
        "invalid_params names each one.",
    ),
    "bad-request": ProblemType(
        400, "Bad request", "The request cannot be answered as it stands."
    ),
    "malformed-body": ProblemType(
        400, "Malformed body", "The request body is not a JSON document."
    ),
    "not-authenticated": ProblemType(
        401,
        "Not authenticated",
        "Writing needs a staff session (with its CSRF token) or an API token.",
    ),
    "forbidden": ProblemType(
        403, "Forbidden", "The account may read but not make this change."
    ),
    "not-found": ProblemType(404, "Not found", "No such resource."),
    "method-not-allowed": ProblemType(
        405, "Method not allowed", "The resource does not answer this HTTP method."
    ),
    "conflict": ProblemType(
        409,
        "Edit conflict",
        "The record changed since the version the client read; read it again "
        "(current_version) and reapply the change.",
    ),
    "precondition-failed": ProblemType(
        412,
        "Precondition failed",
        "If-Match names an ETag the resource no longer has: read it again and "
        "reapply the change.",
    ),
    "payload-too-large": ProblemType(
        413, "Payload too large", "The request body is larger than Accord accepts."
    ),
    "invalid-body": ProblemType(
        422,
        "Invalid data",
        "The body is JSON but a field is missing, of the wrong type, or breaks a "
        "rule of the registry; invalid_params names each one.",
    ),
    "not-exportable": ProblemType(
        422,
        "Not exportable",
        "The record lacks what the requested format requires (an EWP IIA needs "
        "cooperation terms and both partners' SCHAC codes, for instance); "
        "invalid_params names the field.",
    ),
    "rate-limited": ProblemType(
        429,
        "Too many requests",
        "Anonymous use is rate limited; retry after Retry-After seconds, or "
        "authenticate.",
    ),
}

STATUS_TO_TYPE: dict[int, str] = {}
for _slug, _kind in PROBLEM_TYPES.items():
    STATUS_TO_TYPE.setdefault(_kind.status, _slug)


class ApiProblem(Exception):
    """Raised anywhere in the API to answer with a problem document."""

    def __init__(
        self,
        kind: str,
        detail: str,
        *,
        invalid_params: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        status: int | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        if kind not in PROBLEM_TYPES:
            raise ValueError(f"unknown problem type {kind!r}")
        self.kind = kind
        self.detail = detail
        self.invalid_params = invalid_params
        self.headers = headers or {}
        self.status = status or PROBLEM_TYPES[kind].status
        self.extensions = extensions


def invalid_param(name: str, reason: str) -> ApiProblem:
    """The common case: one bad query or path parameter."""
    return ApiProblem(
        "invalid-parameters",
        f"{name}: {reason}",
        invalid_params=[{"name": name, "reason": reason}],
    )


def problem_type_uri(request: HttpRequest, kind: str) -> str:
    return request.build_absolute_uri(f"/api/v1/problems#{kind}")


def problem_response(request: HttpRequest, problem: ApiProblem) -> HttpResponse:
    """The one place a problem document becomes an HTTP response."""
    kind = PROBLEM_TYPES[problem.kind]
    body: dict[str, Any] = {
        "type": problem_type_uri(request, problem.kind),
        "title": kind.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.get_full_path(),
    }
    if problem.invalid_params is not None:
        body["invalid_params"] = problem.invalid_params
    body.update(problem.extensions)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=problem.status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def problem_for_status(status: int, detail: str) -> ApiProblem:
    """A problem for a bare 4xx status (from Django or django-ninja)."""
    return ApiProblem(STATUS_TO_TYPE.get(status, "bad-request"), detail, status=status)
