"""ISCED-F 2013 as shipped (core/data/isced-f-2013.csv): UNESCO's list of codes,
whole and well-formed."""

from __future__ import annotations

import pytest

from accord.core import isced


def test_it_holds_the_eleven_broad_fields_and_field_unknown():
    broad = [f.code for f in isced.fields().values() if f.level == "broad"]
    assert broad == [f"{n:02d}" for n in range(11)] + ["99"]


def test_every_narrow_and_detailed_field_sits_under_its_parent():
    fields = isced.fields()
    for code, found in fields.items():
        assert len(code) == {"broad": 2, "narrow": 3, "detailed": 4}[found.level]
        if found.level != "broad":
            assert code[:-1] in fields, code
        if found.level == "narrow":
            assert any(c[:3] == code for c in fields if len(c) == 4), code


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("0011", "Basic programmes and qualifications"),
        ("0314", "Sociology and cultural studies"),
        (
            "0588",
            "Inter-disciplinary programmes and qualifications involving "
            "natural sciences, mathematics and statistics",
        ),
        (
            "0619",
            "Information and Communication Technologies (ICTs) not elsewhere "
            "classified",
        ),
        ("0510", "Biological and related sciences not further defined"),
        ("1041", "Transport services"),
        ("9999", "Field unknown"),
    ],
)
def test_it_names_fields_as_unesco_does(code, name):
    assert isced.field(code).name == name


def test_it_counts_the_codes_of_the_appendix():
    levels = [f.level for f in isced.fields().values()]
    assert (levels.count("narrow"), levels.count("detailed")) == (58, 149)


@pytest.mark.parametrize("code", ["0618", "0100", "0420", "1040", "9900", "061", 611])
def test_it_knows_no_such_detailed_field(code):
    assert not isced.is_detailed(code)
