"""Every public page passes axe-core (nothing critical or serious), in English
and Japanese, on a desktop and on a phone."""

from __future__ import annotations

import pytest

from accord.importer.importing import load_bundled_edition_if_empty
from accord.registry.models import Institution
from tests.browsing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/?q=lyon&country=FR&fee_waiver=true",
    "/?q=zzzzzz",
    "/where/",
    "/where/?open_to=GS+Engineering&country=FR",
    "/regions/europe/",
    "/countries/france/",
    "/statistics/",
    "/map/",
    "/about/",
]


@pytest.fixture
def bundled(db):
    load_bundled_edition_if_empty()


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("width", [1366, 390])
def test_every_public_page_passes_axe(page, live_server, bundled, language, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    partner = Institution.objects.filter(agreements__isnull=False).first()
    for path in [*PAGES, f"/institutions/{partner.pk}/"]:
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
