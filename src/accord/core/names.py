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
_DROP_INVISIBLE: dict[int, str | None] = dict.fromkeys(map(ord, INVISIBLE))
# The Latin ligatures a typesetter draws as one glyph ("ﬁ", U+FB01): text
# extracted from a typeset PDF carries them where a reader sees two letters.
_LIGATURES = {
    0xFB00: "ff",
    0xFB01: "fi",
    0xFB02: "fl",
    0xFB03: "ffi",
    0xFB04: "ffl",
    0xFB05: "st",
    0xFB06: "st",
}
_AS_READ = {**_DROP_INVISIBLE, **_LIGATURES}


# Superscript digits, as a footnote's mark prints them after a name.
SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
AS_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)


def as_read(text: str) -> str:
    """Text as a reader reads it: the characters no one sees left out, the
    ligatures written as their letters.

    >>> as_read("Paci\ufb01c Uni\u00adversity\u200b")
    'Pacific University'
    """
    return text.translate(_AS_READ)


# Letters and symbols that draw nothing (fillers, the blank Braille cell).
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Unicode's control characters (category Cc) are exactly C0, DEL and C1; any
# ASCII letter, digit or punctuation is visible. Both spare a per-character
# category lookup on the names an import checks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ASCII_VISIBLE = re.compile("[!-~]")


# Lists repeat names and cells on every row: caching keeps parsing linear.
@lru_cache(maxsize=1 << 16)
def clean_name(text: str) -> str:
    """A name as stored: NFC-normalized, bidirectional controls and invisible
    format characters removed, ligatures as their letters, inner whitespace
    collapsed, trimmed.

    >>> clean_name("  École\u00a0 Centrale ")
    'École Centrale'
    >>> clean_name("\u202eKyoto\u200b University")
    'Kyoto University'
    """
    text = unicodedata.normalize("NFC", text).translate(_AS_READ)
    return " ".join(text.split())


# Scripts written without spaces between words: a line wrapped inside a name
# in them ("カリフォルニア大学ロサン" / "ゼルス校") joins back without one.
_UNSPACED = re.compile(
    "[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]"
)


def wrap_joiner(before: str, after: str) -> str:
    """What joins a wrapped line's end to the next line's start: nothing
    between two characters of a script written without spaces, else a space.

    >>> wrap_joiner("\u30ed\u30b5\u30f3", "\u30bc\u30eb\u30b9\u6821")
    ''
    >>> wrap_joiner("of", "Tokyo")
    ' '
    """
    if before and after and _UNSPACED.match(before[-1]) and _UNSPACED.match(after[0]):
        return ""
    return " "


def join_wrapped(text: str, more: str) -> str:
    """A wrapped cell's lines, rejoined: a line ending in a hyphen wrapped
    inside a hyphenated word ("Hamburg-" + "Harburg").

    >>> join_wrapped("Hamburg-", "Harburg"), join_wrapped("University of", "Graz")
    ('Hamburg-Harburg', 'University of Graz')
    """
    if not text:
        return more
    if text.endswith("-"):
        return text + more
    return f"{text}{wrap_joiner(text, more)}{more}"


# Words a name does not end on: a name wrapped after them goes on below.
_WORDS_THAT_GO_ON = frozenset(
    {
        "of", "for", "and", "the", "de", "des", "du", "di", "del", "della", "der",
        "für", "und", "y", "e", "et", "at", "in", "&",
        # Separators between a name's parts: "United Nations University -".
        "-", "\u2013", "\u2014", "/",
    }
)  # fmt: skip


def goes_on(name: str) -> bool:
    """Whether a name stops where no name ends: on a word that goes on. (A
    comma does not tell: "Zhejiang University," may end an entry.)

    The word in lowercase, or a name all in capitals: "Chinese University of
    Hong Kong, The" ends on an inverted article, after a comma.

    >>> goes_on("Technical University of"), goes_on("Kyoto University")
    (True, False)
    >>> goes_on("UNIVERSITY OF"), goes_on("Chinese University of Hong Kong, The")
    (True, False)
    """
    stripped = name.rstrip()
    head, _, last = stripped.rpartition(" ")
    folded = last.casefold()
    if folded not in _WORDS_THAT_GO_ON or head.endswith(","):
        return False
    return last == folded or stripped.isupper()


def goes_on_from(text: str) -> bool:
    """Whether a line starts where no name starts, so carries on the name
    above: on one of those words in lowercase ("of Sustainability (UNU-IAS)").

    >>> goes_on_from("of Sustainability"), goes_on_from("Oxford University")
    (True, False)
    """
    first = text.strip().split(" ", 1)[0]
    return first.islower() and first in _WORDS_THAT_GO_ON


def is_visible(text: str) -> bool:
    """Whether a reader sees anything of `text`: a character that is not a space,
    a control or format character, a combining mark alone, or a blank glyph.

    >>> is_visible("Kyoto"), is_visible("\u200b \u3164"), is_visible("\u0301")
    (True, False, False)
    """
    if _ASCII_VISIBLE.search(text):
        return True
    return any(
        unicodedata.category(c)[0] not in "ZCM" and c not in _BLANK_GLYPHS for c in text
    )


def has_control(text: str) -> bool:
    """Whether `text` holds a control character (NUL, escape, ...).

    >>> has_control("Kyoto"), has_control("Kyo\\x00to")
    (False, True)
    """
    return _CONTROL.search(text) is not None


def fold_name(text: str) -> str:
    """A name reduced for matching: ASCII, lower case, punctuation as spaces.

    >>> fold_name("Universität Erlangen-Nürnberg")
    'universitat erlangen nurnberg'
    """
    return " ".join(_NOT_WORD.sub(" ", unidecode(text).lower()).split())


# Scripts a name keeps as written when searched: Han, kana and Hangul. Romanized
# by `fold_name` they lose what tells them apart: "タイ" (Thailand) becomes
# "tai", the start of "taiwan"; "中国" and "中学" share "zhong". Full-width and
# half-width forms are unified first (NFKC).
_KEPT_SCRIPTS = re.compile(
    "[\u3005\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+"
)


def kept_words(text: str) -> list[str]:
    """The runs of `text` in a kept script (Han, kana, Hangul), as written.

    >>> kept_words("Tohoku University 東北大学・工学研究科")
    ['東北大学', '工学研究科']
    """
    return _KEPT_SCRIPTS.findall(unicodedata.normalize("NFKC", text))


def search_words(text: str) -> list[str]:
    """The words search matches a query by: the folded words of its Latin (and
    other romanizable) parts, then its runs in a kept script as written.

    >>> search_words("Lyon フランス"), search_words("\uff26rance")
    (['lyon', 'フランス'], ['france'])
    """
    normal = unicodedata.normalize("NFKC", text)
    kept = _KEPT_SCRIPTS.findall(normal)
    rest = _KEPT_SCRIPTS.sub(" ", normal) if kept else normal
    return fold_name(rest).split() + kept


def is_kept(word: str) -> bool:
    """Whether a search word is in a kept script (it is matched as written,
    never as a near miss: "工学研究科" is not "理学研究科" misspelt).

    >>> is_kept("工学研究科"), is_kept("engineering")
    (True, False)
    """
    return not word.isascii()


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
