"""Edition diffs on two editions built from the 2021 list, with exact answers."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.publish.diff import diff_records, match_institutions
from tests.publish.seed import records_2021


def find(records, institution, **match):
    return next(
        r
        for r in records
        if r["institution"] == institution
        and all(r.get(k) == v for k, v in match.items())
    )


def two_editions():
    """2021 as printed, and a later edition with known differences."""
    before = records_2021()
    after = copy.deepcopy(before)
    # Ended: two agreements leave the list.
    after.remove(find(after, "Tongji University"))
    after.remove(
        find(after, "Beijing Hospital", level="department", home_unit="GS Medicine")
    )
    # Added: a new partner, and a new department agreement with an old one.
    new_partner = dict(
        find(before, "Tsinghua University"),
        institution="Shenzhen University",
        concluded_on="2022-03-01",
        source_lines=[],
    )
    new_department = dict(
        find(before, "Fudan University", level="department"),
        partner_department="School of Life Sciences",
        home_unit="GS Life Sciences",
        concluded_on="2022-04-01",
    )
    after += [new_partner, new_department]
    # Changed: waiver withdrawn, a date corrected, a department renamed, a name
    # respelled (the table's spelling of Chiang Mai), two changes at once.
    find(after, "Peking University")["fee_waiver"] = False
    find(after, "Jilin University")["concluded_on"] = "2001-03-02"
    find(after, "Fudan University", level="department")["partner_department"] = (
        "Department of History and Archaeology"
    )
    find(after, "Chiang Mai University")["institution"] = "Chiangmai University"
    both = find(after, "University of Indonesia")
    both.update(institution="Universitas Indonesia", fee_waiver=False)
    return before, after


def test_it_finds_exactly_the_added_ended_and_changed_agreements():
    before, after = two_editions()
    result = diff_records(before, after)
    assert [(r["level"], r["institution"]) for r in result.ended] == [
        ("department", "Beijing Hospital"),
        ("university", "Tongji University"),
    ]
    assert sorted((r["institution"], r["home_unit"]) for r in result.added) == [
        ("Fudan University", "GS Life Sciences"),
        ("Shenzhen University", ""),
    ]
    changed = sorted(
        (
            c.before["institution"],
            c.fields,
            tuple((x.before, x.after) for x in c.changes),
        )
        for c in result.changed
    )
    assert changed == [
        (
            "Chiang Mai University",
            ("institution",),
            (("Chiang Mai University", "Chiangmai University"),),
        ),
        (
            "Fudan University",
            ("partner_department",),
            (("Department of History", "Department of History and Archaeology"),),
        ),
        ("Jilin University", ("concluded_on",), (("2001-03-01", "2001-03-02"),)),
        ("Peking University", ("fee_waiver",), ((True, False),)),
        (
            "University of Indonesia",
            ("institution", "fee_waiver"),
            (("University of Indonesia", "Universitas Indonesia"), (True, False)),
        ),
    ]
    assert result.unchanged == len(before) - 2 - 5


def test_an_edition_compared_with_itself_has_no_differences():
    before = records_2021()
    result = diff_records(before, copy.deepcopy(before))
    assert result.is_empty
    assert result.unchanged == len(before)


def test_look_alike_institutions_are_not_matched():
    base = {"level": "university", "country_code": "JP", "country_name": "Japan"}
    before = [
        dict(base, institution="University of Tokyo", concluded_on="2001-01-01"),
        dict(base, institution="Seoul National University", concluded_on="2002-02-02"),
    ]
    after = [
        dict(base, institution="University of Kyoto", concluded_on="2003-03-03"),
        dict(base, institution="Pusan National University", concluded_on="2004-04-04"),
    ]
    assert match_institutions(before, after) == []
    result = diff_records(before, after)
    assert (len(result.added), len(result.ended), len(result.changed)) == (2, 2, 0)


def test_names_are_matched_only_within_one_country():
    before = [
        {
            "level": "university",
            "country_code": "TH",
            "country_name": "Thailand",
            "institution": "Chiang Mai University",
            "concluded_on": "2001-01-01",
        }
    ]
    after = [dict(before[0], country_code="LA", institution="Chiangmai University")]
    assert match_institutions(before, after) == []


def test_a_name_found_in_both_editions_is_never_re_matched():
    base = {"level": "university", "country_code": "CN", "country_name": "China"}
    before = [dict(base, institution="Nanjing University", concluded_on="1999-09-01")]
    newcomer = dict(base, institution="Nanjing Normal University")
    after = [*before, dict(newcomer, concluded_on="2010-11-25")]
    result = diff_records(before, after)
    assert [r["institution"] for r in result.added] == ["Nanjing Normal University"]
    assert result.changed == ()


@settings(max_examples=40, deadline=None)
@given(
    removed=st.sets(st.integers(0, 476), max_size=30),
    waivers=st.sets(st.integers(0, 476), max_size=30),
    added=st.integers(0, 10),
)
def test_every_agreement_is_counted_once(removed, waivers, added):
    before = records_2021()
    after = [dict(r) for i, r in enumerate(before) if i not in removed]
    for i, record in enumerate(after):
        if i in waivers:
            record["fee_waiver"] = not record["fee_waiver"]
    after += [
        dict(before[0], institution=f"Newly Founded Academy {n}") for n in range(added)
    ]
    result = diff_records(before, after)
    paired = result.unchanged + len(result.changed)
    assert paired + len(result.ended) == len(before)
    assert paired + len(result.added) == len(after)
    assert len(result.ended) == len(removed)
    assert len(result.changed) == len([i for i in waivers if i < len(after) - added])
