"""Load on the loopback: 64 clients for 10 seconds against `accord serve` (the
bundled edition in a database of the suite's kind, the rate limit off), a mix
of portal pages, API reads, conditional requests, exports and bad requests; no
answer may be a 5xx and no connection may fail (docs/reliability.md).

Only 127.0.0.1 is ever contacted. The request loop is bounded in time and
count and stops by itself. `pytest -m soak` runs it longer
(ACCORD_SOAK_SECONDS, default 120).
"""

from __future__ import annotations

import http.client
import os
import random
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.test_cli import accord_script, free_port, wait_for
from tests.test_crash_consistency import Database

CLIENTS = 64
MAX_REQUESTS_PER_CLIENT = 2000
PATHS = [
    "/",
    "/?q=lyon&country=FR",
    "/?q=tohoku+univ&level=department",
    "/?country=XX",
    "/statistics/",
    "/map/",
    "/where/?open_to=GS+Engineering",
    "/api/v1/agreements",
    "/api/v1/agreements?country=DE&fee_waiver=true&page_size=100",
    "/api/v1/agreements?q=kyoto&sort=-concluded_on",
    "/api/v1/agreements?concluded_from=0",
    "/api/v1/agreements?page=99999999999999999999",
    "/api/v1/agreements/1",
    "/api/v1/agreements/999999999",
    "/api/v1/institutions?q=national",
    "/api/v1/institutions/1",
    "/api/v1/countries",
    "/api/v1/statistics",
    "/api/v1/export.csv?country=CN",
    "/api/v1/datapackage.json",
    "/api/v1/no-such-thing",
]


def client_loop(port: int, until: float, seed: int) -> Counter[str]:
    """One client: requests until `until`, on one kept-alive connection."""
    rng = random.Random(seed)
    seen: Counter[str] = Counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= until:
                break
            path = rng.choice(PATHS)
            method = rng.choice(["GET", "GET", "GET", "HEAD", "OPTIONS"])
            headers = {"Accept-Encoding": "gzip"} if rng.random() < 0.3 else {}
            if rng.random() < 0.1:
                headers["If-None-Match"] = '"stale"'
            try:
                connection.request(method, path, headers=headers)
                response = connection.getresponse()
                response.read()
                seen[f"{response.status // 100}xx"] += 1
                if response.status >= 500:
                    seen[f"{response.status} {method} {path}"] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as exc:
                seen[f"error {type(exc).__name__} {method} {path}"] += 1
                connection.close()
    finally:
        connection.close()
    return seen


def run_load(tmp_path: Path, seconds: float) -> Counter[str]:
    # A database of its own, of the suite's kind; the bundled edition loads.
    database = Database(tmp_path)
    database.create()
    try:
        return serve_and_load(database.env, seconds)
    finally:
        database.drop()


def serve_and_load(env: dict[str, str], seconds: float) -> Counter[str]:
    port = free_port()
    env = env | {"ACCORD_API_RATE_LIMIT": "off"}
    process = subprocess.Popen(
        [accord_script(), "serve", "--port", str(port), "--threads", "16"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/api/v1/countries", process) == 200
        until = time.monotonic() + seconds
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = pool.map(
                lambda seed: client_loop(port, until, seed), range(CLIENTS)
            )
            total: Counter[str] = sum(results, Counter())
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=60)
    total["server tracebacks"] = output.count("Traceback")
    return total


def assert_healthy(total: Counter[str]) -> None:
    failures = {k: v for k, v in total.items() if k.startswith(("5", "error"))}
    assert failures == {}, failures
    assert total["server tracebacks"] == 0
    assert total["2xx"] > CLIENTS  # every client got through, several times
    assert total["4xx"] > 0  # and the bad requests were refused, not crashed


def test_64_clients_for_10_seconds_get_no_server_error(tmp_path):
    assert_healthy(run_load(tmp_path, seconds=10))


@pytest.mark.soak
def test_64_clients_for_minutes_get_no_server_error(tmp_path):
    assert_healthy(
        run_load(tmp_path, float(os.environ.get("ACCORD_SOAK_SECONDS", 120)))
    )


def test_a_client_past_its_time_sends_nothing():
    assert client_loop(free_port(), time.monotonic() - 1, 0) == Counter()
