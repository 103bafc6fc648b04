"""After a new edition: the differences page offers to end the agreements it
dropped, after a confirmation, with the edition as the reason, and the back
office reverts that change set."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from accord.publish.dropped import dropped_reason, find_dropped
from accord.registry import audit, services
from accord.registry.models import Agreement
from accord.registry.rows import listed
from tests.factory import make_agreement, make_edition, make_institution

pytestmark = pytest.mark.django_db

EARLIER, LATER = datetime.date(2020, 5, 1), datetime.date(2021, 5, 1)


def record_of(agreement: Agreement) -> dict:
    return listed([agreement.pk])[0].record().to_dict()


@pytest.fixture
def editions():
    """Chulalongkorn in both lists; Mahidol and Kasetsart only in the earlier
    one, so still in force in the registry (the import of the later list does
    not end what it does not print)."""
    earlier = make_edition(EARLIER)
    later = make_edition(LATER)
    kept = make_agreement(edition=later)
    dropped = [
        make_agreement(institution=make_institution(name), edition=earlier)
        for name in ("Mahidol University", "Kasetsart University")
    ]
    earlier.records = [record_of(a) for a in (kept, *dropped)]
    later.records = [record_of(kept)]
    earlier.save()
    later.save()
    return earlier, later, dropped


def diff_url(earlier, later) -> str:
    return f"/staff/publish/diff/?a={earlier.pk}&b={later.pk}"


def end(client: Client, earlier, later, agreements, *, confirmed=True, versions=None):
    form = {"a": earlier.pk, "b": later.pk, "agreement": [a.pk for a in agreements]}
    if confirmed:
        form["confirmed"] = "yes"
        for a in agreements:
            form[f"version-{a.pk}"] = (versions or {}).get(a.pk, a.version)
    return client.post("/staff/publish/diff/end/", form)


def test_the_differences_page_offers_editors_to_end_what_was_dropped(
    editions, editor, viewer
):
    earlier, later, dropped = editions
    page = editor.get(diff_url(earlier, later)).content.decode()
    assert "2 of them are still in force in the registry" in page
    for agreement in dropped:
        assert f'name="agreement" value="{agreement.pk}"' in page
    assert 'action="/staff/publish/diff/end/"' in page
    assert "dropped by edition 2021-05-01" in page
    read_only = viewer.get(diff_url(earlier, later)).content.decode()
    assert "2 of them are still in force" in read_only
    assert 'name="agreement"' not in read_only


def test_it_confirms_before_ending_anything(editions, editor):
    earlier, later, dropped = editions
    response = end(editor, earlier, later, dropped, confirmed=False)
    assert response.status_code == 200
    page = response.content.decode()
    assert "End these 2 agreements" in page
    assert 'name="confirmed" value="yes"' in page
    assert "csrfmiddlewaretoken" in page
    assert Agreement.objects.filter(ended_on__isnull=False).count() == 0


def test_it_ends_the_chosen_agreements_on_the_later_editions_date(editions, editor):
    earlier, later, (mahidol, kasetsart) = editions
    response = end(editor, earlier, later, [mahidol])
    assert response.status_code == 302
    assert response["Location"] == diff_url(earlier, later)
    mahidol.refresh_from_db()
    kasetsart.refresh_from_db()
    assert (mahidol.ended_on, mahidol.version) == (LATER, 2)
    assert kasetsart.ended_on is None
    assert not mahidol.is_in_force()
    [change] = audit.recent_changes(reason=dropped_reason(later))
    assert (change.record_id, change.who) == (mahidol.pk, "editor")
    assert change.reason == f"dropped by edition 2021-05-01 (#{later.pk})"
    page = editor.get(diff_url(earlier, later)).content.decode()
    assert "ended 2021-05-01" in page
    assert "1 of them is still in force" in page


def test_it_ends_all_of_them_at_once(editions, editor):
    earlier, later, dropped = editions
    end(editor, earlier, later, dropped)
    assert [a.ended_on for a in Agreement.objects.filter(edition=earlier)] == [
        LATER,
        LATER,
    ]


def test_a_stale_confirmation_ends_nothing(editions, editor):
    earlier, later, (mahidol, kasetsart) = editions
    services.update_agreement(kasetsart, version=1, notes="renewal under way")
    response = end(
        editor, earlier, later, [mahidol, kasetsart], versions={kasetsart.pk: 1}
    )
    assert response.status_code == 302
    assert Agreement.objects.filter(ended_on__isnull=False).count() == 0
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages and messages[0].startswith("Nothing was ended")


def test_it_refuses_an_agreement_the_later_edition_still_prints(editions, editor):
    earlier, later, _ = editions
    kept = Agreement.objects.get(edition=later)
    end(editor, earlier, later, [kept])
    kept.refresh_from_db()
    assert kept.ended_on is None


def test_a_viewer_cannot_end(editions, viewer):
    earlier, later, dropped = editions
    assert end(viewer, earlier, later, dropped).status_code == 403
    assert Agreement.objects.filter(ended_on__isnull=False).count() == 0


def test_the_back_office_reverts_the_change_set(editions, editor):
    earlier, later, dropped = editions
    end(editor, earlier, later, dropped)
    reason = dropped_reason(later)
    confirm = editor.get("/staff/changes/set/revert/", {"reason": reason})
    assert confirm.status_code == 200
    assert "Revert these 2 changes" in confirm.content.decode()
    assert Agreement.objects.filter(ended_on=LATER).count() == 2
    response = editor.post("/staff/changes/set/revert/", {"reason": reason})
    assert response.status_code == 302
    assert Agreement.objects.filter(ended_on__isnull=True).count() == 3
    undone = audit.recent_changes(reason=audit.change_set_reason(reason))
    assert len(undone) == 2
    # Once reverted, the differences page offers them again.
    page = editor.get(diff_url(earlier, later)).content.decode()
    assert "2 of them are still in force" in page


def test_an_agreement_merged_away_or_deleted_is_shown_as_not_found(editions):
    earlier, later, (mahidol, _) = editions
    mahidol.delete()
    found = find_dropped(later, later_dropped(earlier, later))
    assert {d.record["institution"]: d.agreement is None for d in found} == {
        "Mahidol University": True,
        "Kasetsart University": False,
    }


def later_dropped(earlier, later):
    from accord.publish.diff import diff_records

    return diff_records(earlier.records, later.records).ended
