import pytest

pytestmark = pytest.mark.django_db

ADMIN_LISTS = [
    "/admin/registry/agreement/",
    "/admin/registry/institution/",
    "/admin/registry/country/",
    "/admin/registry/homeunit/",
    "/admin/registry/edition/",
]


@pytest.mark.parametrize("url", ["/admin/", *ADMIN_LISTS])
def test_it_sends_anonymous_visitors_to_the_login_page(anonymous, url):
    response = anonymous.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_refuses_a_logged_in_user_who_is_not_staff(client):
    from tests.factory import make_user

    client.force_login(make_user("student"))
    response = client.get("/admin/registry/agreement/")
    assert response.status_code == 302


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_it_shows_list_pages_to_staff(superuser_client, url):
    assert superuser_client.get(url).status_code == 200


def test_it_searches_and_filters_agreements(superuser_client):
    from accord.registry.models import Agreement
    from tests.factory import make_agreement, make_institution

    make_agreement(institution=make_institution("Kasetsart University"))
    make_agreement(
        institution=make_institution("Mahidol University"),
        level=Agreement.Level.DEPARTMENT,
        fee_waiver=True,
    )
    page = superuser_client.get(
        "/admin/registry/agreement/", {"q": "mahidol", "fee_waiver__exact": "1"}
    )
    assert b"Mahidol University" in page.content
    assert b"Kasetsart University" not in page.content
