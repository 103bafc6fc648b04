"""Accounts in the admin: an admin manages viewer, editor and admin membership;
only a superuser makes superusers, grants single permissions, touches a
superuser's account or changes what a role may do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from tests.backoffice.test_authorization import account_form
from tests.factory import make_user

pytestmark = pytest.mark.django_db


def change(client: Client, user: User, **fields: object):
    return client.post(
        f"/admin/auth/user/{user.pk}/change/", account_form(user, **fields)
    )


def test_an_admin_cannot_make_itself_superuser(admin):
    me = admin.user
    page = admin.get(f"/admin/auth/user/{me.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    role = Group.objects.get(name="admin")
    response = change(admin, me, is_superuser="on", groups=[role.pk])
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.is_superuser, me.is_staff) == (False, True)


def test_an_admin_cannot_grant_single_permissions(admin):
    member = make_user("member", staff=True)
    delete_history = Permission.objects.get(codename="delete_historicalagreement")
    response = change(admin, member, user_permissions=[delete_history.pk])
    assert response.status_code == 302
    assert not member.user_permissions.exists()


def test_an_admin_grants_the_roles_up_to_its_own_and_no_other_group(admin):
    auditors = Group.objects.create(name="auditors")
    auditors.permissions.add(Permission.objects.get(codename="delete_agreement"))
    member = make_user("member", staff=True)
    url = f"/admin/auth/user/{member.pk}/change/"
    form = admin.get(url).context["adminform"].form
    offered = set(form.fields["groups"].queryset.values_list("name", flat=True))
    assert offered == {"viewer", "editor", "admin"}
    assert change(admin, member, groups=[auditors.pk]).status_code == 200
    assert not member.groups.exists()
    editors = Group.objects.get(name="editor")
    assert change(admin, member, groups=[editors.pk]).status_code == 302
    assert list(member.groups.values_list("name", flat=True)) == ["editor"]


def test_an_admin_cannot_touch_a_superusers_account(admin):
    root = make_user("root", staff=True, is_superuser=True)
    assert admin.get(f"/admin/auth/user/{root.pk}/password/").status_code == 403
    assert change(admin, root, is_active="").status_code == 403
    response = admin.post(
        "/admin/auth/user/",
        {"action": "delete_selected", "_selected_action": [root.pk], "post": "yes"},
    )
    assert response.status_code in {200, 302, 403}
    root.refresh_from_db()
    assert (root.is_active, root.is_superuser) == (True, True)


def test_an_admin_cannot_change_what_a_role_may_do(admin):
    viewers = Group.objects.get(name="viewer")
    before = set(viewers.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = admin.post(
        f"/admin/auth/group/{viewers.pk}/change/",
        {"name": "viewer", "permissions": everything},
    )
    assert response.status_code == 403
    assert set(viewers.permissions.values_list("pk", flat=True)) == before


def test_a_superuser_keeps_the_whole_user_page(superuser_client):
    member = make_user("member", staff=True)
    url = f"/admin/auth/user/{member.pk}/change/"
    page = superuser_client.get(url).content.decode()
    assert 'name="is_superuser"' in page
    assert change(superuser_client, member, is_superuser="on").status_code == 302
    member.refresh_from_db()
    assert member.is_superuser
