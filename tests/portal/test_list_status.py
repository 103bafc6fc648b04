"""Every public page says which list it shows and since when, links to what its
words mean, and names the units its codes stand for."""

from __future__ import annotations

import datetime

import pytest

from tests.factory import make_edition

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/?country=FR",
    "/where/",
    "/where/?open_to=GS+Engineering",
    "/statistics/",
    "/map/",
    "/countries/france/",
    "/regions/europe/",
    "/about/",
]


@pytest.fixture
def edition(tohoku):
    return make_edition(
        as_of=datetime.date(2021, 5, 1),
        title="Academic Exchange Agreements with Foreign Institutions",
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_says_which_list_it_shows_and_since_when(client, edition, url):
    content = client.get(url).content.decode()
    assert "List as of May 1, 2021; last changed " in content
    assert 'href="/about/#fee-waiver"' in content
    assert 'href="/about/#levels"' in content


def test_a_page_says_how_old_the_list_is(client, edition, monkeypatch):
    monkeypatch.setattr(
        "accord.portal.templatetags.portal.today", lambda: datetime.date(2026, 12, 4)
    )
    content = client.get("/").content.decode()
    assert "The list is 5 years old" in content


def test_a_registry_without_a_list_says_so(client, tohoku):
    content = client.get("/").content.decode()
    assert "Agreements entered by staff; last changed " in content


def test_the_about_page_explains_fee_waivers_levels_and_unit_codes(client, edition):
    content = client.get("/about/").content.decode()
    assert 'id="fee-waiver"' in content and 'id="levels"' in content
    assert "application, matriculation and tuition waivers" in content
    assert "open to students of every unit" in content
    assert '<th scope="row">GS Engineering</th><td>Graduate School of Engineering' in (
        content
    )


def test_result_rows_spell_out_unit_codes_and_label_every_field(client, tohoku):
    content = client.get("/", {"q": "nantes"}).content.decode()
    assert '<abbr title="Graduate School of Engineering">GS Engineering</abbr>' in (
        content
    )
    for label in ("Partner", "Country", "Level", "Open to", "Fee waiver"):
        assert f'<span class="cell-label">{label}: </span>' in content
    assert "No waiver" in content


def test_where_spells_out_unit_codes(client, tohoku):
    content = client.get("/where/", {"open_to": "GS Engineering"}).content.decode()
    assert '<abbr title="Graduate School of Engineering">GS Engineering</abbr>' in (
        content
    )
