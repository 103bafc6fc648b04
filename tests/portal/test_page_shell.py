"""The page's shell (head links, header, footer) is rendered once and kept: what
it shows must still follow the page, the language, the space and the data."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

import pytest

from accord.registry.models import HomeUniversity
from tests.factory import make_edition

pytestmark = pytest.mark.django_db


def language_link(content: str, code: str) -> str:
    nav = re.search(r'<nav class="language".*?</nav>', content, re.S)
    assert nav
    found = re.search(rf'<a href="([^"]+)" lang="{code}"', nav[0])
    assert found, f"no link to {code}"
    return found[1].replace("&amp;", "&")


def current_menu_entry(content: str) -> str:
    found = re.search(r'<a href="([^"]+)" aria-current="page">', content)
    assert found
    return found[1]


@pytest.mark.parametrize(
    "url",
    ["/?q=chiang+mai", "/?q=lyon&country=FR", "/?q=%C3%A9cole+%26+co", "/where/"],
)
def test_each_page_s_language_links_return_to_that_page(client, tohoku, url):
    client.get("/?q=first")  # the shell is now kept
    content = client.get(url).content.decode()
    assert language_link(content, "ja") == f"/language/ja/?next={quote(url, safe='/')}"
    assert "\x00" not in content


@pytest.mark.parametrize(
    ("url", "entry"),
    [
        ("/", "/"),
        ("/where/", "/where/"),
        ("/map/", "/map/"),
        ("/statistics/", "/statistics/"),
        ("/about/", "/about/"),
        ("/countries/france/", None),
    ],
)
def test_the_menu_marks_the_page_s_own_entry(client, tohoku, url, entry):
    for other in ("/", "/where/", "/about/"):
        client.get(other)
    content = client.get(url).content.decode()
    if entry is None:
        assert 'aria-current="page"' not in content
    else:
        assert current_menu_entry(content) == entry


def test_the_shell_follows_the_language(client, tohoku):
    english = client.get("/").content.decode()
    client.get("/language/ja/", {"next": "/"})
    japanese = client.get("/").content.decode()
    assert "Skip to main content" in english
    assert "Skip to main content" not in japanese
    assert '<html lang="ja">' in japanese


def test_the_list_status_follows_a_new_edition_without_a_restart(client, tohoku):
    make_edition(as_of=datetime.date(2021, 5, 1))
    assert "List as of May 1, 2021" in client.get("/").content.decode()
    make_edition(as_of=datetime.date(2022, 4, 1))
    content = client.get("/").content.decode()
    assert "List as of April 1, 2022" in content
    assert "May 1, 2021" not in content


def test_a_renamed_university_s_space_shows_its_new_name(client, tohoku):
    university = HomeUniversity.objects.get()
    university.slug = university.slug or "tohoku"
    university.save()
    space = f"/u/{university.slug}/"
    assert f"{university.name}: " in client.get(space).content.decode()
    university.name = "Tohoku Imperial University"
    university.save()
    content = client.get(space).content.decode()
    assert "Tohoku Imperial University: Exchange partners" in content
