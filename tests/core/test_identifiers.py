"""ROR ids, Erasmus codes and SCHAC codes: read as people write them, stored in
one form, refused when malformed (a ROR id's checksum included)."""

from __future__ import annotations

import pytest

from accord.core.identifiers import (
    erasmus_problem,
    normal_erasmus,
    normal_ror,
    normal_schac,
    ror_problem,
    schac_problem,
)

# Real ids: Tohoku University, Stanford University, Harvard University.
REAL_RORS = ["01dq60k83", "00f54p054", "03vek6s52"]


@pytest.mark.parametrize("ror", REAL_RORS)
@pytest.mark.parametrize(
    "written",
    ["{}", "https://ror.org/{}", "http://ror.org/{}/", "ror.org/{}", "{upper}"],
)
def test_it_reads_a_ror_id_or_its_url(ror, written):
    text = written.format(ror, upper=ror.upper())
    assert ror_problem(text) is None
    assert normal_ror(text) == ror


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01dq60k84", "fails its checksum"),
        ("01dq6ok83", "is not a ROR id"),  # an o is not Crockford base32
        ("11dq60k83", "is not a ROR id"),  # a ROR id starts with 0
        ("01dq60k8", "is not a ROR id"),
        ("https://example.org/01dq60k83", "is not a ROR id"),
        ("https://ror.org/01dq60k83 extra", "is not a ROR id"),
    ],
)
def test_it_refuses_what_is_not_a_ror_id(text, message):
    assert message in ror_problem(text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("F  PARIS001", "F  PARIS001"),
        ("f paris001", "F  PARIS001"),
        ("UK LONDON029", "UK LONDON029"),
        ("PL  WARSZAW01", "PL WARSZAW01"),
        ("D BERLIN01", "D  BERLIN01"),
    ],
)
def test_it_reads_an_erasmus_code(text, stored):
    assert erasmus_problem(text) is None
    assert normal_erasmus(text) == stored


@pytest.mark.parametrize("text", ["PARIS001", "F PARIS", "F  PARIS0001", "12 X01"])
def test_it_refuses_what_is_not_an_erasmus_code(text):
    assert "is not an Erasmus code" in erasmus_problem(text)


@pytest.mark.parametrize(
    ("text", "stored"),
    [("uni-lyon.fr", "uni-lyon.fr"), (" Tohoku.AC.JP. ", "tohoku.ac.jp")],
)
def test_it_reads_a_schac_code(text, stored):
    assert schac_problem(text) is None
    assert normal_schac(text) == stored


@pytest.mark.parametrize(
    "text", ["lyon", "uni lyon.fr", "-uni.fr", "https://uni-lyon.fr", "x.1"]
)
def test_it_refuses_what_is_not_a_schac_code(text):
    assert "is not a SCHAC code" in schac_problem(text)
