"""ISO 639-1: the languages with a two-letter code, from pycountry's table.

The table (about 8,000 languages) takes pycountry some 50-70 ms to load, so it is
read on first use, not when a module that may check a language is imported (an
import of a list that names no language never reads it).

>>> is_language("en"), is_language("JA"), is_language("eng"), is_language("00")
(True, True, False, False)
>>> len(language_codes()), language_codes()[:3]
(184, ('aa', 'ab', 'ae'))
"""

from __future__ import annotations

from functools import cache


@cache
def language_codes() -> tuple[str, ...]:
    """Every ISO 639-1 code, sorted."""
    import pycountry

    return tuple(
        sorted(
            language.alpha_2
            for language in pycountry.languages
            if hasattr(language, "alpha_2")
        )
    )


@cache
def _codes() -> frozenset[str]:
    return frozenset(language_codes())


def is_language(code: str) -> bool:
    """Whether `code` is an ISO 639-1 code, in either case."""
    return code.lower() in _codes()
