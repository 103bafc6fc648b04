"""Parse and import time for the 2021 list and for a synthetic list 100x its size.

    ACCORD_DATA_DIR=/tmp/bench python bench/bench_import.py [--factor 100]

The synthetic list repeats each country block of the university-level list and
the whole department-level table FACTOR times; copy k renames the university-level
partners ("Name k") and shifts every date by k days, so no two agreements share a
natural key and the import stores FACTOR times as many. Its declared totals are
scaled; the per-country (N) are not, which the report shows as anomalies: the
figures here are times, not correctness. Prints wall time, the ratio to the
seed's time per record (1.0 = linear) and the peak of Python allocations
(tracemalloc, measured in a second run). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

UNI_DATE = re.compile(r"\((\d{4})\.(\d{1,2})\.(\d{1,2})\)")
DEPT_DATE = re.compile(r"(\d{4})/(\d{2})/(\d{2})")


def shifted(match: re.Match[str], days: int, fmt: str) -> str:
    try:
        day = datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return match.group(0)
    day += datetime.timedelta(days=days)
    if fmt == "uni":
        return f"({day.year}.{day.month}.{day.day})"
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def rename_entry(line: str, k: int) -> str:
    line = UNI_DATE.sub(lambda m: shifted(m, k, "uni"), line)
    if k == 0:
        return line
    date = UNI_DATE.search(line)
    cut = date.start() - 1 if date else len(line)
    return f"{line[:cut]} {k}{line[cut:]}"


def synthetic_list(seed: str, factor: int) -> str:
    lines = seed.split("\n")
    split = next(i for i, ln in enumerate(lines) if ln.startswith("Department Level"))
    header = next(i for i, ln in enumerate(lines) if ln.startswith("Area\t"))
    out: list[str] = []
    block: list[str] = []
    for line in lines[:split]:
        if line.startswith("- "):
            block.append(line)
            continue
        for k in range(factor):
            out += [rename_entry(entry, k) for entry in block]
        block = []
        out.append(
            re.sub(
                r"Total of (\d+)",
                lambda m: f"Total of {int(m.group(1)) * factor}",
                line,
            )
        )
    out += [
        re.sub(
            r"(\d+) institutions",
            lambda m: f"{int(m.group(1)) * factor} institutions",
            ln,
        )
        for ln in lines[split : header + 1]
    ]
    body = lines[header + 1 :]
    for k in range(factor):
        out += [DEPT_DATE.sub(lambda m, k=k: shifted(m, k, "dept"), ln) for ln in body]
    return "\n".join(out)


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def peak(function: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factor", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("ACCORD_DATA_DIR", tempfile.mkdtemp(prefix="accord-bench-"))
    os.environ["ACCORD_DATABASE_URL"] = (
        f"sqlite:///{tempfile.mkdtemp(prefix='accord-bench-db-')}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from accord.importer.bundled import load_edition
    from accord.importer.editions import meta_from_result
    from accord.importer.persist import store_edition
    from accord.importer.pipeline import run
    from accord.importer.sources import read_source
    from accord.registry.models import Agreement

    call_command("migrate", verbosity=0)
    edition = load_edition()
    seed = edition.source.read_text(encoding="utf-8")
    big = Path(tempfile.mkdtemp(prefix="accord-bench-")) / f"list-x{args.factor}.txt"
    big.write_text(synthetic_list(seed, args.factor), encoding="utf-8")

    rows = []
    for name, path, corrections in (
        ("seed", edition.source, edition.corrections),
        (f"x{args.factor}", big, None),
    ):

        def parse(path: Path = path, corrections: Any = corrections) -> Any:
            source = read_source(path, limit=1 << 30)
            return source, run(source.text, edition.options, corrections, str(path))

        parse_seconds, (source, result) = timed(parse)
        as_of = result.edition.as_of
        records = [r.with_changes(edition=as_of) for r in result.reconciled]
        meta = meta_from_result(result, edition.options, as_of=as_of)
        Agreement.objects.all().delete()
        import_seconds, summary = timed(
            lambda records=records, meta=meta: store_edition(records, meta)
        )
        rows.append(
            (
                name,
                source.size,
                len(records),
                parse_seconds,
                import_seconds,
                peak(parse),
            )
        )
        print(
            f"{name:>6}: {source.size / 1e6:7.2f} MB  {len(records):7d} records  "
            f"parse {parse_seconds:7.2f} s  import {import_seconds:7.2f} s "
            f"({summary.created} new)  parse peak {rows[-1][5] / 1e6:7.1f} MB"
        )
    (_, _, n1, p1, i1, _), (_, _, n2, p2, i2, _) = rows
    print(
        f"time per record, x{args.factor} / seed (1.0 = linear): "
        f"parse {(p2 / n2) / (p1 / n1):.2f}, import {(i2 / n2) / (i1 / n1):.2f}"
    )


if __name__ == "__main__":
    main()
