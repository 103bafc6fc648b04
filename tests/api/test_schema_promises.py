"""What the OpenAPI document offers, the API takes: a client built from the
document never sends a value the document allows and gets refused for its form
(a null where the services want a value, a value outside a documented list).
Values the data decides (an id that does not exist, a country no one stored)
are refused with a problem as documented, and are not checked here."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client

from accord.core.languages import language_codes
from accord.registry.filters import FilterError
from accord.registry.lifecycle import Status
from accord.registry.models import Agreement
from accord.registry.parameters import PARAMETERS
from accord.registry.queries import read_search

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def body_schema(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    content = document["paths"][path][method]["requestBody"]["content"]
    reference = content["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def admits_null(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [schema])
    return any(option.get("type") == "null" for option in options)


def send(client: Client, method: str, url: str, body: dict[str, Any]):
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json"
    )


def refused_field(response) -> set[str]:
    if response.status_code < 400:
        return set()
    return {problem["name"] for problem in response.json().get("invalid_params", [])}


def test_a_null_the_document_allows_is_never_refused_for_being_null(
    document, editor, registry
):
    """Each nullable field sent as null on top of an otherwise good request:
    the answer may refuse the request for another reason (a rule of the
    registry), never for that field."""
    lyon = registry["lyon"]
    agreement_url = f"/api/v1/agreements/{lyon.pk}"
    institution_url = f"/api/v1/institutions/{lyon.institution_id}"
    good = {
        ("/api/v1/agreements", "post"): lambda: {
            "level": "university",
            "institution": lyon.institution_id,
        },
        ("/api/v1/agreements/{agreement_id}", "patch"): lambda: {
            "version": editor.get(agreement_url).json()["version"]
        },
        ("/api/v1/institutions", "post"): lambda: {
            "name": "Université de Nulle Part",
            "country": "FR",
        },
        ("/api/v1/institutions/{institution_id}", "patch"): lambda: {
            "version": editor.get(institution_url).json()["version"]
        },
    }
    urls = {
        "/api/v1/agreements/{agreement_id}": agreement_url,
        "/api/v1/institutions/{institution_id}": institution_url,
    }
    checked = 0
    for (path, method), base in good.items():
        schema = body_schema(document, path, method)
        for field, field_schema in schema["properties"].items():
            if not admits_null(field_schema):
                continue
            response = send(
                editor, method, urls.get(path, path), {**base(), field: None}
            )
            assert field not in refused_field(response), (
                path,
                method,
                field,
                response.json(),
            )
            checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    ("path", "method", "fields"),
    [
        ("/api/v1/agreements", "post", ["status"]),
        (
            "/api/v1/agreements/{agreement_id}",
            "patch",
            ["level", "institution", "status"],
        ),
        ("/api/v1/institutions/{institution_id}", "patch", ["name", "country"]),
    ],
)
def test_it_offers_no_null_where_null_is_refused(document, path, method, fields):
    properties = body_schema(document, path, method)["properties"]
    for field in fields:
        assert not admits_null(properties[field]), field


def test_explicit_nulls_it_does_not_document_are_still_refused_by_name(
    editor, registry
):
    lyon = registry["lyon"]
    url = f"/api/v1/agreements/{lyon.pk}"
    for field in ("level", "institution", "status"):
        version = editor.get(url).json()["version"]
        response = send(editor, "patch", url, {"version": version, field: None})
        assert response.status_code == 422
        assert refused_field(response) == {field}


def test_the_documented_levels_and_statuses_are_the_registrys(document):
    create = body_schema(document, "/api/v1/agreements", "post")["properties"]
    update = body_schema(document, "/api/v1/agreements/{agreement_id}", "patch")
    assert create["level"]["enum"] == list(Agreement.Level.values)
    assert update["properties"]["level"]["enum"] == list(Agreement.Level.values)
    assert create["status"]["enum"] == list(Status.values)


def test_an_empty_name_or_country_is_outside_the_document(document):
    create = body_schema(document, "/api/v1/institutions", "post")["properties"]
    assert create["name"]["minLength"] == 1
    assert create["country"]["minLength"] == 2


def test_every_value_a_search_parameter_lists_is_taken():
    listed = [p for p in PARAMETERS if "enum" in p.schema]
    assert {p.name for p in listed} >= {"level", "status", "sort", "language"}
    for parameter in listed:
        for value in parameter.schema["enum"]:
            try:
                read_search(QueryDict(f"{parameter.name}={value}"))
            except FilterError as error:  # pragma: no cover - the failure itself
                pytest.fail(f"{parameter.name}={value}: {error.problems}")


def test_the_languages_listed_are_iso_639_1_and_only_they_are_taken():
    assert "en" in language_codes() and "ja" in language_codes()
    assert all(len(code) == 2 for code in language_codes())
    with pytest.raises(FilterError):
        read_search(QueryDict("language=00"))
    with pytest.raises(FilterError):
        read_search(QueryDict("language=eng"))
