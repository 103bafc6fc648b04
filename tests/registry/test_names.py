"""Names as stored: NFC, bidirectional controls and invisible characters
removed; a name with nothing visible refused. The same rule for institutions,
aliases, departments and home units, whichever way they are written (the API,
the admin, an import)."""

from __future__ import annotations

import json

import pytest

from accord.core.names import clean_name, is_visible
from accord.registry import services
from accord.registry.models import Institution, InstitutionAlias
from tests.factory import make_country, make_home_university, make_institution

pytestmark = pytest.mark.django_db

RLO, PDF, ZWSP = "\u202e", "\u202c", "\u200b"
INVISIBLE_NAMES = [ZWSP, ZWSP * 3, f"{ZWSP} \u3164", "\u2066\u2069", "\u00ad"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("E\u0301cole Centrale", "École Centrale"),  # NFC
        (f"{RLO}ytisrevinU otoyK{PDF}", "ytisrevinU otoyK"),  # read as stored
        (f"Kyoto{ZWSP} University", "Kyoto University"),
        ("Kyoto\u00adUniversity", "KyotoUniversity"),
        ("\ufeffKyoto University", "Kyoto University"),
        ("\u0645\u06cc\u200c\u0634\u0648\u062f",) * 2,  # ZWNJ is Persian spelling
    ],
)
def test_the_stored_form_drops_what_no_reader_sees(given, stored):
    assert clean_name(given) == stored


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
def test_a_name_of_invisible_characters_is_not_visible(name):
    assert not is_visible(clean_name(name))


def post(client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
def test_the_api_refuses_an_invisible_institution_name(editor, name):
    make_country()
    response = post(editor, "/api/v1/institutions", {"name": name, "country": "TH"})
    assert response.status_code == 422
    assert response.json()["invalid_params"] == [
        {"name": "name", "reason": "has no visible character"}
    ]
    assert not Institution.objects.exists()


def test_the_api_stores_a_name_without_its_direction_overrides(editor):
    make_country()
    response = post(
        editor,
        "/api/v1/institutions",
        {"name": f"{RLO}Kyoto University{PDF}", "country": "TH", "aliases": [ZWSP]},
    )
    assert response.status_code == 422  # the alias is invisible
    response = post(
        editor,
        "/api/v1/institutions",
        {
            "name": f"{RLO}Kyoto University{PDF}",
            "country": "TH",
            "aliases": ["K\u200bU"],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Kyoto University"
    assert list(InstitutionAlias.objects.values_list("name", flat=True)) == ["KU"]


def test_the_services_refuse_an_invisible_alias_and_department():
    make_home_university()
    partner = make_institution()
    with pytest.raises(services.InvalidWrite, match="has no visible character"):
        services.add_alias(partner, "\u3164")
    with pytest.raises(services.InvalidWrite, match="partner_department"):
        services.create_agreement(
            level="department",
            institution=partner,
            partner_department=ZWSP,
        )


def test_the_admin_refuses_an_invisible_institution_name_and_alias(editor):
    country = make_country()
    response = editor.post(
        "/admin/registry/institution/add/",
        {
            "name": ZWSP,
            "country": country.pk,
            "ror_id": "",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": f"{RLO}\u2069",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("has no visible character") == 2
    assert not Institution.objects.exists()


def test_the_admin_refuses_an_invisible_home_unit_code(admin):
    home = make_home_university()
    response = admin.post(
        "/admin/registry/homeunit/add/",
        {"home_university": home.pk, "code": ZWSP, "kind": "other"},
    )
    assert response.status_code == 200
    assert "has no visible character" in response.content.decode()


def test_a_name_whose_folded_form_is_longer_than_the_name_is_stored(editor):
    """ "北京" folds to "bei jing": 300 such characters fold to over 1,000, which
    PostgreSQL refused in the 300-character folded column."""
    make_country()
    name = "北京" * 150
    response = post(editor, "/api/v1/institutions", {"name": name, "country": "TH"})
    assert response.status_code == 201, response.content
    stored = Institution.objects.get()
    assert (stored.name, len(stored.name_folded)) == (name, 300)
    again = post(editor, "/api/v1/institutions", {"name": name, "country": "TH"})
    assert again.status_code == 422  # the same folded name: a duplicate
