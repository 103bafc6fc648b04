"""Name folding for matching institutions across the two parts of a list."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z0-9&./-]*\)\s*$")
_LEADING_THE = re.compile(r"^the\s+")


# Lists repeat names and cells on every row: caching keeps parsing linear and fast.
@lru_cache(maxsize=1 << 16)
def clean(text: str) -> str:
    """NFC, inner whitespace collapsed, trimmed.

    >>> clean("  École\\u00a0 Centrale ")
    'École Centrale'
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """ASCII, lower case, no punctuation, no spaces, no trailing acronym or "The".

    >>> fold("The University of Hong Kong (HKU)") == fold("University of Hong Kong")
    True
    >>> fold("Chiangmai University") == fold("Chiang Mai University")
    True
    """
    text = _ACRONYM.sub("", clean(text))
    text = _LEADING_THE.sub("", unidecode(text).lower())
    return _NOT_WORD.sub("", text)
