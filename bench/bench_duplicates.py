"""Time duplicate detection on synthetic institutions.

Usage: python bench/bench_duplicates.py [N]

Names are drawn from word lists (seeded), a few per country carry a one-letter
variant, so the figures include realistic matches.
"""

from __future__ import annotations

import random
import sys
import time

from accord.registry.duplicates import find_duplicates

WORDS = tuple(
    " ".join(
        [
            "north south east west central national technical royal state federal",
            "medical agricultural pedagogical polytechnic catholic metropolitan",
            "saint mary john lake river mountain valley coast city capital",
            "kasetsart mahidol chiang mai osaka kyoto lund uppsala graz leiden",
        ]
    ).split()
)
KINDS = ("University", "Institute of Technology", "College", "University of Science")


def synthetic(n: int, countries: int, seed: int = 7) -> list[tuple]:
    rng = random.Random(seed)
    weights = [1 / rank for rank in range(1, countries + 1)]
    rows = []
    for pk in range(n):
        words = " ".join(rng.sample(WORDS, 3)).title()
        name = f"{words} {rng.choice(KINDS)}"
        if pk % 50 == 0:
            name = name.replace("a", "", 1)
        # A Zipf spread: the largest country holds about a fifth, as in real lists.
        country = rng.choices(range(countries), weights=weights)[0]
        rows.append((pk, name, (), country))
    return rows


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rows = synthetic(n, countries=120)
    largest = max(sum(1 for r in rows if r[3] == c) for c in {r[3] for r in rows})
    start = time.perf_counter()
    pairs = find_duplicates(rows)
    took = time.perf_counter() - start
    print(
        f"{n} institutions (largest country {largest}): {len(pairs)} pairs "
        f"in {took:.2f} s"
    )


if __name__ == "__main__":
    main()
