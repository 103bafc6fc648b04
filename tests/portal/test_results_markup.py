"""The results part of the search page (`portal.results`): the count said in
each language, every value from the query escaped, the pages and the empty
list, as the template that once wrote them wrote them."""

from __future__ import annotations

import re

import pytest

from tests.factory import make_agreement, make_country, make_institution

pytestmark = pytest.mark.django_db


def heading(content: str) -> str:
    return re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', content).group(0)


def test_the_count_is_said_singular_plural_and_in_japanese(client, tohoku):
    one = client.get("/", {"q": "chiang mai"}).content.decode()
    assert heading(one) == (
        '<h2 id="results-heading" data-count="1" tabindex="-1">1 agreement</h2>'
    )
    several = client.get("/", {"country": "FR"}).content.decode()
    assert heading(several).endswith('tabindex="-1">4 agreements</h2>')
    client.get("/language/ja/")
    japanese = client.get("/", {"country": "FR"}).content.decode()
    assert heading(japanese).endswith('tabindex="-1">協定 4 件</h2>')
    assert "絞り込み" in japanese  # the texts around it too


def test_every_value_from_the_query_is_escaped(client, tohoku):
    # Punctuation is no part of a search word: this finds Chiang Mai.
    found = client.get("/", {"q": 'chiang & "mai"', "fee_waiver": "true"})
    content = found.content.decode()
    chips = content.split('class="chips"', 1)[1].split("</ul>", 1)[0]
    assert ">Text: chiang &amp; &quot;mai&quot; <span" in chips
    assert 'href="/?fee_waiver=true&amp;sort=relevance"' in chips
    downloads = content.split('class="downloads"', 1)[1].split("</p>", 1)[0]
    query = "?q=chiang+%26+%22mai%22&amp;fee_waiver=true"
    assert f'href="/results.csv{query}" download>CSV' in downloads
    nothing = client.get("/", {"q": "<b onclick=x>"}).content.decode()
    assert "<b onclick" not in nothing
    assert "Remove the Text filter (&lt;b onclick=x&gt;)" in nothing


def test_the_pages_link_each_other(client, tohoku):
    thailand = make_country()
    for n in range(12):
        make_agreement(institution=make_institution(f"Partner {n:02}", thailand))
    content = client.get("/", {"q": "partner", "page_size": "5", "page": "2"})
    nav = content.content.decode().split('<nav class="pagination"', 1)[1]
    nav = nav.split("</nav>", 1)[0]
    assert 'href="/?q=partner&amp;page_size=5&amp;page=1" rel="prev">Previous' in nav
    assert "<span>Page 2 of 3</span>" in nav
    assert 'href="/?q=partner&amp;page_size=5&amp;page=3" rel="next">Next' in nav
    last = client.get("/", {"q": "partner", "page_size": "5", "page": "3"})
    assert 'rel="next"' not in last.content.decode()


def test_an_empty_registry_says_where_else_to_look(client, db):
    nothing = client.get("/").content.decode()
    assert "<strong>No partners match.</strong>" in nothing
    assert "<p>Try fewer words, or browse the world map.</p>" in nothing
    assert "<table" not in nothing


def test_an_empty_list_offers_to_remove_each_filter(client, tohoku):
    narrowed = client.get("/", {"q": "lyon", "country": "TH"}).content.decode()
    empty = narrowed.split('<div class="empty"', 1)[1].split("</div>", 1)[0]
    assert "Try fewer words" not in empty
    assert '<li><a href="/?q=lyon">Remove the Country filter (TH)</a></li>' in empty
    assert "Remove the Text filter (lyon)" in empty
