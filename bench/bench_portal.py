"""Server time and transfer size of each portal page at the bundled data.

Usage (a scratch data directory; the bundled edition is imported when empty):

    ACCORD_DATA_DIR=/tmp/accord-bench python bench/bench_portal.py [--runs 20]

Prints, per page, the median and best server time over the runs (Django's test
client: the whole request/response cycle without the network), the median CPU
time of this process (SQLite runs in-process, so on a shared, loaded machine it
is the steadier figure), the number of SQL queries and the page's size raw and
gzipped, plus its CSS and JS.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
os.environ.setdefault("ACCORD_ALLOWED_HOSTS", "testserver")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accord.registry.models import Agreement, Institution

    call_command("migrate", verbosity=0)
    if not Agreement.objects.exists():
        from accord.server.management.commands.serve import Command as Serve

        loader = getattr(Serve, "load_bundled", None)
        if loader is None:
            print("empty database: run `accord serve` once or `accord import` first")
            return 1
        loader(Serve())  # the bundled edition, as a fresh `accord serve` loads it
    chula = Institution.objects.filter(name__icontains="chulalongkorn").first()
    pages = [
        "/",
        "/?q=chiang+mai",
        "/?q=universitat",
        "/?q=chulalongkorm",
        "/?country=FR&home_unit=GS+Engineering&fee_waiver=true",
        "/?q=university&fragment=1",
        "/where/?home_unit=GS+Engineering",
        "/where/?home_unit=GS+Engineering&fee_waiver=true&country=FR",
        f"/institutions/{chula.pk if chula else 1}/",
        "/countries/thailand/",
        "/regions/asia/",
        "/statistics/",
        "/map/",
        "/results.csv",
    ]
    client = Client()
    print(f"{Agreement.objects.count()} agreements, {args.runs} runs per page")
    print(
        f"{'page':60} {'median':>8} {'best':>8} {'queries':>7} {'bytes':>8} {'gzip':>7}"
    )
    for url in pages:
        client.get(url)
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        body = response.content
        print(
            f"{url[:60]:60} {statistics.median(times):7.1f}ms {min(times):7.1f}ms "
            f"{statistics.median(cpu):7.1f}ms {len(queries):7} {len(body):8} "
            f"{len(gzip.compress(body)):7}"
        )
    from django.contrib.staticfiles import finders

    for name in ("portal/portal.css", "portal/portal.js"):
        with open(finders.find(name), "rb") as asset:
            data = asset.read()
        size, packed = len(data), len(gzip.compress(data))
        print(f"{name:60} {'':>8} {'':>8} {'':>8} {'':>7} {size:8} {packed:7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
