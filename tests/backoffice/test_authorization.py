"""The authorization matrix: every staff URL and API write x every persona.

A = allowed (2xx, or a redirect that is not to the login page), D = denied (403),
L = sent to sign in (a redirect to the login page, or 401 from the API).
Each row names a URL (with {placeholders} filled from the `world` fixture), its
method, and the expected cell for anonymous, viewer, editor and admin.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accord.registry import merging
from tests.conftest import role_client
from tests.factory import make_agreement, make_edition, make_institution, make_user

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "viewer", "editor", "admin")

# (method, url, body, anonymous, viewer, editor, admin)
MATRIX: list[tuple[str, str, object, str]] = [
    # The back office (this app).
    ("GET", "/staff/", None, "LAAA"),
    ("GET", "/staff/changes/", None, "LAAA"),
    ("GET", "/staff/duplicates/", None, "LAAA"),
    ("GET", "/staff/merges/", None, "LAAA"),
    ("POST", "/staff/changes/agreement/{change}/revert/", {}, "LDAA"),
    (
        "POST",
        "/staff/duplicates/merge/",
        {"keep": "{keep}", "merge_away": "{away}"},
        "LDAA",
    ),
    ("POST", "/staff/merges/{merge}/undo/", {}, "LDAA"),
    # The Django admin.
    ("GET", "/admin/", None, "LAAA"),
    ("GET", "/admin/registry/agreement/", None, "LAAA"),
    ("GET", "/admin/registry/agreement/{agreement}/change/", None, "LAAA"),
    ("GET", "/admin/registry/agreement/{agreement}/history/", None, "LAAA"),
    ("GET", "/admin/registry/agreement/add/", None, "LDAA"),
    ("GET", "/admin/registry/agreement/{agreement}/delete/", None, "LDDA"),
    ("GET", "/admin/registry/institution/", None, "LAAA"),
    ("GET", "/admin/registry/institution/add/", None, "LDAA"),
    ("GET", "/admin/registry/institution/{keep}/delete/", None, "LDDA"),
    ("GET", "/admin/registry/homeunit/", None, "LAAA"),
    ("GET", "/admin/registry/homeunit/add/", None, "LDAA"),
    ("GET", "/admin/registry/edition/", None, "LAAA"),
    ("GET", "/admin/registry/edition/add/", None, "LDAA"),
    ("GET", "/admin/registry/country/", None, "LAAA"),
    ("GET", "/admin/registry/country/add/", None, "LDDA"),
    ("GET", "/admin/registry/region/add/", None, "LDDA"),
    ("GET", "/admin/registry/homeuniversity/add/", None, "LDDA"),
    ("GET", "/admin/auth/user/", None, "LDDA"),
    ("GET", "/admin/auth/user/add/", None, "LDDA"),
    ("GET", "/admin/auth/group/", None, "LDDA"),
    ("GET", "/admin/axes/accessattempt/", None, "LDDA"),
    ("GET", "/admin/api/apitoken/", None, "LDDA"),
    # Publishing: previews and reports for any staff role, documents for admins.
    ("GET", "/staff/publish/", None, "LAAA"),
    ("GET", "/staff/publish/list/?as_of=2021-05-01", None, "LAAA"),
    ("GET", "/staff/publish/list.html?as_of=2021-05-01", None, "LDDA"),
    ("GET", "/staff/publish/list.pdf?as_of=2021-05-01", None, "LDDA"),
    ("GET", "/staff/publish/due/", None, "LAAA"),
    ("GET", "/staff/publish/diff/?a=2021-05-01&b=2021-05-01", None, "LAAA"),
    # The API's write half (session + CSRF; the test client passes CSRF).
    (
        "POST",
        "/api/v1/agreements",
        {"level": "university", "institution": "{other}"},
        "LDAA",
    ),
    ("PATCH", "/api/v1/agreements/{agreement}", {"version": 1, "notes": "x"}, "LDAA"),
    ("POST", "/api/v1/agreements/{agreement}/end", {}, "LDAA"),
    (
        "POST",
        "/api/v1/institutions",
        {"name": "Mahidol University", "country": "TH"},
        "LDAA",
    ),
    (
        "PATCH",
        "/api/v1/institutions/{keep}",
        {"version": 1, "ror_id": "05m2fqn25"},
        "LDAA",
    ),
    ("POST", "/api/v1/institutions/{keep}/merge", {"merge_away": "{away}"}, "LDAA"),
]


@pytest.fixture
def world() -> dict[str, int]:
    agreement = make_agreement(edition=make_edition())
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    first = make_institution("Khon Kaen University")
    second = make_institution("Khonkaen University")
    merge = merging.merge_institutions(first, second, by=make_user("someone"))
    return {
        "agreement": agreement.pk,
        "change": agreement.history.get().history_id,
        "keep": keep.pk,
        "away": away.pk,
        "other": make_institution("Kasetsart University").pk,
        "merge": merge.pk,
    }


def fill(value: object, world: dict[str, int]) -> object:
    if isinstance(value, str):
        text = value.format(**world)
        return int(text) if value.startswith("{") and text.isdigit() else text
    if isinstance(value, dict):
        return {k: fill(v, world) for k, v in value.items()}
    return value


def request(client: Client, method: str, url: str, body: object):
    if url.startswith("/api/"):
        return client.generic(
            method, url, json.dumps(body or {}), content_type="application/json"
        )
    if method == "GET":
        return client.get(url)
    return client.post(url, body)


def outcome(response) -> str:
    status = response.status_code
    if status == 401 or (
        status == 302 and response["Location"].startswith("/admin/login/")
    ):
        return "L"
    if status == 403:
        return "D"
    if 200 <= status < 300 or status == 302:
        return "A"
    return f"unexpected {status}"


CELLS = [
    pytest.param(
        method, url, body, persona, expected[i], id=f"{method} {url} {persona}"
    )
    for method, url, body, expected in MATRIX
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("method", "url", "body", "persona", "expected"), CELLS)
def test_authorization_matrix(method, url, body, persona, expected, world):
    client = Client() if persona == "anonymous" else role_client(persona)
    response = request(client, method, fill(url, world), fill(body, world))
    assert outcome(response) == expected


def test_a_staff_account_without_any_role_reaches_nothing():
    user = make_user("newcomer", staff=True)
    client = Client()
    client.force_login(user)
    for url in ("/staff/", "/staff/changes/", "/admin/registry/agreement/"):
        assert client.get(url).status_code == 403


def test_a_signed_in_non_staff_user_is_sent_to_sign_in():
    client = Client()
    client.force_login(make_user("student"))
    response = client.get("/staff/changes/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
