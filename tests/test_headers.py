"""The Content-Security-Policy header: built once, the same as django-csp's,
and django-csp's own wherever a response or a page changes it."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, NONCE
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from accord.headers import ContentSecurityPolicy


def answer(response: HttpResponse):
    return lambda request: response


def both(response_for, use_nonce: bool = False) -> tuple[str, str]:
    """The header each middleware gives the same request and response."""
    headers = []
    for middleware in (ContentSecurityPolicy, CSPMiddleware):
        request = RequestFactory().get("/")
        response = response_for()
        handler = middleware(answer(response))
        handler.process_request(request)
        if use_nonce:
            str(request.csp_nonce)
        headers.append(handler.process_response(request, response)[HEADER])
    return headers[0], headers[1]


def test_the_fixed_policy_is_django_csp_s_own():
    ours, theirs = both(HttpResponse)
    assert ours == theirs
    assert "default-src 'self'" in ours and "frame-ancestors 'none'" in ours


def test_a_view_s_own_policy_goes_through_django_csp():
    def updated():
        response = HttpResponse()
        response._csp_update = {"img-src": ["https://tiles.example"]}
        return response

    ours, theirs = both(updated)
    assert ours == theirs
    assert "https://tiles.example" in ours


def test_a_page_that_used_a_nonce_gets_it_in_its_header(settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}
    }
    ours, theirs = both(HttpResponse, use_nonce=True)
    assert "'nonce-" in ours and "'nonce-" in theirs
    # django-csp joins the directives in no fixed order.
    plain = [sorted(header.split("; ")) for header in both(HttpResponse)]
    assert plain == [["default-src 'self'", "script-src 'self'"]] * 2


def test_a_header_the_view_set_is_kept():
    def sandboxed():
        response = HttpResponse()
        response[HEADER] = "default-src 'none'; sandbox"
        return response

    assert both(sandboxed) == ("default-src 'none'; sandbox",) * 2


@pytest.mark.django_db
def test_every_page_carries_the_policy(client):
    expected = both(HttpResponse)[1]
    for url in ("/", "/api/v1/agreements?q=lyon", "/api/v1/docs"):
        assert client.get(url)[HEADER] == expected
    assert client.get("/no-such-page/")[HEADER] == expected
