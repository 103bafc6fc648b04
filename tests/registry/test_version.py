"""The data version: read once by a read-only request, afresh by a write."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.core.records import Record
from accord.importer.persist import store_edition
from accord.registry.version import data_version
from tests.factory import make_agreement
from tests.importer.test_persist import meta

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


def counter() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT counter FROM registry_dataversion WHERE id = 1")
        return cursor.fetchone()[0]


def test_an_import_moves_the_version_a_few_times_not_once_per_row():
    """On PostgreSQL a bulk insert is one statement per row too: each bumped
    the version (100,000 updates of one row made an import of 100k agreements
    take 191 s). On SQLite the bulk tables' row triggers are held likewise."""
    records = university_records(60)
    before = counter()
    store_edition(records, meta())
    moved = counter() - before
    assert 1 <= moved < 20
    make_agreement()
    assert counter() > before + moved  # the triggers are back, on both


def university_records(count: int) -> list[Record]:
    return [
        Record(
            "university",
            "Asia",
            "TH",
            "Thailand",
            f"University {n}",
            concluded_on=datetime.date(2000 + n % 20, 4, 1),
            edition=datetime.date(2021, 5, 1),
            source_lines=(n + 10,),
        )
        for n in range(count)
    ]
