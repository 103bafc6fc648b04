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
    page.select_option("#id_fee_waiver", "true")
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


def test_an_editor_adds_a_contact_and_uploads_the_signed_agreement(
    page, live_server, tmp_path
):
    """The agreement page's inlines: "Add another Contact" (the admin's own
    script, under the CSP) and the upload slot, saved through the services
    with history; the stored file downloads as an attachment."""
    from django.contrib.auth.models import Group

    from accord.registry.models import AgreementDocument, Contact
    from tests.factory import PDF, make_user

    editor = make_user("editor", staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    agreement = make_agreement()
    signed = tmp_path / "signed agreement.pdf"
    signed.write_bytes(PDF)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/registry/agreement/{agreement.pk}/change/")
    page.get_by_text("Add another Contact").click()
    page.select_option('select[name$="-0-side"]', "partner")
    page.select_option('select[name$="-0-role"]', "student_contact")
    page.fill('input[name$="-0-name"]', "Somchai Jaidee")
    page.fill('input[name$="-0-email"]', "exchange@example.ac.th")
    page.check('input[name$="-0-public"]')
    page.set_input_files("input[type=file]", str(signed))
    page.fill('input[name$="-0-title"]', "Signed agreement")
    page.select_option('select[name$="-0-kind"]', "signed_agreement")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    contact = Contact.objects.get(agreement=agreement)
    assert (contact.name, contact.public, contact.history.count()) == (
        "Somchai Jaidee",
        True,
        1,
    )
    document = AgreementDocument.objects.get(agreement=agreement)
    assert (document.title, document.original_name) == (
        "Signed agreement",
        "signed agreement.pdf",
    )
    assert document.history.get().history_user == editor
    with page.expect_download() as download:
        page.click(f'a[href="/documents/{document.pk}/"]')
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes() == PDF
