"""The staff shell in a real browser: one header on the admin, the back office,
publishing and the renewal watch, naming the signed-in user, with log out; every
staff page, confirmations included, passes axe (nothing critical or serious)."""

from __future__ import annotations

import datetime

import pytest

from accord.registry import audit, merging, services
from accord.registry.rows import listed
from tests.browsing import assert_accessible
from tests.conftest import PASSWORD
from tests.factory import make_agreement, make_edition, make_institution, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shell's links, in order: (name, where it leads).
AREAS = [
    ("Administration", "/admin/"),
    ("Back office", "/staff/"),
    ("Import", "/staff/import/"),
    ("Recent changes", "/staff/changes/"),
    ("Duplicates", "/staff/duplicates/"),
    ("Merges", "/staff/merges/"),
    ("Publishing", "/staff/publish/"),
    ("Renewal watch", "/staff/publish/due/"),
]


@pytest.fixture
def office():
    """An admin's account, and something on every page: two editions (the later
    dropping one agreement), a co-partner, a likely duplicate, a merge."""
    from django.contrib.auth.models import Group

    user = make_user("hanako", staff=True, first_name="Hanako")
    user.groups.add(Group.objects.get(name="admin"))
    earlier = make_edition(datetime.date(2020, 5, 1))
    later = make_edition(datetime.date(2021, 5, 1))
    kept = make_agreement(edition=later, fee_waiver=True)
    dropped = make_agreement(
        institution=make_institution("Mahidol University"), edition=earlier
    )
    earlier.records = [listed([a.pk])[0].record().to_dict() for a in (kept, dropped)]
    later.records = earlier.records[:1]
    earlier.save()
    later.save()
    services.update_agreement(
        kept, version=1, co_partners=[make_institution("Kasetsart University").pk]
    )
    pair = (
        make_institution("Chiang Mai University"),
        make_institution("Chiangmai University"),
    )
    merge = merging.merge_institutions(
        make_institution("Khon Kaen University"),
        make_institution("Khonkaen University"),
        by=user,
    )
    return {
        "earlier": earlier,
        "later": later,
        "kept": kept,
        "dropped": dropped,
        "pair": pair,
        "merge": merge,
    }


def sign_in(page, url: str, *, axe: bool = True, username: str = "hanako") -> None:
    page.goto(url)
    page.wait_for_url("**/admin/login/**")
    if axe:
        assert_accessible(page)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def shell_links(page) -> list[tuple[str, str]]:
    links = page.locator(".staff-shell nav a")
    return [
        (links.nth(i).inner_text(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]


def test_staff_sign_in_move_between_every_area_and_sign_out(page, live_server, office):
    sign_in(page, f"{live_server.url}/staff/")
    page.wait_for_url(f"{live_server.url}/staff/")
    for name, path in AREAS:
        page.click(f".staff-shell nav a:text-is('{name}')")
        page.wait_for_url(f"{live_server.url}{path}")
        assert shell_links(page) == AREAS, page.url
        current = page.locator(".staff-shell nav a[aria-current=page]")
        assert current.inner_text() == name
        assert page.inner_text(".staff-shell .staff-username") == "Hanako"
        assert_accessible(page)
    page.click(".staff-shell button:text-is('Log out')")
    page.wait_for_url("**/admin/logout/")
    assert "Logged out" in page.inner_text("body")
    assert page.locator(".staff-shell").count() == 0
    assert_accessible(page)
    page.goto(f"{live_server.url}/staff/publish/")
    page.wait_for_url("**/admin/login/?next=/staff/publish/")


STAFF_PAGES = [
    "/staff/changes/?reason=correction",
    "/staff/duplicates/",
    "/staff/publish/diff/?a={earlier}&b={later}",
    "/staff/publish/due/?within=36500d",
    # The confirmations (a GET of each write's URL).
    "/staff/changes/agreement/{change}/revert/",
    "/staff/changes/set/revert/?reason=correction",
    "/staff/duplicates/merge/?keep={keep}&merge_away={away}",
    "/staff/merges/{merge}/undo/",
]
# The preview of the official list is the document staff would issue, printable
# as it is: no shell, yet accessible like every page.
DOCUMENT_PAGES = ["/staff/publish/list/?as_of=2021-05-01"]
ADMIN_PAGES = [
    "/admin/registry/agreement/",
    "/admin/registry/agreement/?level__exact=university",
    "/admin/registry/agreement/{kept}/change/",
    "/admin/registry/agreement/add/",
    "/admin/registry/agreement/{kept}/history/",
    "/admin/registry/institution/",
    "/admin/registry/institution/{institution}/change/",
    "/admin/registry/edition/",
    "/admin/auth/user/",
    "/admin/password_change/",
]


def test_every_staff_and_admin_page_passes_axe(page, live_server, office):
    services.update_agreement(
        office["kept"], version=2, notes="signed again", reason="correction"
    )
    ids = {
        "earlier": office["earlier"].pk,
        "later": office["later"].pk,
        "kept": office["kept"].pk,
        "institution": office["kept"].institution_id,
        "change": audit.recent_changes(reason="correction")[0].history_id,
        "keep": office["pair"][0].pk,
        "away": office["pair"][1].pk,
        "merge": office["merge"].pk,
    }
    sign_in(page, f"{live_server.url}/admin/")
    page.wait_for_url(f"{live_server.url}/admin/")
    for path in STAFF_PAGES + ADMIN_PAGES:
        page.goto(live_server.url + path.format(**ids))
        assert page.locator(".staff-shell").count() == 1, path
        assert_accessible(page)
    for path in DOCUMENT_PAGES:
        page.goto(live_server.url + path)
        assert_accessible(page)
    # The confirmation of ending what an edition dropped answers the diff's form.
    page.goto(
        f"{live_server.url}/staff/publish/diff/?a={ids['earlier']}&b={ids['later']}"
    )
    page.click("button:text('End the checked agreements')")
    page.wait_for_selector("h1:text('End the dropped agreements?')")
    assert_accessible(page)
    # A refusal, in a second tab: the browser logs its 400 as an error.
    refused = page.context.new_page()
    response = refused.goto(f"{live_server.url}/staff/publish/list/?as_of=not-a-date")
    assert response.status == 400
    assert refused.locator(".staff-shell").count() == 1
    assert_accessible(refused)


def test_every_admin_model_page_passes_axe(page, live_server, office):
    """Each model the admin registers: its list, its add page and the first
    record's page, for a superuser (who sees them all)."""
    from django.contrib import admin

    make_user("root", staff=True, is_superuser=True)
    sign_in(page, f"{live_server.url}/admin/", axe=False, username="root")
    page.wait_for_url(f"{live_server.url}/admin/")
    for model in admin.site._registry:
        meta = model._meta
        listing = f"{live_server.url}/admin/{meta.app_label}/{meta.model_name}/"
        page.goto(listing)
        assert page.locator(".staff-shell").count() == 1, listing
        assert_accessible(page)
        first = page.locator("#result_list tbody tr th a").first
        if first.count():
            first.click()
            page.wait_for_load_state()
            assert_accessible(page)
        # Some models take no additions (the login log): not a page to open.
        if page.request.get(f"{listing}add/").status == 200:
            page.goto(f"{listing}add/")
            assert_accessible(page)


def test_the_co_partner_search_box_is_labelled(page, live_server, office):
    sign_in(page, f"{live_server.url}/admin/registry/agreement/{office['kept'].pk}/")
    page.goto(f"{live_server.url}/admin/registry/agreement/{office['kept'].pk}/change/")
    box = page.locator(".field-co_partners .select2-search__field")
    box.wait_for()
    assert box.get_attribute("aria-label") == "Co partners: search"
    box.click()
    box.type("Chi")
    page.locator(".select2-results__option").first.wait_for()
    assert_accessible(page)


def test_every_confirmation_works_without_script(browser, live_server, office):
    """The confirmations are plain forms: a browser without JavaScript reverts,
    merges, undoes and ends agreements through them (axe, a script, checks
    them with JavaScript on, above)."""
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    context.set_default_timeout(10_000)
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.abort()
        ),
    )
    page = context.new_page()
    try:
        sign_in(page, f"{live_server.url}/staff/", axe=False)
        page.goto(f"{live_server.url}/staff/duplicates/")
        page.click("a:text('Keep Chiang Mai University')")
        page.click("button:text('Merge Chiangmai University into')")
        page.wait_for_url("**/staff/merges/")
        assert "Merged:" in page.inner_text(".messages")
        page.click("a:text('Undo') >> nth=0")
        page.click("button:text('Undo this merge')")
        page.wait_for_url("**/staff/merges/")
        page.goto(f"{live_server.url}/staff/changes/")
        page.click("a:text('Revert') >> nth=0")
        page.click("button:text('Revert this change')")
        page.wait_for_url("**/staff/changes/")
        assert "reverted" in page.inner_text(".messages")
        earlier, later = office["earlier"].pk, office["later"].pk
        page.goto(f"{live_server.url}/staff/publish/diff/?a={earlier}&b={later}")
        assert page.is_checked(f"#end-{office['dropped'].pk}")
        page.click("button:text('End the checked agreements')")
        page.click("button:text('End this agreement')")
        page.wait_for_url("**/staff/publish/diff/**")
        assert "Ended 1 agreement on 2021-05-01" in page.inner_text(".messages")
        page.click(".messages + * a, a:text('dropped by edition')")
        page.click("a:text('Revert this change set')")
        page.click("button:text('Revert this change')")
        page.wait_for_url("**/staff/changes/**")
        assert "Reverted the 1 changes" in page.inner_text(".messages")
    finally:
        context.close()
    office["dropped"].refresh_from_db()
    assert office["dropped"].ended_on is None


def test_staff_import_a_list_from_the_browser(page, live_server, office, tmp_path):
    """Upload, read the preview (accessible), confirm the warning, import."""
    from accord.registry.models import Agreement

    listed_file = tmp_path / "partners-2022.txt"
    listed_file.write_text(
        "Academic Exchange Agreements with Foreign Institutions\n\n"
        "University Level Agreements\n\nTotal of 3 institutions\n\n"
        "(as of April 1, 2022)\n\n(Asia)\n\nThailand\n\n"
        "- * Chulalongkorn University (2005.6.1)\n"
        "- Kasetsart University (2012.3.1)\n",
        encoding="utf-8",
    )
    before = Agreement.objects.count()
    sign_in(page, f"{live_server.url}/staff/import/")
    page.wait_for_url(f"{live_server.url}/staff/import/")
    assert_accessible(page)
    page.set_input_files("input[type=file]", str(listed_file))
    page.click("button:text-is('Read the list')")
    page.wait_for_selector("h1:text('partners-2022.txt')")
    assert_accessible(page)
    assert "2022-04-01" in page.inner_text("table.import-summary")
    assert "the list declares 3" in page.inner_text("table.import-summary")
    assert Agreement.objects.count() == before
    page.check("input[name=acknowledged]")
    page.click("button:text-is('Import the list')")
    page.wait_for_url("**/staff/changes/?reason=*")
    assert "Imported partners-2022.txt" in page.inner_text(".messages")
    assert Agreement.objects.count() == before + 2
