"""Property-based fuzzing of the importer: lists and export files, generated or
mutated (truncated, shuffled, lines dropped or repeated, random bytes, in every
encoding the reader accepts), either read as records and a report or are
refused with the importer's own error naming the file; never a traceback, and
each example within a time and memory bound.

Each property runs twice: a few dozen derandomized examples in every test run
(CI), and thousands of random ones under the `fuzz` marker, which the default
run leaves out: `pytest -m fuzz tests/importer/test_fuzz.py` before a release
(docs/reliability.md). An input that breaks a property becomes a file in
`samples/crashers/` (see test_crashers.py).
"""

from __future__ import annotations

import datetime
import os
import random
import resource
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.errors import ImportInputError
from accord.core.formats import records_to_csv, records_to_json, records_to_xlsx
from accord.core.records import Record
from accord.importer.bundled import edition_dir
from accord.registry.validation import record_problems
from tests.importer.test_crashers import read_and_parse

# The safety bounds of one example (not a measure of speed: the slowest example
# of a CI run takes about a second on a busy two-core machine).
SECONDS = 60
EXTRA_MEMORY = 1 << 30

CI = settings(
    max_examples=int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "100")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RELEASE = settings(
    CI,
    max_examples=int(os.environ.get("ACCORD_FUZZ_RELEASE_EXAMPLES", "2000")),
    derandomize=False,
)

LIST_LINES = (edition_dir() / "list.txt").read_text(encoding="utf-8").split("\n")
SAMPLES = sorted((Path(__file__).parent / "samples").glob("*.txt"))
# What `core.formats` and `importer.sources` decode (UTF-16/32 need their BOM).
ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le-bom",
    "utf-16-be-bom",
    "utf-32",
    "shift_jis",
)
WEIRD_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(
    [
        "",
        " ",
        "\u200b",
        "\u202eKyoto\u202c",
        "=cmd|' /C calc'!A0",
        "'",
        "; ",
        "a" * 400,
        "北京" * 200,
        "\x00",
        "[" * 50,
    ]
)


class Unbounded(Exception):
    """An example ran past its safety bound."""


@contextmanager
def bounded(seconds: int = SECONDS, extra_memory: int = EXTRA_MEMORY) -> Iterator[None]:
    """Fail an example that runs longer than `seconds` or allocates more than
    `extra_memory` beyond what the process holds (an address-space limit, so
    allocation fails with MemoryError instead of the machine swapping)."""

    def alarm(signum: int, frame: Any) -> None:
        raise Unbounded(f"an example ran longer than {seconds} s")

    size = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf(
        "SC_PAGE_SIZE"
    )
    limits = resource.getrlimit(resource.RLIMIT_AS)
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    resource.setrlimit(resource.RLIMIT_AS, (size + extra_memory, limits[1]))
    try:
        yield
    except MemoryError:
        raise Unbounded(f"an example needed over {extra_memory} more bytes") from None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, limits)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def reads_or_refuses(path: Path) -> None:
    """The property: records (and a report), or ImportInputError naming `path`."""
    with bounded():
        try:
            count = read_and_parse(path)
        except ImportInputError as error:
            assert error.path == str(path)
            assert error.message
        else:
            assert count >= 0


def encode(text: str, encoding: str) -> bytes:
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        return "\ufeff".encode(codec) + text.encode(codec)
    return text.encode(encoding, errors="replace")


# -- mutations -------------------------------------------------------------------


def truncate(data: Any, rng: random.Random) -> Any:
    return data[: rng.randrange(len(data) + 1)]


def shuffle_lines(lines: list[str], rng: random.Random) -> list[str]:
    start = rng.randrange(len(lines) + 1)
    part = lines[start : start + rng.randrange(2, 12)]
    rng.shuffle(part)
    return lines[:start] + part + lines[start + len(part) :]


def drop_or_repeat_a_line(lines: list[str], rng: random.Random) -> list[str]:
    if not lines:
        return lines
    index = rng.randrange(len(lines))
    if rng.random() < 0.5:
        return lines[:index] + lines[index + 1 :]
    return lines[: index + 1] + lines[index:]


def tabs_to_spaces(lines: list[str], rng: random.Random) -> list[str]:
    return [line.replace("\t", " " * rng.randrange(1, 4)) for line in lines]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randrange(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def splice_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randrange(1, 64)) + data[at:]


LINE_MUTATIONS: list[Callable[[list[str], random.Random], list[str]]] = [
    truncate,
    shuffle_lines,
    drop_or_repeat_a_line,
    tabs_to_spaces,
]
BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    truncate,
    flip_bytes,
    splice_bytes,
]


# -- strategies ------------------------------------------------------------------


@st.composite
def mutated_lists(draw) -> tuple[bytes, str]:
    """A window of the 2021 list or a sample list, its lines mutated, encoded,
    then its bytes mutated."""
    if draw(st.booleans()):
        start = draw(st.integers(0, len(LIST_LINES) - 1))
        lines = LIST_LINES[start : start + draw(st.integers(1, 120))]
        if draw(st.booleans()):  # keep the title and first table's header
            lines = LIST_LINES[:12] + lines
    else:
        sample = draw(st.sampled_from(SAMPLES))
        lines = sample.read_text(encoding="utf-8").split("\n")
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(0, 4))):
        lines = rng.choice(LINE_MUTATIONS)(lines, rng)
    data = encode("\n".join(lines), draw(st.sampled_from(ENCODINGS)))
    for _ in range(draw(st.integers(0, 2))):
        data = rng.choice(BYTE_MUTATIONS)(data, rng)
    return data, draw(st.sampled_from([".txt", ".csv", ".json", ""]))


DATES = st.none() | st.dates(datetime.date(1890, 1, 1), datetime.date(2100, 12, 31))
RECORDS = st.builds(
    Record,
    level=st.sampled_from(["university", "department"]),
    region=WEIRD_TEXT,
    country_code=st.sampled_from(["", "TH", "DE", "JP", "XX", "th"]),
    country_name=WEIRD_TEXT,
    institution=WEIRD_TEXT,
    co_partners=st.lists(WEIRD_TEXT, max_size=3).map(tuple),
    partner_department=WEIRD_TEXT,
    home_unit=WEIRD_TEXT,
    fee_waiver=st.booleans(),
    concluded_on=DATES,
    edition=DATES,
    source_lines=st.lists(st.integers(0, 10_000), max_size=3).map(tuple),
)
WRITERS = {"csv": records_to_csv, "json": records_to_json, "xlsx": records_to_xlsx}


@st.composite
def export_files(draw) -> tuple[bytes, str]:
    """Generated records in an export format, its bytes then mutated (or not)."""
    records = draw(st.lists(RECORDS, max_size=8))
    suffix = draw(st.sampled_from(sorted(WRITERS)))
    if suffix == "xlsx":  # a worksheet cannot hold these (nor can the registry)
        records = [_without_controls(r) for r in records]
    written = WRITERS[suffix](records)
    data = written if isinstance(written, bytes) else written.encode("utf-8")
    if suffix != "xlsx" and draw(st.booleans()):
        data = encode(data.decode("utf-8"), draw(st.sampled_from(ENCODINGS)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(0, 2))):
        data = rng.choice(BYTE_MUTATIONS)(data, rng)
    return data, "." + suffix


@st.composite
def pdf_files(draw) -> tuple[bytes, str]:
    """A sample list drawn as a PDF table, then truncated or its bytes changed."""
    sample = draw(st.sampled_from(SAMPLES))
    data = _pdf_of(sample)
    rng = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 3))):
        data = rng.choice(BYTE_MUTATIONS)(data, rng)
    return data, ".pdf"


def _without_controls(record: Record) -> Record:
    def clean(text: str) -> str:
        return "".join(c for c in text if c >= " " or c in "\t\n\r")

    return record.with_changes(
        region=clean(record.region),
        country_name=clean(record.country_name),
        institution=clean(record.institution),
        co_partners=tuple(map(clean, record.co_partners)),
        partner_department=clean(record.partner_department),
        home_unit=clean(record.home_unit),
    )


_PDFS: dict[Path, bytes] = {}


def _pdf_of(sample: Path) -> bytes:
    if sample not in _PDFS:
        import tempfile

        from tests.importer.pdfs import tab_text_to_pdf

        with tempfile.TemporaryDirectory() as directory:
            path = tab_text_to_pdf(
                sample.read_text(encoding="utf-8"), Path(directory) / "list.pdf"
            )
            _PDFS[sample] = path.read_bytes()
    return _PDFS[sample]


# -- the properties, each in its CI and its release version ------------------------


def file_property(strategy: st.SearchStrategy[tuple[bytes, str]], profile: settings):
    @profile
    @given(strategy)
    def test(tmp_path_factory, case):
        data, suffix = case
        path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
        path.write_bytes(data)
        reads_or_refuses(path)

    return test


def both(strategy: st.SearchStrategy[tuple[bytes, str]]):
    return file_property(strategy, CI), pytest.mark.fuzz(
        file_property(strategy, RELEASE)
    )


test_a_mutated_list_reads_or_is_refused, test_a_mutated_list_long = both(
    mutated_lists()
)
test_an_export_file_reads_or_is_refused, test_an_export_file_long = both(export_files())
test_a_damaged_pdf_reads_or_is_refused, test_a_damaged_pdf_long = both(pdf_files())


def validation_property(profile: settings):
    @profile
    @given(RECORDS)
    def test(record):
        """The registry's check of an imported record names its problems and
        never fails itself, whatever the record holds."""
        with bounded():
            for problem in record_problems(record):
                assert problem.field and problem.message

    return test


test_the_record_check_never_fails = validation_property(CI)
test_the_record_check_never_fails_long = pytest.mark.fuzz(validation_property(RELEASE))
