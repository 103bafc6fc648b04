"""Browser fixtures for every test marked `browser` (a pytest plugin of the root
conftest): one headless Chromium per test module, a fresh page per test, and no
request leaving the machine: every non-local request is aborted and fails the
test, as does any browser error (CSP violations included).

Without Debian's Chromium the tests are skipped, unless ACCORD_REQUIRE_BROWSER=1
(as in CI) makes that a failure.

`assert_accessible(page)` runs axe-core (vendored in tests/axe/, MPL-2.0) on the
page as it stands and fails on any critical or serious violation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
# Every rule axe runs by default, and one it ships as experimental: a control
# whose accessible name does not contain its visible text (WCAG 2.5.3). No
# preload: it re-reads each stylesheet into an inline <style>, which the CSP
# blocks (a browser error); it serves only css-orientation-lock, and no
# stylesheet of Accord's sets an orientation.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "preload": False,
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}
FAILING_IMPACTS = ("critical", "serious")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium for a module's tests (not per session: while Playwright's
    sync API runs, it holds an event loop in this thread)."""
    if not CHROMIUM.exists():
        if os.environ.get("ACCORD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ACCORD_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # With that loop running, Django refuses ORM calls from the test thread (the
    # factories) unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Set it only while the
    # browser runs, so it leaks neither into other tests nor into the
    # subprocesses they start (`check --deploy` refuses it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A page whose every non-local request is aborted and reported as a failure."""
    context = browser.new_context(accept_downloads=True, locale="en-US")
    outside: list[str] = []

    def guard(route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    # Generous: CI's two shared cores run both databases' suites side by side,
    # and a click waiting 10 s for its page timed out under that load. Speed is
    # measured by the benchmarks, never by a test's wait.
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == [], f"browser errors (CSP violations included): {errors}"


def assert_accessible(page) -> None:
    """No critical and no serious axe-core violation on the page as it is now.

    axe is injected through the developer protocol (`evaluate`), which the
    page's Content-Security-Policy does not govern; nothing is fetched."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = [
        f"{rule['id']} ({rule['impact']}): {rule['help']}: "
        + "; ".join(" ".join(map(str, node["target"])) for node in rule["nodes"][:5])
        for rule in results["violations"]
        if rule["impact"] in FAILING_IMPACTS
    ]
    assert found == [], f"axe on {page.url}:\n" + "\n".join(found)
