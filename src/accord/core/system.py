"""The system packages Accord needs beyond Python and pip, and why.

One install line names them all (the README shows it next to its two commands,
`.ci/run` installs it): a bare machine with Python 3.11 runs Accord without them,
but cannot print the official list as PDF, nor run every test.

>>> APT_LINE.startswith("apt-get install chromium ")
True
>>> install_line(PDF_PACKAGES)
'apt-get install libpango-1.0-0 libpangoft2-1.0-0'
"""

from __future__ import annotations

from collections.abc import Iterable

# Debian's package names (the machines Accord runs and is tested on).
PACKAGES: dict[str, str] = {
    "chromium": "the browser tests (Playwright drives Debian's Chromium)",
    "poppler-utils": "`pdftotext -layout`, which the importer's tests run",
    "fonts-dejavu-core": "the official list's Latin font",
    "fonts-noto-cjk": "the CJK font of the Japanese official list",
    "libpango-1.0-0": "printing the official list as PDF (WeasyPrint's Pango)",
    "libpangoft2-1.0-0": "printing the official list as PDF (WeasyPrint's Pango)",
}
PDF_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0")


def install_line(packages: Iterable[str]) -> str:
    """The command that installs `packages` (all of them: `APT_LINE`)."""
    return "apt-get install " + " ".join(packages)


APT_LINE = install_line(PACKAGES)
