"""System packages in the tests (a pytest plugin of the root conftest).

A test that needs one of the packages of `accord.core.system.PACKAGES` says so,
`@pytest.mark.needs("poppler-utils")` or `require("libpango-1.0-0")` in a
fixture. Where the package is missing the test is skipped with the line that
installs it, unless ACCORD_REQUIRE_SYSTEM_PACKAGES=1 (as in CI) makes that a
failure. (The browser tests check Chromium themselves: tests/browsing.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from functools import cache

import pytest

from accord.core.system import PACKAGES, install_line


def pango_loads() -> bool:
    try:
        import weasyprint  # noqa: F401  (loads Pango, or raises OSError)
    except (ImportError, OSError):
        return False
    return True


def has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(
        ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=False
    )
    return bool(listed.stdout.strip())


# How a test finds out whether a package is there: by what the test uses.
PRESENT: dict[str, Callable[[], bool]] = {
    "libpango-1.0-0": pango_loads,
    "libpangoft2-1.0-0": pango_loads,
    "poppler-utils": lambda: shutil.which("pdftotext") is not None,
    "fonts-noto-cjk": has_cjk_font,
    "fonts-dejavu-core": lambda: os.path.isdir("/usr/share/fonts/truetype/dejavu"),
    "chromium": lambda: os.path.exists("/usr/bin/chromium"),
}


@cache
def present(package: str) -> bool:
    return PRESENT[package]()


def require(*packages: str) -> None:
    """Skip the running test (or fail it, in CI) unless every package is there."""
    unknown = [p for p in packages if p not in PACKAGES]
    assert not unknown, f"not in accord.core.system.PACKAGES: {unknown}"
    missing = [p for p in packages if not present(p)]
    if not missing:
        return
    reason = f"needs {', '.join(missing)}: {install_line(missing)}"
    if os.environ.get("ACCORD_REQUIRE_SYSTEM_PACKAGES") == "1":
        pytest.fail(f"ACCORD_REQUIRE_SYSTEM_PACKAGES=1 but this test {reason}")
    pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(*packages): the system packages the test needs"
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("needs"):
        require(*marker.args)
