"""Query parameters: the registry's filter language as the API reads and
documents it.

Parsing is `registry.filters`, exactly as the portal parses its URLs; here its
errors become RFC 9457 problems and its parameter table becomes the OpenAPI
parameters of each operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from accord.api.problems import ApiProblem
from accord.registry.filters import (
    AGREEMENT_SEARCH,
    FILTER_NAMES,
    INSTITUTION_SEARCH,
    FilterError,
    InstitutionSearch,
    Search,
    openapi_parameters,
    read_params,
)
from accord.registry.queries import read_institution_search, read_search

# Control characters never belong in a text field; PostgreSQL refuses NUL outright.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


def problem(error: FilterError) -> ApiProblem:
    """The problem document for parameters the filter language refused."""
    names = ", ".join(dict.fromkeys(name for name, _ in error.problems))
    return ApiProblem(
        "invalid-parameters",
        f"Unknown, repeated or invalid query parameters: {names}",
        invalid_params=[
            {"name": name, "reason": reason} for name, reason in error.problems
        ],
    )


def agreement_search(request: HttpRequest, *, paged: bool = True) -> Search:
    """The agreement search of the request's query string."""
    try:
        return read_search(request.GET, paged=paged)
    except FilterError as error:
        raise problem(error) from None


def institution_search(request: HttpRequest) -> InstitutionSearch:
    try:
        return read_institution_search(request.GET)
    except FilterError as error:
        raise problem(error) from None


def reject_unknown(request: HttpRequest, allowed: Iterable[str] = ()) -> None:
    """Refuse parameters an operation does not take (a detail takes none)."""
    try:
        read_params(request.GET, allowed)
    except FilterError as error:
        raise problem(error) from None


def documented(names: Iterable[str]) -> dict[str, Any]:
    """`openapi_extra` for an operation taking these query parameters."""
    return {"parameters": openapi_parameters(names)}


__all__ = [
    "AGREEMENT_SEARCH",
    "FILTER_NAMES",
    "INSTITUTION_SEARCH",
    "PRINTABLE",
    "agreement_search",
    "documented",
    "institution_search",
    "problem",
    "reject_unknown",
]
