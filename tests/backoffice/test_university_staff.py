"""Staff per home university (`registry.scopes`): an account works for the
universities that list it; its role acts there and nowhere else. Superusers are
the network's administrators.

The world: Tohoku and Kita. Alice edits for Tohoku, Kim edits for Kita, Ada is
Tohoku's admin, Kai Kita's. "Shared" is a partner of both; "Own" only Tohoku's.
"""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from accord.registry import audit, merging, scopes, services
from accord.registry.models import Agreement, HomeUniversity
from tests.factory import (
    make_agreement,
    make_country,
    make_document,
    make_edition,
    make_home_university,
    make_institution,
    make_user,
)

pytestmark = pytest.mark.django_db


def staff(username: str, role: str, *universities: HomeUniversity) -> User:
    user = make_user(username, staff=True)
    user.groups.add(Group.objects.get(name=role))
    for university in universities:
        university.staff.add(user)
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world():
    tohoku = make_home_university()
    kita = HomeUniversity.objects.create(
        slug="kita", name="Kita University", country=make_country("JP", "Japan")
    )
    shared = make_institution("Shared University")
    own = make_institution("Own University")
    away = make_institution("Own Univ.")
    ours = make_agreement(home_university=tohoku, institution=shared)
    make_agreement(home_university=tohoku, institution=own)
    theirs = make_agreement(home_university=kita, institution=shared)
    services.update_agreement(theirs, version=1, notes="Kita's note", reason="kita")
    return {
        "tohoku": tohoku,
        "kita": kita,
        "shared": shared,
        "own": own,
        "away": away,
        "ours": ours,
        "theirs": Agreement.objects.get(pk=theirs.pk),
        "alice": staff("alice", "editor", tohoku),
        "kim": staff("kim", "editor", kita),
        "ada": staff("ada", "admin", tohoku),
        "kai": staff("kai", "admin", kita),
        "root": make_user("root", staff=True, is_superuser=True),
    }


def api(client: Client, method: str, url: str, body: object = None):
    return client.generic(
        method, url, json.dumps(body or {}), content_type="application/json"
    )


# -- the services refuse, whatever calls them ------------------------------------


def test_an_editor_changes_only_the_agreements_of_its_university(world):
    services.update_agreement(world["ours"], version=1, notes="ok", by=world["alice"])
    with pytest.raises(scopes.NotPermitted):
        services.update_agreement(
            world["theirs"], version=2, notes="no", by=world["alice"]
        )
    with pytest.raises(scopes.NotPermitted):
        services.end_agreement(world["theirs"], by=world["alice"])
    with pytest.raises(scopes.NotPermitted):
        services.add_term(
            world["theirs"],
            by=world["alice"],
            direction="both",
            mobility_type="student_studies",
        )
    with pytest.raises(scopes.NotPermitted):
        services.create_agreement(
            home_university=world["kita"],
            institution=world["own"],
            level="university",
            by=world["alice"],
        )
    assert Agreement.objects.get(pk=world["theirs"].pk).notes == "Kita's note"


def test_what_an_editor_creates_goes_to_its_university(world):
    created = services.create_agreement(
        institution=world["own"], level="university", by=world["kim"]
    )
    assert created.home_university == world["kita"]


def test_a_partner_another_university_names_is_the_networks_to_change(world):
    services.update_institution(
        world["own"], version=1, city="Sendai", by=world["alice"]
    )
    with pytest.raises(scopes.NotPermitted):
        services.update_institution(
            world["shared"], version=1, city="Elsewhere", by=world["alice"]
        )
    with pytest.raises(scopes.NotPermitted):
        services.add_alias(world["shared"], "SU", by=world["kim"])
    with pytest.raises(scopes.NotPermitted):
        merging.merge_institutions(world["own"], world["shared"], by=world["alice"])
    merging.merge_institutions(world["own"], world["away"], by=world["alice"])
    services.update_institution(
        world["shared"], version=1, city="Bangkok", by=world["root"]
    )


def test_an_account_no_university_lists_reaches_none_of_several(world):
    loose = staff("loose", "editor")
    assert scopes.university_ids(loose) == frozenset()
    with pytest.raises(scopes.NotPermitted):
        services.update_agreement(world["ours"], version=1, notes="x", by=loose)


def test_one_university_serves_its_staff_unlisted_and_lists_them_for_a_second():
    tohoku = make_home_university()
    editor = staff("editor", "editor")
    agreement = make_agreement()
    services.update_agreement(agreement, version=1, notes="one", by=editor)
    kita = services.create_home_university(slug="kita", name="Kita University")
    assert list(tohoku.staff.all()) == [editor]
    assert list(kita.staff.all()) == []
    editor = User.objects.get(pk=editor.pk)  # a fresh account: no kept answer
    services.update_agreement(agreement, version=2, notes="two", by=editor)
    assert scopes.university_ids(editor) == {tohoku.pk}


def test_only_a_network_administrator_adds_a_university(world):
    with pytest.raises(scopes.NotPermitted):
        services.create_home_university(
            slug="minami", name="Minami University", by=world["ada"]
        )
    services.create_home_university(
        slug="minami", name="Minami University", by=world["root"]
    )


# -- the API --------------------------------------------------------------------


def test_the_api_answers_403_to_a_write_on_another_universitys_agreement(world):
    alice = signed_in(world["alice"])
    theirs, ours = world["theirs"].pk, world["ours"].pk
    response = api(alice, "PATCH", f"/api/v1/agreements/{theirs}", {"version": 2})
    assert response.status_code == 403
    assert response.json()["type"].endswith("#forbidden")
    assert api(alice, "POST", f"/api/v1/agreements/{theirs}/end").status_code == 403
    assert api(alice, "POST", f"/api/v1/agreements/{theirs}/renew").status_code == 403
    patched = api(alice, "PATCH", f"/api/v1/agreements/{ours}", {"version": 1})
    assert patched.status_code == 200
    shared = world["shared"].pk
    body = {"version": 1, "city": "x"}
    assert (
        api(alice, "PATCH", f"/api/v1/institutions/{shared}", body).status_code == 403
    )
    assert Agreement.objects.get(pk=theirs).version == 2


def test_the_api_creates_in_the_university_named_or_the_accounts_own(world):
    kim = signed_in(world["kim"])
    body = {"level": "university", "institution": world["own"].pk}
    created = api(kim, "POST", "/api/v1/agreements", body)
    assert created.status_code == 201
    assert created.json()["home_university"] == "kita"
    away = {"level": "university", "institution": world["away"].pk}
    alice = signed_in(world["alice"])
    refused = api(
        alice, "POST", "/api/v1/agreements", {**away, "home_university": "kita"}
    )
    assert refused.status_code == 403
    root = signed_in(world["root"])
    unnamed = api(root, "POST", "/api/v1/agreements", away)
    assert unnamed.status_code == 422  # several universities: name one
    assert unnamed.json()["invalid_params"][0]["name"] == "home_university"
    tohoku = world["tohoku"].slug
    named = api(root, "POST", "/api/v1/agreements", {**away, "home_university": tohoku})
    assert named.status_code == 201, named.json()
    assert named.json()["home_university"] == tohoku


def test_staff_reads_of_documents_and_contacts_stop_at_the_university(world):
    document = make_document(world["theirs"], public=False)
    alice, kim = signed_in(world["alice"]), signed_in(world["kim"])
    theirs = world["theirs"].pk
    assert alice.get(f"/api/v1/agreements/{theirs}/documents/all").status_code == 403
    assert alice.get(f"/api/v1/agreements/{theirs}/contacts/all").status_code == 403
    assert kim.get(f"/api/v1/agreements/{theirs}/documents/all").status_code == 200
    assert alice.get(f"/documents/{document.pk}/").status_code == 403
    assert kim.get(f"/documents/{document.pk}/").status_code == 200


# -- the admin ------------------------------------------------------------------


def test_the_admin_lists_and_opens_only_the_universitys_agreements(world):
    alice = signed_in(world["alice"])
    listing = alice.get("/admin/registry/agreement/")
    shown = {a.pk for a in listing.context["cl"].result_list}
    assert world["ours"].pk in shown
    assert world["theirs"].pk not in shown
    theirs = world["theirs"].pk
    # Django's admin answers an object outside the list with a redirect home.
    opened = alice.get(f"/admin/registry/agreement/{theirs}/change/")
    assert opened.status_code == 302
    assert opened["Location"] == "/admin/"
    assert alice.get(f"/admin/registry/agreement/{theirs}/history/").status_code == 403
    assert (
        signed_in(world["kim"])
        .get(f"/admin/registry/agreement/{theirs}/change/")
        .status_code
        == 200
    )


def test_the_admins_choices_offer_only_the_universitys_own(world):
    alice = signed_in(world["alice"])
    form = alice.get("/admin/registry/agreement/add/").context["adminform"].form
    assert list(form.fields["home_university"].queryset) == [world["tohoku"]]
    response = alice.post(
        "/admin/registry/agreement/add/",
        {
            "home_university": world["kita"].pk,
            "institution": world["own"].pk,
            "level": "university",
            "status": "in_force",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "home_university" in response.context["adminform"].form.errors
    assert not Agreement.objects.filter(
        home_university=world["kita"], institution=world["own"]
    ).exists()


def test_a_shared_partner_is_read_only_to_one_universitys_editor(world):
    alice = signed_in(world["alice"])
    page = alice.get(f"/admin/registry/institution/{world['shared'].pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    own = alice.get(f"/admin/registry/institution/{world['own'].pk}/change/")
    assert own.context["has_change_permission"] is True


def test_a_universitys_admin_manages_its_own_accounts_only(world):
    ada = signed_in(world["ada"])
    listing = ada.get("/admin/auth/user/")
    names = {u.username for u in listing.context["cl"].result_list}
    assert {"alice", "ada"} <= names
    assert not {"kim", "kai"} & names
    kim = world["kim"].pk
    assert ada.get(f"/admin/auth/user/{kim}/change/").status_code == 302
    form = (
        ada.get(f"/admin/auth/user/{world['alice'].pk}/change/")
        .context["adminform"]
        .form
    )
    assert list(form.fields["universities"].queryset) == [world["tohoku"]]
    assert ada.get("/admin/registry/homeuniversity/add/").status_code == 403
    kita = world["kita"].pk
    assert ada.get(f"/admin/registry/homeuniversity/{kita}/change/").status_code == 302


def test_an_admin_adds_an_account_to_its_own_university(world):
    ada = signed_in(world["ada"])
    response = ada.post(
        "/admin/auth/user/add/",
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert list(newcomer.home_universities.all()) == [world["tohoku"]]


def test_a_network_administrator_says_where_an_account_works(world):
    root = signed_in(world["root"])
    alice = world["alice"]
    page = root.get(f"/admin/auth/user/{alice.pk}/change/")
    form = page.context["adminform"].form
    assert set(form.fields["universities"].queryset) == {world["tohoku"], world["kita"]}
    data = {
        k: v
        for k, v in form.initial.items()
        if k in ("username", "first_name", "last_name", "email")
    }
    joined = alice.date_joined
    data |= {
        "is_active": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name="editor").pk],
        "universities": [world["kita"].pk],
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.time().strftime("%H:%M:%S"),
    }
    response = root.post(f"/admin/auth/user/{alice.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(alice.home_universities.all()) == [world["kita"]]


# -- the staff pages ------------------------------------------------------------


def test_the_changes_page_shows_only_the_universitys_changes_and_refuses_reverts(world):
    alice = signed_in(world["alice"])
    page = alice.get("/staff/changes/")
    records = {(c.model, c.record_id) for c in page.context["changes"]}
    assert ("agreement", world["ours"].pk) in records
    assert ("agreement", world["theirs"].pk) not in records
    assert "kita" not in {s.reason for s in page.context["change_sets"]}
    change = world["theirs"].history.latest("history_date").history_id
    url = f"/staff/changes/agreement/{change}/revert/"
    assert alice.get(url).status_code == 403
    assert alice.post(url).status_code == 403
    assert (
        alice.post("/staff/changes/set/revert/", {"reason": "kita"}).status_code == 403
    )
    assert Agreement.objects.get(pk=world["theirs"].pk).notes == "Kita's note"
    assert signed_in(world["kim"]).post(url).status_code == 302
    assert Agreement.objects.get(pk=world["theirs"].pk).notes == ""


def test_audit_reverts_check_the_university_too(world):
    change = world["theirs"].history.latest("history_date").history_id
    with pytest.raises(scopes.NotPermitted):
        audit.revert_change("agreement", change, by=world["alice"])


def test_publishing_pages_stop_at_the_university(world):
    make_edition(home_university=world["tohoku"], records=[])
    kita_edition = make_edition(home_university=world["kita"], records=[])
    later = make_edition(
        datetime.date(2022, 5, 1), home_university=world["kita"], records=[]
    )
    ada = signed_in(world["ada"])
    index = ada.get("/staff/publish/")
    assert {e.home_university for e in index.context["editions"]} == {world["tohoku"]}
    assert ada.get("/staff/publish/list/?as_of=2021-05-01").status_code == 200
    assert ada.get("/staff/publish/list/?home=kita").status_code == 403
    assert ada.get("/staff/publish/list.html?home=kita").status_code == 403
    assert ada.get("/staff/publish/due/").status_code == 200
    assert ada.get("/staff/publish/due/?home=kita").status_code == 403
    assert ada.get(f"/staff/publish/due/{world['theirs'].pk}/").status_code == 403
    diff = f"/staff/publish/diff/?a={kita_edition.pk}&b={later.pk}"
    assert ada.get(diff).status_code == 403
    assert signed_in(world["kai"]).get(diff).status_code == 200
    root = signed_in(world["root"])
    assert root.get("/staff/publish/list/?home=kita").status_code == 200
    # Working for several universities, one chooses which: the page again for each.
    chooser = root.get("/staff/publish/due/?within=30d")
    assert chooser.status_code == 200
    assert [url for _, url in chooser.context["choices"]] == [
        "/staff/publish/due/?within=30d&home=kita",
        f"/staff/publish/due/?within=30d&home={world['tohoku'].slug}",
    ]
    assert root.get(chooser.context["choices"][0][1]).status_code == 200
    world["kita"].staff.add(world["ada"])
    both = signed_in(world["ada"]).get("/staff/publish/list/?as_of=2021-05-01")
    assert {u.slug for u, _ in both.context["choices"]} == {
        "kita",
        world["tohoku"].slug,
    }
    assert root.get("/staff/publish/list.html").status_code == 400  # a download


# -- the command ----------------------------------------------------------------


def test_the_university_command_lists_adds_and_removes_staff(world):
    out = io.StringIO()
    call_command("university", "staff", "kita", "--add", "alice", stdout=out)
    assert "alice  editor" in out.getvalue()
    assert set(world["alice"].home_universities.all()) == {
        world["tohoku"],
        world["kita"],
    }
    call_command(
        "university", "staff", "kita", "--remove", "alice", stdout=io.StringIO()
    )
    assert list(world["alice"].home_universities.all()) == [world["tohoku"]]
    with pytest.raises(CommandError, match="no account named nobody"):
        call_command("university", "staff", "kita", "--add", "nobody")
    with pytest.raises(CommandError, match="no home university 'south'"):
        call_command("university", "staff", "south")


def test_adduser_says_which_universities_the_account_works_for(world, monkeypatch):
    monkeypatch.setenv("ACCORD_USER_PASSWORD", "a long enough passphrase")
    call_command(
        "adduser",
        "kenji",
        "--role",
        "editor",
        "--university",
        "kita",
        stdout=io.StringIO(),
    )
    kenji = User.objects.get(username="kenji")
    assert list(kenji.home_universities.all()) == [world["kita"]]
    with pytest.raises(CommandError, match="no home university south"):
        call_command("adduser", "saburo", "--role", "editor", "--university", "south")
    assert not User.objects.filter(username="saburo").exists()


def test_duplicates_are_found_across_universities_and_merged_by_the_network(world):
    tohoku_spelling = make_institution("Chiang Mai University")
    kita_spelling = make_institution("Chiangmai University")
    make_agreement(home_university=world["tohoku"], institution=tohoku_spelling)
    make_agreement(home_university=world["kita"], institution=kita_spelling)
    alice = signed_in(world["alice"])
    pairs = alice.get("/staff/duplicates/").context["pairs"]
    names = [{p.first_name, p.second_name} for p, _ in pairs]
    assert {"Chiang Mai University", "Chiangmai University"} in names
    merge = {"keep": tohoku_spelling.pk, "merge_away": kita_spelling.pk}
    assert alice.post("/staff/duplicates/merge/", merge).status_code == 403
    assert (
        signed_in(world["root"]).post("/staff/duplicates/merge/", merge).status_code
        == 302
    )
    # One partner record now, for both universities' agreements.
    assert Agreement.objects.filter(
        home_university=world["kita"], institution=tohoku_spelling
    ).exists()
    assert not type(tohoku_spelling).objects.filter(pk=kita_spelling.pk).exists()


def test_a_universitys_admin_sees_and_revokes_its_own_accounts_tokens_only(world):
    from accord.api.models import ApiToken

    ours, _ = ApiToken.issue(world["alice"], "sync")
    theirs, _ = ApiToken.issue(world["kim"], "sync")
    ada = signed_in(world["ada"])
    listed = {t.pk for t in ada.get("/admin/api/apitoken/").context["cl"].result_list}
    assert listed == {ours.pk}
    assert ada.get(f"/admin/api/apitoken/{theirs.pk}/change/").status_code == 302
    everyone = signed_in(world["root"]).get("/admin/api/apitoken/")
    assert {t.pk for t in everyone.context["cl"].result_list} == {ours.pk, theirs.pk}
