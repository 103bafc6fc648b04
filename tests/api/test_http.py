"""HTTP done right: revalidation, gzip, CORS for reads, the anonymous rate limit,
and a docs page that needs nothing from outside."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.utils.http import http_date

from accord.registry.models import Agreement
from accord.registry.version import data_version
from tests.factory import make_agreement, make_user

pytestmark = pytest.mark.django_db


def test_it_answers_304_when_the_etag_still_matches(anonymous, registry):
    first = anonymous.get("/api/v1/agreements?country=DE")
    etag = first["ETag"]
    again = anonymous.get("/api/v1/agreements?country=DE", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = anonymous.get("/api/v1/agreements?country=FR", HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200


def test_it_changes_the_etag_when_the_data_changes(anonymous, registry):
    url = "/api/v1/statistics"
    etag = anonymous.get(url)["ETag"]
    agreement = registry["lyon"]
    agreement.fee_waiver = False
    agreement.save()
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = anonymous.get(url)["ETag"]
    Agreement.objects.filter(pk=agreement.pk).delete()  # deletions count too
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_it_revalidates_on_if_modified_since(anonymous, registry):
    response = anonymous.get("/api/v1/countries")
    last_modified = response["Last-Modified"]
    assert last_modified
    again = anonymous.get("/api/v1/countries", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert again.status_code == 304
    earlier = http_date(0)
    assert (
        anonymous.get("/api/v1/countries", HTTP_IF_MODIFIED_SINCE=earlier).status_code
        == 200
    )


def test_it_derives_the_version_from_the_database_alone(registry):
    before = data_version()
    assert data_version() == before
    make_agreement(institution=registry["aachen_eng"].institution)
    assert data_version()[0] != before[0]


def test_it_compresses_large_answers(anonymous, registry):
    response = anonymous.get("/api/v1/agreements", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"].startswith('W/"')


@override_settings(ACCORD_CORS_ALLOWED_ORIGINS=["https://mobility.example.edu"])
def test_it_allows_configured_origins_to_read(anonymous, registry):
    origin = {"HTTP_ORIGIN": "https://mobility.example.edu"}
    response = anonymous.get("/api/v1/regions", **origin)
    assert response["Access-Control-Allow-Origin"] == "https://mobility.example.edu"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Origin" in response["Vary"]
    stranger = anonymous.get("/api/v1/regions", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in stranger
    preflight = anonymous.options(
        "/api/v1/agreements", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET", **origin
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


@override_settings(ACCORD_CORS_ALLOWED_ORIGINS=["https://mobility.example.edu"])
def test_it_never_lets_writes_cross_origins(editor, registry):
    response = editor.post(
        "/api/v1/agreements",
        data="{}",
        content_type="application/json",
        HTTP_ORIGIN="https://mobility.example.edu",
    )
    assert "Access-Control-Allow-Origin" not in response


def test_it_sends_no_cors_headers_by_default(anonymous, registry):
    response = anonymous.get("/api/v1/regions", HTTP_ORIGIN="https://a.example")
    assert "Access-Control-Allow-Origin" not in response


@override_settings(ACCORD_API_RATE_LIMIT=(3, 3600))
def test_it_rate_limits_anonymous_clients(anonymous, editor, registry):
    for remaining in ("2", "1", "0"):
        response = anonymous.get("/api/v1/regions")
        assert response.status_code == 200
        assert response["RateLimit-Remaining"] == remaining
    limited = anonymous.get("/api/v1/regions")
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert limited.json()["type"].endswith("#rate-limited")
    other_client = anonymous.get("/api/v1/regions", REMOTE_ADDR="10.0.0.2")
    assert other_client.status_code == 200
    assert editor.get("/api/v1/regions").status_code == 200  # staff: not limited


def test_it_serves_the_docs_from_its_own_static_files(anonymous, db):
    response = anonymous.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    # Only a JSON data block inline; the code is in static files, so the CSP holds.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert '"validatorUrl": null' in page


def test_the_docs_set_no_cookie_for_an_anonymous_visitor(anonymous, db):
    response = anonymous.get("/api/v1/docs")
    assert response.cookies == {}
    assert 'data-csrf-token=""' in response.content.decode()


def test_the_docs_give_a_signed_in_visitor_the_csrf_token(client, db):
    client.force_login(make_user("docs", staff=True))
    response = client.get("/api/v1/docs")
    assert "csrftoken" in response.cookies


def test_it_publishes_an_openapi_document(anonymous, db):
    schema = anonymous.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/agreements"])
    parameters = {p["name"] for p in paths["/api/v1/agreements"]["get"]["parameters"]}
    assert {"q", "level", "region", "country", "home_unit", "fee_waiver"} <= parameters
    bad = paths["/api/v1/agreements"]["get"]["responses"]["400"]["content"]
    assert list(bad) == ["application/problem+json"]


def test_it_answers_head_like_get_without_a_body(anonymous, registry):
    get = anonymous.get("/api/v1/regions")
    head = anonymous.head("/api/v1/regions")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == str(len(get.content))


@pytest.mark.parametrize("raw", ["\u00b3/hour", "ten/minute", "5/fortnight", "-1/day"])
def test_a_rate_limit_that_is_no_rate_is_a_configuration_error(raw):
    from accord.core.env import ConfigurationError, parse_rate

    with pytest.raises(ConfigurationError, match="is not a rate"):
        parse_rate("ACCORD_API_RATE_LIMIT", raw)


def test_it_answers_a_repeated_search_from_the_kept_answer(
    anonymous, registry, django_assert_max_num_queries
):
    url = "/api/v1/agreements?country=DE&q=munchen"
    first = anonymous.get(url)
    # The data version only: nothing is searched or read again.
    with django_assert_max_num_queries(1):
        again = anonymous.get(url)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    agreement = registry["munich_eng"]
    agreement.fee_waiver = not agreement.fee_waiver
    agreement.save()
    changed = anonymous.get(url).json()["results"]
    assert [a["fee_waiver"] for a in changed] == [agreement.fee_waiver]
