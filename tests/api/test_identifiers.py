"""A partner's identifiers through the API: a ROR URL accepted and stored as
the id, a bad checksum or a duplicate identifier refused with a 422."""

from __future__ import annotations

import pytest

from tests.api.test_write import send

pytestmark = pytest.mark.django_db


def test_it_creates_an_institution_with_its_identifiers(editor, registry):
    response = send(
        editor,
        "post",
        "/api/v1/institutions",
        {
            "name": "Tohoku University",
            "country": "DE",
            "ror_id": "https://ror.org/01dq60k83",
            "erasmus_code": "d tohoku01",
            "website": "https://www.tohoku.ac.jp/",
            "city": "Sendai",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["ror_id"], body["erasmus_code"], body["schac_code"]) == (
        "01dq60k83",
        "D  TOHOKU01",
        None,
    )
    assert (body["website"], body["city"]) == ("https://www.tohoku.ac.jp/", "Sendai")


def test_it_refuses_a_bad_or_taken_identifier(editor, registry):
    institution = registry["lyon"].institution
    url = f"/api/v1/institutions/{institution.pk}"
    bad = send(editor, "patch", url, {"version": 1, "ror_id": "01dq60k84"})
    assert bad.status_code == 422
    assert bad.json()["invalid_params"] == [
        {"name": "ror_id", "reason": "01dq60k84 fails its checksum (a digit mistyped?)"}
    ]
    other = registry["aachen_eng"].institution
    send(
        editor,
        "patch",
        f"/api/v1/institutions/{other.pk}",
        {"version": 1, "schac_code": "rwth-aachen.de"},
    )
    taken = send(editor, "patch", url, {"version": 1, "schac_code": "RWTH-Aachen.de"})
    assert taken.status_code == 422
    assert (
        "belongs to RWTH Aachen University"
        in taken.json()["invalid_params"][0]["reason"]
    )
