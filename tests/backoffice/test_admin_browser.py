"""The admin and the back office in a real browser, under the strict CSP."""

import os
import shutil

import pytest

from tests.conftest import PASSWORD
from tests.factory import make_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium")


@pytest.fixture
def page():
    if CHROMIUM is None:
        if os.environ.get("ACCORD_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (ACCORD_REQUIRE_BROWSER) but missing")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser.new_page()
        browser.close()


def test_an_editor_fixes_an_agreement_in_the_admin_without_csp_violations(
    page, live_server, monkeypatch
):
    from django.contrib.auth.models import Group

    from tests.factory import make_user

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # below are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
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
