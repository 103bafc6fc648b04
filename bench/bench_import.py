"""`accord import` at scale, and parse and import time of a list 100x the 2021 one.

Default: the whole command, as a user runs it, on an export file of N agreements
(100,000 by default; issue 12's target is >= 20,000 records/s at 100k with a peak
resident memory <= 250 MB):

    python bench/bench_import.py [--agreements 100000] [--runs 3] [--workdir DIR]
        [--profile FILE] [--database-url postgres://USER:PASSWORD@HOST/DB]

The input is deterministic: the synthetic registry of bench/bench_search.py
(`build`, seed 2021) built once in WORKDIR/source and written out with
`accord export --format csv` (kept, so later runs reuse it). Each run migrates a
fresh data directory (untimed), then times `accord import FILE --edition-date
2026-01-01` as one process, Python start and Django set-up included, and reads
its peak resident memory from the operating system (wait4); then imports the
same file again into that database (idempotent: everything unchanged) and times
that too, and then as the next edition (`--edition-date 2026-06-01`: every
agreement changes its edition). With --database-url the data directory's
database is that PostgreSQL database instead, emptied (its public schema
dropped and created again) before each run: give a scratch database. Prints
every run, the load average before it and the medians. With --profile, one more
import runs under cProfile and the file is kept (read it with
`python -m pstats FILE`).

`--list-factor F` measures, in this process, parsing and storing the bundled
2021 list and a synthetic list F times its size instead (see `synthetic_list`):
wall time, the ratio to the seed's time per record (1.0 = linear) and the peak
of Python allocations while parsing (tracemalloc). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime
import os
import pstats
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from subprocess import DEVNULL
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
from bench_search import SET_UP_UNIVERSITIES_CODE, UNIVERSITIES_CODE  # noqa: E402

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


def measure_list(factor: int) -> None:
    """Parse and store the seed list and a list `factor` times it, in-process."""
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
    big = Path(tempfile.mkdtemp(prefix="accord-bench-")) / f"list-x{factor}.txt"
    big.write_text(synthetic_list(seed, factor), encoding="utf-8")

    rows = []
    for name, path, corrections in (
        ("seed", edition.source, edition.corrections),
        (f"x{factor}", big, None),
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
        f"time per record, x{factor} / seed (1.0 = linear): "
        f"parse {(p2 / n2) / (p1 / n1):.2f}, import {(i2 / n2) / (i1 / n1):.2f}"
    )


# -- the whole command on an export file ------------------------------------

BUILD_SEED = 2021  # bench_search.build's own default
# Synthetic agreements name no edition; the import needs an as-of date. The
# next edition of the same list changes every agreement's edition.
EDITION_DATE = "2026-01-01"
NEXT_EDITION_DATE = "2026-06-01"
BUILD_CODE = """
import sys
sys.path.insert(0, {bench!r})
from bench_search import build
build({total}, seed={seed})
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float  # user + system seconds: steadier than wall time on a busy machine
    peak_mb: float
    output: str


def accord_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # Accord as shipped, SQLite in the data directory, unless a database is given.
    env.pop("ACCORD_DATABASE_URL", None)
    if database_url:
        env["ACCORD_DATABASE_URL"] = database_url
    env.update(DJANGO_SETTINGS_MODULE="accord.settings", ACCORD_DATA_DIR=str(data_dir))
    return env


# Empties the PostgreSQL database of --database-url before each run (its owner
# may drop and create its public schema).
RESET_SCHEMA_CODE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("DROP SCHEMA public CASCADE")
    cursor.execute("CREATE SCHEMA public")
"""


def run(command: list[str], env: dict[str, str]) -> Run:
    """Run `command` to its end: wall and CPU seconds, its peak resident memory
    (the largest of the process and the children it waited for), its output."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=DEVNULL
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if child.returncode != 0:
        sys.exit(f"{shlex.join(command)} failed ({child.returncode}):\n{output}")
    # ru_maxrss is in kilobytes on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss / 1024, output)


def export_file(accord: list[str], workdir: Path, total: int) -> Path:
    """The CSV export of `total` synthetic agreements, built once and kept
    (rebuilt when the export's columns have changed since), with the home
    universities it names beside it."""
    from accord.core.records import FILE_FIELDS

    export = workdir / f"agreements-{total}-seed{BUILD_SEED}.csv"
    if export.exists() and universities_file(export).exists():
        with export.open(encoding="utf-8") as written:
            if written.readline().strip().split(",") == list(FILE_FIELDS):
                return export
    source = workdir / "source"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    env = accord_env(source)
    print(f"building {total:,} agreements (bench_search.build) and exporting them")
    run([*accord, "manage", "migrate", "-v", "0"], env)
    code = BUILD_CODE.format(bench=str(ROOT / "bench"), total=total, seed=BUILD_SEED)
    run([*accord, "manage", "shell", "-c", code], env)
    partial = export.with_suffix(".partial")
    run([*accord, "export", "--format", "csv", "--output", str(partial)], env)
    universities = run(
        [*accord, "manage", "shell", "--no-imports", "-c", UNIVERSITIES_CODE], env
    )
    universities_file(export).write_text(universities.output.strip())
    partial.replace(export)
    shutil.rmtree(source)
    return export


def universities_file(export: Path) -> Path:
    return export.with_name(export.stem + "-universities.json")


def fresh_data_dir(
    accord: list[str], workdir: Path, export: Path, database_url: str | None = None
) -> dict[str, str]:
    """A migrated data directory (and database) holding the home universities
    `export` names (untimed: an import adds none of its own)."""
    data_dir = workdir / "import"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = accord_env(data_dir, database_url)
    if database_url:
        run([*accord, "manage", "shell", "--no-imports", "-c", RESET_SCHEMA_CODE], env)
    run([*accord, "manage", "migrate", "-v", "0"], env)
    universities = universities_file(export).read_text()
    code = SET_UP_UNIVERSITIES_CODE.format(universities=universities)
    run([*accord, "manage", "shell", "--no-imports", "-c", code], env)
    return env


def first_line(output: str) -> str:
    return next((ln for ln in output.splitlines() if "stored edition" in ln), "")


def measure_export(args: argparse.Namespace) -> None:
    accord = shlex.split(args.accord)
    workdir = Path(args.workdir)
    export = export_file(accord, workdir, args.agreements)
    command = [*accord, "import", str(export), "--edition-date", EDITION_DATE]
    database = "PostgreSQL (--database-url)" if args.database_url else "SQLite"
    print(
        f"{export} ({export.stat().st_size / 1e6:.1f} MB), {args.runs} runs, "
        f"into {database}"
    )
    next_edition = [*command[:-1], NEXT_EDITION_DATE]
    first: list[Run] = []
    again: list[Run] = []
    following: list[Run] = []
    for number in range(1, args.runs + 1):
        env = fresh_data_dir(accord, workdir, export, args.database_url)
        load = os.getloadavg()[0]
        first.append(run(command, env))
        again.append(run(command, env))
        following.append(run(next_edition, env))
        latest = (("import", first), ("again", again), ("next", following))
        for label, done in ((label, runs[-1]) for label, runs in latest):
            print(
                f"run {number} {label:6}: {done.seconds:6.2f} s "
                f"(cpu {done.cpu:6.2f} s) "
                f"{args.agreements / done.seconds:9,.0f} records/s "
                f"peak {done.peak_mb:6.1f} MB  load {load:4.1f}  "
                f"| {first_line(done.output)}"
            )
    for label, runs in (("import", first), ("again", again), ("next", following)):
        seconds = statistics.median(r.seconds for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        peak = statistics.median(r.peak_mb for r in runs)
        print(
            f"median {label:6}: {seconds:6.2f} s (cpu {cpu:6.2f} s) "
            f"{args.agreements / seconds:9,.0f} records/s peak {peak:6.1f} MB"
        )
    if args.profile:
        env = fresh_data_dir(accord, workdir, export, args.database_url)
        script = shutil.which(accord[-1]) or accord[-1]
        # The Python the script runs in (its #! line), so Accord is importable.
        python = Path(script).read_text().splitlines()[0].removeprefix("#!")
        profiled = [python, "-m", "cProfile", "-o", args.profile, script]
        run([*profiled, *command[len(accord) :]], env)
        stats = pstats.Stats(args.profile)
        stats.sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agreements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--workdir", default=str(Path(tempfile.gettempdir()) / "accord-bench-import")
    )
    parser.add_argument(
        "--accord",
        default=str(Path(sys.executable).with_name("accord")),
        help="the command that runs Accord (default: the one beside this Python)",
    )
    parser.add_argument("--profile", help="also profile one import into this file")
    parser.add_argument(
        "--database-url",
        help="import into this PostgreSQL database instead (postgres://...): "
        "EMPTIED before each run",
    )
    parser.add_argument(
        "--list-factor",
        type=int,
        help="measure a list this many times the 2021 one instead, in-process",
    )
    args = parser.parse_args()
    if args.list_factor:
        measure_list(args.list_factor)
    else:
        measure_export(args)


if __name__ == "__main__":
    main()
