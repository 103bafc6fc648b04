"""A partner institution's identifiers, read as people write them and stored in
one form: ROR ids, Erasmus codes and SCHAC codes.

Each `*_problem` function returns what is wrong with a value (None when it is
fine); each `normal_*` function returns the stored form. Django-free, so the
importer, the registry and the exports share them.

>>> normal_ror("https://ror.org/01dq60k83")
'01dq60k83'
>>> ror_problem("01dq60k84")
'01dq60k84 fails its checksum (a digit mistyped?)'
"""

from __future__ import annotations

import re

# ROR ids: "0", six characters of Crockford's base32 (no i, l, o, u), then a
# two-digit checksum (ISO 7064 mod 97-10 over the six characters' value), as ROR
# generates them (ror-community/ror-api, generate_ror_id; checked against the
# ids of Tohoku, Stanford and Harvard in tests/core/test_identifiers.py).
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_ROR = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}[0-9]{2}$")
_ROR_URL = re.compile(r"^(?:https?://)?(?:www\.)?ror\.org/", re.IGNORECASE)
ROR_LENGTH = 9

# Erasmus codes: a country prefix of one to three capitals padded to three
# characters, a city code, and a two- or three-digit number: "F  PARIS001",
# "D  BERLIN01", "UK LONDON029", "PL WARSZAW01", "SF HELSINK01".
_ERASMUS = re.compile(r"^([A-Z]{1,3})\s+([A-Z][A-Z-]{0,9}[0-9]{2,3})$")
ERASMUS_MAX = 15

# SCHAC home organisation codes are domain names: "uni-lyon.fr", "tohoku.ac.jp".
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_SCHAC = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,63}}$")
SCHAC_MAX = 253


def normal_ror(text: str) -> str:
    """A ROR id as stored: the bare id, lower-case, from an id or its URL.

    >>> normal_ror(" HTTPS://ROR.ORG/01DQ60K83/ ")
    '01dq60k83'
    """
    bare = _ROR_URL.sub("", text.strip()).strip("/")
    return bare.lower()


def ror_checksum(body: str) -> str:
    """The two check digits of a ROR id's six characters.

    >>> ror_checksum("1dq60k")
    '83'
    """
    value = 0
    for character in body:
        value = value * 32 + _CROCKFORD.index(character)
    return f"{98 - (value * 100) % 97:02d}"


def ror_problem(text: str) -> str | None:
    """What is wrong with a ROR id or URL, if anything.

    >>> ror_problem("https://ror.org/01dq60k83") is None
    True
    >>> ror_problem("ror.org/abc")
    'abc is not a ROR id (0, six letters or digits, two check digits: 01dq60k83)'
    """
    ror = normal_ror(text)
    if not _ROR.match(ror):
        return (
            f"{ror} is not a ROR id (0, six letters or digits, two check digits: "
            "01dq60k83)"
        )
    if ror_checksum(ror[1:7]) != ror[7:]:
        return f"{ror} fails its checksum (a digit mistyped?)"
    return None


def ror_url(ror: str) -> str:
    """The id's page at ror.org.

    >>> ror_url("01dq60k83")
    'https://ror.org/01dq60k83'
    """
    return f"https://ror.org/{ror}"


def normal_erasmus(text: str) -> str:
    """An Erasmus code as stored: capitals, the country prefix padded to three.

    >>> normal_erasmus("f paris001"), normal_erasmus("UK  LONDON029")
    ('F  PARIS001', 'UK LONDON029')
    """
    found = _ERASMUS.match(" ".join(text.upper().split()))
    if not found:
        return " ".join(text.upper().split())
    return f"{found.group(1):<3}{found.group(2)}"


def erasmus_problem(text: str) -> str | None:
    """What is wrong with an Erasmus code, if anything.

    >>> erasmus_problem("PARIS") is None
    False
    """
    if _ERASMUS.match(" ".join(text.upper().split())):
        return None
    return (
        f"{text.strip()!r} is not an Erasmus code (country prefix, city, number: "
        "'F  PARIS001')"
    )


def normal_schac(text: str) -> str:
    """A SCHAC code as stored: lower-case, without a trailing dot.

    >>> normal_schac(" Tohoku.AC.jp. ")
    'tohoku.ac.jp'
    """
    return text.strip().lower().rstrip(".")


def schac_problem(text: str) -> str | None:
    """What is wrong with a SCHAC code (a domain name), if anything.

    >>> schac_problem("uni-lyon.fr") is None, schac_problem("lyon") is None
    (True, False)
    """
    schac = normal_schac(text)
    if len(schac) <= SCHAC_MAX and _SCHAC.match(schac):
        return None
    return f"{schac!r} is not a SCHAC code (a domain name: 'uni-lyon.fr')"
