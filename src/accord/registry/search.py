"""Text search over partner institutions, one interface for SQLite and PostgreSQL.

Each institution has one search document (table `registry_search_document`): its
folded name and aliases, each again with the spaces removed ("chiang mai" ->
"chiangmai"), the partner departments of its agreements and its country's name,
one per line. The database finds candidates quickly (SQLite: an FTS5 table with the
trigram tokenizer; PostgreSQL: full text search and pg_trgm indexes), then `score`
ranks them in Python the same way on both databases, so results never depend on
which database runs Accord.

    search_institutions("ecole centrale")  ->  [Match(institution_id=7, score=1.1)]

The index follows every save through signals (see `signals.py`); bulk writes that
skip signals call `rebuild_search_index()`, and a search rebuilds it by itself when
the number of indexed institutions no longer matches the registry.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from django.db import connection, transaction
from django.db.models import Count, Max
from rapidfuzz import fuzz

from accord.core.names import fold_name
from accord.registry.models import Agreement, Institution, InstitutionAlias

log = logging.getLogger(__name__)

# A text query yields at most this many institutions, the most relevant first.
MAX_MATCHES = 1000
# Candidates for typo-tolerant matching, taken by trigram overlap before scoring.
FUZZY_CANDIDATES = 300
# Below this many exact matches, typo-tolerant matching is tried as well.
FEW_MATCHES = 10
FUZZY_MIN_RATIO = 75.0

NAME, DEPARTMENT, COUNTRY = "=", "~", "@"
# A word found in a department or a country name counts less than in a name.
WEIGHTS = {NAME: 1.0, DEPARTMENT: 0.6, COUNTRY: 0.5}


@dataclass(frozen=True)
class Match:
    institution_id: int
    score: float


def query_words(text: str) -> list[str]:
    """The words a query is matched by: folded, accents and punctuation dropped.

    >>> query_words("École-Centrale  (Lyon)")
    ['ecole', 'centrale', 'lyon']
    """
    return fold_name(text).split()


def search_institutions(text: str, limit: int = MAX_MATCHES) -> list[Match]:
    """The institutions matching every word of `text`, most relevant first."""
    words = query_words(text)
    if not words:
        return []
    ensure_search_index()
    backend = _backend()
    documents = backend.exact_candidates(words, limit)
    if len(documents) < FEW_MATCHES:
        documents.update(backend.fuzzy_candidates(words))
    scored = [
        Match(pk, value)
        for pk, document in documents.items()
        if (value := score(words, document)) > 0
    ]
    scored.sort(key=lambda m: (-m.score, m.institution_id))
    return scored[:limit]


# -- scoring -----------------------------------------------------------------


def score(words: Sequence[str], document: str) -> float:
    """How well a document matches the query words; 0 when some word is missing.

    A word scores 1 as a whole word, 0.95 as the start of one, 0.85 inside one, and
    up to 0.8 when it is a near miss of a word (a typo); the score is then weighted
    by where it was found (name, department, country).

    >>> score(["chiang", "mai"], "=chiangmai university") > 0
    True
    >>> score(["kyoto"], "=tohoku university")
    0.0
    """
    lines = [(line[0], line[1:]) for line in document.split("\n") if line]
    total = 0.0
    for word in words:
        best = max(
            (WEIGHTS[kind] * _word_quality(word, t) for kind, t in lines), default=0
        )
        if best <= 0:
            return 0.0
        total += best
    value = total / len(words)
    name = lines[0][1] if lines else ""
    phrase = " ".join(words)
    if phrase in name:
        value += 0.1
    # Among equally good matches, the shorter (more specific) name first.
    return round(value + 0.05 * min(1.0, len(phrase) / max(len(name), 1)), 4)


def _word_quality(word: str, line: str) -> float:
    tokens = line.split()
    if word in tokens:
        return 1.0
    if any(token.startswith(word) for token in tokens):
        return 0.95
    if word in line:
        return 0.85
    if len(word) < 4:
        return 0.0
    ratio = max(
        max(fuzz.ratio(word, token), fuzz.ratio(word, token[: len(word) + 1]))
        for token in tokens
    )
    return 0.8 * ratio / 100 if ratio >= FUZZY_MIN_RATIO else 0.0


# -- documents -----------------------------------------------------------------


def documents_for(institution_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The search document of each institution (all when `institution_ids` is None)."""
    institutions = Institution.objects.all()
    aliases = InstitutionAlias.objects.all()
    departments = Agreement.objects.exclude(partner_department="")
    if institution_ids is not None:
        ids = list(institution_ids)
        institutions = institutions.filter(pk__in=ids)
        aliases = aliases.filter(institution_id__in=ids)
        departments = departments.filter(institution_id__in=ids)
    names: dict[int, list[str]] = defaultdict(list)
    for pk, folded in aliases.values_list("institution_id", "name_folded"):
        names[pk].append(folded)
    extra: dict[int, set[str]] = defaultdict(set)
    for pk, department in departments.values_list(
        "institution_id", "partner_department"
    ).distinct():
        extra[pk].add(fold_name(department))
    rows = institutions.values_list("pk", "name_folded", "country__name")
    return {
        pk: _document([folded, *names[pk]], sorted(extra[pk]), fold_name(country))
        for pk, folded, country in rows
    }


def _document(names: list[str], departments: list[str], country: str) -> str:
    lines = [NAME + n for n in names]
    lines += [NAME + n.replace(" ", "") for n in names if " " in n]
    lines += [DEPARTMENT + d for d in departments]
    lines.append(COUNTRY + country)
    return "\n".join(lines)


def index_institutions(institution_ids: Iterable[int]) -> None:
    """Bring the documents of these institutions up to date (deleted ones dropped)."""
    ids = set(institution_ids)
    if not ids:
        return
    documents = documents_for(ids)
    with transaction.atomic():
        _backend().delete(ids)
        _backend().insert(documents)


def rebuild_search_index() -> int:
    """Rebuild every search document; returns how many institutions are indexed.

    Call it after writes that bypass model signals (bulk_create, queryset.update).
    """
    documents = documents_for()
    with transaction.atomic():
        _backend().delete(None)
        _backend().insert(documents)
    return len(documents)


def ensure_search_index() -> None:
    """Rebuild the index when it does not hold one document per institution.

    Comparing the count and the highest id catches writes that skipped the
    signals (bulk_create, a flush) at the cost of two indexed lookups.
    """
    # On SQLite, FTS5's own row table: counting the virtual table reads every
    # document.
    sql = (
        "SELECT COUNT(*), MAX(id) FROM registry_search_document_docsize"
        if connection.vendor == "sqlite"
        else "SELECT COUNT(*), MAX(institution_id) FROM registry_search_document"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        indexed = tuple(cursor.fetchone())
    stored = Institution.objects.aggregate(count=Count("pk"), last=Max("pk"))
    if indexed != (stored["count"], stored["last"]):
        log.info("Rebuilding the search index (it had %s documents)", indexed[0])
        rebuild_search_index()


# -- backends ------------------------------------------------------------------


class _SQLite:
    """FTS5 with the trigram tokenizer: substring matches use the index."""

    def exact_candidates(self, words: list[str], limit: int) -> dict[int, str]:
        long = [w for w in words if len(w) >= 3]
        if long:
            expression = " AND ".join(f'"{w}"' for w in long)
            sql = (
                "SELECT rowid, document FROM registry_search_document "
                "WHERE registry_search_document MATCH %s LIMIT %s"
            )
            return _fetch(sql, [expression, limit * 2])
        sql = (
            "SELECT rowid, document FROM registry_search_document "
            "WHERE document LIKE %s LIMIT %s"
        )
        return _fetch(sql, [f"%{words[0]}%", limit * 2])

    def fuzzy_candidates(self, words: list[str]) -> dict[int, str]:
        grams = sorted({g for w in words if len(w) >= 4 for g in _trigrams(w)})
        if not grams:
            return {}
        expression = " OR ".join(f'"{g}"' for g in grams)
        sql = (
            "SELECT rowid, document FROM registry_search_document "
            "WHERE registry_search_document MATCH %s ORDER BY rank LIMIT %s"
        )
        return _fetch(sql, [expression, FUZZY_CANDIDATES])

    def delete(self, ids: set[int] | None) -> None:
        with connection.cursor() as cursor:
            if ids is None:
                cursor.execute("DELETE FROM registry_search_document")
            else:
                cursor.executemany(
                    "DELETE FROM registry_search_document WHERE rowid = %s",
                    [(pk,) for pk in sorted(ids)],
                )

    def insert(self, documents: dict[int, str]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO registry_search_document (rowid, document) "
                "VALUES (%s, %s)",
                list(documents.items()),
            )


class _PostgreSQL:
    """Full text (prefix) and LIKE through pg_trgm; typos by word similarity."""

    def exact_candidates(self, words: list[str], limit: int) -> dict[int, str]:
        likes = " AND ".join("document LIKE %s" for _ in words)
        prefix = " & ".join(f"{w}:*" for w in words)
        sql = (
            "SELECT institution_id, document FROM registry_search_document "  # noqa: S608
            f"WHERE ({likes}) OR to_tsvector('simple', document) "
            "@@ to_tsquery('simple', %s) LIMIT %s"
        )
        return _fetch(sql, [*(f"%{w}%" for w in words), prefix, limit * 2])

    def fuzzy_candidates(self, words: list[str]) -> dict[int, str]:
        if not has_trigram_extension():
            return {}
        text = " ".join(words)
        sql = (
            "SELECT institution_id, document FROM registry_search_document "
            "WHERE %s <%% document ORDER BY word_similarity(%s, document) DESC "
            "LIMIT %s"
        )
        return _fetch(sql, [text, text, FUZZY_CANDIDATES])

    def delete(self, ids: set[int] | None) -> None:
        with connection.cursor() as cursor:
            if ids is None:
                cursor.execute("DELETE FROM registry_search_document")
            else:
                cursor.execute(
                    "DELETE FROM registry_search_document "
                    "WHERE institution_id = ANY(%s)",
                    [sorted(ids)],
                )

    def insert(self, documents: dict[int, str]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO registry_search_document (institution_id, document) "
                "VALUES (%s, %s) ON CONFLICT (institution_id) "
                "DO UPDATE SET document = EXCLUDED.document",
                list(documents.items()),
            )


def has_trigram_extension() -> bool:
    """Whether pg_trgm is installed (it needs a privilege the migration may lack)."""
    return _trigram_installed(connection.settings_dict["NAME"])


@cache
def _trigram_installed(database: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def _backend() -> _SQLite | _PostgreSQL:
    return _PostgreSQL() if connection.vendor == "postgresql" else _SQLite()


def _fetch(sql: str, params: Sequence[str | int]) -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(pk): document for pk, document in cursor.fetchall()}


def _trigrams(word: str) -> set[str]:
    return {word[i : i + 3] for i in range(len(word) - 2)}
