"""The student's task on the bundled list, in a real browser: a GS Engineering
student looks for partners in France with fees waived, from the search page and
from "Where can I go?", in English and Japanese, on a desktop and on a phone;
and no public page is wider than a phone's screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accord.importer.importing import load_bundled_edition_if_empty
from accord.registry.models import Institution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# The bundled list: 25 university-level agreements in France with fees waived
# (open to every unit) and 11 of GS Engineering's own.
PARTNERS = 36
JAPANESE = {"unit": "工学研究科", "country": "フランス"}
ENGLISH = {"unit": "Graduate School of Engineering", "country": "France"}


@pytest.fixture
def bundled(db):
    load_bundled_edition_if_empty()


def use(page, live_server, language: str, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/")
    if language == "ja":
        page.locator(".language").get_by_role("link", name="日本語").click()
        page.wait_for_selector("html[lang=ja]")
        # The new page's stylesheet too: without it every phone-only part shows.
        page.wait_for_load_state("load")


def open_filters(page, viewport: dict[str, int]) -> None:
    """On a phone the filters follow the results: the control above them jumps."""
    jump = page.locator(".filters-jump a")
    if viewport == PHONE:
        expect(jump).to_be_visible()
        box = jump.bounding_box()
        assert box is not None and box["y"] < PHONE["height"]
        jump.click()
        page.wait_for_url(re.compile("#filters$"))
    else:
        expect(jump).to_be_hidden()


def choose(page, viewport, facet: str, name: str) -> None:
    open_filters(page, viewport)
    link = page.locator(f"#facet-{facet} ~ ul a").filter(has_text=name).first
    if not link.count():
        page.locator(f"#facet-{facet} ~ .more a").click()
        open_filters(page, viewport)
    with page.expect_navigation():
        link.click()


def partners_on_search_page(page) -> set[str]:
    heading = page.locator("#results-heading")
    assert heading.get_attribute("data-count") == str(PARTNERS)
    links = page.locator("#results tbody tr td:first-child > a")
    return set(links.all_inner_texts())


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_student_finds_the_same_partners_from_either_page(
    page, live_server, bundled, language, viewport
):
    names = JAPANESE if language == "ja" else ENGLISH
    use(page, live_server, language, viewport)
    choose(page, viewport, "open_to", names["unit"])
    choose(page, viewport, "country", names["country"])
    open_filters(page, viewport)
    with page.expect_navigation():
        page.locator("#facet-fee_waiver ~ ul a[href*='fee_waiver=true']").click()
    assert "open_to=GS+Engineering" in page.url
    assert "country=FR" in page.url
    found_by_search = partners_on_search_page(page)
    chips = page.locator(".chips").inner_text()
    assert names["unit"] in chips and names["country"] in chips

    page.goto(live_server.url + "/where/")
    page.locator("#open_to").select_option("GS Engineering")
    page.locator("#fee_waiver").check()
    page.locator(".where-form button[type=submit]").click()
    page.locator("#country").select_option("FR")
    page.locator(".where-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"country=FR"))
    heading = page.locator("#where-results")
    assert heading.get_attribute("data-agreements") == str(PARTNERS)
    assert names["country"] in page.locator(".country-group h3").inner_text()
    found_by_where = set(page.locator(".partner > a").all_inner_texts())
    assert found_by_where == found_by_search
    assert len(found_by_where) == PARTNERS
    with page.expect_navigation():
        page.locator(".where-total a").click()
    assert partners_on_search_page(page) == found_by_search


def public_pages() -> list[str]:
    lyon = Institution.objects.get(name="École Centrale de Lyon")
    longest = max(Institution.objects.all(), key=lambda i: len(i.name))
    return [
        "/",
        "/?open_to=GS+Engineering&country=FR&fee_waiver=true",
        "/where/",
        "/where/?open_to=GS+Engineering",
        "/regions/europe/",
        "/regions/south-and-central-america/",
        "/countries/france/",
        "/countries/united-states/",
        f"/institutions/{lyon.pk}/",
        f"/institutions/{longest.pk}/",
        "/statistics/",
        "/map/",
        "/about/",
    ]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_no_public_page_is_wider_than_a_phone(page, live_server, bundled, language):
    use(page, live_server, language, PHONE)
    wide = {}
    for url in public_pages():
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[url] = width
    assert wide == {}


def test_chart_labels_stay_legible_on_a_phone(page, live_server, bundled):
    use(page, live_server, "en", PHONE)
    page.goto(live_server.url + "/statistics/")
    heights = page.evaluate(
        "[...document.querySelectorAll('.chart text')]"
        ".map(t => t.getBoundingClientRect().height).filter(h => h > 0)"
    )
    assert heights and min(heights) >= 10


def test_result_cards_say_what_each_value_is_on_a_phone(page, live_server, bundled):
    use(page, live_server, "en", PHONE)
    page.goto(live_server.url + "/?q=institute+of+physics")
    card = page.locator("#results tbody tr").first.inner_text()
    assert re.search(r"Fee waiver: (Fees waived|No waiver)", card)
    assert re.search(r"Concluded: \d{4}-\d{2}-\d{2}", card)
