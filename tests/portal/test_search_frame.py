"""The search page from its frame (`portal.results.search_page`): rendered
once per menu entry, language, space, data version and day, with or without a
text query, and each request's own values put where its marks are."""

from __future__ import annotations

import re

import pytest
from django.test.signals import template_rendered

from accord.portal import results
from tests.factory import make_agreement, make_country, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def frames_rendered():
    results.FRAMES.clear()
    names: list[str] = []

    def seen(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(seen)
    yield lambda: names.count("portal/home.html")
    template_rendered.disconnect(seen)


def title(content: str) -> str:
    return re.search(r"<title>(.*)</title>", content)[1]


def test_searches_share_a_frame_and_each_shows_its_own_values(
    client, tohoku, frames_rendered
):
    lyon = client.get("/", {"q": "lyon", "country": "FR"}).content.decode()
    chula = client.get("/", {"q": "chula", "level": "university"}).content.decode()
    assert frames_rendered() == 1
    assert title(lyon) == "lyon · Search partners · Accord"
    assert title(chula) == "chula · Search partners · Accord"
    assert 'value="lyon"' in lyon and 'value="chula"' in chula
    assert '<input type="hidden" name="country" value="FR">' in lyon
    assert '<input type="hidden" name="level" value="university">' in chula
    assert 'name="country"' not in chula
    assert "École Centrale de Lyon" in lyon and "Chulalongkorn" in chula
    assert "Chulalongkorn" not in lyon
    # The language links return to each page's own address.
    assert "?next=/%3Fq%3Dlyon%26country%3DFR" in lyon
    assert "?next=/%3Fq%3Dchula%26level%3Duniversity" in chula
    assert "\x00" not in lyon + chula


def test_a_page_without_a_text_query_has_a_frame_of_its_own(
    client, tohoku, frames_rendered
):
    assert title(client.get("/", {"country": "FR"}).content.decode()) == (
        "Search partners · Accord"
    )
    client.get("/", {"q": "lyon"})
    assert frames_rendered() == 2


def test_each_language_has_its_frame(client, tohoku, frames_rendered):
    english = client.get("/", {"q": "lyon"}).content.decode()
    client.get("/language/ja/")
    japanese = client.get("/", {"q": "lyon"}).content.decode()
    assert frames_rendered() == 2
    assert '<html lang="en">' in english and '<html lang="ja">' in japanese


def test_a_write_gives_a_new_frame(client, tohoku, frames_rendered):
    client.get("/", {"q": "lyon"})
    make_agreement(institution=make_institution("Lyon Partner", make_country()))
    page = client.get("/", {"q": "lyon"}).content.decode()
    assert frames_rendered() == 2
    assert "Lyon Partner" in page


def test_the_query_is_escaped_wherever_the_page_shows_it(client, tohoku):
    content = client.get("/", {"q": 'lyon"><i>'}).content.decode()
    assert "<i>" not in content
    assert title(content) == "lyon&quot;&gt;&lt;i&gt; · Search partners · Accord"
    assert 'value="lyon&quot;&gt;&lt;i&gt;"' in content


def test_the_page_context_is_the_search_s_not_the_frame_s(client, tohoku):
    response = client.get("/", {"q": "lyon"})
    assert "Lyon" in response.context["results"]
    assert response.context["filters"].q == "lyon"
