"""Recent changes: who, when, which record, before -> after; revert."""

import datetime

import pytest

from accord.registry import audit, services
from accord.registry.models import Agreement, Institution
from tests.factory import (
    make_agreement,
    make_home_unit,
    make_home_university,
    make_institution,
)

pytestmark = pytest.mark.django_db


def test_it_shows_who_changed_which_field_from_what_to_what(editor, viewer):
    agreement = make_agreement(notes="signed by the president")
    services.update_agreement(
        agreement, version=1, fee_waiver=True, notes="", by=editor.user
    )
    page = viewer.get("/staff/changes/").content.decode()
    assert "editor" in page
    assert "Chulalongkorn University (University level, whole university)" in page
    assert "<del>no</del> → <ins>yes</ins>" in page
    assert "<del>signed by the president</del> → <ins>(blank)</ins>" in page


def test_it_groups_an_import_into_one_change_set(viewer):
    reason = "import of edition 2021-05-01 (#1)"
    make_home_university()
    for name in ("Kasetsart University", "Mahidol University"):
        services.create_agreement(
            institution=make_institution(name), level="university", reason=reason
        )
    make_agreement()
    [change_set] = audit.change_sets()
    assert (change_set.reason, change_set.count) == (reason, 2)
    page = viewer.get("/staff/changes/", {"reason": reason}).content.decode()
    assert "Kasetsart University" in page
    assert "Chulalongkorn University" not in page


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"fee_waiver": True}, "changed"),
        ({"co_partners": "other"}, "changed"),
    ],
)
def test_it_lists_each_kind_of_change(change, expected, editor):
    agreement = make_agreement()
    if change.get("co_partners") == "other":
        change = {"co_partners": [make_institution("Mahidol University").pk]}
    services.update_agreement(agreement, version=1, by=editor.user, **change)
    latest = audit.recent_changes(model="agreement")[0]
    assert (latest.kind, latest.who) == (expected, "editor")
    assert latest.fields


def test_it_records_creation_and_deletion_of_every_tracked_kind(editor):
    institution = services.create_institution(
        name="Chiang Mai University", country=make_institution().country, by=editor.user
    )
    alias = services.add_alias(institution, "CMU", by=editor.user)
    unit = make_home_unit("IMRAM")
    unit.full_name = "Institute of Multidisciplinary Research"
    unit.save()
    alias.delete()
    kinds = {(c.model, c.kind) for c in audit.recent_changes()}
    assert {
        ("institution", "created"),
        ("institutionalias", "created"),
        ("institutionalias", "deleted"),
        ("homeunit", "created"),
        ("homeunit", "changed"),
        ("agreement", "created"),
    } - kinds == {("agreement", "created")}


def test_revert_restores_the_previous_version_and_is_itself_audited(editor):
    agreement = make_agreement()
    services.update_agreement(
        agreement, version=1, concluded_on=datetime.date(2012, 1, 1), by=editor.user
    )
    change = audit.recent_changes(model="agreement")[0]
    response = editor.post(f"/staff/changes/agreement/{change.history_id}/revert/")
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.concluded_on == datetime.date(2011, 2, 3)
    latest = audit.recent_changes(model="agreement")[0]
    assert latest.reason == f"revert of change #{change.history_id} (Agreement)"
    assert latest.who == "editor"


def test_revert_of_a_creation_deletes_and_of_a_deletion_restores(editor):
    institution = make_institution("Kasetsart University")
    created = institution.history.get()
    audit.revert_change("institution", created.history_id, by=editor.user)
    assert not Institution.objects.filter(pk=institution.pk).exists()
    deleted = Institution.history.filter(id=institution.pk).first()
    audit.revert_change("institution", deleted.history_id, by=editor.user)
    assert Institution.objects.get(pk=institution.pk).name == "Kasetsart University"


def test_it_refuses_to_revert_a_change_that_a_later_one_built_on(editor):
    agreement = make_agreement()
    services.update_agreement(agreement, version=1, notes="first")
    first = agreement.history.first()
    services.update_agreement(agreement, version=2, notes="second")
    response = editor.post(f"/staff/changes/agreement/{first.history_id}/revert/")
    assert (
        "revert the later change first"
        in editor.get(response["Location"]).content.decode()
    )
    assert Agreement.objects.get().notes == "second"


def test_a_viewer_cannot_revert(viewer):
    agreement = make_agreement()
    record = agreement.history.get()
    response = viewer.post(f"/staff/changes/agreement/{record.history_id}/revert/")
    assert response.status_code == 403
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_a_real_import_reads_as_one_change_set_naming_the_edition(viewer):
    from accord.importer.persist import store_edition
    from accord.registry.models import Edition
    from tests.importer.test_exports import sample_records
    from tests.importer.test_persist import meta

    store_edition(sample_records(), meta())
    edition = Edition.objects.get()
    reason = services.import_reason(edition)
    assert reason.startswith(f"import of edition {edition.as_of.isoformat()}")
    [change_set] = [s for s in audit.change_sets() if s.reason == reason]
    assert change_set.count >= Agreement.objects.count() > 0
    page = viewer.get("/staff/changes/").content.decode()
    assert reason.replace("#", "%23") in page or reason in page
