"""Writing history rows in bulk: each stored row copied once, in id order,
by ranges of consecutive ids and lists of the others."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from accord.importer.importing import load_bundled_edition_if_empty
from accord.registry.bulk import (
    RUN,
    Stamp,
    id_segments,
    record_history,
    reserve_ids,
)
from accord.registry.models import Agreement


@pytest.fixture
def bundled_agreements(db):
    load_bundled_edition_if_empty()


@given(st.sets(st.integers(1, 400)), st.integers(1, 50))
def test_the_segments_cover_every_id_once_in_order(ids, chunk):
    ordered = sorted(ids)
    covered: list[int] = []
    for first, last, listed in id_segments(ordered, chunk):
        if listed:
            assert len(listed) <= chunk
            assert (listed[0], listed[-1]) == (first, last)
            covered += listed
        else:
            assert last - first + 1 >= RUN
            covered += range(first, last + 1)
    assert covered == ordered


def test_consecutive_ids_make_one_range():
    assert list(id_segments(list(range(1, 100_001)), 996)) == [(1, 100_000, [])]


@pytest.mark.django_db
def test_history_rows_copy_the_stored_rows_in_id_order(bundled_agreements):
    ids = sorted(Agreement.objects.values_list("pk", flat=True))
    # A run of consecutive ids, and scattered ones before and after it.
    chosen = ids[:3] + ids[10 : 10 + RUN + 5] + ids[-4::2]
    stamp = Stamp("bulk test", datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    record_history(Agreement, list(reversed(chosen)), "~", stamp)
    written = Agreement.history.filter(history_change_reason="bulk test")
    rows = list(written.order_by("history_id").values_list("id", "version"))
    assert [pk for pk, _ in rows] == chosen
    versions = dict(
        Agreement.objects.filter(pk__in=chosen).values_list("pk", "version")
    )
    assert all(version == versions[pk] for pk, version in rows)


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the test database is not PostgreSQL"
)
def test_reserved_ids_are_new_increasing_and_never_drawn_again(bundled_agreements):
    highest = max(Agreement.objects.values_list("pk", flat=True))
    reserved = reserve_ids(Agreement, 5)
    assert reserved is not None
    assert len(set(reserved)) == 5
    assert reserved == sorted(reserved)
    assert reserved[0] > highest
    again = reserve_ids(Agreement, 3)
    assert again is not None
    assert again[0] > reserved[-1]
    assert reserve_ids(Agreement, 0) == []


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the test database is not SQLite"
)
def test_sqlite_reserves_no_ids():
    assert reserve_ids(Agreement, 5) is None
