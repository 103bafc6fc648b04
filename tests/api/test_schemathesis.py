"""Schemathesis against /api/v1/openapi.json: generated requests to every read
operation never get a server error, and every answer matches the schema.

The schema is loaded from the WSGI app at collection time (serving it touches no
database); the requests run inside the test, against the `registry` fixture.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def connections_kept_open():
    """As Django's test client does: a real WSGI request would otherwise close the
    test's database connection (and its transaction) when it finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
@schema.include(method="GET").parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
# The generated requests come from one address; the limit is tested elsewhere.
@override_settings(ACCORD_API_RATE_LIMIT=None)
def test_it_answers_every_generated_read_within_its_schema(
    case, registry, connections_kept_open
):
    # Uncompressed: the WSGI transport hands schemathesis the raw body.
    case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)


@pytest.fixture
def editor_token(db):
    from django.contrib.auth.models import Group

    from accord.api.models import ApiToken
    from tests.factory import make_user

    user = make_user("schemathesis", staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return ApiToken.issue(user, "schemathesis")[1]


@pytest.mark.django_db
@schema.exclude(method="GET").parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_it_never_fails_on_a_generated_write(
    case, registry, editor_token, connections_kept_open
):
    """As an editor: whatever the body, a 2xx or a problem, never a 500."""
    case.call_and_validate(
        headers={
            "Accept-Encoding": "identity",
            "Authorization": f"Bearer {editor_token}",
        },
        checks=CHECKS,
    )
