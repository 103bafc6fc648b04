"""`network`: three home universities in one registry, for the tests of
issue 15 (the API and filters, exports, the portal's spaces)."""

from __future__ import annotations

import pytest

from accord.importer.importing import load_bundled_edition_if_empty
from accord.registry import services
from accord.registry.models import Agreement, Country, HomeUnit, HomeUniversity
from tests.factory import make_agreement, make_institution


@pytest.fixture
def network(db):
    """Tohoku (the 2021 list), Kita and Minami: both new ones have a
    "GS Engineering" like Tohoku's and agreements with partners Tohoku has."""
    load_bundled_edition_if_empty()
    tohoku = HomeUniversity.objects.get()
    shared = list(
        Agreement.objects.in_force()
        .filter(level="university")
        .order_by("pk")
        .values_list("institution", flat=True)[:2]
    )
    japan = Country.objects.get(iso_code="JP")
    made = {"tohoku": tohoku}
    for slug, name in (("kita", "Kita University"), ("minami", "Minami University")):
        home = services.create_home_university(slug=slug, name=name, country=japan)
        unit = HomeUnit.objects.create(home_university=home, code="GS Engineering")
        for pk in shared:
            make_agreement(home_university=home, institution_id=pk)
            make_agreement(
                home_university=home,
                institution_id=pk,
                level=Agreement.Level.DEPARTMENT,
                home_unit=unit,
            )
        made[slug] = home
    # Only Minami works with this partner.
    make_agreement(
        home_university=made["minami"],
        institution=make_institution("Minami Partner College", japan),
    )
    return made
