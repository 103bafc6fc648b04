"""Merging duplicate institutions, and undoing the merge."""

import pytest

from accord.registry import merging, services
from accord.registry.models import Agreement, Institution
from accord.registry.rows import listed
from accord.registry.services import InvalidWrite
from tests.factory import (
    make_agreement,
    make_country,
    make_edition,
    make_home_unit,
    make_institution,
    make_user,
)

pytestmark = pytest.mark.django_db


def state() -> dict[str, object]:
    """Everything a merge touches, comparable before and after."""
    return {
        "institutions": sorted(
            Institution.objects.values_list("pk", "name", "country_id", "ror_id")
        ),
        "aliases": sorted(
            Institution.objects.values_list("pk", "aliases__name").exclude(
                aliases__name=None
            )
        ),
        "agreements": sorted(
            Agreement.objects.values_list("pk", "institution_id", "printed_name")
        ),
        "co_partners": sorted(
            Agreement.co_partners.through.objects.values_list(
                "agreement_id", "institution_id"
            )
        ),
    }


@pytest.fixture
def pair():
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    services.update_institution(away, version=1, ror_id="05m2fqn25")
    services.add_alias(away, "CMU")
    unit = make_home_unit("IMRAM")
    make_agreement(institution=keep)
    make_agreement(
        institution=away, level="department", home_unit=unit, edition=make_edition()
    )
    joint = make_agreement(institution=make_institution("Mahidol University"))
    joint.co_partners.add(away)
    return keep, Institution.objects.get(pk=away.pk)


def test_it_moves_agreements_links_and_names_to_the_kept_institution(pair):
    keep, away = pair
    merge = merging.merge_institutions(keep, away, by=make_user("editor"))
    assert not Institution.objects.filter(pk=away.pk).exists()
    assert keep.agreements.count() == 2
    assert keep.joint_agreements.count() == 1
    assert sorted(keep.aliases.values_list("name", flat=True)) == [
        "CMU",
        "Chiangmai University",
    ]
    keep.refresh_from_db()
    assert keep.ror_id == "05m2fqn25"
    assert str(merge) == "Chiangmai University merged into Chiang Mai University"


def test_a_moved_agreement_still_says_what_its_edition_printed(pair):
    keep, away = pair
    keep.agreements.update(edition=None)  # entered by staff, printed nowhere
    merging.merge_institutions(keep, away)
    printed = {
        a.level: a.record().institution
        for a in listed(list(keep.agreements.values_list("pk", flat=True)))
    }
    assert printed == {
        "department": "Chiangmai University",
        "university": "Chiang Mai University",
    }


def test_changing_an_agreements_partner_drops_the_name_printed_for_the_old_one():
    agreement = make_agreement(
        institution=make_institution("Chiangmai University"), edition=make_edition()
    )
    agreement.printed_name = "Chiangmai Univ."
    agreement.save()
    other = make_institution("Mahidol University")
    services.update_agreement(agreement, version=1, institution=other)
    agreement.refresh_from_db()
    assert (agreement.printed_name, agreement.partner_name) == ("", other.name)


def test_it_records_the_merge_in_the_audit_trail(pair):
    keep, away = pair
    user = make_user("editor")
    merging.merge_institutions(keep, away, by=user)
    reason = "merge of Chiangmai University into Chiang Mai University"
    deleted = Institution.history.get(id=away.pk, history_type="-")
    assert (deleted.history_user, deleted.history_change_reason) == (user, reason)
    moved = Agreement.history.filter(history_change_reason=reason)
    assert {h.history_user for h in moved} == {user}
    assert moved.filter(institution_id=keep.pk).exists()


def test_undo_restores_exactly_what_was_there(pair):
    keep, away = pair
    before = state()
    merge = merging.merge_institutions(keep, away)
    assert state() != before
    restored = merging.unmerge_institutions(merge, by=make_user("admin"))
    assert restored.pk == away.pk
    assert state() == before
    merge.refresh_from_db()
    assert merge.is_undone
    with pytest.raises(InvalidWrite, match="already undone"):
        merging.unmerge_institutions(merge)


def test_it_drops_a_co_partner_link_that_would_point_at_itself():
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    agreement = make_agreement(institution=keep)
    agreement.co_partners.add(away)
    other = make_agreement(institution=away, concluded_on=None)
    other.co_partners.add(keep)
    before = state()
    merge = merging.merge_institutions(keep, away)
    assert Agreement.co_partners.through.objects.count() == 0
    merging.unmerge_institutions(merge)
    assert state() == before


def test_it_refuses_to_merge_when_both_hold_the_same_agreement():
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    make_agreement(institution=keep)
    make_agreement(institution=away)
    before = state()
    with pytest.raises(InvalidWrite, match="both have the agreement"):
        merging.merge_institutions(keep, away)
    assert state() == before


def test_it_refuses_to_merge_across_countries_or_into_itself():
    keep = make_institution("Royal Institute of Technology")
    away = make_institution(
        "Royal Institute of Technology", make_country("SE", "Sweden", "Europe")
    )
    with pytest.raises(InvalidWrite, match="correct the country"):
        merging.merge_institutions(keep, away)
    with pytest.raises(InvalidWrite, match="into itself"):
        merging.merge_institutions(keep, keep.pk)


def test_it_bumps_versions_so_stale_forms_conflict(pair):
    keep, away = pair
    agreement = away.agreements.get()
    merging.merge_institutions(keep, away)
    with pytest.raises(services.Conflict):
        services.update_agreement(agreement, version=agreement.version, notes="x")
