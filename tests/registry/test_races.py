"""No lost update under real concurrency: many writers read version 1 of the
same agreement and save at once; exactly one change is kept, every other
writer is refused (docs/reliability.md)."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, connections

from accord.registry import services
from accord.registry.models import Agreement
from tests.factory import make_agreement

pytestmark = pytest.mark.django_db(transaction=True)
WRITERS = 12


def race(agreement_id: int) -> list[str]:
    start = threading.Barrier(WRITERS)
    outcomes: list[str] = []

    def write(n: int) -> None:
        try:
            start.wait(timeout=30)
            services.update_agreement(agreement_id, version=1, notes=f"writer {n}")
            outcomes.append("saved")
        except services.Conflict:
            outcomes.append("conflict")
        except OperationalError as exc:  # SQLite: another writer holds the lock
            outcomes.append(f"locked: {exc}" if "locked" in str(exc) else repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_of_many_simultaneous_writers_exactly_one_is_kept():
    if connection.vendor == "sqlite" and "memory" in connection.settings_dict["NAME"]:
        pytest.skip("an in-memory SQLite test database is one connection's")
    agreement = make_agreement()
    outcomes = race(agreement.pk)
    assert len(outcomes) == WRITERS
    assert outcomes.count("saved") == 1, outcomes
    assert all(
        o == "conflict" or o.startswith("locked") for o in outcomes if o != "saved"
    )
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.version == 2
    assert agreement.notes.startswith("writer ")
    assert agreement.history.count() == 2  # the creation and the one change
