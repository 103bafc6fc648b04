"""Run pip-audit on the installed dependencies and judge its JSON report.

Fails (exit 1) on any known vulnerability. When the PyPI advisory service cannot
be reached (an offline CI machine: every package comes back "not found on PyPI"),
pip-audit itself says "No known vulnerabilities found" although it audited
nothing; this script says so plainly instead and does not fail.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        run = subprocess.run(
            [
                "pip-audit",
                "--skip-editable",
                "--progress-spinner=off",
                "--format=json",
                f"--output={report}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if not report.exists() or not report.read_text().strip():
            print("pip-audit did not run to the end (offline?); NOT audited:")
            print(run.stderr.strip()[-2000:])
            return 0
        dependencies = json.loads(report.read_text())["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        print(f"VULNERABLE {dep['name']} {dep['version']}: {ids}")
    if vulnerable:
        return 1
    if not audited:
        print(
            f"pip-audit could not reach the PyPI advisory service: none of "
            f"{len(dependencies)} packages was audited (offline?). NOT a pass."
        )
        return 0
    skipped = len(dependencies) - len(audited)
    print(
        f"pip-audit: {len(audited)} packages audited, no known vulnerabilities"
        f" ({skipped} skipped)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
