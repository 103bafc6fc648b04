"""Search and facet timings on a synthetic registry of 100k+ agreements.

Usage (SQLite in a scratch data directory by default; for PostgreSQL point
ACCORD_DATABASE_URL at an empty scratch database):

    ACCORD_DATA_DIR=/tmp/accord-bench-search python bench/bench_search.py \
        [--agreements 100000] [--runs 5]

Builds the data once (institution names with accents, aliases, departments,
units, waivers and dates shaped like the real list), rebuilds the search index,
then prints the best and median time of each query: text search alone, the first
results page with its count, and all six facet counts, with and without text.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")

# The home universities of a built registry as JSON (`accord manage shell
# --no-imports -c UNIVERSITIES_CODE`), and the code that sets them up in an
# empty database before its export is imported there, as `accord university
# add` would (with their country, which an empty database lacks: an import
# adds no university of its own). Used by bench_import.py and
# compare_datasette.py.
UNIVERSITIES_CODE = """
import json
from accord.registry.models import HomeUniversity
print(json.dumps([
    {"slug": h.slug, "name": h.name, "country": h.country.iso_code,
     "country_name": h.country.name, "region": h.country.region.name}
    for h in HomeUniversity.objects.select_related("country__region")
]))
"""
SET_UP_UNIVERSITIES_CODE = """
import json
from django.utils.text import slugify
from accord.registry.models import Country, HomeUniversity, Region
for u in json.loads({universities!r}):
    region, _ = Region.objects.get_or_create(
        name=u["region"], defaults={{"slug": slugify(u["region"])}}
    )
    country, _ = Country.objects.get_or_create(
        iso_code=u["country"],
        defaults={{"name": u["country_name"], "slug": slugify(u["country_name"]),
                   "region": region}},
    )
    HomeUniversity.objects.create(slug=u["slug"], name=u["name"], country=country)
"""
STEMS = [
    "Aurora",
    "Borealis",
    "Kanto",
    "Ladkrabang",
    "Mongkut",
    "Erlangen",
    "Nürnberg",
    "Lyon",
    "Nantes",
    "Grenoble",
    "Chiang",
    "Mai",
    "Chulalongkorn",
    "Kasetsart",
    "Mahidol",
    "Zürich",
    "Göttingen",
    "Kraków",
    "Łódź",
    "São",
    "Paulo",
    "Bogotá",
    "Málaga",
    "Córdoba",
    "Québec",
    "Montréal",
    "Tromsø",
    "Jyväskylä",
    "Århus",
    "Reykjavík",
    "Brno",
    "Plzeň",
    "Cluj",
    "Iași",
    "Tartu",
    "Vilnius",
    "Riga",
    "Szeged",
    "Debrecen",
    "Bratislava",
    "Ljubljana",
    "Zagreb",
    "Novi",
    "Sad",
    "Sofia",
    "Thessaloniki",
    "Patras",
    "Izmir",
    "Ankara",
    "Tabriz",
    "Isfahan",
    "Lahore",
    "Dhaka",
    "Kathmandu",
    "Pune",
    "Chennai",
    "Madurai",
    "Colombo",
    "Yangon",
    "Hanoi",
    "Hue",
    "Cebu",
    "Davao",
    "Bandung",
    "Surabaya",
    "Medan",
    "Penang",
    "Johor",
    "Perth",
    "Adelaide",
    "Hobart",
    "Otago",
    "Canterbury",
    "Waikato",
    "Suva",
    "Nairobi",
    "Kampala",
    "Accra",
]
PATTERNS = (
    "University of {a}",
    "{a} University",
    "{a} {b} University",
    "{a} Institute of Technology",
    "École Supérieure de {a}",
    "Universität {a}-{b}",
    "Universidad de {a}",
    "{a} National University",
    "{a} University of Science and Technology",
    "Technische Universität {a}",
)
DEPARTMENTS = (
    "Faculty of Engineering",
    "Faculty of Science",
    "School of Medicine",
    "Faculty of Dentistry",
    "Graduate School of Economics",
    "Institute of Materials Research",
    "",
    "",
)
QUERIES = (
    "university",
    "chulalongkorn",
    "chulalongkorm univ",
    "ecole superieure lyon",
    "universitat erlangen",
    "chiang mai",
    "technology",
    "zz",
)


def build(total: int, seed: int = 2021, universities: int = 1) -> None:
    """`total` agreements of `universities` home universities (a network: each
    with its own 50 units, sharing the partners). With one university the data
    is exactly what earlier versions built with the same seed."""
    from accord.core.names import fold_name
    from accord.registry.models import (
        Agreement,
        Country,
        HomeUnit,
        HomeUniversity,
        Institution,
        InstitutionAlias,
        Region,
    )

    rng = random.Random(seed)
    regions = [
        Region.objects.create(name=name, slug=name.lower(), sort_order=n)
        for n, name in enumerate(["Asia", "Europe", "Africa", "Americas", "Oceania"])
    ]
    import pycountry

    countries = Country.objects.bulk_create(
        Country(
            iso_code=c.alpha_2,
            name=c.name,
            slug=c.alpha_2.lower(),
            region=regions[n % len(regions)],
        )
        for n, c in enumerate(list(pycountry.countries)[:150])
    )
    homes = [
        HomeUniversity.objects.create(name="Bench University", country=countries[0])
    ]
    homes += HomeUniversity.objects.bulk_create(
        HomeUniversity(
            name=f"Bench University {n}", slug=f"bench-{n}", country=countries[0]
        )
        for n in range(2, universities + 1)
    )
    units_of = {
        home.pk: HomeUnit.objects.bulk_create(
            HomeUnit(home_university=home, code=f"GS Unit {n:02}") for n in range(50)
        )
        for home in homes
    }
    names: set[tuple[int, str]] = set()
    institutions = []
    while len(institutions) < total // 5:
        a, b = rng.sample(STEMS, 2)
        name = rng.choice(PATTERNS).format(a=a, b=b) + f" {rng.randint(1, 400)}"
        country = rng.choice(countries)
        if (country.pk, name) in names:
            continue
        names.add((country.pk, name))
        institutions.append(
            Institution(name=name, name_folded=fold_name(name), country=country)
        )
    institutions = Institution.objects.bulk_create(institutions, batch_size=2000)
    aliases = [
        InstitutionAlias(
            institution=i,
            name=i.name.replace(" ", ""),
            name_folded=fold_name(i.name.replace(" ", "")),
        )
        for i in rng.sample(institutions, len(institutions) // 10)
    ]
    InstitutionAlias.objects.bulk_create(aliases, batch_size=2000)
    agreements = []
    seen = set()
    while len(agreements) < total:
        institution = rng.choice(institutions)
        # One university draws nothing here: its data stays as it always was.
        home = homes[0] if len(homes) == 1 else rng.choice(homes)
        university = rng.random() < 0.35
        unit = None if university else rng.choice(units_of[home.pk])
        department = "" if university else rng.choice(DEPARTMENTS)
        day = (
            None
            if rng.random() < 0.05
            else datetime.date(1960, 1, 1) + datetime.timedelta(rng.randint(0, 23000))
        )
        key = (home.pk, institution.pk, unit.pk if unit else 0, department, day)
        if key in seen:
            continue
        seen.add(key)
        agreements.append(
            Agreement(
                home_university=home,
                level="university" if university else "department",
                institution=institution,
                home_unit=unit,
                partner_department=department,
                fee_waiver=rng.random() < 0.6,
                concluded_on=day,
            )
        )
    Agreement.objects.bulk_create(agreements, batch_size=5000)


def timed(runs: int, action: Callable[[], object]) -> tuple[float, float, float]:
    """Best and median wall time, and median CPU time of this process (ms)."""
    action()
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return min(times), statistics.median(times), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--universities", type=int, default=1, help="home universities (a network)"
    )
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accord.registry import engine
    from accord.registry.filters import AgreementFilters, Search
    from accord.registry.models import Agreement, Institution
    from accord.registry.queries import find, where_can_i_go
    from accord.registry.version import data_version

    call_command("migrate", verbosity=0)
    if not Agreement.objects.exists():
        start = time.perf_counter()
        build(args.agreements, universities=args.universities)
        print(f"built in {time.perf_counter() - start:.1f}s")
    print(
        f"{connection.vendor}: {Agreement.objects.count()} agreements, "
        f"{Institution.objects.count()} institutions; "
        f"best / median wall, median CPU of {args.runs}"
    )

    def report(label: str, action: Callable[[], object]) -> None:
        best, median, cpu = timed(args.runs, action)
        print(f"  {label:58} {best:8.1f} ms {median:8.1f} ms {cpu:8.1f} ms cpu")

    report("build the search snapshot", lambda: engine.build(data_version()[0]))
    for text in QUERIES:
        hits = len(engine.matching_institutions(text))
        report(
            f"search {text!r} ({hits} institutions)",
            lambda t=text: engine.matching_institutions(t),
        )
    for text in ("", "chulalongkorn", "university"):
        filters = AgreementFilters(q=text, sort="relevance" if text else "institution")
        report(
            f"first page + exact count + six facets, q={text!r}",
            lambda f=filters: find(Search(f)),
        )
    narrowed = AgreementFilters(country="FR", fee_waiver=True, decade=2000)
    report(
        "first page + count + facets, country+waiver+decade",
        lambda: find(Search(narrowed)),
    )
    report(
        "where can I go (one unit, all partners)",
        lambda: len(where_can_i_go(AgreementFilters(open_to="GS Unit 07")) or []),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
