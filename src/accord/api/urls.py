"""/api/v1/: django-ninja's URLs, each wrapped with the API's HTTP behaviour, and
a problem document for any other path under /api/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path

from accord.api.api import api
from accord.api.http import api_view
from accord.api.problems import ApiProblem, problem_response


def _wrap(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    wrapped: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(
                pattern.pattern,
                api_view(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        wrapped.append(pattern)
    return wrapped


@api_view
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem_response(
        request,
        ApiProblem(
            "not-found", f"No API resource at {request.path}; see /api/v1/docs."
        ),
    )


_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    path("api/v1/", include((_wrap(_patterns), _app_name), namespace=_namespace)),
    re_path(r"^api/(?P<rest>.*)$", not_found),
]
