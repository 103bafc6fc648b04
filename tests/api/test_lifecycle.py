"""The agreement lifecycle through the write API: statuses, validity, renewals;
a move the lifecycle refuses is a 422 problem and changes nothing."""

from __future__ import annotations

import datetime

import pytest

from accord.registry.models import today
from tests.api.test_write import send

pytestmark = pytest.mark.django_db


def test_it_suspends_and_terminates_an_agreement(editor, registry):
    agreement = registry["lyon"]
    url = f"/api/v1/agreements/{agreement.pk}"
    suspended = send(editor, "patch", url, {"version": 1, "status": "suspended"})
    assert suspended.status_code == 200, suspended.content
    assert suspended.json()["status"] == "suspended"
    ended = send(
        editor,
        "patch",
        url,
        {"version": 2, "status": "terminated", "termination_reason": "Closed"},
    )
    assert ended.status_code == 200, ended.content
    assert (ended.json()["status"], ended.json()["ended_on"]) == (
        "terminated",
        today().isoformat(),
    )
    agreement.refresh_from_db()
    assert agreement.termination_reason == "Closed"


def test_a_move_the_lifecycle_refuses_is_a_422(editor, registry):
    agreement = registry["lyon"]
    url = f"/api/v1/agreements/{agreement.pk}"
    response = send(editor, "patch", url, {"version": 1, "status": "draft"})
    assert response.status_code == 422
    problem = response.json()
    assert problem["invalid_params"] == [
        {
            "name": "status",
            "reason": "an agreement cannot go from in force to draft",
        }
    ]
    agreement.refresh_from_db()
    assert (agreement.status, agreement.version) == ("in_force", 1)


def test_it_sets_a_validity_and_records_a_renewal(editor, registry):
    agreement = registry["lyon"]
    url = f"/api/v1/agreements/{agreement.pk}"
    body = {
        "version": 1,
        "valid_from": "2016-04-01",
        "term_months": 60,
        "renews_automatically": False,
    }
    response = send(editor, "patch", url, body)
    assert response.status_code == 200, response.content
    assert response.json()["term_months"] == 60
    renewed = send(editor, "post", f"{url}/renew", {"renewed_on": "2021-03-01"})
    assert renewed.status_code == 200, renewed.content
    assert renewed.json()["valid_until"] == "2026-03-31"
    assert agreement.renewals.get().renewed_on == datetime.date(2021, 3, 1)


def test_it_refuses_an_automatic_renewal_without_a_term(editor, registry):
    agreement = registry["lyon"]
    url = f"/api/v1/agreements/{agreement.pk}"
    response = send(editor, "patch", url, {"version": 1, "renews_automatically": True})
    assert response.status_code == 422
    assert response.json()["invalid_params"][0]["name"] == "term_months"
