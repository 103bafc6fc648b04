"""A partner's identifiers (ROR id, Erasmus code, SCHAC code, website, city):
stored in one form through the services, refused when malformed or held by
another institution, found by the search, carried over by a merge."""

from __future__ import annotations

import pytest

from accord.registry import merging, services
from accord.registry.duplicates import find_duplicates, identifier_keys
from accord.registry.engine import matching_institutions
from accord.registry.models import Institution
from accord.registry.services import InvalidWrite
from tests.factory import make_agreement, make_country, make_institution, make_user

pytestmark = pytest.mark.django_db
TOHOKU = "01dq60k83"


def a_partner(**identifiers: object) -> Institution:
    return services.create_institution(
        name="Tohoku University", country=make_country("JP", "Japan"), **identifiers
    )


def test_it_stores_every_identifier_in_one_form():
    partner = a_partner(
        ror_id=f"https://ror.org/{TOHOKU.upper()}",
        erasmus_code="j sendai01",
        schac_code="Tohoku.ac.jp",
        website="https://www.tohoku.ac.jp/en/",
        city="  Sendai ",
    )
    partner.refresh_from_db()
    assert (
        partner.ror_id,
        partner.erasmus_code,
        partner.schac_code,
        partner.website,
        partner.city,
    ) == (
        TOHOKU,
        "J  SENDAI01",
        "tohoku.ac.jp",
        "https://www.tohoku.ac.jp/en/",
        "Sendai",
    )
    assert partner.history.get().ror_id == TOHOKU


def test_a_full_ror_url_fits_where_twenty_characters_did_not():
    # Issue 16: the field was capped at 20 characters, so the URL was refused.
    url = "https://ror.org/01dq60k83"
    assert len(url) > 20
    assert a_partner(ror_id=url).ror_id == TOHOKU


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ror_id", "01dq60k84", "fails its checksum"),
        ("ror_id", "tohoku", "is not a ROR id"),
        ("erasmus_code", "SENDAI", "is not an Erasmus code"),
        ("schac_code", "tohoku", "is not a SCHAC code"),
        ("website", "tohoku.ac.jp", "is not a web address"),
        ("website", "javascript:alert(1)", "is not a web address"),
        ("city", "x" * 101, "is longer than 100"),
    ],
)
def test_it_refuses_a_malformed_identifier(field, value, message):
    with pytest.raises(InvalidWrite) as refused:
        a_partner(**{field: value})
    assert (refused.value.field, message in refused.value.message) == (field, True)
    assert not Institution.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ror_id", TOHOKU),
        ("erasmus_code", "J  SENDAI01"),
        ("schac_code", "tohoku.ac.jp"),
    ],
)
def test_the_same_identifier_twice_is_the_same_institution(field, value):
    kept = a_partner(**{field: value})
    other = make_institution("Tohoku Univ.", make_country("JP", "Japan"))
    with pytest.raises(InvalidWrite) as refused:
        services.update_institution(other, version=1, **{field: value})
    assert refused.value.field == field
    assert f"belongs to Tohoku University (#{kept.pk})" in refused.value.message
    assert "merge them" in refused.value.message


def test_duplicate_detection_pairs_institutions_sharing_an_identifier():
    rows = [
        (1, "Tohoku University", (), "JP", identifier_keys(TOHOKU)),
        (2, "東北大学", (), "JP", identifier_keys(TOHOKU)),
        (
            3,
            "Sendai College",
            (),
            "JP",
            identifier_keys(website="https://sendai.ac.jp"),
        ),
        (4, "Other", (), "FR", identifier_keys(website="https://www.sendai.ac.jp/x")),
    ]
    pairs = [
        (p.first_id, p.second_id, p.score, p.first_match) for p in find_duplicates(rows)
    ]
    assert pairs == [
        (3, 4, 100.0, "web sendai.ac.jp"),
        (1, 2, 100.0, f"ror {TOHOKU}"),
    ]


def test_the_search_finds_a_partner_by_its_city():
    partner = a_partner(city="Sendai")
    make_agreement(institution=partner)
    make_agreement(institution=make_institution("Mahidol University"))
    assert matching_institutions("sendai") == [partner.pk]
    assert matching_institutions("Sendai Tohoku") == [partner.pk]


def test_a_merge_carries_the_identifiers_over_and_its_undo_takes_them_back():
    japan = make_country("JP", "Japan")
    kept = services.create_institution(name="Tohoku University", country=japan)
    away = services.create_institution(
        name="Tohoku Univ.",
        country=japan,
        ror_id=TOHOKU,
        website="https://www.tohoku.ac.jp/",
        city="Sendai",
    )
    merge = merging.merge_institutions(kept, away)
    kept.refresh_from_db()
    assert (kept.ror_id, kept.website, kept.city) == (
        TOHOKU,
        "https://www.tohoku.ac.jp/",
        "Sendai",
    )
    restored = merging.unmerge_institutions(merge, by=make_user("admin"))
    kept.refresh_from_db()
    assert (kept.ror_id, kept.website, kept.city) == (None, "", "")
    assert (restored.ror_id, restored.city) == (TOHOKU, "Sendai")
