"""A PDF that Accord publishes reads back through the importer's PDF path
(`read_source` + `pipeline.run`, as `accord import` does) as the same records."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import pytest

from accord.importer import pipeline
from accord.importer.options import HomeUnit, ParseOptions
from accord.importer.sources import read_source
from accord.publish.asof import records_as_of
from accord.publish.documents import publish_list
from accord.registry.models import Agreement
from tests.factory import (
    make_agreement,
    make_country,
    make_home_unit,
    make_home_university,
    make_institution,
)

# Every test prints a list to PDF and reads it back.
pytestmark = [pytest.mark.django_db, pytest.mark.needs("libpango-1.0-0")]
AS_OF = datetime.date(2021, 5, 1)
OPTIONS = ParseOptions(
    "Tohoku University",
    home_short_names=("TU",),
    home_units=tuple(HomeUnit(code) for code in ("GS Engineering", "GS Medicine")),
)


def key(record) -> tuple:
    """What must survive the round trip, from a Record or an export dict."""
    get = record.get if isinstance(record, dict) else record.__getattribute__
    date = get("concluded_on")
    return (
        get("level"),
        get("country_code"),
        get("institution"),
        tuple(get("co_partners") or ()),
        get("partner_department") or "",
        get("home_unit") or "",
        get("fee_waiver"),  # None, unknown, stays unknown
        date.isoformat() if isinstance(date, datetime.date) else date,
    )


def round_trip(tmp_path: Path, options: ParseOptions = OPTIONS, language: str = "en"):
    home = make_home_university()
    published = Counter(key(r) for r in records_as_of(home, AS_OF))
    path = tmp_path / "list.pdf"
    path.write_bytes(publish_list(home, AS_OF, "pdf", language=language).content)
    source = read_source(path)
    assert source.kind == "pdf"
    result = pipeline.run(source.text, options, None, source_name=str(path))
    return published, Counter(key(r) for r in result.reconciled), result


def department(institution, country, unit="GS Engineering", **fields):
    return make_agreement(
        level=Agreement.Level.DEPARTMENT,
        institution=make_institution(institution, country),
        home_unit=make_home_unit(unit),
        **fields,
    )


@pytest.fixture
def short_rows():
    """Rows whose every cell fits on one printed line."""
    korea = make_country("KR", "South Korea")
    make_agreement(fee_waiver=True)
    make_agreement(
        institution=make_institution("Seoul National University", korea),
        concluded_on=datetime.date(1999, 11, 10),
    )
    department(
        "Korea University",
        korea,
        partner_department="College of Engineering",
        fee_waiver=True,
        concluded_on=datetime.date(2014, 3, 3),
    )
    department(
        "Mahidol University",
        make_country(),
        unit="GS Medicine",
        concluded_on=datetime.date(2016, 5, 2),
    )


def test_a_list_of_short_rows_reads_back_unchanged(short_rows, tmp_path):
    published, read_back, result = round_trip(tmp_path)
    assert read_back == published
    assert result.edition.as_of == AS_OF
    assert result.checksums.university_total == 2
    assert result.checksums.department_total == 2


def test_a_row_whose_cells_wrap_reads_back_unchanged(short_rows, tmp_path):
    department(
        "China University of Petroleum (East China) at Qingdao and its Affiliates",
        make_country("CN", "China"),
        partner_department="School of Electronic and Information Engineering, "
        "School of Microelectronics School of Architecture School of Mechanical "
        "and Automotive Engineering",
        fee_waiver=True,
        concluded_on=datetime.date(2016, 7, 7),
    )
    published, read_back, _ = round_trip(tmp_path)
    assert read_back == published


def test_unknown_dates_read_back_as_unknown(short_rows, tmp_path):
    make_agreement(
        institution=make_institution("University of California, Davis"),
        concluded_on=None,
    )
    department(
        "Chulalongkorn University",
        make_country(),
        partner_department="Faculty of Engineering",
        concluded_on=None,
    )
    published, read_back, _ = round_trip(tmp_path)
    assert read_back == published


@pytest.fixture
def unknowns(short_rows):
    """A waiver not known at either level, and home units not known, with and
    without their waiver and date."""
    make_agreement(
        institution=make_institution("University of California, Davis"),
        fee_waiver=None,
        concluded_on=None,
    )
    department(
        "Chulalongkorn University",
        make_country(),
        partner_department="Faculty of Engineering",
        fee_waiver=None,
        concluded_on=datetime.date(2015, 1, 5),
    )
    for name, waiver, day in (
        ("Kasetsart University", False, datetime.date(2016, 1, 5)),
        ("Khon Kaen University", None, None),
    ):
        unknown_unit = department(
            name, make_country(), fee_waiver=waiver, concluded_on=day
        )
        unknown_unit.home_unit = None
        unknown_unit.save()


def test_unknown_waivers_and_units_read_back_as_unknown(unknowns, tmp_path):
    published, read_back, result = round_trip(tmp_path)
    assert read_back == published
    waivers = Counter(key[6] for key in read_back.elements())
    assert waivers[None] == 3
    codes = Counter(a.code for a in result.report.anomalies)
    assert codes["unknown-waiver"] == 3
    # Nothing to acknowledge: the list itself says what is not known.
    assert result.report.ok


def test_the_japanese_list_reads_back_unchanged(unknowns, tmp_path):
    published, read_back, result = round_trip(tmp_path, language="ja")
    assert read_back == published
    # Its legends and its words for "unknown" (締結日不明, 不明) are read; nothing
    # waits for a person.
    assert result.report.ok, result.report.blocking()


def test_the_legend_of_an_unknown_waiver_is_printed_only_when_one_is(
    short_rows, tmp_path
):
    home = make_home_university()
    html = publish_list(home, AS_OF, "html").content.decode()
    assert "not known whether" not in html
    make_agreement(
        institution=make_institution("University of California, Davis"),
        fee_waiver=None,
    )
    html = publish_list(home, AS_OF, "html").content.decode()
    assert "(? indicates institutions for which it is not known" in html
    assert "- ? University of California, Davis" in html
    assert "agreements for which it is not known" not in html


def test_a_joint_agreement_reads_back_with_both_partners(short_rows, tmp_path):
    china = make_country("CN", "China")
    joint = department(
        "Tianjin Medical University",
        china,
        unit="GS Medicine",
        concluded_on=datetime.date(2015, 5, 5),
    )
    joint.co_partners.add(make_institution("TEDA Cardiovascular Hospital", china))
    published, read_back, _ = round_trip(tmp_path)
    assert read_back == published


@pytest.fixture
def edition_2021():
    from accord.importer.importing import load_bundled_edition_if_empty

    assert load_bundled_edition_if_empty() is not None
    return make_home_university()


def test_the_2021_list_prints_totals_counted_from_its_agreements(edition_2021):
    agreements = Agreement.objects.filter(home_university=edition_2021)
    by_level = Counter(agreements.values_list("level", flat=True))
    per_country = Counter(
        agreements.filter(level="department").values_list(
            "institution__country__name", flat=True
        )
    )
    document = publish_list(edition_2021, AS_OF, "pdf")
    listing = document.listing
    assert listing.university_total == by_level["university"] == 250
    assert listing.department_total == by_level["department"]
    assert listing.department_country_counts == dict(per_country)
    # As the edition declares it: 64, international organizations not counted.
    countries = len(per_country) - ("International Organization" in per_country)
    assert listing.department_country_total == countries == 64
    text = read_text(document.content)
    assert "Total of 250 institutions" in text
    assert (
        f"{countries} countries and regions, {by_level['department']} agreements"
        in text
    )
    for country, count in per_country.items():
        assert f"{country} ({count})" in text


def read_text(pdf: bytes) -> str:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_the_2021_edition_reads_back_unchanged(tmp_path, edition_2021):
    from accord.importer.bundled import load_edition

    published, read_back, result = round_trip(tmp_path, load_edition().options)
    assert result.checksums.university_total == 250
    assert read_back == published
