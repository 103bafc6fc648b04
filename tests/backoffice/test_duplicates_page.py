"""The likely-duplicates page, its merge action and the undo on the merges page."""

import pytest

from accord.registry.models import Institution, InstitutionMerge
from tests.factory import make_agreement, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    make_agreement(institution=away)
    return keep, away


def test_it_lists_likely_duplicates_with_merge_buttons_for_editors(pair, editor):
    page = editor.get("/staff/duplicates/").content.decode()
    assert "Chiang Mai University" in page and "Chiangmai University" in page
    assert "97.6" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Keep Chiang Mai University" in page


def test_a_viewer_sees_the_list_without_merge_buttons(pair, viewer):
    page = viewer.get("/staff/duplicates/").content.decode()
    assert "Chiangmai University" in page
    assert "Keep Chiang Mai University" not in page
    response = viewer.post(
        "/staff/duplicates/merge/", {"keep": pair[0].pk, "merge_away": pair[1].pk}
    )
    assert response.status_code == 403
    assert Institution.objects.filter(pk=pair[1].pk).exists()


def test_an_editor_merges_and_an_editor_undoes(pair, editor):
    keep, away = pair
    response = editor.post(
        "/staff/duplicates/merge/", {"keep": keep.pk, "merge_away": away.pk}
    )
    assert response["Location"] == "/staff/merges/"
    assert keep.agreements.count() == 1
    merge = InstitutionMerge.objects.get()
    assert merge.merged_by == editor.user
    page = editor.get("/staff/merges/").content.decode()
    assert "Chiangmai University" in page and "Undo" in page
    editor.post(f"/staff/merges/{merge.pk}/undo/")
    assert Institution.objects.get(pk=away.pk).agreements.count() == 1
    assert "undone" in editor.get("/staff/merges/").content.decode()


def test_the_merge_refuses_a_request_without_csrf_token(pair):
    from django.test import Client

    from tests.conftest import role_client

    logged_in = role_client("editor")
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = logged_in.cookies
    response = strict.post(
        "/staff/duplicates/merge/", {"keep": pair[0].pk, "merge_away": pair[1].pk}
    )
    assert response.status_code == 403
    assert Institution.objects.filter(pk=pair[1].pk).exists()


def test_it_explains_a_refused_merge(editor):
    keep = make_institution("Chiang Mai University")
    response = editor.post(
        "/staff/duplicates/merge/", {"keep": keep.pk, "merge_away": keep.pk}
    )
    page = editor.get(response["Location"]).content.decode()
    assert "Not merged: an institution cannot be merged into itself" in page
