"""Search throughput of Accord and Datasette on the same agreements, side by side.

A script, not a timed test: it prints numbers and asserts none. Needs only the
standard library; Accord, Datasette, sqlite-utils and wrk are run as commands.

Install what it drives (Datasette in its own virtualenv, never Accord's):

    apt-get install wrk                       # Debian's wrk 4.1
    python3.11 -m venv /tmp/dsvenv
    /tmp/dsvenv/bin/pip install 'datasette==0.65.*' sqlite-utils

Run it (Accord installed, e.g. `pip install -e .`, so that `accord` is on PATH):

    python bench/compare_datasette.py --datasette-cmd /tmp/dsvenv/bin/datasette \
        [--agreements 100000] [--seconds 20] [--rounds 2] [--clients 1,16,64] \
        [--mixes distinct,popular] [--workdir DIR] [--quick] [--skip-import] \
        [--database-url postgres://USER:PASSWORD@HOST:5432/NAME] [--universities N]

What it does, in order:

1. Builds the synthetic registry of bench/bench_search.py (`build`, seed 2021)
   in `WORKDIR/accord` (ACCORD_DATA_DIR, SQLite), after `accord manage migrate`.
   A database of the right size built with the same seed is reused. With
   `--database-url`, Accord's database is that PostgreSQL database instead (its
   schema is emptied first; the role needs CREATEDB for step 3, which imports
   into a database of the same name with `_import` appended, made and dropped
   by the script). Datasette reads SQLite either way: it has no PostgreSQL.
2. Exports it with `accord export --format csv`, and loads that file into one flat
   Datasette table `agreements` in `WORKDIR/datasette/db.db` with
   `sqlite-utils insert --csv`, then `sqlite-utils enable-fts --fts5` on
   institution, partner_department and country_name.
3. Import at scale: times `accord import` of that same export (every agreement,
   --edition-date given because synthetic agreements name no edition) into a
   fresh data directory, as records per second of the whole command. The home
   universities the export names are set up there first, untimed, as `accord
   university add` would (an import adds no university of its own).
4. Serves both as production would: `accord serve --no-bundled` as shipped
   (migrations, static files, search snapshot, granian with its default workers) and
   `datasette serve -i` (immutable, as `datasette publish` serves a database),
   each timed from launch to its first HTTP answer.
5. Checks responses before timing anything: a few URLs of every kind must answer
   200 with results (Accord's JSON: count, results, facets; the portal page: a
   results table; Datasette's JSON: rows and the three facets, none timed out).
6. Drives them with wrk and compare_datasette.lua, which rotates through a file
   of paths, for each mix and client count: Accord's API, Accord's portal page,
   Datasette, the order reversed every other round (A/B interleaved). Prints the
   load average before every run, then medians over the rounds, and the servers'
   CPU time per request (from /proc), steadier than req/s on a shared machine.

The measured request is "text search + 3 facets + 50 rows, JSON":

    Datasette  /db/agreements.json?_search=W&_facet=country_code&_facet=level
               &_facet=home_unit&_size=50
    Accord     /api/v1/agreements?q=W&page_size=50   (its six facets come along)
    portal     /?q=W                                 (the HTML page, 50 rows)

Mixes: *distinct*, every request a different two-word query that occurs in the
data (two words of one exported institution name in their order, or a word of
the name and one of its country, shuffled with a fixed seed), so that Accord's
facet cache never helps; *popular*, the five most common adjacent pairs of a name
over and over. Within a cell, Accord's API and Datasette
get the same queries in the same order; the portal draws from a disjoint half of
the list, because the API and the portal share Accord's cache. Should a lane of
distinct queries be about to run out (at the fastest rate seen so far), Accord is
restarted before the next distinct run and the lanes start over: a restarted
Accord has kept no answer, so no query is ever answered from its cache.

Accord runs with its anonymous API rate limit off (ACCORD_API_RATE_LIMIT=off),
else wrk would measure 429s. Datasette runs with its time limits raised so that
it does all the work asked and is not cut short: sql_time_limit_ms and
facet_time_limit_ms 10000 (defaults 1000 and 200 ms: under load facets would
silently be dropped), default_page_size 50, and suggest_facets off (by default it
also runs queries to suggest other facets, work that neither the request asks for
nor Accord does).

The last line is `throughput_ratio_vs_datasette: X`: median Accord API req/s over
median Datasette req/s, distinct mix, 16 clients.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
from bench_search import SET_UP_UNIVERSITIES_CODE, UNIVERSITIES_CODE  # noqa: E402

LUA_SCRIPT = BENCH_DIR / "compare_datasette.lua"
BUILD_SEED = 2021  # bench_search.build's own default
SHUFFLE_SEED = 12
POPULAR_COUNT = 5
DATASETTE_LIMIT_MS = 10_000
DATASETTE_SETTINGS = {
    "sql_time_limit_ms": str(DATASETTE_LIMIT_MS),
    "facet_time_limit_ms": str(DATASETTE_LIMIT_MS),
    "default_page_size": "50",
    "suggest_facets": "off",
}
DATASETTE_FACETS = ("country_code", "level", "home_unit")
TARGETS = ("api", "portal", "datasette")
TARGET_TITLES = {
    "api": "Accord API",
    "portal": "Accord portal",
    "datasette": "Datasette",
}
KEY_MIX, KEY_CLIENTS = "distinct", 16
# Synthetic agreements name no edition; the import needs an as-of date.
IMPORT_EDITION_DATE = "2026-01-01"

# Runs inside `accord manage shell -c`, so in whatever Python Accord is installed in.
BUILD_CODE = """
import sys
sys.path.insert(0, {bench!r})
from bench_search import build
build({total}, seed={seed}, universities={universities})
"""
# Where the Accord that runs comes from, and at which commit: it may be an
# editable install of a work tree that changes between two runs.
WHERE_CODE = """
import pathlib, subprocess, accord
path = pathlib.Path(accord.__file__).resolve().parent
def git(*args):
    command = ["git", "-C", str(path), *args]
    return subprocess.run(command, capture_output=True, text=True).stdout.strip()
commit = git("rev-parse", "--short", "HEAD")
dirty = "+uncommitted changes" if git("status", "--porcelain", "--", ".") else ""
print(path, f"(git {commit}{dirty})" if commit else "")
"""


class BenchError(Exception):
    """A step failed; the message says which and what to do."""


@dataclass
class Settings:
    agreements: int
    seconds: int
    rounds: int
    warmup: int
    clients: list[int]
    mixes: list[str]
    workdir: Path
    accord: list[str]
    datasette: list[str]
    sqlite_utils: list[str]
    wrk: str
    timeout: int
    skip_import: bool
    database_url: str | None = None
    universities: int = 1


@dataclass
class RunResult:
    target: str
    mix: str
    clients: int
    load: float
    req_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    detail: str
    next_offset: int
    cpu_ms: float  # server CPU time per completed request
    completed: int
    unfinished: int  # sent but unanswered when the run ended


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None
    start_s: float = 0.0
    rss_idle_kb: int = 0
    rss_loaded_kb: int = 0
    # Each process's own resident memory: the target is per process, and a
    # server's tree holds a starting process beside its workers.
    rss_idle_each_kb: list[int] = field(default_factory=list)
    rss_loaded_each_kb: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, append: bool = False) -> None:
        started = time.perf_counter()
        with self.log.open("ab" if append else "wb") as out:
            # Its own session, so that stop() can end exactly this process group.
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = started + 600
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"{self.name} exited with {self.process.returncode} before "
                    f"answering HTTP; its log ({self.log}) ends:\n{tail(self.log)}"
                )
            if answers_http(self.base + "/favicon.ico"):
                self.start_s = time.perf_counter() - started
                self.rss_idle_kb = self.rss()
                self.rss_idle_each_kb = self.rss_each()
                return
            time.sleep(0.05)
        raise BenchError(f"{self.name} did not answer HTTP within 600 s")

    def restart(self) -> None:
        """Stop and start again, keeping the first start's time and memory."""
        first = (self.start_s, self.rss_idle_kb, self.rss_idle_each_kb)
        self.stop()
        self.start(append=True)
        self.start_s, self.rss_idle_kb, self.rss_idle_each_kb = first

    def rss(self) -> int:
        return sum(self.rss_each())

    def rss_each(self) -> list[int]:
        """Resident memory of each process in the tree, largest first, in kB."""
        if not self.process:
            return []
        return sorted(
            filter(None, map(process_rss_kb, process_tree(self.process.pid))),
            reverse=True,
        )

    def cpu(self) -> float:
        return tree_cpu_s(self.process.pid) if self.process else 0.0

    def wait_idle(self, limit: float = 120.0) -> float:
        """Wait until the server has stopped working (under 5% of a core for half a
        second); returns the seconds waited. When wrk stops, the requests it left
        unanswered stay queued in the server, which goes on answering them: the
        next run would otherwise start behind them (seconds at 64 clients)."""
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            before = self.cpu()
            time.sleep(0.5)
            if self.cpu() - before < 0.025:
                break
        return time.perf_counter() - started

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def answers_http(url: str) -> bool:
    """Any HTTP status counts: the question is whether the server is up."""
    try:
        with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError):
        return False


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields follow the last ")".
        ppid = int(stat.rpartition(")")[2].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def megabytes(sizes_kb: list[int]) -> str:
    return ", ".join(f"{size / 1024:.0f}" for size in sizes_kb) or "-"


def process_rss_kb(pid: int) -> int:
    """Resident memory (VmRSS) of one process in kB; 0 once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system, all threads) a process and its descendants
    have used. On a shared machine this is steadier than wall-clock throughput:
    other jobs slow a server down but add little to its CPU time."""
    ticks = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rpartition(")")[2]
        except OSError:
            continue
        # utime and stime are fields 14 and 15 of stat(5); 12 and 13 after ")".
        ticks += int(fields.split()[11]) + int(fields.split()[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(command: list[str], env: dict[str, str], what: str) -> str:
    """Run a command to completion; on failure say what failed and show its end."""
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        raise BenchError(
            f"{what} failed ({shlex.join(command)}, exit {done.returncode}):\n"
            + "\n".join(output[-20:])
        )
    return done.stdout + done.stderr


def accord_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # Accord as shipped: SQLite in the data directory (or the database asked
    # for), the default local-memory cache, whatever the calling shell configured.
    for name in ("ACCORD_DATABASE_URL", "ACCORD_CACHE"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="accord.settings",
        ACCORD_DATA_DIR=str(data_dir),
        ACCORD_ALLOWED_HOSTS="127.0.0.1,localhost",
        ACCORD_API_RATE_LIMIT="off",
    )
    if database_url:
        env["ACCORD_DATABASE_URL"] = database_url
    return env


# Run inside `accord manage shell -c`: the agreements stored, and emptying a
# PostgreSQL database's schema (a rebuild starts from nothing).
COUNT_CODE = """
from django.db import connection
with connection.cursor() as cursor:
    try:
        cursor.execute("select count(*) from registry_agreement")
        print(cursor.fetchone()[0])
    except Exception:
        print(-1)
"""
EMPTY_CODE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
"""
# (Re)create or drop a sibling database, from a connection to the main one.
SIBLING_CODE = """
from django.db import connection
connection.ensure_connection()
connection.connection.autocommit = True
with connection.cursor() as cursor:
    cursor.execute('DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if {create}:
        cursor.execute('CREATE DATABASE "{name}"')
"""


def sibling_url(url: str, suffix: str) -> tuple[str, str]:
    """The URL of a database named like `url`'s with `suffix`, and that name."""
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") + suffix
    return urllib.parse.urlunsplit(parts._replace(path="/" + name)), name


def count_in(cfg: Settings, data_dir: Path, url: str | None) -> int:
    """Agreements in Accord's database: the data directory's SQLite file, or
    the PostgreSQL database at `url`."""
    if url is None:
        return count_agreements(data_dir / "accord.sqlite3")
    said = run(
        [*cfg.accord, "manage", "shell", "-c", COUNT_CODE],
        accord_env(data_dir, url),
        "counting agreements",
    )
    return int(said.strip().splitlines()[-1])


def count_agreements(database: Path) -> int:
    if not database.exists():
        return -1
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        ) as db:
            return int(
                db.execute("select count(*) from registry_agreement").fetchone()[0]
            )
    except sqlite3.Error:
        return -1


def ensure_accord_db(cfg: Settings) -> bool:
    """Build the synthetic registry unless one of this size and seed is there.
    Returns whether it was (re)built, so that what derives from it is redone."""
    data_dir = cfg.workdir / "accord"
    marker = cfg.workdir / "built.json"
    url = cfg.database_url
    wanted = {
        "agreements": cfg.agreements,
        "seed": BUILD_SEED,
        "database": url,
        "universities": cfg.universities,
    }
    if (
        marker.exists()
        and json.loads(marker.read_text()) == wanted
        and count_in(cfg, data_dir, url) == cfg.agreements
    ):
        where = url.rsplit("@", 1)[-1] if url else data_dir
        print(f"reusing the {cfg.agreements:,}-agreement database in {where}")
        return False
    marker.unlink(missing_ok=True)
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = accord_env(data_dir, url)
    if url:
        run([*cfg.accord, "manage", "shell", "-c", EMPTY_CODE], env, "emptying")
    run([*cfg.accord, "manage", "migrate", "-v", "0"], env, "accord manage migrate")
    started = time.perf_counter()
    code = BUILD_CODE.format(
        bench=str(BENCH_DIR),
        total=cfg.agreements,
        seed=BUILD_SEED,
        universities=cfg.universities,
    )
    run([*cfg.accord, "manage", "shell", "-c", code], env, "building the registry")
    found = count_in(cfg, data_dir, url)
    if found != cfg.agreements:
        raise BenchError(f"built {found} agreements, wanted {cfg.agreements}")
    print(
        f"built {found:,} agreements (bench_search.build, seed {BUILD_SEED}) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    marker.write_text(json.dumps(wanted))
    return True


def ensure_export(cfg: Settings, rebuilt: bool) -> Path:
    export = cfg.workdir / "agreements.csv"
    if rebuilt or not export.exists():
        partial = export.with_suffix(".partial.csv")
        run(
            [*cfg.accord, "export", "--format", "csv", "--output", str(partial)],
            accord_env(cfg.workdir / "accord", cfg.database_url),
            "accord export",
        )
        partial.replace(export)
    with export.open(newline="", encoding="utf-8") as f:
        rows = sum(1 for _ in csv.DictReader(f))
    if rows != cfg.agreements:
        raise BenchError(f"{export} holds {rows} agreements, wanted {cfg.agreements}")
    return export


def ensure_datasette_db(cfg: Settings, export: Path, rebuilt: bool) -> Path:
    folder = cfg.workdir / "datasette"
    database = folder / "db.db"  # served as /db/...
    if database.exists() and not rebuilt:
        return database
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / "partial.db"
    partial.unlink(missing_ok=True)
    env = dict(os.environ)
    run(
        [*cfg.sqlite_utils, "insert", str(partial), "agreements", str(export), "--csv"],
        env,
        "sqlite-utils insert",
    )
    run(
        [
            *cfg.sqlite_utils,
            "enable-fts",
            str(partial),
            "agreements",
            "institution",
            "partner_department",
            "country_name",
            "--fts5",
        ],
        env,
        "sqlite-utils enable-fts",
    )
    partial.replace(database)
    return database


def measure_import(cfg: Settings, export: Path) -> tuple[int, float, str]:
    """`accord import` of the whole export into a fresh database: records, seconds
    of the command (Python start included) and its first line of output."""
    data_dir = cfg.workdir / "import"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    url = None
    if cfg.database_url:
        url, name = sibling_url(cfg.database_url, "_import")
        sibling = SIBLING_CODE.format(name=name, create=True)
        main_env = accord_env(cfg.workdir / "accord", cfg.database_url)
        run([*cfg.accord, "manage", "shell", "-c", sibling], main_env, "createdb")
    env = accord_env(data_dir, url)
    run([*cfg.accord, "manage", "migrate", "-v", "0"], env, "accord manage migrate")
    source_env = accord_env(cfg.workdir / "accord", cfg.database_url)
    universities = run(
        [*cfg.accord, "manage", "shell", "--no-imports", "-c", UNIVERSITIES_CODE],
        source_env,
        "reading the home universities",
    ).strip()
    set_up = SET_UP_UNIVERSITIES_CODE.format(universities=universities)
    run([*cfg.accord, "manage", "shell", "-c", set_up], env, "adding them")
    started = time.perf_counter()
    output = run(
        [*cfg.accord, "import", str(export), "--edition-date", IMPORT_EDITION_DATE],
        env,
        "accord import",
    )
    seconds = time.perf_counter() - started
    stored = count_in(cfg, data_dir, url)
    if cfg.database_url:
        drop = SIBLING_CODE.format(name=name, create=False)
        run([*cfg.accord, "manage", "shell", "-c", drop], main_env, "dropdb")
    shutil.rmtree(data_dir, ignore_errors=True)
    first = output.strip().splitlines()[0] if output.strip() else ""
    return stored, seconds, first


def word_pairs(export: Path) -> tuple[list[str], list[str]]:
    """Every two-word query that occurs in the exported data, shuffled with a
    fixed seed, and the POPULAR_COUNT most common adjacent pairs of a name.

    A query is two different words of one institution name in their order, next
    to each other or not ("Aurora Technology" for "Aurora Institute of Technology
    12"), or a word of the name and a word of its country ("Aurora Albania"; words
    of four letters or more, so no "of"): both servers search the country too.
    Adjacent pairs alone (12,877 at 100k agreements) run out within one benchmark
    once Accord answers 100 distinct queries a second, and a repeated query would
    be served from Accord's cache."""
    seen: dict[str, str] = {}
    frequency: Counter[str] = Counter()

    def add(first: str, second: str) -> None:
        if first.casefold() != second.casefold():
            query = f"{first} {second}"
            seen.setdefault(query.casefold(), query)

    with export.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words = re.findall(r"\w+", row["institution"])
            for first, second in itertools.pairwise(words):
                frequency[f"{first} {second}".casefold()] += 1
            for first, second in itertools.combinations(words, 2):
                add(first, second)
            country = [w for w in re.findall(r"\w+", row["country_name"]) if len(w) > 3]
            for first, second in itertools.product(words, country):
                add(first, second)
    distinct = [seen[key] for key in sorted(seen)]
    random.Random(SHUFFLE_SEED).shuffle(distinct)
    # Most common first; ties by the query itself so the choice is stable.
    ranked = sorted(frequency, key=lambda key: (-frequency[key], key))
    popular = [seen[key] for key in ranked[:POPULAR_COUNT]]
    return distinct, popular


def target_path(target: str, query: str) -> str:
    if target == "api":
        return "/api/v1/agreements?" + urllib.parse.urlencode(
            {"q": query, "page_size": 50}
        )
    if target == "portal":
        return "/?" + urllib.parse.urlencode({"q": query})
    params = [("_search", query)] + [("_facet", name) for name in DATASETTE_FACETS]
    return "/db/agreements.json?" + urllib.parse.urlencode([*params, ("_size", "50")])


def write_paths(cfg: Settings, distinct: list[str], popular: list[str]) -> dict:
    """One file of paths per target and mix. The distinct list is split into two
    disjoint lanes: the API and Datasette share one (same queries, same order),
    the portal has the other, since it shares Accord's cache with the API."""
    folder = cfg.workdir / "paths"
    folder.mkdir(parents=True, exist_ok=True)
    lanes = {
        "api": distinct[0::2],
        "datasette": distinct[0::2],
        "portal": distinct[1::2],
    }
    files: dict[tuple[str, str], Path] = {}
    for target in TARGETS:
        for mix, queries in (("distinct", lanes[target]), ("popular", popular)):
            path = folder / f"{target}-{mix}.txt"
            path.write_text("".join(target_path(target, q) + "\n" for q in queries))
            files[target, mix] = path
    return files


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def check_response(target: str, url: str) -> int:
    """Fail unless the URL answers 200 with results; returns the match count."""
    status, body = fetch(url)
    if status != 200:
        raise BenchError(f"{url} answered {status}, not 200:\n{body[:500]}")
    if target == "portal":
        match = re.search(r'data-count="(\d+)"', body)
        if not match or int(match.group(1)) < 1 or 'class="agreements"' not in body:
            raise BenchError(f"{url}: the portal page shows no results table")
        return int(match.group(1))
    try:
        data = json.loads(body)
    except ValueError as error:
        raise BenchError(f"{url} did not answer JSON: {body[:300]}") from error
    if target == "api":
        if not {"count", "results", "facets"} <= data.keys() or not data["results"]:
            raise BenchError(f"{url}: no count, results and facets: {body[:300]}")
        return int(data["count"])
    facets = data.get("facet_results", {})
    if (
        not data.get("rows")
        or set(facets) != set(DATASETTE_FACETS)
        or data.get("facets_timed_out")
    ):
        raise BenchError(f"{url}: no rows or not its three facets: {body[:300]}")
    return int(data["filtered_table_rows_count"])


def query_of(path: str) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["q"][0]


def check_servers(servers: dict[str, Server], files: dict, cfg: Settings) -> None:
    """Before timing anything: every kind of URL answers 200 with results."""
    for mix in cfg.mixes:
        lines = {t: files[t, mix].read_text().splitlines() for t in TARGETS}
        # The distinct lanes are only ever read from offset 3 on (see main), so
        # that checking does not leave these queries in Accord's cache.
        for n in range(3):
            counts = {
                t: check_response(t, servers[t].base + lines[t][n]) for t in TARGETS
            }
            print(
                f"  checked {mix} {query_of(lines['api'][n])!r}: Accord API "
                f"{counts['api']} agreements, Datasette {counts['datasette']}; "
                f"portal {query_of(lines['portal'][n])!r}: {counts['portal']}"
            )


def wrk_run(
    cfg: Settings,
    server: Server,
    paths: Path,
    offset: int,
    clients: int,
    seconds: int,
    facets: int = 0,
) -> dict:
    threads = min(clients, 2)
    command = [
        cfg.wrk,
        f"-t{threads}",
        f"-c{clients}",
        f"-d{seconds}s",
        # wrk drops any latency above --timeout from its histogram (and counts it
        # as a timeout): well above the slowest answer, so p99 is the real one.
        f"--timeout={cfg.timeout}s",
        "--latency",
        "-s",
        str(LUA_SCRIPT),
        server.base,
        "--",
        str(paths),
        str(offset),
        str(threads),
        str(facets),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return dict(json.loads(line.removeprefix("WRK_JSON ")))
    raise BenchError(
        f"wrk printed no summary ({shlex.join(command)}, exit {done.returncode}):\n"
        f"{done.stdout[-1500:]}{done.stderr[-1500:]}"
    )


def timed_run(
    cfg: Settings,
    server: Server,
    target: str,
    mix: str,
    clients: int,
    paths: Path,
    offset: int,
    label: str,
    everyone: list[Server],
) -> RunResult:
    # Either server may still be answering what the last run left unanswered.
    drained = sum(other.wait_idle() for other in everyone)
    load = os.getloadavg()
    cpu_before = server.cpu()
    # Datasette drops a facet that runs out of time rather than fail: count those.
    facets = len(DATASETTE_FACETS) if target == "datasette" else 0
    summary = wrk_run(cfg, server, paths, offset, clients, cfg.seconds, facets)
    # Requests still in flight when wrk stops add a little CPU to this run.
    cpu = server.cpu() - cpu_before
    lines = int(summary["lines"])
    seconds = summary["duration_us"] / 1e6
    socket_errors = sum(summary[k] for k in ("connect", "read", "write", "timeout"))
    errors = summary["status"] + socket_errors + summary["short"]
    # wrk calls request() once more than it sends, to check the script.
    unfinished = summary["sent"] - 1 - summary["requests"]
    result = RunResult(
        target=target,
        mix=mix,
        clients=clients,
        load=load[0],
        req_s=summary["requests"] / seconds if seconds else 0.0,
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        max_ms=summary["max_us"] / 1000,
        errors=errors,
        detail=(
            f"status>=400 {summary['status']}, connect {summary['connect']}, read "
            f"{summary['read']}, write {summary['write']}, timeout {summary['timeout']}"
            f", answers missing a facet {summary['short']}"
        ),
        next_offset=int(summary["next_offset"]),
        cpu_ms=cpu * 1000 / summary["requests"] if summary["requests"] else 0.0,
        completed=summary["requests"],
        unfinished=unfinished,
    )
    print(
        f"  {label}  load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}  "
        f"{mix:8} {clients:3} clients  {TARGET_TITLES[target]:13} "
        f"{result.req_s:7.1f} req/s  p50 {result.p50_ms:7.0f} ms  "
        f"p99 {result.p99_ms:7.0f} ms  max {result.max_ms:7.0f} ms  "
        f"cpu {result.cpu_ms:5.0f} ms/req  "
        f"done {summary['requests']} unfinished {unfinished}  errors {errors}"
        + (f"  (waited {drained:.0f} s for the server to drain)" if drained > 2 else "")
        + (f" ({result.detail})" if errors else "")
        + (f"  lines {offset}..{result.next_offset}" if mix == "distinct" else ""),
        flush=True,
    )
    # Datasette keeps no cache, so only Accord must never see a query twice.
    if mix == "distinct" and target != "datasette" and result.next_offset > lines:
        print(
            f"  ! the {lines} distinct queries of {paths.name} ran out: Accord saw "
            "some twice, maybe from its cache (use fewer seconds or more agreements)"
        )
    return result


def _would_run_out(
    cfg: Settings,
    offsets: dict[str, int],
    lines: dict[str, int],
    results: list[RunResult],
) -> bool:
    """Whether a lane of distinct queries may run out in the next run, at the
    fastest rate its target has answered so far (half as much again, for a
    quieter moment of the machine)."""
    for lane, offset in offsets.items():
        rates = [r.req_s for r in results if r.mix == "distinct" and r.target == lane]
        if rates and offset + max(rates) * cfg.seconds * 1.5 > lines[lane]:
            return True
    return False


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def cell(results: list[RunResult]) -> str:
    if not results:
        return f"{'-':>23}"
    return (
        f"{median([r.req_s for r in results]):7.1f} "
        f"({median([r.p50_ms for r in results]):5.0f} / "
        f"{median([r.p99_ms for r in results]):5.0f})"
    )


def ratio(a: list[RunResult], b: list[RunResult]) -> float:
    numerator, denominator = median([r.req_s for r in a]), median([r.req_s for r in b])
    return numerator / denominator if denominator else float("nan")


def print_table(cfg: Settings, results: list[RunResult]) -> None:
    print()
    print(
        f"Medians over {cfg.rounds} round(s) of {cfg.seconds} s: req/s (p50 / p99 "
        "latency, ms); load = median 1-minute load average before the runs"
    )
    header = (
        f"{'mix':8} {'clients':>7} {'load':>5}  {'Accord API':>23}  "
        f"{'Accord portal':>23}  {'Datasette':>23}  {'API/DS':>6}  "
        f"{'portal/DS':>9}  {'API/portal':>10}  errors API/portal/DS"
    )
    print(header)
    print("-" * len(header))
    for mix in cfg.mixes:
        for clients in cfg.clients:
            group = {
                t: [
                    r
                    for r in results
                    if (r.target, r.mix, r.clients) == (t, mix, clients)
                ]
                for t in TARGETS
            }
            loads = [r.load for rs in group.values() for r in rs]
            errors = "/".join(str(sum(r.errors for r in group[t])) for t in TARGETS)
            print(
                f"{mix:8} {clients:7} {median(loads):5.2f}  {cell(group['api'])}  "
                f"{cell(group['portal'])}  {cell(group['datasette'])}  "
                f"{ratio(group['api'], group['datasette']):6.3f}  "
                f"{ratio(group['portal'], group['datasette']):9.3f}  "
                # The bound on rendering: the portal within 1.5x.
                f"{ratio(group['api'], group['portal']):10.3f}  {errors}"
            )
    print()
    print(
        "Server CPU time per request, ms (medians; user + system of the server's "
        "process tree: other jobs on the machine inflate it far less than wall time)"
    )
    header = (
        f"{'mix':8} {'clients':>7}  {'Accord API':>10}  {'Accord portal':>13}  "
        f"{'Datasette':>9}  {'DS/API':>6}  {'portal/API':>10}"
    )
    print(header)
    print("-" * len(header))
    for mix in cfg.mixes:
        for clients in cfg.clients:
            cpu = {
                t: median(
                    [
                        r.cpu_ms
                        for r in results
                        if (r.target, r.mix, r.clients) == (t, mix, clients)
                    ]
                )
                for t in TARGETS
            }
            print(
                f"{mix:8} {clients:7}  {cpu['api']:10.1f}  {cpu['portal']:13.1f}  "
                f"{cpu['datasette']:9.1f}  {cpu['datasette'] / cpu['api']:6.3f}  "
                f"{cpu['portal'] / cpu['api']:10.3f}"
            )


def resolve(command: str, what: str, how: str) -> list[str]:
    words = shlex.split(command)
    if not words or not shutil.which(words[0]):
        raise BenchError(f"{what} not found ({command!r}). {how}")
    return [shutil.which(words[0]) or words[0], *words[1:]]


def parse_args(argv: list[str] | None) -> Settings:
    parser = argparse.ArgumentParser(
        description="Search throughput of Accord vs Datasette with wrk (see the "
        "module docstring)."
    )
    parser.add_argument("--agreements", type=int, default=100_000)
    parser.add_argument(
        "--universities",
        type=int,
        default=1,
        help="home universities sharing the registry (a national network: 500)",
    )
    parser.add_argument("--seconds", type=int, help="per run (default 20, quick 5)")
    parser.add_argument("--rounds", type=int, help="A/B rounds (default 2, quick 1)")
    parser.add_argument("--clients", default="1,16,64")
    parser.add_argument("--mixes", default="distinct,popular")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="scratch directory, reused by later runs "
        "(default: $TMPDIR/accord-vs-datasette-N)",
    )
    parser.add_argument("--accord-cmd", default="accord")
    parser.add_argument("--datasette-cmd", default="datasette")
    parser.add_argument(
        "--sqlite-utils-cmd",
        help="default: sqlite-utils beside the datasette command, else on PATH",
    )
    parser.add_argument("--wrk-cmd", default="wrk")
    parser.add_argument(
        "--timeout", type=int, default=30, help="wrk's --timeout, seconds"
    )
    parser.add_argument("--quick", action="store_true", help="short runs, one round")
    parser.add_argument(
        "--skip-import", action="store_true", help="do not time accord import"
    )
    parser.add_argument(
        "--database-url",
        help="Accord on this PostgreSQL database (postgres://...) instead of "
        "SQLite; its schema is emptied when the registry is built",
    )
    args = parser.parse_args(argv)
    mixes = [m.strip() for m in args.mixes.split(",") if m.strip()]
    if not mixes or not set(mixes) <= {"distinct", "popular"}:
        parser.error("--mixes: distinct, popular or both")
    try:
        clients = [int(c) for c in args.clients.split(",")]
    except ValueError:
        parser.error("--clients: numbers separated by commas, e.g. 1,16,64")
    if not clients or min(clients) < 1:
        parser.error("--clients: at least one client")
    install = (
        "Install it in its own virtualenv: python3.11 -m venv /tmp/dsvenv && "
        "/tmp/dsvenv/bin/pip install 'datasette==0.65.*' sqlite-utils, then pass "
        "--datasette-cmd /tmp/dsvenv/bin/datasette."
    )
    try:
        wrk = resolve(args.wrk_cmd, "wrk", "Install it: apt-get install wrk.")[0]
        datasette = resolve(args.datasette_cmd, "datasette", install)
        beside = Path(datasette[0]).with_name("sqlite-utils")
        sqlite_utils = resolve(
            args.sqlite_utils_cmd
            or (str(beside) if beside.exists() else "sqlite-utils"),
            "sqlite-utils",
            install,
        )
        accord = resolve(
            args.accord_cmd,
            "accord",
            "Install Accord (pip install -e .) or pass "
            "--accord-cmd /path/to/venv/bin/accord.",
        )
    except BenchError as error:
        print(f"compare_datasette: {error}", file=sys.stderr)
        sys.exit(2)
    return Settings(
        agreements=args.agreements,
        seconds=args.seconds or (5 if args.quick else 20),
        rounds=args.rounds or (1 if args.quick else 2),
        warmup=2 if args.quick else 5,
        clients=clients,
        mixes=mixes,
        workdir=(
            args.workdir
            or Path(tempfile.gettempdir())
            / f"accord-vs-datasette-{args.agreements}-{args.universities}"
        ).resolve(),
        accord=accord,
        datasette=datasette,
        sqlite_utils=sqlite_utils,
        wrk=wrk,
        timeout=args.timeout,
        skip_import=args.skip_import,
        database_url=args.database_url,
        universities=args.universities,
    )


@contextlib.contextmanager
def serving(servers: list[Server]) -> Iterator[None]:
    """Stop the servers however the run ends, Ctrl+C and SIGTERM included."""

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        for server in servers:
            server.stop()
        signal.signal(signal.SIGTERM, previous)


def versions(cfg: Settings) -> str:
    def first_line(command: list[str]) -> str:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return (done.stdout + done.stderr).strip().splitlines()[0]

    return (
        f"{first_line([*cfg.datasette, '--version'])}; "
        f"{first_line([*cfg.sqlite_utils, '--version'])}; "
        f"{first_line([cfg.wrk, '-v'])}"
    )


def main(argv: list[str] | None = None) -> int:
    cfg = parse_args(argv)
    cfg.workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"Accord ({shlex.join(cfg.accord)}) vs {versions(cfg)}; {os.cpu_count()} CPUs; "
        f"workdir {cfg.workdir}"
    )
    try:
        where = run(
            [*cfg.accord, "manage", "shell", "-c", WHERE_CODE],
            accord_env(cfg.workdir / "accord", cfg.database_url),
            "finding Accord's source",
        )
        print(f"Accord from {where.strip().splitlines()[-1]}")
        if cfg.database_url:
            at = cfg.database_url.rsplit("@", 1)[-1]
            print(f"Accord's database: PostgreSQL at {at}")
        else:
            print("Accord's database: SQLite in the data directory")
    except BenchError as error:
        print(f"compare_datasette: {error}", file=sys.stderr)
        return 1
    try:
        return bench(cfg)
    except BenchError as error:
        print(f"compare_datasette: {error}", file=sys.stderr)
        return 1


def bench(cfg: Settings) -> int:
    rebuilt = ensure_accord_db(cfg)
    export = ensure_export(cfg, rebuilt)
    database = ensure_datasette_db(cfg, export, rebuilt)
    distinct, popular = word_pairs(export)
    files = write_paths(cfg, distinct, popular)
    print(
        f"{len(distinct):,} distinct two-word queries (two lanes of "
        f"{len(distinct) // 2:,}); popular: {', '.join(repr(q) for q in popular)}"
    )
    if cfg.skip_import:
        import_line = "import: not measured (--skip-import)"
    else:
        print(f"timing accord import of {export.name} into a fresh database ...")
        stored, seconds, said = measure_import(cfg, export)
        import_line = (
            f"import: {stored:,} records in {seconds:.1f} s = "
            f"{stored / seconds:,.0f} records/s (`accord import` of the CSV export "
            f"into a fresh {'PostgreSQL' if cfg.database_url else 'SQLite'} "
            f"database, whole command; it said: {said})"
        )
        print(import_line)

    logs = cfg.workdir / "logs"
    logs.mkdir(exist_ok=True)
    accord = Server(
        name="accord serve",
        command=[
            *cfg.accord,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(free_port()),
            "--no-bundled",
        ],
        env=accord_env(cfg.workdir / "accord", cfg.database_url),
        port=0,
        log=logs / "accord.log",
    )
    accord.port = int(accord.command[accord.command.index("--port") + 1])
    ds_port = free_port()
    settings = [w for k, v in DATASETTE_SETTINGS.items() for w in ("--setting", k, v)]
    datasette = Server(
        name="datasette serve",
        command=[
            *cfg.datasette,
            "serve",
            "-i",
            str(database),
            "--host",
            "127.0.0.1",
            "--port",
            str(ds_port),
            *settings,
        ],
        env=dict(os.environ),
        port=ds_port,
        log=logs / "datasette.log",
    )
    servers = {"api": accord, "portal": accord, "datasette": datasette}
    results: list[RunResult] = []
    with serving([accord, datasette]):
        for server in (accord, datasette):
            server.start()
            print(
                f"{server.name}: answering after {server.start_s:.1f} s, "
                f"RSS {server.rss_idle_kb / 1024:.0f} MB ({shlex.join(server.command)})"
            )
        print("Accord: ACCORD_API_RATE_LIMIT=off (the anonymous API rate limit is off)")
        check_servers(servers, files, cfg)
        # Where each distinct lane goes on; 0..2 served the checks above.
        offsets = {"api": 3, "portal": 3}
        distinct_lines = {
            lane: len(files[lane, "distinct"].read_text().splitlines())
            for lane in offsets
        }
        if cfg.warmup:
            print(f"warming up: {cfg.warmup} s per target, 1 client, distinct queries")
            for target in TARGETS:
                lane = "portal" if target == "portal" else "api"
                summary = wrk_run(
                    cfg,
                    servers[target],
                    files[target, "distinct"],
                    offsets[lane],
                    1,
                    cfg.warmup,
                )
                if target != "datasette":
                    offsets[lane] = max(offsets[lane], int(summary["next_offset"]))
        for number in range(1, cfg.rounds + 1):
            # Every other round the other way round, so that a drift in the
            # machine's load does not always favour the same server.
            order = TARGETS if number % 2 else tuple(reversed(TARGETS))
            for mix in cfg.mixes:
                for clients in cfg.clients:
                    if mix == "distinct" and _would_run_out(
                        cfg, offsets, distinct_lines, results
                    ):
                        # Every query Accord has seen is forgotten with it: the
                        # lanes start over without a single answer kept.
                        print(
                            "  restarting Accord: its distinct queries would run "
                            "out in the next runs"
                        )
                        accord.restart()
                        offsets = {"api": 0, "portal": 0}
                    start = dict(offsets)
                    for target in order:
                        lane = "portal" if target == "portal" else "api"
                        result = timed_run(
                            cfg,
                            servers[target],
                            target,
                            mix,
                            clients,
                            files[target, mix],
                            start[lane] if mix == "distinct" else 0,
                            f"round {number}",
                            [accord, datasette],
                        )
                        results.append(result)
                        # Datasette, faster, runs on into queries that Accord
                        # has yet to see: harmless, since it caches nothing.
                        if mix == "distinct" and target != "datasette":
                            offsets[lane] = max(offsets[lane], result.next_offset)
        for server in (accord, datasette):
            server.rss_loaded_each_kb = server.rss_each()
            server.rss_loaded_kb = sum(server.rss_loaded_each_kb)

    print_table(cfg, results)
    print()
    print(import_line)
    for server in (accord, datasette):
        print(
            f"{server.name}: start (launch to first HTTP answer) "
            f"{server.start_s:.1f} s; RSS of its process tree "
            f"{server.rss_idle_kb / 1024:.0f} MB idle, "
            f"{server.rss_loaded_kb / 1024:.0f} MB after the load; each process "
            f"{megabytes(server.rss_idle_each_kb)} MB idle, "
            f"{megabytes(server.rss_loaded_each_kb)} MB after the load"
        )
    print(
        "Accord: `accord serve --no-bundled` as shipped (granian, one worker per "
        "core), ACCORD_API_RATE_LIMIT=off"
    )
    print(
        "Datasette: `datasette serve -i` with "
        + ", ".join(f"{k}={v}" for k, v in DATASETTE_SETTINGS.items())
    )
    if any(r.errors for r in results):
        print("! some runs had errors (a Datasette answer missing a facet counts)")
    if any(r.unfinished > r.completed for r in results):
        print(
            "! in some runs more requests were left unanswered than answered: at "
            "that latency the run is too short for its req/s to mean much"
        )
    key = [r for r in results if (r.mix, r.clients) == (KEY_MIX, KEY_CLIENTS)]
    api = [r for r in key if r.target == "api"]
    ds = [r for r in key if r.target == "datasette"]
    value = f"{ratio(api, ds):.3f}" if api and ds else "n/a"
    print(f"throughput_ratio_vs_datasette: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
