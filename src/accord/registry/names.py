"""Name normalization shared by storage, search and duplicate detection."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def clean_name(text: str) -> str:
    """A name as stored: NFC-normalized, inner whitespace collapsed, trimmed.

    >>> clean_name("  École\u00a0 Centrale ")
    'École Centrale'
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold_name(text: str) -> str:
    """A name reduced for matching: ASCII, lower case, punctuation as spaces.

    >>> fold_name("Universität Erlangen-Nürnberg")
    'universitat erlangen nurnberg'
    """
    return " ".join(_NOT_WORD.sub(" ", unidecode(text).lower()).split())


_CONNECTIVES = frozenset({"and", "the", "of"})


def region_key(text: str) -> frozenset[str]:
    """What identifies a region name whatever order its parts are printed in.

    Lists print the same region differently in their two parts; the words
    are what stays the same.

    >>> region_key("South and Central America") == region_key("Central & South America")
    True
    """
    return frozenset(fold_name(text).split()) - _CONNECTIVES
