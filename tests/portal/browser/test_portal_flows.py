"""The portal in a real browser, including the issue's three "done when" questions,
on data that mirrors the bundled list's rows (tests/portal/conftest.py)."""

from __future__ import annotations

import csv
import io
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


POINT_ON_SHAPE = """path => {
  const box = path.getBoundingClientRect();
  for (let y = box.top + 1; y < box.bottom; y += 2) {
    for (let x = box.left + 1; x < box.right; x += 2) {
      if (document.elementFromPoint(x, y) === path) return [x, y];
    }
  }
  throw new Error("no visible point on the shape");
}"""


def results_text(page) -> str:
    return page.locator("#results table").inner_text()


def test_search_updates_as_you_type_and_back_restores_it(page, live_server, tohoku):
    page.goto(live_server.url + "/")
    page.get_by_label("Partner, city, department or country").fill("chulalongkorm")
    page.wait_for_url(re.compile(r"\?q=chulalongkorm$"))
    page.locator("#results").get_by_text("Chulalongkorn University").first.wait_for()
    assert "École Centrale" not in results_text(page)
    page.get_by_label("Partner, city, department or country").fill("ecole centrale")
    page.wait_for_url(re.compile(r"\?q=ecole\+centrale$"))
    page.locator("#results").get_by_text("École Centrale de Nantes").wait_for()
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=chulalongkorm$"))
    page.locator("#results").get_by_text("Chulalongkorn University").first.wait_for()
    assert page.get_by_label("Partner, city, department or country").input_value() == (
        "chulalongkorm"
    )


def test_facets_narrow_the_results_and_the_chip_removes_them(page, live_server, tohoku):
    page.goto(live_server.url + "/")
    page.locator("#facet-country ~ ul").get_by_role(
        "link", name=re.compile("^France")
    ).click()
    page.wait_for_url(re.compile(r"\?country=FR$"))
    page.get_by_role("heading", name="4 agreements").wait_for()
    assert "Thailand" not in results_text(page)
    page.get_by_role("link", name=re.compile("Remove the Country filter")).click()
    page.wait_for_url(live_server.url + "/")
    page.get_by_role("heading", name="10 agreements").wait_for()


def test_done_when_france_engineering_fees_waived(page, live_server, tohoku):
    """Which partners in France can a GS Engineering student go to with fees waived?"""
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Where can I go?").first.click()
    page.get_by_label("Your home unit").select_option("GS Engineering")
    page.get_by_label("Only agreements with tuition fees waived").check()
    page.get_by_role("button", name="Show partners").click()
    page.get_by_label("Country").select_option("FR")
    page.get_by_role("button", name="Show partners").click()
    page.wait_for_url(re.compile(r"open_to=GS\+Engineering.*fee_waiver=true.*"))
    heading = page.get_by_role(
        "heading", name=re.compile("partner open to GS Engineering")
    )
    assert heading.inner_text() == "1 partner open to GS Engineering"
    partners = page.locator(".partner > a").all_inner_texts()
    assert partners == ["École Centrale de Lyon"]
    assert "open to every unit" in page.locator(".lead").inner_text()


def test_done_when_since_when_chulalongkorn_and_which_units(page, live_server, tohoku):
    """Since when do we have an agreement with Chulalongkorn, which units hold one?"""
    page.goto(live_server.url + "/")
    page.get_by_label("Partner, city, department or country").fill("Chulalongkorn")
    page.keyboard.press("Enter")
    page.locator("#results").get_by_role(
        "link", name="Chulalongkorn University"
    ).first.click()
    page.get_by_role("heading", name="Chulalongkorn University", level=1).wait_for()
    rows = page.locator("table.agreements tbody tr").all_inner_texts()
    assert any("University level" in r and "2002-06-04" in r for r in rows)
    units = {u for u in ("GS Dentistry", "GS Engineering") if any(u in r for r in rows)}
    assert units == {"GS Dentistry", "GS Engineering"}


def test_done_when_agreements_per_year_since_2000(page, live_server, tohoku):
    """How many agreements did we conclude per year since 2000?"""
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Statistics").click()
    page.get_by_role("heading", name="Agreements concluded per year").wait_for()
    assert page.locator("svg.timeline rect").count() > 0
    page.get_by_text("Numbers per year").click()
    table = page.locator("#per-year")
    counts = {}
    for row in table.locator("tbody tr").all():
        year, total = row.locator("th, td").all_inner_texts()[:2]
        counts[int(year)] = int(total)
    since_2000 = {y: n for y, n in counts.items() if y >= 2000}
    assert since_2000 == {2000: 1, 2002: 1, 2005: 1, 2006: 1, 2008: 1, 2011: 1, 2014: 1}


def test_the_institution_page_lists_both_levels(page, live_server, tohoku):
    page.goto(f"{live_server.url}/institutions/{tohoku['lyon'].pk}/")
    text = page.locator("table.agreements").inner_text()
    assert "University level" in text and "Department level" in text
    assert "date unknown" in text
    page.get_by_role("link", name="France").first.click()
    page.get_by_role("heading", name="France", level=1).wait_for()


def test_a_click_on_the_map_opens_the_country(page, live_server, tohoku):
    page.goto(live_server.url + "/map/")
    # A shape's centre may be sea (France's box spans French Guiana): click a
    # point where the shape itself is on top.
    x, y = page.locator('a[data-country="FR"] path').evaluate(POINT_ON_SHAPE)
    page.mouse.click(x, y)
    page.wait_for_url(live_server.url + "/countries/france/")
    page.get_by_role("heading", name="France", level=1).wait_for()
    page.go_back()
    assert page.get_by_role("link", name="Singapore").count() >= 1


def test_the_language_switch_translates_the_page(page, live_server, tohoku):
    page.goto(live_server.url + "/where/?open_to=GS+Engineering")
    assert page.context.cookies() == []
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="日本語"
    ).click()
    page.wait_for_url(live_server.url + "/where/?open_to=GS+Engineering")
    page.get_by_role("heading", name=re.compile("^どこに行けますか")).wait_for()
    assert page.locator("html").get_attribute("lang") == "ja"
    switch = page.get_by_role("navigation", name="言語")
    assert switch.locator("[aria-current=true]").inner_text() == "日本語"
    assert [c["name"] for c in page.context.cookies()] == ["django_language"]


def test_the_language_switch_keeps_a_search_typed_since_the_page_loaded(
    page, live_server, tohoku
):
    page.goto(live_server.url + "/")
    page.get_by_label("Partner, city, department or country").fill("lyon")
    page.wait_for_url(re.compile(r"\?q=lyon$"))
    page.locator(".language").get_by_role("link", name="日本語").click()
    page.wait_for_selector("html[lang=ja]")
    assert page.url == live_server.url + "/?q=lyon"


def test_results_download_as_csv(page, live_server, tohoku):
    page.goto(live_server.url + "/?country=FR")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "agreements.csv"
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert {r["country_code"] for r in rows} == {"FR"}
    assert len(rows) == 4


def test_the_portal_works_from_the_keyboard(page, live_server, tohoku):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    search = page.get_by_label("Partner, city, department or country")
    assert search.evaluate("el => el === document.activeElement")
    outline = search.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.type("nantes")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=nantes$"))
    page.locator("#results").get_by_text("École Centrale de Nantes").wait_for()
    # Tab on into the facets and follow one with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        if focused.strip().startswith("Department level"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"level=department"))
