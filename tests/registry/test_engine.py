"""The search engine: exact counts and facets from one pass, orders that are
the same on every database, and snapshots that follow the data."""

from __future__ import annotations

import collections
import dataclasses
import datetime
from random import Random

import pytest

from accord.registry import engine, stored_snapshots
from accord.registry.filters import AgreementFilters
from accord.registry.models import Agreement, Institution
from tests.factory import (
    make_agreement,
    make_country,
    make_home_unit,
    make_home_university,
    make_institution,
)

pytestmark = pytest.mark.django_db


def test_it_counts_every_match_however_many_partners_match():
    thailand, home = make_country(), make_home_university()
    Institution.objects.bulk_create(
        Institution(
            name=f"University {n:04}",
            name_folded=f"university {n:04}",
            country=thailand,
        )
        for n in range(1200)
    )
    Agreement.objects.bulk_create(
        Agreement(
            home_university=home,
            level="university",
            institution=i,
        )
        for i in Institution.objects.filter(name__startswith="University ")
    )
    result = engine.search(AgreementFilters(q="university"), size=10)
    assert result.count == 1200
    assert len(result.pks) == 10
    assert {f["value"]: f["count"] for f in result.facets["country"]}["TH"] == 1200


def test_its_facets_count_under_every_other_filter():
    france, thailand = make_country("FR", "France", "Europe"), make_country()
    unit = make_home_unit("GS Engineering")
    for country, waiver in [(france, True), (france, False), (thailand, True)]:
        make_agreement(
            institution=make_institution(
                f"Partner {country.iso_code} {waiver}", country
            ),
            level="department",
            home_unit=unit,
            fee_waiver=waiver,
        )
    result = engine.search(AgreementFilters(country="FR", fee_waiver=True))
    assert result.count == 1
    counts = {
        name: {e["value"]: e["count"] for e in entries}
        for name, entries in result.facets.items()
    }
    assert counts["country"] == {"FR": 1, "TH": 1}
    assert counts["fee_waiver"] == {True: 1, False: 1}
    assert counts["home_unit"] == {"GS Engineering": 1}


def test_its_open_to_facet_counts_university_level_agreements_for_every_unit():
    engineering = make_home_unit("GS Engineering")
    science = make_home_unit("GS Science")
    make_agreement(institution=make_institution("Partner A"), level="university")
    make_agreement(institution=make_institution("Partner B"), level="university")
    for n, unit in enumerate((engineering, engineering, science)):
        make_agreement(
            institution=make_institution(f"Partner {n} of {unit.code}"),
            level="department",
            home_unit=unit,
        )
    make_agreement(  # held by a unit the list leaves unknown
        institution=make_institution("Partner C"), level="department", home_unit=None
    )
    result = engine.search(AgreementFilters(open_to="GS Science"))
    open_to = {e["value"]: e["count"] for e in result.facets["open_to"]}
    held = {e["value"]: e["count"] for e in result.facets["home_unit"]}
    assert open_to == {"GS Engineering": 4, "GS Science": 3}
    assert result.count == open_to["GS Science"]
    assert held == {"GS Science": 1}


def test_it_sorts_names_as_readers_expect_not_by_code_point():
    france = make_country("FR", "France", "Europe")
    names = ["Versailles University", "École Centrale de Lyon", "ecole normale"]
    for name in names:
        make_agreement(institution=make_institution(name, france))
    listed = [
        Agreement.objects.get(pk=pk).institution.name
        for pk in engine.search(AgreementFilters(), size=None).pks
    ]
    assert listed == [
        "École Centrale de Lyon",
        "ecole normale",
        "Versailles University",
    ]
    backwards = engine.search(AgreementFilters(sort="-institution"), size=None).pks
    assert [Agreement.objects.get(pk=pk).institution.name for pk in backwards] == (
        listed[::-1]
    )


def test_it_leaves_unknown_dates_last_in_both_directions():
    partner = make_institution("Mahidol University")
    days = [None, datetime.date(2001, 1, 1), datetime.date(2011, 1, 1)]
    made = [make_agreement(institution=partner, concluded_on=d).pk for d in days]
    oldest = engine.search(AgreementFilters(sort="concluded_on"), size=None).pks
    newest = engine.search(AgreementFilters(sort="-concluded_on"), size=None).pks
    assert oldest == [made[1], made[2], made[0]]
    assert newest == [made[2], made[1], made[0]]


def test_a_write_is_seen_by_the_next_search():
    make_agreement(institution=make_institution("Kasetsart University"))
    assert engine.search(AgreementFilters(q="kasetsart")).count == 1
    make_agreement(institution=make_institution("Kasetsart University Sakon Nakhon"))
    assert engine.search(AgreementFilters(q="kasetsart")).count == 2


def test_a_snapshot_is_kept_for_the_other_processes(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    make_agreement(institution=make_institution("Chiang Mai University"))
    built = engine.snapshot()
    stored = stored_snapshots.load(built.version)
    assert stored is not None
    assert stored.pks.tolist() == built.pks.tolist()
    assert stored.text.vocabulary == built.text.vocabulary
    assert stored_snapshots.load("another version") is None


def test_an_unreadable_snapshot_is_rebuilt(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    make_agreement(institution=make_institution("Chiang Mai University"))
    version = engine.snapshot().version
    stored_snapshots.path_for(version).write_bytes(b"not a snapshot")
    assert stored_snapshots.load(version) is None


@pytest.mark.parametrize(
    "sort", ["institution", "-institution", "-concluded_on", "country"]
)
@pytest.mark.parametrize(
    "narrowing",
    [{}, {"country": "FR"}, {"fee_waiver": True}, {"level": "department"}],
)
def test_a_text_search_selects_orders_and_counts_as_the_same_filters_on_every_agreement(
    sort, narrowing
):
    # A text query makes the engine work on the matching partners' agreements
    # only; the answer must be the one the whole registry gives for them.
    france, thailand = make_country("FR", "France", "Europe"), make_country()
    unit = make_home_unit("GS Engineering")
    for n in range(12):
        make_agreement(
            institution=make_institution(
                f"{'Lyon' if n % 3 else 'Bangkok'} Institute {n}",
                france if n % 2 else thailand,
            ),
            level="department" if n % 4 else "university",
            home_unit=unit if n % 4 else None,
            fee_waiver=bool(n % 5),
            concluded_on=datetime.date(1990 + n, 1, 1) if n % 6 else None,
        )
    everything = engine.search(
        AgreementFilters(sort=sort, **narrowing), size=None, facets=False
    )
    lyon = set(
        Agreement.objects.filter(institution__name__startswith="Lyon").values_list(
            "pk", flat=True
        )
    )
    result = engine.search(
        AgreementFilters(q="lyon", sort=sort, **narrowing), size=None
    )
    assert result.pks == [pk for pk in everything.pks if pk in lyon]
    assert result.count == len(result.pks)
    countries = {e["value"]: e["count"] for e in result.facets["country"]}
    expected = Agreement.objects.filter(pk__in=lyon)
    if "fee_waiver" in narrowing:
        expected = expected.filter(fee_waiver=True)
    if "level" in narrowing:
        expected = expected.filter(level="department")
    assert countries == {
        code: expected.filter(institution__country__iso_code=code).count()
        for code in ("FR", "TH")
        if expected.filter(institution__country__iso_code=code).exists()
    }


def _facet_reference(filters, name, values_of):
    """A facet as its definition reads: the agreements the search finds without
    the facet's own filter, counted by value, most first, then by value."""
    found = engine.search(
        dataclasses.replace(filters, **{name: _NO_FILTER[name]}), size=None
    )
    counts = collections.Counter(
        value
        for agreement in Agreement.objects.filter(pk__in=found.pks)
        if (value := values_of(agreement)) is not None
    )
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return [(value, n) for value, n in ordered]


_NO_FILTER = {
    "region": "",
    "country": "",
    "level": "",
    "home_unit": "",
    "fee_waiver": None,
    "decade": None,
}
_VALUES = {
    "region": lambda a: a.institution.country.region.slug,
    "country": lambda a: a.institution.country.iso_code,
    "level": lambda a: a.level,
    "home_unit": lambda a: a.home_unit.code if a.home_unit else None,
    "fee_waiver": lambda a: a.fee_waiver,
    "decade": lambda a: a.concluded_on.year // 10 * 10 if a.concluded_on else None,
}


def test_each_facet_counts_what_the_search_without_its_filter_finds():
    """Every facet, in several filter combinations, against a count of the
    stored agreements themselves; entries of equal count in the order of
    their values, ties included."""
    random = Random(12)
    countries = [
        make_country("FR", "France", "Europe"),
        make_country("DE", "Germany", "Europe"),
        make_country(),
        make_country("KR", "Korea", "Asia"),
    ]
    units = [make_home_unit(code) for code in ("GS Science", "IMR", "GS Engineering")]
    for n in range(60):
        level = random.choice(["university", "department"])
        year = random.choice([None, 1985, 1999, 2004, 2017])
        make_agreement(
            institution=make_institution(f"Partner {n}", random.choice(countries)),
            level=level,
            home_unit=random.choice(units) if level == "department" else None,
            fee_waiver=random.random() < 0.5,
            concluded_on=datetime.date(year, 4, 1) if year else None,
        )
    for filters in [
        AgreementFilters(),
        AgreementFilters(q="partner"),
        AgreementFilters(region="europe", fee_waiver=True),
        AgreementFilters(q="partner", country="TH", level="department"),
        AgreementFilters(home_unit="IMR", decade=2000),
        AgreementFilters(level="university", decade=1980, fee_waiver=False),
    ]:
        facets = engine.search(filters).facets
        for name, values_of in _VALUES.items():
            got = [(e["value"], e["count"]) for e in facets[name]]
            assert got == _facet_reference(filters, name, values_of), (filters, name)
