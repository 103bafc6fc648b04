"""A partner's identifiers on its public page, and the search box's promise:
a partner is found by its city."""

from __future__ import annotations

import pytest

from accord.registry import services

pytestmark = pytest.mark.django_db


def test_the_partner_page_shows_its_identifiers(client, tohoku):
    chula = tohoku["chula"]
    before = client.get(f"/institutions/{chula.pk}/").content.decode()
    assert "ROR id" not in before  # nothing shown while unknown
    services.update_institution(
        chula,
        version=chula.version,
        ror_id="https://ror.org/028wp3y58",
        erasmus_code="TH BANGKOK01",
        schac_code="chula.ac.th",
        website="https://www.chula.ac.th/en/",
        city="Bangkok",
    )
    content = client.get(f"/institutions/{chula.pk}/").content.decode()
    assert '<a href="https://ror.org/028wp3y58" rel="nofollow noopener">' in content
    assert "TH BANGKOK01" in content
    assert "chula.ac.th" in content
    assert 'href="https://www.chula.ac.th/en/"' in content
    assert "<dd>Bangkok</dd>" in content


def test_the_search_box_finds_a_partner_by_its_city(client, tohoku):
    lyon = tohoku["lyon"]
    services.update_institution(lyon, version=lyon.version, city="Écully")
    content = client.get("/?q=ecully").content.decode()
    assert "École Centrale de Lyon" in content
    assert "Chulalongkorn University" not in content
