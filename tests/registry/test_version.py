"""The data version: read once by a read-only request, afresh by a write."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.registry.version import data_version
from tests.factory import make_agreement

pytestmark = pytest.mark.django_db


def version_reads(queries: CaptureQueriesContext) -> int:
    return sum("registry_dataversion" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    "url", ["/api/v1/agreements?q=lyon", "/?q=lyon", "/api/v1/regions"]
)
def test_a_read_only_request_reads_the_version_once(client, url):
    make_agreement()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert version_reads(queries) == 1


def test_outside_a_request_every_ask_reads_the_version_afresh():
    before, _ = data_version()
    make_agreement()
    after, _ = data_version()
    assert after != before
