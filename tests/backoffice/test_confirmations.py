"""Every write of the back office asks first: the list pages link to a
confirmation page (the GET of the write's URL), which says what will happen and
holds the POST form (CSRF, no script). Opening it changes nothing."""

from __future__ import annotations

import re

import pytest

from accord.registry import audit, merging, services
from accord.registry.models import Agreement, Institution, InstitutionMerge
from tests.factory import make_agreement, make_institution

pytestmark = pytest.mark.django_db


def post_form(page: str) -> str:
    """The confirmation's form: a POST with a CSRF token, and no script."""
    forms = re.findall(r'<form method="post"[^>]*>.*?</form>', page, re.S)
    [form] = [f for f in forms if "logout" not in f]
    assert "csrfmiddlewaretoken" in form
    assert "<script" not in page
    return form


def test_revert_asks_first_and_changing_nothing(editor):
    agreement = make_agreement()
    services.update_agreement(agreement, version=1, notes="signed in Bangkok")
    change = audit.recent_changes(model="agreement")[0]
    url = f"/staff/changes/agreement/{change.history_id}/revert/"
    listing = editor.get("/staff/changes/").content.decode()
    assert f'href="{url}"' in listing
    page = editor.get(url).content.decode()
    assert f"Revert change #{change.history_id}?" in page
    assert "<ins>signed in Bangkok</ins>" in page
    assert "Revert this change" in post_form(page)
    assert Agreement.objects.get().notes == "signed in Bangkok"
    editor.post(url)
    assert Agreement.objects.get().notes == ""


def test_merge_asks_first_naming_what_moves(editor):
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    make_agreement(institution=away)
    url = f"/staff/duplicates/merge/?keep={keep.pk}&merge_away={away.pk}"
    listing = editor.get("/staff/duplicates/").content.decode()
    assert url.replace("&", "&amp;") in listing
    page = editor.get(url).content.decode()
    form = post_form(page)
    assert "Merge Chiangmai University into Chiang Mai University" in form
    assert f'name="merge_away" value="{away.pk}"' in form
    assert re.search(r'<td class="num">1</td>', page)  # its one agreement
    assert Institution.objects.filter(pk=away.pk).exists()


def test_merge_confirmation_refuses_one_institution_twice(editor):
    keep = make_institution("Chiang Mai University")
    response = editor.get(
        f"/staff/duplicates/merge/?keep={keep.pk}&merge_away={keep.pk}"
    )
    assert response["Location"] == "/staff/duplicates/"


def test_undo_asks_first(editor):
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    make_agreement(institution=away)
    merge = merging.merge_institutions(keep, away, by=editor.user)
    url = f"/staff/merges/{merge.pk}/undo/"
    assert f'href="{url}"' in editor.get("/staff/merges/").content.decode()
    page = editor.get(url).content.decode()
    assert "Undo this merge" in post_form(page)
    assert "moves its 1 agreement back" in page
    assert not InstitutionMerge.objects.get().is_undone
    editor.post(url)
    assert InstitutionMerge.objects.get().is_undone
    assert "already undone" in editor.get(url).content.decode()


def test_a_change_set_reverts_whole_or_not_at_all(editor):
    reason = "correction of the notes"
    first, second = (
        make_agreement(institution=make_institution(name))
        for name in ("Mahidol University", "Kasetsart University")
    )
    for agreement in (first, second):
        services.update_agreement(agreement, version=1, notes="x", reason=reason)
    services.update_agreement(second, version=2, notes="y")
    listing = editor.get("/staff/changes/", {"reason": reason}).content.decode()
    assert "/staff/changes/set/revert/?reason=correction" in listing
    response = editor.post("/staff/changes/set/revert/", {"reason": reason})
    assert response.status_code == 302
    assert sorted(Agreement.objects.values_list("notes", flat=True)) == ["x", "y"]
    other = "second correction"
    for agreement in (first, second):
        agreement.refresh_from_db()
        services.update_agreement(
            agreement, version=agreement.version, notes="z", reason=other
        )
    assert audit.revert_change_set(other, by=editor.user) == 2
    assert sorted(Agreement.objects.values_list("notes", flat=True)) == ["x", "y"]


def test_an_unknown_change_set_is_refused(editor):
    response = editor.get("/staff/changes/set/revert/", {"reason": "no such set"})
    assert response["Location"] == "/staff/changes/"
    with pytest.raises(services.InvalidWrite):
        audit.revert_change_set("", by=editor.user)
