"""The portal in Japanese: countries and regions named by CLDR, units by their
official Japanese names, on every page that names them; and search in Japanese."""

from __future__ import annotations

import pytest

from tests.factory import make_agreement, make_country, make_institution


@pytest.fixture
def ja(client):
    client.get("/language/ja/")
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("/", ["フランス", "タイ", "ヨーロッパ", "アジア", "工学研究科"]),
        ("/?country=FR&open_to=GS+Engineering", ["フランス", "工学研究科"]),
        ("/where/?open_to=GS+Engineering", ["フランス", "タイ", "工学研究科"]),
        ("/regions/europe/", ["ヨーロッパ", "フランス", "ドイツ"]),
        ("/countries/france/", ["フランス", "ヨーロッパ"]),
        ("/statistics/", ["フランス", "ヨーロッパ", "アジア"]),
        ("/map/", ["フランス", "タイ"]),
        ("/about/", ["工学研究科"]),
    ],
)
def test_it_names_places_and_units_in_japanese(ja, tohoku, url, names):
    content = page(ja, url)
    assert [name for name in names if name not in content] == []


def test_the_institution_page_names_its_country_and_region(ja, tohoku):
    content = page(ja, f"/institutions/{tohoku['lyon'].pk}/")
    assert "フランス" in content
    assert "ヨーロッパ" in content


def test_a_region_cldr_has_no_code_for_is_named_by_the_catalog(ja, tohoku):
    iran = make_country("IR", "Iran", "Middle East")
    make_agreement(institution=make_institution("University of Tehran", iran))
    content = page(ja, "/statistics/")
    assert "中東" in content
    assert "イラン" in content


def test_english_keeps_the_list_s_own_names(client, tohoku):
    content = page(client, "/?country=FR")
    assert "France" in content
    assert "フランス" not in content


@pytest.mark.parametrize(
    ("query", "partner", "absent"),
    [
        ("タイ", "Chulalongkorn University", "École Centrale"),
        ("フランス", "École Centrale de Lyon", "Chulalongkorn"),
        ("工学研究科", "École Centrale de Nantes", "Université de Strasbourg"),
    ],
)
def test_it_searches_in_japanese(ja, tohoku, query, partner, absent):
    content = page(ja, f"/?q={query}")
    rows = content.split('id="results"', 1)[1]
    assert partner in rows
    assert absent not in rows
