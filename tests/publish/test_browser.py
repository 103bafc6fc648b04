"""The staff publishing pages in a real browser, under the strict CSP."""

import pytest

from tests.conftest import PASSWORD
from tests.factory import make_agreement, make_edition, make_user
from tests.publish.seed import records_2021

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_publish_compare_and_watch_without_csp_violations(page, live_server):
    import datetime

    make_user("office", staff=True)
    make_agreement(fee_waiver=True)
    records = records_2021()
    make_edition(datetime.date(2020, 5, 1), records=records[1:])
    make_edition(datetime.date(2021, 5, 1), records=records)
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    page.goto(f"{live_server.url}/staff/publish/")
    page.wait_for_url("**/admin/login/**")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/staff/publish/")
    page.fill("#as_of", "2021-05-01")
    page.click("button:has-text('Show') >> nth=0")
    page.wait_for_url("**/staff/publish/list/?as_of=2021-05-01&language=en")
    assert page.inner_text("h1") == (
        "Academic Exchange Agreements with Foreign Institutions"
    )
    assert "- * Chulalongkorn University (2011.2.3)" in page.inner_text("body")
    # The linked stylesheet applies: the table collapses its borders.
    collapse = page.eval_on_selector(
        "table.departments", "t => getComputedStyle(t).borderCollapse"
    )
    assert collapse == "collapse"
    page.goto(f"{live_server.url}/staff/publish/")
    page.click("button:has-text('Compare')")
    page.wait_for_url("**/staff/publish/diff/**")
    assert "1 added, 0 ended, 0 changed" in page.inner_text("body")
    page.goto(f"{live_server.url}/staff/publish/due/?within=30d")
    assert "Chulalongkorn University" in page.inner_text("body")
    assert violations == []
