"""Publish time for the 2021 list: as-of query, HTML, PDF, and reading the PDF back.

    ACCORD_DATA_DIR=/tmp/bench python bench/bench_publish.py [--repeat 3]

Loads the bundled edition into a fresh SQLite file, then times each step of
`accord publish` and the importer's PDF path on the result (best of REPEAT runs).
Prints figures; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
AS_OF = datetime.date(2021, 5, 1)


def best(repeat: int, step: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="accord-bench-publish-"))
    os.environ["ACCORD_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from accord.importer import pipeline
    from accord.importer.bundled import load_edition
    from accord.importer.importing import load_bundled_edition_if_empty
    from accord.importer.sources import read_source
    from accord.publish.asof import pick_home_university, records_as_of
    from accord.publish.listing import records_to_list
    from accord.publish.render import html_to_pdf, render_list_html

    call_command("migrate", verbosity=0)
    load_bundled_edition_if_empty()
    home = pick_home_university()
    options = load_edition().options
    pdf_path = workdir / "list.pdf"

    seconds, records = best(args.repeat, lambda: records_as_of(home, AS_OF))
    print(f"records as of {AS_OF}: {len(records)} agreements in {seconds:.3f} s")
    listing = records_to_list(records, AS_OF)
    seconds, html = best(
        args.repeat, lambda: render_list_html(listing, home.name, home.short_name)
    )
    print(f"HTML: {len(html):,} characters in {seconds:.3f} s")
    seconds, pdf = best(args.repeat, lambda: html_to_pdf(html))
    pdf_path.write_bytes(pdf)
    print(f"PDF: {len(pdf):,} bytes in {seconds:.3f} s")

    def read_back() -> Any:
        source = read_source(pdf_path)
        return pipeline.run(source.text, options, None, source_name=str(pdf_path))

    seconds, result = best(args.repeat, read_back)
    same = len(result.reconciled) == len(records)
    print(
        f"read back: {len(result.reconciled)} records in {seconds:.3f} s "
        f"(same count as published: {same})"
    )


if __name__ == "__main__":
    main()
