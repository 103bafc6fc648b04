"""The language switch: plain links, so that a public page sets no cookie and
does not vary on one for an anonymous visitor until they choose a language;
the switch keeps the choice and returns only to a page of its own space."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from accord.registry.models import Agreement

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def varies_on_cookie(response) -> bool:
    vary = response.get("Vary", "")
    return "cookie" in [part.strip().lower() for part in vary.split(",")]


def switch_links(response) -> dict[str, str]:
    """The switch's links by language, as a visitor would follow them."""
    nav = re.search(r'<nav class="language".*?</nav>', response.content.decode(), re.S)
    assert nav, "no language switch on the page"
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)"', nav[0])
    return {code: href.replace("&amp;", "&") for href, code in links}


def partner(slug: str) -> int:
    return Agreement.objects.filter(home_university__slug=slug).first().institution_id


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?q=lyon&country=FR",
        "/where/?open_to=GS+Engineering",
        "/institutions/{tohoku}/",
        "/countries/japan/",
        "/about/",
        "/u/kita/",
        "/u/kita/?q=university",
        "/u/kita/institutions/{kita}/",
        "/u/kita/countries/japan/",
    ],
)
def test_a_public_page_sets_no_cookie_for_an_anonymous_visitor(client, network, url):
    response = client.get(url.format(tohoku=partner("tohoku"), kita=partner("kita")))
    assert response.status_code == 200
    assert dict(response.cookies) == {}
    assert not varies_on_cookie(response)
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_switch_is_a_link_per_language_that_crawlers_leave_alone(client, network):
    content = client.get("/where/").content.decode()
    assert '<span lang="en" aria-current="true">English</span>' in content
    assert 'hreflang="ja" rel="nofollow">日本語</a>' in content
    assert switch_links(client.get("/where/?open_to=GS+Engineering")) == {
        "ja": "/language/ja/?next=/where/%3Fopen_to%3DGS%2BEngineering"
    }


def test_the_switch_keeps_the_language_and_returns_to_the_page(client, network):
    response = client.get(
        switch_links(client.get("/where/?open_to=GS+Engineering"))["ja"]
    )
    assert response.status_code == 302
    assert response["Location"] == "/where/?open_to=GS+Engineering"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "ja"
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert response["Cache-Control"] == "private, no-store"


def test_a_space_s_switch_returns_to_the_space(client, network):
    links = switch_links(client.get("/u/kita/where/?open_to=GS+Engineering"))
    assert links["ja"].startswith("/u/kita/language/ja/?next=")
    response = client.get(links["ja"])
    assert response["Location"] == "/u/kita/where/?open_to=GS+Engineering"
    assert response.cookies[COOKIE].value == "ja"


@pytest.mark.parametrize(
    ("switch", "target", "home"),
    [
        ("/language/ja/", "https://evil.example/", "/"),
        ("/language/ja/", "//evil.example", "/"),
        ("/language/ja/", "///evil.example/", "/"),
        ("/language/ja/", "/\\evil.example", "/"),
        ("/language/ja/", "https:evil.example", "/"),
        ("/language/ja/", "javascript:alert(1)", "/"),
        ("/language/ja/", "http://testserver.evil.example/", "/"),
        ("/language/ja/", "", "/"),
        ("/language/ja/", "/staff/", "/"),
        ("/language/ja/", "/u/kita/where/", "/"),
        ("/u/kita/language/ja/", "/where/", "/u/kita/"),
        ("/u/kita/language/ja/", "/u/minami/where/", "/u/kita/"),
        ("/u/kita/language/ja/", "https://evil.example/u/kita/", "/u/kita/"),
    ],
)
def test_a_next_that_leaves_the_space_goes_to_its_search_page(
    client, network, switch, target, home
):
    response = client.get(switch, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == home
    assert response.cookies[COOKIE].value == "ja"


def test_a_next_on_this_site_given_in_full_keeps_its_path(client, network):
    response = client.get("/language/ja/", {"next": "http://testserver/map/?x=1"})
    assert response["Location"] == "/map/?x=1"


@pytest.mark.parametrize("code", ["de", "xx", "EN", "ja-jp"])
def test_an_unknown_language_is_refused_and_sets_no_cookie(client, network, code):
    response = client.get(f"/language/{code}/", {"next": "/"})
    assert response.status_code == 404
    assert COOKIE not in response.cookies


def test_after_switching_the_pages_come_in_japanese(client, network):
    client.get(switch_links(client.get("/u/kita/"))["ja"])
    for url in ("/where/", "/u/kita/where/", "/countries/japan/"):
        response = client.get(url)
        content = response.content.decode()
        assert '<html lang="ja">' in content
        assert "どこに行けますか" in content
        assert '<span lang="ja" aria-current="true">日本語</span>' in content
        assert dict(response.cookies) == {}
    back = switch_links(client.get("/where/"))["en"]
    client.get(back)
    assert '<html lang="en">' in client.get("/where/").content.decode()


def test_djangos_own_switch_still_answers_a_post(client, network):
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/where/"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "ja"
