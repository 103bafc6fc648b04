"""Text search over partner institutions, in memory: every word of a query must
appear in the partner's name (or another known spelling), a department of one
of its agreements, its city or its country; accents, case and punctuation ignored, small
typos forgiven when few partners match exactly.

Each institution has a document of lines: its folded names, its city, its
departments and its country (in each language of the pages). Words in Han, kana
or Hangul are kept as written (`core.names.search_words`) and never matched as
near misses. A query word matches a word of a line as a whole word (1.0), its
start (0.95) or inside it (0.85), weighted by the line: name 1.0, city 0.7,
department 0.6, country 0.5. A name also matches without its spaces, so
"chiangmai" finds "Chiang Mai University" (0.95: the start of the name written
as one word). An institution's score is the mean over the query's words of their
best weighted match, plus 0.1 when the whole phrase is in its name, plus up to
0.05 for a shorter (more specific) name.

    >>> index = TextIndex.build([(["ecole centrale de lyon"], [], "france")])
    >>> found = index.match(["centrale", "lyon"])
    >>> found.positions.tolist(), [round(s, 2) for s in found.scores.tolist()]
    ([0], [1.03])
    >>> index.match(["centraledelyon"]).positions.tolist()
    [0]

The index is built from the registry's rows (`registry.engine`) for one version
of the data; nothing here touches the database. What one word matches is worked
out the first time a query holds it and kept with the index (`KEPT_BYTES`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from accord.core.lru import BoundedCache
from accord.core.names import is_kept

NAME, CITY, DEPARTMENT, COUNTRY = 1.0, 0.7, 0.6, 0.5
# Below this many exact matches, typo-tolerant matching is tried as well.
FEW_MATCHES = 10
FUZZY_MIN_RATIO = 75.0
FUZZY_MIN_LENGTH = 4
# A word's exact matches and near misses, kept once worked out: the words of
# queries recur far more than their combinations (the names of a national
# registry share a few thousand words), and working one out (the vocabulary
# words holding it, the names holding it across a space, its near misses) was
# 0.3 ms of a two-word search's 1.45 (in-process, 100k agreements). Kept as the
# institutions matched and their values, within this many bytes per index.
KEPT_BYTES = 16 * 1024 * 1024
KEPT_WORDS = 20_000
EXACT, NEAR = "exact", "near"

# (names, departments, country[, city]) of one institution, all folded; names[0]
# is the institution's own name.
Document = (
    tuple[Sequence[str], Sequence[str], str]
    | tuple[Sequence[str], Sequence[str], str, str]
)


@dataclass(frozen=True)
class Found:
    """The institutions matching a query (positions in the index) and scores."""

    positions: NDArray[np.int64]
    scores: NDArray[np.float64]


class TextIndex:
    """Words -> institutions, with what each word weighs in each document; and
    the names of several words, for a query word written across their spaces."""

    def __init__(
        self,
        vocabulary: list[str],
        starts: NDArray[np.int64],
        holders: NDArray[np.int32],
        weights: NDArray[np.float32],
        names: list[str],
        joined: JoinedNames,
    ) -> None:
        self.vocabulary = vocabulary
        # Word k's holders are holders[starts[k]:starts[k+1]], weights alike.
        self.starts = starts
        self.holders = holders
        self.weights = weights
        self.names = names
        self.joined = joined
        self.name_lengths = np.array([max(len(n), 1) for n in names], dtype=np.float64)
        self.grams = _gram_index(vocabulary)
        self.lengths = np.array([len(w) for w in vocabulary], dtype=np.int64)
        self._near_by_length: dict[
            int, tuple[NDArray[np.int64], list[str], list[str]]
        ] = {}
        self._kept = _kept_words()

    def __getstate__(self) -> dict[str, Any]:
        # A stored snapshot (`registry.stored_snapshots`) leaves the kept words
        # out: they hold a lock, and each process fills its own.
        return {k: v for k, v in self.__dict__.items() if k != "_kept"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._kept = _kept_words()

    @classmethod
    def build(cls, documents: Sequence[Document]) -> TextIndex:
        """One entry per document, in the order given."""
        words: list[str] = []
        holders: list[int] = []
        weights: list[float] = []
        joined = _JoinedBuilder()
        for position, (names, departments, country, *city) in enumerate(documents):
            for line, weight in _lines(names, departments, country, *city):
                tokens = line.split()
                words += tokens
                holders += [position] * len(tokens)
                weights += [weight] * len(tokens)
            for name in names:
                joined.add(position, name)
        return cls(
            *_postings(words, holders, weights),
            [d[0][0] if d[0] else "" for d in documents],
            joined.build(),
        )

    def match(self, words: Sequence[str]) -> Found:
        """Every institution holding all the words; typos forgiven when fewer
        than FEW_MATCHES hold them exactly."""
        if not words:
            return Found(np.empty(0, np.int64), np.empty(0, np.float64))
        best = [self._word(EXACT, word) for word in words]
        found = _all_positive(best)
        if len(found) < FEW_MATCHES and any(len(w) >= FUZZY_MIN_LENGTH for w in words):
            best = [
                np.maximum(b, self._word(NEAR, w))
                for b, w in zip(best, words, strict=True)
            ]
            found = _all_positive(best)
        return Found(found, self._scores(words, best, found))

    def _word(self, kind: str, word: str) -> NDArray[np.float64]:
        """`_exact(word)` (EXACT) or `_fuzzy(word)` (NEAR), worked out once
        for this index (KEPT_BYTES)."""
        key = (kind, word)
        kept = self._kept.get(key)
        if kept is None:
            best = self._exact(word) if kind == EXACT else self._fuzzy(word)
            matched = np.flatnonzero(best)
            self._kept.put(key, (matched, best[matched]))
            return best
        best = np.zeros(len(self.names))
        best[kept[0]] = kept[1]
        return best

    # -- one word ---------------------------------------------------------------

    def _exact(self, word: str) -> NDArray[np.float64]:
        """For each institution, the best weighted match of `word` (0: none)."""
        held = self._containing(word)
        best = self._spread(held, self._qualities(word, held))
        for position, value in self._across_spaces(word):
            best[position] = max(best[position], value)
        return best

    def _containing(self, word: str) -> NDArray[np.int64]:
        """The positions of the vocabulary words that hold `word`: those of its
        rarest key (`_keys`) that hold it. Testing a few dozen words in Python
        beat intersecting every key's list (2-5x), and a word of one or two
        letters ("12") no longer scans the whole vocabulary (0.9 ms at 1M)."""
        keys = _keys(word)
        if not keys:
            return np.arange(len(self.vocabulary))
        candidates = min((self.grams.get(key, _NONE) for key in keys), key=len)
        if len(word) <= GRAM:  # the key is the word itself: all hold it
            return candidates.astype(np.int64)
        vocabulary = self.vocabulary
        return np.array(
            [k for k in candidates.tolist() if word in vocabulary[k]], dtype=np.int64
        )

    def _qualities(self, word: str, held: NDArray[np.int64]) -> NDArray[np.float64]:
        """`_quality` of `word` in each vocabulary word of `held` (sorted
        positions of words holding it). The vocabulary is sorted: the words
        starting with `word` are one run of it, and `word` itself, if there,
        the run's first."""
        vocabulary = self.vocabulary
        first = bisect_left(vocabulary, word)
        end = bisect_right(
            vocabulary, word, lo=first, key=lambda token: token[: len(word)]
        )
        quality = np.full(len(held), 0.85)
        start, stop = np.searchsorted(held, [first, end]).tolist()
        quality[start:stop] = 0.95
        if start < stop and vocabulary[first] == word:
            quality[start] = 1.0
        return quality

    def _across_spaces(self, word: str) -> Iterable[tuple[int, float]]:
        """Names holding `word` only once their spaces are dropped: a word
        written across a space holds a run of three letters, or of four for a
        longer word, that crosses it. (Four: "ede" crosses the space of every
        "universite de"; a name holding the word without crossing a space
        holds it in a word of its own, which `_exact` finds at least as well.)"""
        joined = self.joined
        entries: set[int] = set()
        for gram in set(_grams(word, CROSSING if len(word) > GRAM else GRAM)):
            entries.update(joined.grams.get(gram, _NONE).tolist())
        for entry in entries:
            text = joined.texts[entry]
            if word in text:
                yield int(joined.holders[entry]), NAME * _quality(word, text)

    def _fuzzy(self, word: str) -> NDArray[np.float64]:
        """For each institution, the best weighted near miss of `word`."""
        if len(word) < FUZZY_MIN_LENGTH or is_kept(word):
            return np.zeros(len(self.names))
        near, candidates, heads = self._near(len(word))
        ratio = np.maximum(
            cdist([word], candidates, scorer=fuzz.ratio)[0],
            cdist([word], heads, scorer=fuzz.ratio)[0],
        )
        close = np.flatnonzero(ratio >= FUZZY_MIN_RATIO)
        return self._spread(near[close], 0.8 * ratio[close] / 100)

    def _near(self, length: int) -> tuple[NDArray[np.int64], list[str], list[str]]:
        """The vocabulary words a word of this length may be a near miss of
        (fuzz.ratio reaches 75 only between lengths within a factor 0.6), and
        their first length + 1 letters; the same for every word of the length,
        so worked out once."""
        found = self._near_by_length.get(length)
        if found is None:
            near = np.flatnonzero(
                (self.lengths >= 0.6 * length) & (self.lengths * 0.6 <= length + 1)
            )
            candidates = [self.vocabulary[k] for k in near.tolist()]
            heads = [token[: length + 1] for token in candidates]
            found = self._near_by_length[length] = (near, candidates, heads)
        return found

    def _spread(
        self, words: NDArray[np.int64], quality: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Quality per vocabulary word -> best weighted value per institution."""
        best = np.zeros(len(self.names))
        if not len(words):
            return best
        lengths = self.starts[words + 1] - self.starts[words]
        at = ranges(self.starts[words], lengths)
        values = self.weights[at] * np.repeat(quality, lengths)
        # Typo ratios come as float32, and so would these values: maximum.at
        # into float64 casts them one at a time, 3.4x slower at a typo's few
        # hundred postings. Cast once (exactly; the values do not change).
        values = values.astype(np.float64, copy=False)
        np.maximum.at(best, self.holders[at], values)
        return best

    # -- scoring ------------------------------------------------------------------

    def _scores(
        self,
        words: Sequence[str],
        best: list[NDArray[np.float64]],
        found: NDArray[np.int64],
    ) -> NDArray[np.float64]:
        total = np.zeros(len(found))
        for per_word in best:
            total += per_word[found]
        score = total / len(words)
        phrase = " ".join(words)
        score += [0.1 if phrase in self.names[p] else 0.0 for p in found.tolist()]
        score += 0.05 * np.minimum(1.0, len(phrase) / self.name_lengths[found])
        return np.round(score, 4)


_NONE = np.empty(0, dtype=np.int64)


Kept = tuple[NDArray[np.int64], NDArray[np.float64]]


def _kept_words() -> BoundedCache[Kept]:
    return BoundedCache(entries=KEPT_WORDS, size=KEPT_BYTES, weigh=_sparse_bytes)


def _sparse_bytes(kept: Kept) -> int:
    # The arrays' own objects weigh about 100 bytes each.
    return kept[0].nbytes + kept[1].nbytes + 200


@dataclass(frozen=True)
class JoinedNames:
    """Every name (and other spelling) written without its spaces, once each,
    with its institution; and, by each run of three and of four letters that
    crosses where a space was, the names holding it. Arrays, not lists of
    tuples: at a million agreements the tuples took half the snapshot's
    memory."""

    texts: list[str]
    holders: NDArray[np.int32]
    grams: dict[str, NDArray[np.int32]]


class _JoinedBuilder:
    def __init__(self) -> None:
        self.texts: list[str] = []
        self.holders: list[int] = []
        self.grams: dict[str, list[int]] = defaultdict(list)

    def add(self, position: int, name: str) -> None:
        grams = _boundary_grams(name)
        if not grams:
            return
        entry = len(self.texts)
        self.texts.append(name.replace(" ", ""))
        self.holders.append(position)
        for gram in grams:
            self.grams[gram].append(entry)

    def build(self) -> JoinedNames:
        return JoinedNames(
            self.texts,
            np.array(self.holders, dtype=np.int32),
            {g: np.array(e, dtype=np.int32) for g, e in self.grams.items()},
        )


def _quality(word: str, token: str) -> float:
    return 1.0 if token == word else 0.95 if token.startswith(word) else 0.85


def _lines(
    names: Sequence[str], departments: Sequence[str], country: str, city: str = ""
) -> Iterable[tuple[str, float]]:
    for name in names:
        yield name, NAME
    if city:
        yield city, CITY
    for department in departments:
        yield department, DEPARTMENT
    yield country, COUNTRY


def _postings(
    words: list[str], holders: list[int], weights: list[float]
) -> tuple[list[str], NDArray[np.int64], NDArray[np.int32], NDArray[np.float32]]:
    """(word, holder, weight) triples -> the vocabulary and, per word, its
    holders with the best weight each holds it with."""
    vocabulary = sorted(set(words))
    number = {word: k for k, word in enumerate(vocabulary)}
    ids = np.fromiter((number[w] for w in words), dtype=np.int64, count=len(words))
    who = np.array(holders, dtype=np.int64)
    weight = np.array(weights, dtype=np.float32)
    order = np.lexsort((-weight, who, ids))
    ids, who, weight = ids[order], who[order], weight[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = (ids[1:] != ids[:-1]) | (who[1:] != who[:-1])
    ids, who, weight = ids[first], who[first], weight[first]
    starts = np.searchsorted(ids, np.arange(len(vocabulary) + 1)).astype(np.int64)
    return vocabulary, starts, who.astype(np.int32), weight


GRAM = 3
# The runs that cross a space are also kept four letters long: far fewer
# names share one (at 1M, "ede" crosses a space in 20,000 names).
CROSSING = 4


def _grams(word: str, size: int = GRAM) -> list[str]:
    return [word[i : i + size] for i in range(len(word) - size + 1)]


def _keys(word: str) -> set[str]:
    """What the vocabulary's index (`_gram_index`) finds the words holding
    `word` by: its three-letter runs, or the word itself when shorter."""
    return set(_grams(word)) if len(word) >= GRAM else {word} if word else set()


def _boundary_grams(name: str) -> set[str]:
    """The runs of three and of four letters of a name written without spaces
    that cross where a space was."""
    joined = name.replace(" ", "")
    grams, cut = set(), 0
    for token in name.split()[:-1]:
        cut += len(token)
        for size in (GRAM, CROSSING):
            grams |= {
                joined[i : i + size]
                for i in range(max(cut - size + 1, 0), cut)
                if i + size <= len(joined)
            }
    return grams


def _gram_index(vocabulary: list[str]) -> dict[str, NDArray[np.int32]]:
    """Every run of up to three letters -> the vocabulary words holding it
    (sorted positions)."""
    held: dict[str, list[int]] = defaultdict(list)
    for k, token in enumerate(vocabulary):
        runs = {
            token[i : i + n]
            for n in range(1, GRAM + 1)
            for i in range(len(token) - n + 1)
        }
        for run in runs:
            held[run].append(k)
    return {g: np.array(ks, dtype=np.int32) for g, ks in held.items()}


def ranges(starts: NDArray[np.int64], lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """The positions start..start+length-1 of every range, concatenated."""
    total = int(lengths.sum())
    if not total:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(
        starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths
    )
    return offsets + np.arange(total)


def _all_positive(best: list[NDArray[np.float64]]) -> NDArray[np.int64]:
    matched = best[0] > 0
    for per_word in best[1:]:
        matched &= per_word > 0
    return np.flatnonzero(matched)
