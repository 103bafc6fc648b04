"""Names: the stored form, the folded form search and duplicate detection use,
and the key the importer matches printings of one name by."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from pyuca import Collator
from unidecode import unidecode

_NOT_WORD = re.compile(r"[^0-9a-z]+")


# Characters a reader never sees but that change what is read: the bidirectional
# controls (Unicode's Bidi_Control: U+202E shows "ytisrevinU" for "University")
# and the invisible format characters (zero-width space, word joiner, soft
# hyphen, BOM). The zero-width joiner and non-joiner stay: Persian and Indic
# spellings need them.
INVISIBLE = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
)
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
# Letters and symbols that draw nothing (fillers, the blank Braille cell).
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


# Lists repeat names and cells on every row: caching keeps parsing linear.
@lru_cache(maxsize=1 << 16)
def clean_name(text: str) -> str:
    """A name as stored: NFC-normalized, bidirectional controls and invisible
    format characters removed, inner whitespace collapsed, trimmed.

    >>> clean_name("  École\u00a0 Centrale ")
    'École Centrale'
    >>> clean_name("\u202eKyoto\u200b University")
    'Kyoto University'
    """
    text = unicodedata.normalize("NFC", text).translate(_DROP_INVISIBLE)
    return " ".join(text.split())


def is_visible(text: str) -> bool:
    """Whether a reader sees anything of `text`: a character that is not a space,
    a control or format character, a combining mark alone, or a blank glyph.

    >>> is_visible("Kyoto"), is_visible("\u200b \u3164"), is_visible("\u0301")
    (True, False, False)
    """
    return any(
        unicodedata.category(c)[0] not in "ZCM" and c not in _BLANK_GLYPHS for c in text
    )


def has_control(text: str) -> bool:
    """Whether `text` holds a control character (NUL, escape, ...).

    >>> has_control("Kyoto"), has_control("Kyo\\x00to")
    (False, True)
    """
    return any(unicodedata.category(c) == "Cc" for c in text)


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


_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z0-9&./-]*\)\s*$")
_LEADING_THE = re.compile(r"^the\s+")


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """What two printings of one partner's name share: ASCII, lower case, no
    punctuation, no spaces, no trailing acronym and no leading "The".

    A list spells a partner differently in its two parts; the importer matches
    them by this key.

    >>> name_key("The University of Hong Kong (HKU)")
    'universityofhongkong'
    >>> name_key("University of Hong Kong")
    'universityofhongkong'
    >>> name_key("Chiangmai University") == name_key("Chiang Mai University")
    True
    """
    text = _ACRONYM.sub("", clean_name(text))
    text = _LEADING_THE.sub("", unidecode(text).lower())
    return _NOT_WORD.sub("", text)


@cache
def _collator() -> Collator:
    # The Default Unicode Collation Element Table, read once (about 0.4 s).
    return Collator()


# Keys are the slow part of a sort (about 80 µs for a 30-letter name): a new
# snapshot after a write reuses those of the names that did not change.
@lru_cache(maxsize=1 << 17)
def collation_key(text: str) -> tuple[tuple[int, ...], str]:
    """The key that sorts names as a reader expects, whatever their accents and
    case: the Unicode Collation Algorithm (pyuca, with the DUCET), then code
    points between names it holds equal (so that an order never depends on
    the order of its input).

    >>> sorted(["Versailles", "École Centrale", "eagle"], key=collation_key)
    ['eagle', 'École Centrale', 'Versailles']
    """
    return tuple(_collator().sort_key(text)), text


SLUG_LENGTH = 50


def to_slug(text: str) -> str:
    """A URL- and filter-safe name: lowercase ASCII words joined by hyphens
    (empty when `text` has no letter or digit that transliterates).

    >>> to_slug("Tohoku"), to_slug("Université Lumière Lyon 2")
    ('tohoku', 'universite-lumiere-lyon-2')
    """
    words = re.findall(r"[a-z0-9]+", unidecode(text).lower())
    return "-".join(words)[:SLUG_LENGTH].strip("-")
