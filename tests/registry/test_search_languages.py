"""Search in either language: a country or a home unit named in Japanese (or in
any script an alias is written in) finds what its English name finds."""

from __future__ import annotations

import pytest

from accord.registry import engine
from accord.registry.filters import AgreementFilters
from accord.registry.models import Agreement, InstitutionAlias
from tests.factory import make_agreement, make_country, make_home_unit, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    """One partner in each of five countries, each holding one agreement of a
    unit: Thailand and Taiwan romanize alike ("タイ" is "tai", "台湾" "tai wan")."""
    engineering = make_home_unit(
        "GS Engineering",
        full_name="Graduate School of Engineering",
        name_ja="工学研究科",
    )
    science = make_home_unit(
        "GS Science", full_name="Graduate School of Science", name_ja="理学研究科"
    )
    found = {}
    for iso, country, partner, unit in [
        ("TH", "Thailand", "Chulalongkorn University", engineering),
        ("TW", "Taiwan", "National Taiwan University", science),
        ("FR", "France", "École Centrale de Lyon", engineering),
        ("CN", "China", "Tsinghua University", science),
        ("KR", "South Korea", "Seoul National University", science),
    ]:
        institution = make_institution(partner, make_country(iso, country, "Asia"))
        make_agreement(institution=institution, level="department", home_unit=unit)
        found[iso] = institution
    return found


def countries_found(query: str) -> list[str]:
    result = engine.search(AgreementFilters(q=query), size=None, facets=False)
    agreements = Agreement.objects.filter(pk__in=result.pks)
    return sorted({a.institution.country.iso_code for a in agreements})


@pytest.mark.parametrize(
    ("query", "countries"),
    [
        ("タイ", ["TH"]),
        ("ﾀｲ", ["TH"]),  # half-width katakana
        ("thailand", ["TH"]),
        ("台湾", ["TW"]),
        ("フランス", ["FR"]),
        ("中国", ["CN"]),
        ("韓国", ["KR"]),
    ],
)
def test_it_finds_a_country_by_its_name_in_either_language(partners, query, countries):
    assert countries_found(query) == countries


@pytest.mark.parametrize(
    "query", ["工学研究科", "GS Engineering", "graduate school of engineering"]
)
def test_it_finds_the_agreements_a_unit_holds_by_its_code_or_either_name(
    partners, query
):
    result = engine.search(AgreementFilters(q=query), size=None, facets=False)
    units = {a.home_unit.code for a in Agreement.objects.filter(pk__in=result.pks)}
    assert units == {"GS Engineering"}
    assert countries_found(query) == ["FR", "TH"]


def test_a_japanese_word_is_not_forgiven_as_a_typo_of_another(partners):
    # "工学研究所" is one character away from "工学研究科": not the same unit.
    assert countries_found("工学研究所") == []


def test_it_finds_a_partner_by_an_alias_staff_added_in_any_script(partners):
    InstitutionAlias.objects.create(
        institution=partners["TH"], name="チュラーロンコーン大学"
    )
    InstitutionAlias.objects.create(institution=partners["CN"], name="清华大学")
    InstitutionAlias.objects.create(institution=partners["KR"], name="서울대학교")
    InstitutionAlias.objects.create(
        institution=partners["FR"], name="Центральная школа Лиона"
    )
    assert countries_found("チュラーロンコーン") == ["TH"]
    assert countries_found("清华") == ["CN"]
    assert countries_found("서울대학교") == ["KR"]
    assert countries_found("Центральная школа") == ["FR"]
    assert engine.matching_institutions("清华大学") == [partners["CN"].pk]
