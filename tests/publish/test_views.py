"""Staff pages: anonymous -> login, non-staff -> login, staff -> the page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from accord.registry.models import Agreement
from tests.conftest import role_client
from tests.factory import (
    make_agreement,
    make_edition,
    make_home_unit,
    make_institution,
    make_user,
)
from tests.publish.seed import records_2021

pytestmark = pytest.mark.django_db

PAGES = [
    "/staff/publish/",
    "/staff/publish/list/?as_of=2021-05-01",
    "/staff/publish/list.pdf?as_of=2021-05-01",
    "/staff/publish/list.html?as_of=2021-05-01",
    "/staff/publish/diff/?a=1&b=2",
    "/staff/publish/due/",
]


@pytest.fixture
def staff_client() -> Client:
    """Someone who may issue the list: the admin role."""
    return role_client("admin")


@pytest.fixture
def agreements():
    make_agreement(fee_waiver=True)
    make_agreement(
        level=Agreement.Level.DEPARTMENT,
        institution=make_institution("Mahidol University"),
        home_unit=make_home_unit("GS Medicine"),
        partner_department="Faculty of Medicine Siriraj Hospital",
        concluded_on=datetime.date(2016, 5, 2),
    )


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", PAGES)
def test_a_signed_in_non_staff_user_is_sent_to_the_login_page(url):
    client = Client()
    client.force_login(make_user("student"))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_see_the_publishing_page(staff_client, agreements):
    response = staff_client.get("/staff/publish/")
    assert response.status_code == 200
    assert b"Publish the official list" in response.content


def test_staff_see_the_list_of_a_date(staff_client, agreements):
    response = staff_client.get("/staff/publish/list/?as_of=2021-05-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Total of 1 institution<" in html
    assert "- * Chulalongkorn University (2011.2.3)" in html
    assert "1 country or region, 1 agreement<" in html
    assert "Thailand (1)" in html
    # Linked, not inline: the strict CSP forbids inline styles.
    assert "<style>" not in html
    assert "/static/publish/official_list.css" in html


def test_staff_see_the_japanese_edition(staff_client, agreements):
    response = staff_client.get("/staff/publish/list/?as_of=2021-05-01&language=ja")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "大学間協定" in html


def test_an_unknown_language_is_a_400(staff_client, agreements):
    response = staff_client.get("/staff/publish/list.pdf?language=xx")
    assert response.status_code == 400
    assert b"language &#x27;xx&#x27; is not one of: en, ja" in response.content


@pytest.mark.needs("libpango-1.0-0")
def test_staff_download_the_pdf(staff_client, agreements):
    response = staff_client.get("/staff/publish/list.pdf?as_of=2021-05-01")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "2021-05-01.pdf" in response["Content-Disposition"]


def test_a_bad_date_is_a_400_naming_it(staff_client, agreements):
    response = staff_client.get("/staff/publish/list/?as_of=2021-13-01")
    assert response.status_code == 400
    assert b"as_of &#x27;2021-13-01&#x27; is not a date" in response.content


def test_staff_compare_two_editions(staff_client):
    records = records_2021()
    old = make_edition(datetime.date(2020, 5, 1), records=records[:-1])
    new = make_edition(datetime.date(2021, 5, 1), records=records[1:])
    response = staff_client.get(f"/staff/publish/diff/?a={old.pk}&b=2021-05-01")
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 added, 1 ended, 0 changed" in html
    assert new.records[-1]["institution"] in html


def test_an_unknown_edition_is_a_400(staff_client):
    response = staff_client.get("/staff/publish/diff/?a=2019-01-01&b=7")
    assert response.status_code == 400
    assert b"no edition" in response.content


def test_staff_see_the_renewal_watch(staff_client, agreements):
    make_agreement(institution=make_institution("Undated College"), concluded_on=None)
    Agreement.objects.filter(institution__name="Chulalongkorn University").update(
        term_months=60
    )
    response = staff_client.get("/staff/publish/due/?within=30d")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Validity ending or ended (1)" in html
    assert "Chulalongkorn University" in html
    assert "Unknown term (2)" in html
    assert "Undated College" in html
    assert "years from its conclusion" not in html


def test_an_editor_marks_an_agreement_renewed_from_the_watch(agreements):
    editor = role_client("editor")
    chula = Agreement.objects.get(institution__name="Chulalongkorn University")
    url = f"/staff/publish/due/{chula.pk}/"
    assert editor.get(url).status_code == 200
    response = editor.post(
        url,
        {
            "action": "renew",
            "version": chula.version,
            "renewed_on": "2021-01-15",
            "valid_until": "2026-02-02",
            "term_unit": "years",
        },
    )
    assert response.status_code == 302
    chula.refresh_from_db()
    assert chula.valid_until == datetime.date(2026, 2, 2)
    assert chula.renewals.get().renewed_on == datetime.date(2021, 1, 15)
    assert chula.history.first().history_user.username == "editor"


def test_an_editor_marks_an_agreement_renewing_automatically(agreements):
    editor = role_client("editor")
    chula = Agreement.objects.get(institution__name="Chulalongkorn University")
    form = {"action": "automatic", "version": chula.version, "term_unit": "years"}
    refused = editor.post(f"/staff/publish/due/{chula.pk}/", form)
    assert refused.status_code == 400
    assert "An automatic renewal needs its term." in refused.content.decode()
    done = editor.post(f"/staff/publish/due/{chula.pk}/", form | {"term": 5})
    assert done.status_code == 302
    chula.refresh_from_db()
    assert (chula.renews_automatically, chula.term_months) == (True, 60)


def test_a_refused_mark_is_shown_and_changes_nothing(agreements):
    editor = role_client("editor")
    chula = Agreement.objects.get(institution__name="Chulalongkorn University")
    form = {"action": "renew", "version": chula.version, "term_unit": "years"}
    stale = editor.post(f"/staff/publish/due/{chula.pk}/", form | {"version": 7})
    assert stale.status_code == 400
    assert "changed by someone else" in stale.content.decode()
    assert not chula.renewals.exists()


@pytest.mark.parametrize("within", ["soon", "3000000d", "9" * 5000])
def test_a_bad_horizon_is_a_400(staff_client, agreements, within):
    response = staff_client.get(f"/staff/publish/due/?within={within}")
    assert response.status_code == 400
    assert within[:20] in response.content.decode()  # the page names the value
