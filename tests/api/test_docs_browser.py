"""/api/v1/docs in a real browser: Swagger UI renders from local files only and
the strict CSP reports nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_render_offline_without_csp_violations(page, live_server):
    problems: list[str] = []
    hosts: set[str] = set()
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/agreements" in paths
    assert problems == []
    assert hosts == {urlsplit(live_server.url).netloc}
