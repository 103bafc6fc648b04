"""The authorization matrix: every staff URL and API write x every persona.

A = allowed (2xx, or a redirect that is not to the login page), D = denied (403),
L = sent to sign in (a redirect to the login page, or 401 from the API).
Each row names a URL (with {placeholders} filled from the `world` fixture), its
method, and the expected cell for anonymous, viewer, editor, admin and
superuser. `{root}` is another superuser's account, `{member}` an editor's.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from accord.registry import merging, services
from accord.registry.rows import listed
from tests.conftest import role_client
from tests.factory import (
    make_agreement,
    make_document,
    make_edition,
    make_institution,
    make_pdf,
    make_user,
)
from tests.system import require

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "viewer", "editor", "admin", "superuser")

# (method, url, body, anonymous, viewer, editor, admin, superuser)
MATRIX: list[tuple[str, str, object, str]] = [
    # The back office (this app).
    ("GET", "/staff/", None, "LAAAA"),
    ("GET", "/staff/changes/", None, "LAAAA"),
    ("GET", "/staff/duplicates/", None, "LAAAA"),
    ("GET", "/staff/merges/", None, "LAAAA"),
    # Each write's confirmation page is the GET of its URL.
    ("GET", "/staff/changes/agreement/{change}/revert/", None, "LDAAA"),
    ("POST", "/staff/changes/agreement/{change}/revert/", {}, "LDAAA"),
    ("GET", "/staff/changes/set/revert/?reason={change_set}", None, "LDAAA"),
    ("POST", "/staff/changes/set/revert/", {"reason": "{change_set}"}, "LDAAA"),
    ("GET", "/staff/duplicates/merge/?keep={keep}&merge_away={away}", None, "LDAAA"),
    (
        "POST",
        "/staff/duplicates/merge/",
        {"keep": "{keep}", "merge_away": "{away}"},
        "LDAAA",
    ),
    ("GET", "/staff/merges/{merge}/undo/", None, "LDAAA"),
    ("POST", "/staff/merges/{merge}/undo/", {}, "LDAAA"),
    # The Django admin.
    ("GET", "/admin/", None, "LAAAA"),
    ("GET", "/admin/registry/agreement/", None, "LAAAA"),
    ("GET", "/admin/registry/agreement/{agreement}/change/", None, "LAAAA"),
    ("GET", "/admin/registry/agreement/{agreement}/history/", None, "LAAAA"),
    ("GET", "/admin/registry/agreement/add/", None, "LDAAA"),
    ("GET", "/admin/registry/agreement/{agreement}/delete/", None, "LDDAA"),
    ("GET", "/admin/registry/institution/", None, "LAAAA"),
    ("GET", "/admin/registry/institution/add/", None, "LDAAA"),
    ("GET", "/admin/registry/institution/{keep}/delete/", None, "LDDAA"),
    ("GET", "/admin/registry/homeunit/", None, "LAAAA"),
    ("GET", "/admin/registry/homeunit/add/", None, "LDAAA"),
    ("GET", "/admin/registry/edition/", None, "LAAAA"),
    ("GET", "/admin/registry/edition/add/", None, "LDAAA"),
    ("GET", "/admin/registry/country/", None, "LAAAA"),
    ("GET", "/admin/registry/country/add/", None, "LDDAA"),
    ("GET", "/admin/registry/region/add/", None, "LDDAA"),
    # Adding a home university is a network administrator's (a superuser).
    ("GET", "/admin/registry/homeuniversity/add/", None, "LDDDA"),
    # An agreement's contacts and documents: editors add, change and remove
    # them (the history keeps what they were).
    ("GET", "/admin/registry/contact/", None, "LAAAA"),
    ("GET", "/admin/registry/contact/add/", None, "LDAAA"),
    ("GET", "/admin/registry/contact/{contact}/change/", None, "LAAAA"),
    ("GET", "/admin/registry/contact/{contact}/delete/", None, "LDAAA"),
    ("GET", "/admin/registry/agreementdocument/", None, "LAAAA"),
    ("GET", "/admin/registry/agreementdocument/add/", None, "LDAAA"),
    ("POST", "/admin/registry/agreementdocument/add/", "{upload_form}", "LDAAA"),
    ("GET", "/admin/registry/agreementdocument/{document}/change/", None, "LAAAA"),
    ("GET", "/admin/registry/agreementdocument/{document}/history/", None, "LAAAA"),
    ("GET", "/admin/registry/agreementdocument/{document}/delete/", None, "LDAAA"),
    # A document's file: staff only, unless it is public.
    ("GET", "/documents/{document}/", None, "LAAAA"),
    ("GET", "/documents/{public_document}/", None, "AAAAA"),
    # The API's staff-only reads (session here; tokens in tests/api).
    ("GET", "/api/v1/agreements/{agreement}/contacts/all", None, "LAAAA"),
    ("GET", "/api/v1/agreements/{agreement}/documents/all", None, "LAAAA"),
    # Accounts: an admin manages the roles up to its own, never a superuser's
    # account, nor what a role may do (the groups).
    ("GET", "/admin/auth/user/", None, "LDDAA"),
    ("GET", "/admin/auth/user/add/", None, "LDDAA"),
    ("GET", "/admin/auth/user/{member}/change/", None, "LDDAA"),
    ("POST", "/admin/auth/user/{member}/change/", "{member_form}", "LDDAA"),
    ("GET", "/admin/auth/user/{member}/password/", None, "LDDAA"),
    ("GET", "/admin/auth/user/{member}/delete/", None, "LDDAA"),
    ("POST", "/admin/auth/user/{root}/change/", "{root_form}", "LDDDA"),
    ("GET", "/admin/auth/user/{root}/password/", None, "LDDDA"),
    ("POST", "/admin/auth/user/{root}/password/", "{new_password}", "LDDDA"),
    ("GET", "/admin/auth/user/{root}/delete/", None, "LDDDA"),
    ("GET", "/admin/auth/group/", None, "LDDAA"),
    ("GET", "/admin/auth/group/add/", None, "LDDDA"),
    ("POST", "/admin/auth/group/{group}/change/", {"name": "viewer"}, "LDDDA"),
    ("GET", "/admin/auth/group/{group}/delete/", None, "LDDDA"),
    ("GET", "/admin/axes/accessattempt/", None, "LDDAA"),
    ("GET", "/admin/api/apitoken/", None, "LDDAA"),
    # Publishing: previews and reports for any staff role, documents for admins.
    ("GET", "/staff/publish/", None, "LAAAA"),
    ("GET", "/staff/publish/list/?as_of=2021-05-01", None, "LAAAA"),
    ("GET", "/staff/publish/list.html?as_of=2021-05-01", None, "LDDAA"),
    ("GET", "/staff/publish/list.pdf?as_of=2021-05-01", None, "LDDAA"),
    ("GET", "/staff/publish/due/", None, "LAAAA"),
    ("GET", "/staff/publish/due/{agreement}/", None, "LDAAA"),
    ("GET", "/staff/publish/diff/?a=2021-05-01&b=2021-05-01", None, "LAAAA"),
    ("GET", "/staff/publish/diff/?a={edition}&b={later}", None, "LAAAA"),
    # Ending what a new edition dropped: the confirmation page, then the end.
    (
        "POST",
        "/staff/publish/diff/end/",
        {"a": "{edition}", "b": "{later}", "agreement": "{agreement}"},
        "LDAAA",
    ),
    ("POST", "/staff/publish/diff/end/", "{end_form}", "LDAAA"),
    # Signing out, from the shell on every staff page.
    ("POST", "/admin/logout/", {}, "AAAAA"),
    # The API's write half (session + CSRF; the test client passes CSRF).
    (
        "POST",
        "/api/v1/agreements",
        {"level": "university", "institution": "{other}"},
        "LDAAA",
    ),
    ("PATCH", "/api/v1/agreements/{agreement}", {"version": 1, "notes": "x"}, "LDAAA"),
    ("POST", "/api/v1/agreements/{agreement}/end", {}, "LDAAA"),
    ("POST", "/api/v1/agreements/{agreement}/renew", {}, "LDAAA"),
    (
        "POST",
        "/api/v1/institutions",
        {"name": "Mahidol University", "country": "TH"},
        "LDAAA",
    ),
    (
        "PATCH",
        "/api/v1/institutions/{keep}",
        {"version": 1, "ror_id": "05m2fqn25"},
        "LDAAA",
    ),
    ("POST", "/api/v1/institutions/{keep}/merge", {"merge_away": "{away}"}, "LDAAA"),
]


@pytest.fixture
def world() -> dict[str, object]:
    edition = make_edition()
    agreement = make_agreement(edition=edition)
    edition.records = [listed([agreement.pk])[0].record().to_dict()]
    edition.save()
    later = make_edition(datetime.date(2022, 5, 1), records=[])
    corrected = make_agreement(institution=make_institution("Naresuan University"))
    services.update_agreement(corrected, version=1, notes="x", reason="correction")
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    first = make_institution("Khon Kaen University")
    second = make_institution("Khonkaen University")
    merge = merging.merge_institutions(first, second, by=make_user("someone"))
    root = make_user("root", staff=True, is_superuser=True)
    member = make_user("member", staff=True)
    editors = Group.objects.get(name="editor")
    member.groups.add(editors)
    contact = services.add_contact(
        agreement, side="partner", role="coordinator", name="Marie Curie"
    )
    return {
        "agreement": agreement.pk,
        "contact": contact.pk,
        "document": make_document(agreement).pk,
        "public_document": make_document(agreement, public=True).pk,
        "upload_form": {
            "agreement": agreement.pk,
            "kind": "amendment",
            "title": "Amendment 1",
            "file": make_pdf("amendment.pdf"),
        },
        "change": agreement.history.get().history_id,
        "keep": keep.pk,
        "away": away.pk,
        "other": make_institution("Kasetsart University").pk,
        "merge": merge.pk,
        "change_set": "correction",
        "edition": edition.pk,
        "later": later.pk,
        "end_form": {
            "a": edition.pk,
            "b": later.pk,
            "agreement": agreement.pk,
            f"version-{agreement.pk}": 1,
            "confirmed": "yes",
        },
        "root": root.pk,
        "member": member.pk,
        "group": editors.pk,
        "member_form": account_form(member, groups=[editors.pk]),
        "root_form": account_form(root, is_superuser="on"),
        "new_password": {
            "usable_password": "true",
            "password1": "a new long passphrase",
            "password2": "a new long passphrase",
        },
    }


def account_form(user: User, **fields: object) -> dict[str, object]:
    """What the admin's user form posts for `user`, unchanged but for `fields`."""
    joined = user.date_joined
    return {
        "username": user.username,
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.time().strftime("%H:%M:%S"),
    } | fields


def fill(value: object, world: dict[str, object]) -> object:
    if isinstance(value, str):
        whole = world.get(value.strip("{}")) if value.startswith("{") else None
        if isinstance(whole, dict):
            return whole
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


def persona_client(persona: str) -> Client:
    if persona == "anonymous":
        return Client()
    if persona == "superuser":
        client = Client()
        client.force_login(make_user("superuser", staff=True, is_superuser=True))
        return client
    return role_client(persona)


CELLS = [
    pytest.param(
        method, url, body, persona, expected[i], id=f"{method} {url} {persona}"
    )
    for method, url, body, expected in MATRIX
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("method", "url", "body", "persona", "expected"), CELLS)
def test_authorization_matrix(method, url, body, persona, expected, world):
    if url.startswith("/staff/publish/list.pdf") and expected == "A":
        require("libpango-1.0-0")
    client = persona_client(persona)
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


# Cross-university attempts: staff of another home university (Kita) against
# the `world`'s records, which are Tohoku's. H = hidden: the admin answers an
# object outside the account's list with a redirect to its index.
OUTSIDERS = ("editor", "admin")
CROSS_MATRIX: list[tuple[str, str, object, str]] = [
    ("GET", "/admin/registry/agreement/{agreement}/change/", None, "HH"),
    ("GET", "/admin/registry/agreement/{agreement}/history/", None, "DD"),
    ("GET", "/admin/registry/agreement/{agreement}/delete/", None, "DH"),
    ("GET", "/admin/registry/homeunit/{unit}/change/", None, "HH"),
    ("GET", "/admin/registry/edition/{edition}/change/", None, "HH"),
    ("GET", "/admin/registry/homeuniversity/{home}/change/", None, "HH"),
    ("GET", "/admin/auth/user/{member}/change/", None, "DH"),
    ("GET", "/staff/changes/agreement/{change}/revert/", None, "DD"),
    ("POST", "/staff/changes/agreement/{change}/revert/", {}, "DD"),
    ("POST", "/staff/changes/set/revert/", {"reason": "{change_set}"}, "DD"),
    ("GET", "/staff/publish/list/?as_of=2021-05-01&home={home_slug}", None, "DD"),
    ("GET", "/staff/publish/list.html?home={home_slug}", None, "DD"),
    ("GET", "/staff/publish/due/?home={home_slug}", None, "DD"),
    ("GET", "/staff/publish/due/{agreement}/", None, "DD"),
    ("GET", "/staff/publish/diff/?a={edition}&b={later}", None, "DD"),
    ("POST", "/staff/publish/diff/end/", "{end_form}", "DD"),
    ("PATCH", "/api/v1/agreements/{agreement}", {"version": 1, "notes": "x"}, "DD"),
    ("POST", "/api/v1/agreements/{agreement}/end", {}, "DD"),
    ("POST", "/api/v1/agreements/{agreement}/renew", {}, "DD"),
    (
        "POST",
        "/api/v1/agreements",
        {
            "level": "university",
            "institution": "{other}",
            "home_university": "{home_slug}",
        },
        "DD",
    ),
    ("PATCH", "/api/v1/institutions/{partner}", {"version": 1, "city": "x"}, "DD"),
    ("POST", "/api/v1/institutions/{keep}/merge", {"merge_away": "{partner}"}, "DD"),
    ("GET", "/api/v1/agreements/{agreement}/documents/all", None, "DD"),
]


def cross_outcome(response) -> str:
    if response.status_code == 302 and response["Location"] == "/admin/":
        return "H"
    return outcome(response)


@pytest.mark.parametrize(
    ("method", "url", "body", "persona", "expected"),
    [
        pytest.param(
            method, url, body, persona, expected[i], id=f"{method} {url} {persona}"
        )
        for method, url, body, expected in CROSS_MATRIX
        for i, persona in enumerate(OUTSIDERS)
    ],
)
def test_staff_of_another_university_reach_none_of_its_records(
    method, url, body, persona, expected, world
):
    from accord.registry.models import Agreement, Edition, HomeUnit

    agreement = Agreement.objects.get(pk=world["agreement"])
    home = agreement.home_university
    world |= {
        "home": home.pk,
        "home_slug": home.slug,
        "partner": agreement.institution_id,
        "unit": HomeUnit.objects.create(home_university=home, code="IMRAM").pk,
    }
    assert Edition.objects.filter(home_university=home).count() == 2
    kita = services.create_home_university(slug="kita", name="Kita University")
    outsider = make_user(f"kita-{persona}", staff=True)
    outsider.groups.add(Group.objects.get(name=persona))
    kita.staff.add(outsider)
    client = Client()
    client.force_login(outsider)
    before = Agreement.objects.get(pk=world["agreement"]).version
    response = request(client, method, fill(url, world), fill(body, world))
    assert cross_outcome(response) == expected
    assert Agreement.objects.get(pk=world["agreement"]).version == before
