"""ISO 639-1: the languages with a two-letter code, from pycountry's table.

>>> is_language("en"), is_language("JA"), is_language("eng"), is_language("00")
(True, True, False, False)
>>> len(LANGUAGE_CODES), LANGUAGE_CODES[:3]
(184, ('aa', 'ab', 'ae'))
"""

from __future__ import annotations

import pycountry

LANGUAGE_CODES: tuple[str, ...] = tuple(
    sorted(
        language.alpha_2
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    )
)
_CODES = frozenset(LANGUAGE_CODES)


def is_language(code: str) -> bool:
    """Whether `code` is an ISO 639-1 code, in either case."""
    return code.lower() in _CODES
