import pytest

from tests.factory import make_agreement

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


@pytest.mark.parametrize("model", ["agreement", "institution"])
def test_a_history_page_has_no_inline_style(superuser_client, model):
    """The CSP refuses inline styles; simple-history's paginator had one."""
    agreement = make_agreement()
    record = agreement if model == "agreement" else agreement.institution
    response = superuser_client.get(f"/admin/registry/{model}/{record.pk}/history/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="paginator history-paginator"' in page
    assert "style=" not in page
    assert "backoffice/admin_history" in page
