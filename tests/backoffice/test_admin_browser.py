"""The admin and the back office in a real browser, under the strict CSP."""

import pytest

from tests.conftest import PASSWORD
from tests.factory import make_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_fixes_an_agreement_in_the_admin_without_csp_violations(
    page, live_server
):
    from django.contrib.auth.models import Group

    from tests.factory import make_user

    editor = make_user("editor", staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    agreement = make_agreement()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/registry/agreement/{agreement.pk}/change/")
    page.check("#id_fee_waiver")
    page.fill("#id_notes", "waiver confirmed by the partner")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/registry/agreement/")
    assert "was changed successfully" in page.content()
    page.goto(f"{live_server.url}/staff/changes/")
    assert "waiver confirmed by the partner" in page.content()
    script_violations = [v for v in violations if "script" in v]
    assert script_violations == []
    agreement.refresh_from_db()
    assert (agreement.fee_waiver, agreement.version) == (True, 2)


@pytest.mark.parametrize("model", ["agreement", "institution", "homeunit"])
def test_a_history_page_keeps_the_content_security_policy(page, live_server, model):
    """simple-history's paginator carried an inline style, refused by the CSP on
    every History page; the `page` fixture fails on any CSP violation."""
    from django.contrib.auth.models import Group

    from accord.registry import services
    from tests.factory import make_user

    viewer = make_user("viewer", staff=True)
    viewer.groups.add(Group.objects.get(name="viewer"))
    agreement = make_agreement()
    services.update_agreement(agreement, version=1, notes="a second version")
    record = {
        "agreement": agreement,
        "institution": agreement.institution,
        "homeunit": agreement.home_unit or _unit(),
    }[model]
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "viewer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/registry/{model}/{record.pk}/history/")
    assert page.locator("#change-history").count() == 1
    assert page.locator("p.paginator").count() == 1


def _unit():
    from tests.factory import make_home_unit

    return make_home_unit()
