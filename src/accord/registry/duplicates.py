"""Likely duplicate institutions: near-identical names within one country, or
the same identifier (ROR id, Erasmus code, SCHAC code, website) anywhere.

A pure function over plain tuples, so it is tested without a database and timed in
bench/. Every name and alias is folded (`fold_name`) and also compared with its
words sorted, so "University of Chiang Mai" meets "Chiang Mai University":

>>> rows = [
...     (1, "Chiangmai University", (), "TH"),
...     (2, "Chiang Mai University", (), "TH"),
...     (3, "Chiang Mai University", (), "JP"),
... ]
>>> [(p.first_id, p.second_id, round(p.score)) for p in find_duplicates(rows)]
[(1, 2, 98)]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from unidecode import unidecode

from accord.core.names import fold_name

DEFAULT_THRESHOLD = 90.0
CORE_THRESHOLD = 90.0

# (id, name, aliases, country[, identifiers]): identifiers as `identifier_keys`
# makes them ("ror 01dq60k83", "web tohoku.ac.jp").
Row = (
    tuple[int, str, Sequence[str], Hashable]
    | tuple[int, str, Sequence[str], Hashable, Sequence[str]]
)


@dataclass(frozen=True)
class DuplicatePair:
    """Two institutions of one country whose names (or aliases) nearly match."""

    first_id: int
    second_id: int
    score: float
    first_name: str
    second_name: str
    # The two spellings that matched best (a name or an alias of each).
    first_match: str
    second_match: str


@dataclass(frozen=True)
class Variant:
    institution: int
    spelling: str
    folded: str


def variants_of(row: Row) -> list[Variant]:
    """Each spelling folded, with its words sorted, and without a parenthesized
    acronym or a leading "The" ("The University of York (UoY)")."""
    pk, name, aliases = row[0], row[1], row[2]
    found: dict[str, Variant] = {}
    for spelling in (name, *aliases):
        folded = fold_name(spelling)
        bare = fold_name(_PARENTHESES.sub(" ", spelling)).removeprefix("the ")
        for text in (folded, " ".join(sorted(folded.split())), bare):
            if text and text not in found:
                found[text] = Variant(pk, spelling, text)
    return list(found.values())


# Words that name the kind of institution rather than which one; two names that
# differ only in these are alike ("University of X" / "X University").
GENERIC_WORDS = frozenset(
    " ".join(
        [
            "the of and at for in de la le les des du di del della der und y e",
            "university universitat universite universidad universita",
            "universiteit universidade universitet uniwersytet",
            "institute institut instituto istituto technology technological",
            "technical technische technik science sciences scientific college",
            "school national state research academy center centre polytechnic",
            "politecnico graduate studies",
        ]
    ).split()
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_WORDS = re.compile(r"[0-9A-Za-z]+")


@lru_cache(maxsize=65536)
def is_generic(word: str) -> bool:
    # A misspelt generic word ("Universty") is still generic.
    return word in GENERIC_WORDS or bool(
        len(word) >= 6
        and process.extractOne(word, GENERIC_WORDS, scorer=fuzz.ratio, score_cutoff=85)
    )


@lru_cache(maxsize=65536)
def core_of(spelling: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The distinctive words of a name, in order, and which of them are acronyms
    (all capitals, as printed: "KTH")."""
    words = _WORDS.findall(unidecode(_PARENTHESES.sub(" ", spelling)))
    acronyms = frozenset(w.lower() for w in words if 2 <= len(w) <= 6 and w.isupper())
    core = tuple(w.lower() for w in words if not is_generic(w.lower()))
    return core, acronyms


def same_core(first: str, second: str) -> bool:
    """Whether two similar names also agree on what distinguishes them, which a
    whole-name score misses ("Southeast" / "Southwest University" score 95).

    >>> same_core("Chiangmai University", "Chiang Mai University")
    True
    >>> same_core("Chonbuk National University", "Chungbuk National University")
    False
    """
    (a, acronyms_a), (b, acronyms_b) = core_of(first), core_of(second)
    if not a or not b:
        return True
    for x, y in (("".join(a), "".join(b)), ("".join(sorted(a)), "".join(sorted(b)))):
        if fuzz.ratio(x, y) >= CORE_THRESHOLD:
            return True
    # "KTH Royal Institute of Technology" / "Royal Institute of Technology".
    return set(a) - set(b) <= acronyms_a and set(b) - set(a) <= acronyms_b


def identifier_keys(
    ror_id: str | None = None,
    erasmus_code: str | None = None,
    schac_code: str | None = None,
    website: str = "",
) -> tuple[str, ...]:
    """What makes two institutions the same one whatever their names: the same
    ROR id, Erasmus code, SCHAC code or website (its host, without "www.").

    >>> identifier_keys("01dq60k83", website="https://www.tohoku.ac.jp/en/")
    ('ror 01dq60k83', 'web tohoku.ac.jp')
    """
    keys = [
        f"{kind} {value}"
        for kind, value in (
            ("ror", ror_id),
            ("erasmus", erasmus_code),
            ("schac", schac_code),
        )
        if value
    ]
    host = _HOST.sub("", website.strip().lower()).split("/")[0].split(":")[0]
    if host:
        keys.append(f"web {host}")
    return tuple(keys)


_HOST = re.compile(r"^[a-z]+://(www\.)?")


def find_duplicates(
    rows: Iterable[Row], threshold: float = DEFAULT_THRESHOLD
) -> list[DuplicatePair]:
    """Pairs of institutions in the same country scoring at least `threshold`
    (0-100, rapidfuzz's normalized Indel similarity), and pairs sharing an
    identifier (score 100, in any country), best first.

    >>> find_duplicates([(1, "Tohoku Univ.", (), "JP", ("ror 01dq60k83",)),
    ...     (2, "Tohoku University", (), "JP", ("ror 01dq60k83",))])[0].first_match
    'ror 01dq60k83'
    """
    rows = list(rows)
    by_country: dict[Hashable, list[Row]] = defaultdict(list)
    for row in rows:
        by_country[row[3]].append(row)
    pairs: list[DuplicatePair] = []
    for country_rows in by_country.values():
        if len(country_rows) > 1:
            pairs += duplicates_in_country(country_rows, threshold)
    shared = sharing_identifiers(rows)
    pairs = [p for p in pairs if (p.first_id, p.second_id) not in shared]
    pairs += shared.values()
    return sorted(pairs, key=lambda p: (-p.score, p.first_name, p.second_name))


def sharing_identifiers(rows: Iterable[Row]) -> dict[tuple[int, int], DuplicatePair]:
    """Pairs of institutions holding the same identifier: the same institution."""
    holders: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        for key in row[4] if len(row) > 4 else ():
            holders[key].append((row[0], row[1]))
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for key, held in holders.items():
        for k, (first, first_name) in enumerate(sorted(held)):
            for second, second_name in sorted(held)[k + 1 :]:
                pairs.setdefault(
                    (first, second),
                    DuplicatePair(
                        first, second, 100.0, first_name, second_name, key, key
                    ),
                )
    return pairs


def duplicates_in_country(rows: list[Row], threshold: float) -> list[DuplicatePair]:
    names = {row[0]: row[1] for row in rows}
    variants = [v for row in rows for v in variants_of(row)]
    texts = [v.folded for v in variants]
    best: dict[tuple[int, int], tuple[float, Variant, Variant]] = {}
    for i, query in enumerate(texts):
        # One C-level scan per spelling against the ones after it (the score is
        # symmetric); no numpy needed, unlike cdist.
        matches = process.extract(
            query, texts[i + 1 :], scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        )
        for _, score, offset in matches:
            pair = (variants[i], variants[i + 1 + offset])
            a, b = sorted(pair, key=lambda v: v.institution)
            if a.institution == b.institution or not same_core(a.spelling, b.spelling):
                continue
            key = (a.institution, b.institution)
            if key not in best or score > best[key][0]:
                best[key] = (score, a, b)
    return [
        DuplicatePair(
            first_id=first,
            second_id=second,
            score=score,
            first_name=names[first],
            second_name=names[second],
            first_match=a.spelling,
            second_match=b.spelling,
        )
        for (first, second), (score, a, b) in best.items()
    ]
