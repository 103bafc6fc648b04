"""The corrections file: validation, each action, and that it cannot rot."""

from __future__ import annotations

import datetime

import pytest

from accord.core.errors import ImportInputError
from accord.core.records import Record
from accord.importer.anomalies import Anomaly
from accord.importer.checksums import Checksums, CountryCount
from accord.importer.corrections import (
    Corrections,
    check_totals,
    reconcile,
    same_institutions,
)


def rec(lines: tuple[int, ...], name: str = "X University", **extra) -> Record:
    return Record(
        "department",
        "Asia",
        "CN",
        "China",
        name,
        source_lines=lines,
        home_unit="GS Law",
        **extra,
    )


RECORDS = [
    rec((10,), "Peking University", partner_department="School of History"),
    rec((10, 11), "Peking University", partner_department="Faculty of Education"),
    rec((12,), "Tianjin Medical University and TEDA Hospital"),
    rec((13,), "Dual School"),
]


def corrections(text: str) -> Corrections:
    return Corrections.from_toml(text, "corrections.toml")


def apply(text: str) -> tuple[list[Record], list[Anomaly]]:
    return reconcile(list(RECORDS), Checksums(), corrections(text))


def test_it_sets_fields_of_the_row_a_line_names_not_of_rows_using_it_as_label():
    records, anomalies = apply(
        '[[correction]]\naction = "set"\nlines = [10]\nreason = "r"\n'
        'set = { institution = "Fudan University", country_code = "TW" }'
    )
    assert [(r.institution, r.country_name) for r in records[:2]] == [
        ("Fudan University", "Taiwan"),
        ("Peking University", "China"),
    ]
    assert [(a.code, a.resolution, a.reason) for a in anomalies] == [
        ("corrected", "corrected", "r")
    ]


def test_it_sets_dates_lists_and_source_lines():
    records, _ = apply(
        '[[correction]]\naction = "set"\nlines = [11]\nreason = "r"\n'
        'set = { concluded_on = "2001-02-03", co_partners = ["Y"], '
        "source_lines = [9, 11] }"
    )
    assert records[1].concluded_on == datetime.date(2001, 2, 3)
    assert (records[1].co_partners, records[1].source_lines) == (("Y",), (9, 11))


def test_it_sets_a_waiver_unknown_with_an_empty_string_as_it_does_a_date():
    records, _ = apply(
        '[[correction]]\naction = "split"\nlines = [13]\nreason = "r"\n'
        'rows = [{ institution = "A School", home_unit = "", fee_waiver = "" },'
        ' { institution = "B School", fee_waiver = true }]'
    )
    assert [(r.institution, r.fee_waiver) for r in records[3:]] == [
        ("A School", None),
        ("B School", True),
    ]
    with pytest.raises(ImportInputError, match='true, false or "" '):
        corrections(
            '[[correction]]\naction = "set"\nlines = [1]\nreason = "r"\n'
            'set = { fee_waiver = "no" }'
        )


def test_it_records_joint_partners():
    records, _ = apply(
        '[[correction]]\naction = "joint"\nlines = [12]\nreason = "r"\n'
        'partners = ["Tianjin Medical University", "TEDA Hospital"]'
    )
    assert (records[2].institution, records[2].co_partners) == (
        "Tianjin Medical University",
        ("TEDA Hospital",),
    )


def test_it_splits_a_row_holding_two_agreements():
    records, _ = apply(
        '[[correction]]\naction = "split"\nlines = [13]\nreason = "r"\n'
        'rows = [{ institution = "A School", home_unit = "", concluded_on = "" },'
        ' { institution = "B School" }]'
    )
    assert [(r.institution, r.home_unit) for r in records[3:]] == [
        ("A School", ""),
        ("B School", "GS Law"),
    ]


def test_it_drops_a_non_row_and_attaches_lines_to_a_row():
    records, _ = apply(
        '[[correction]]\naction = "drop"\nlines = [13]\nreason = "not a row"\n'
        '[[correction]]\naction = "attach"\nlines = [12]\nto = 10\nreason = "r"'
    )
    assert [r.source_lines for r in records] == [(10, 12), (10, 11)]


def test_a_correction_that_matches_nothing_or_changes_nothing_is_an_error():
    _, anomalies = apply(
        '[[correction]]\naction = "drop"\nlines = [99]\nreason = "gone"\n'
        '[[correction]]\naction = "set"\nlines = [10]\nreason = "same"\n'
        'set = { institution = "Peking University" }\n'
        '[[correction]]\naction = "attach"\nlines = [12]\nto = 99\nreason = "r"'
    )
    assert [(a.code, a.severity, a.lines) for a in anomalies] == [
        ("correction-unmatched", "error", (99,)),
        ("correction-unmatched", "error", (10,)),
        ("correction-unmatched", "error", (12,)),
    ]
    assert "changes nothing" in anomalies[1].decided


def test_it_acknowledges_anomalies_and_checksums_and_reports_stale_ones():
    found = [
        Anomaly("missing-date", (195,)),
        Anomaly("checksum", (501,), field="country:ID"),
        Anomaly("split-row", (20, 21)),
    ]
    resolved = corrections(
        '[[correction]]\naction = "acknowledge"\nanomaly = "missing-date"\n'
        'lines = [195, 196]\nreason = "no date printed"\n'
        '[[correction]]\naction = "acknowledge"\nanomaly = "checksum"\n'
        'checksum = "country:ID"\nreason = "rows lost in extraction"\n'
        '[[correction]]\naction = "acknowledge"\nanomaly = "checksum"\n'
        'checksum = "country:XX"\nreason = "stale"\n'
        '[[correction]]\naction = "drop"\nlines = [20, 21]\nreason = "not a row"'
    ).resolve(found)
    assert [(a.code, a.resolution) for a in resolved] == [
        ("missing-date", "acknowledged"),
        ("checksum", "acknowledged"),
        ("split-row", "corrected"),
        ("correction-unmatched", ""),
    ]
    assert resolved[1].reason == "rows lost in extraction"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("x = [", None),
        ("[[other]]", None),
        ('[[correction]]\naction = "guess"\nlines = [1]\nreason = "r"', "action"),
        ('[[correction]]\naction = "drop"\nlines = [1]', "reason"),
        ('[[correction]]\naction = "drop"\nlines = ["one"]\nreason = "r"', "lines"),
        ('[[correction]]\naction = "drop"\nreason = "r"', "lines"),
        ('[[correction]]\naction = "drop"\nlines = [1]\nreason = "r"\nwhy = 1', None),
        ('[[correction]]\naction = "set"\nlines = [1]\nreason = "r"', "set"),
        ('[[correction]]\naction = "set"\nlines = [1]\nreason = "r"\nset = 3', "set"),
        (
            '[[correction]]\naction = "set"\nlines = [1]\nreason = "r"\n'
            'set = { edition = "x" }',
            "edition",
        ),
        (
            '[[correction]]\naction = "set"\nlines = [1]\nreason = "r"\n'
            'set = { fee_waiver = "yes" }',
            "fee_waiver",
        ),
        (
            '[[correction]]\naction = "set"\nlines = [1]\nreason = "r"\n'
            'set = { concluded_on = "2021-02-30" }',
            "concluded_on",
        ),
        (
            '[[correction]]\naction = "set"\nlines = [1]\nreason = "r"\n'
            'set = { country_code = "XX" }',
            "country_code",
        ),
        (
            '[[correction]]\naction = "set"\nlines = [1]\nreason = "r"\n'
            "set = { source_lines = [0] }",
            "source_lines",
        ),
        (
            '[[correction]]\naction = "joint"\nlines = [1]\nreason = "r"\n'
            'partners = ["A"]',
            "partners",
        ),
        ('[[correction]]\naction = "split"\nlines = [1]\nreason = "r"', "rows"),
        ('[[correction]]\naction = "attach"\nlines = [1]\nreason = "r"', "to"),
        (
            '[[correction]]\naction = "same-institution"\nlines = [1]\nreason = "r"',
            "lines",
        ),
        (
            '[[correction]]\naction = "acknowledge"\nlines = [1]\nreason = "r"\n'
            'anomaly = "nonsense"',
            "anomaly",
        ),
    ],
)
def test_it_refuses_an_invalid_corrections_file_naming_what(text, field):
    with pytest.raises(ImportInputError) as caught:
        corrections(text)
    assert caught.value.path == "corrections.toml"
    assert caught.value.field == field


def test_it_loads_a_file(tmp_path):
    path = tmp_path / "corrections.toml"
    path.write_text('[[correction]]\naction = "drop"\nlines = [3]\nreason = "r"')
    assert (
        Corrections.load(path).entries[0].describe() == "correction #1 (drop lines [3])"
    )


def test_it_reports_each_total_that_does_not_hold():
    sums = Checksums(
        university_total=2,
        university_total_line=7,
        department_total=3,
        countries_total=1,
        department_total_line=9,
        countries=(CountryCount("China", "CN", 5, 20),),
    )
    found = check_totals(list(RECORDS), sums)
    assert [(a.field, a.seen) for a in found] == [
        ("university-total", "university-level institutions: declared 2, found 0"),
        ("department-total", "department-level rows: declared 3, found 4"),
        ("country:CN", "China rows (lines 10-13): declared 5, found 4"),
    ]


def test_a_correction_carries_its_confidence():
    _, anomalies = apply(
        '[[correction]]\naction = "drop"\nlines = [13]\nreason = "r"\n'
        'confidence = "uncertain"'
    )
    assert [(a.code, a.confidence) for a in anomalies] == [("corrected", "uncertain")]
    with pytest.raises(ImportInputError) as caught:
        corrections(
            '[[correction]]\naction = "drop"\nlines = [1]\nreason = "r"\n'
            'confidence = "sure"'
        )
    assert caught.value.field == "confidence"


def test_the_uncertain_decisions_of_the_2021_edition_are_marked(seed):
    uncertain = sorted(
        a.lines[0]
        for a in seed.report.anomalies
        if a.code == "corrected" and a.confidence == "uncertain"
    )
    assert uncertain == [619, 620, 621, 688, 751, 752, 759]


SAME = [
    Record(
        "university",
        "Asia",
        "TH",
        "Thailand",
        "Chiang Mai University",
        source_lines=(128,),
    ),
    rec((631, 632), "Chiangmai University", partner_department="Dentistry"),
    rec((632,), "Chiangmai University", partner_department="Science"),
    rec((700,), "Mahidol University"),
    rec((700,), "Kasetsart University"),
]
SAME = [
    SAME[0],
    *(r.with_changes(country_code="TH", country_name="Thailand") for r in SAME[1:]),
]


def test_it_files_an_institution_printed_twice_under_its_first_name_only():
    entry = corrections(
        '[[correction]]\naction = "same-institution"\nlines = [128, 632]\n'
        'reason = "one word or two"'
    )
    found, anomalies = same_institutions(SAME, entry)
    assert found == {("TH", "Chiangmai University"): "Chiang Mai University"}
    assert [(a.code, a.resolution) for a in anomalies] == [("corrected", "corrected")]
    # The records themselves still say what the list printed.
    records, _ = reconcile(SAME, Checksums(), entry)
    assert records == SAME


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        ("[128, 999]", "a cited line holds no record"),
        ("[128, 700]", "a cited line names several institutions"),
    ],
)
def test_a_same_institution_entry_that_cannot_hold_is_an_error(lines, why):
    entry = corrections(
        f'[[correction]]\naction = "same-institution"\nlines = {lines}\nreason = "r"'
    )
    found, anomalies = same_institutions(SAME, entry)
    assert found == {}
    assert [(a.code, a.severity) for a in anomalies] == [
        ("correction-unmatched", "error")
    ]
    assert why in anomalies[0].decided


def test_names_in_two_countries_are_never_one_institution():
    other = [SAME[0], SAME[2].with_changes(country_code="CN", country_name="China")]
    entry = corrections(
        '[[correction]]\naction = "same-institution"\nlines = [128, 632]\nreason = "r"'
    )
    found, anomalies = same_institutions(other, entry)
    assert found == {}
    assert "different countries" in anomalies[0].decided
