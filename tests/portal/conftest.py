"""Data that mirrors rows of the bundled Tohoku 2021 list, for portal tests."""

from __future__ import annotations

import datetime

import pytest

from accord.registry.models import Agreement, InstitutionAlias
from tests.factory import (
    make_agreement,
    make_country,
    make_home_unit,
    make_institution,
)

UNI = Agreement.Level.UNIVERSITY
DEPT = Agreement.Level.DEPARTMENT


@pytest.fixture
def tohoku(db):
    """A few partners as the real list has them (dates, waivers, units)."""
    thailand = make_country("TH", "Thailand", "Asia")
    france = make_country("FR", "France", "Europe")
    germany = make_country("DE", "Germany", "Europe")
    singapore = make_country("SG", "Singapore", "Asia")
    engineering = make_home_unit(
        "GS Engineering",
        full_name="Graduate School of Engineering",
        name_ja="工学研究科",
    )
    dentistry = make_home_unit(
        "GS Dentistry", full_name="Graduate School of Dentistry", name_ja="歯学研究科"
    )
    science = make_home_unit(
        "GS Science", full_name="Graduate School of Science", name_ja="理学研究科"
    )
    chula = make_institution("Chulalongkorn University", thailand)
    chiangmai = make_institution("Chiang Mai University", thailand)
    InstitutionAlias.objects.create(institution=chiangmai, name="Chiangmai University")
    lyon = make_institution("École Centrale de Lyon", france)
    nantes = make_institution("École Centrale de Nantes", france)
    strasbourg = make_institution("Université de Strasbourg", france)
    erlangen = make_institution("Universität Erlangen-Nürnberg", germany)
    nus = make_institution("National University of Singapore", singapore)
    day = datetime.date
    make_agreement(institution=chula, level=UNI, concluded_on=day(2002, 6, 4))
    make_agreement(
        institution=chula,
        level=DEPT,
        home_unit=dentistry,
        partner_department="Faculty of Dentistry",
        concluded_on=day(2014, 12, 9),
    )
    make_agreement(
        institution=chula,
        level=DEPT,
        home_unit=engineering,
        partner_department="Faculty of Engineering",
        fee_waiver=True,
        concluded_on=day(2008, 3, 1),
    )
    make_agreement(
        institution=chiangmai, level=UNI, fee_waiver=True, concluded_on=day(2011, 2, 3)
    )
    make_agreement(institution=lyon, level=UNI, fee_waiver=True, concluded_on=None)
    make_agreement(
        institution=lyon,
        level=DEPT,
        home_unit=engineering,
        fee_waiver=True,
        concluded_on=day(2006, 2, 13),
    )
    make_agreement(
        institution=nantes,
        level=DEPT,
        home_unit=engineering,
        fee_waiver=False,
        concluded_on=day(1999, 10, 1),
    )
    make_agreement(
        institution=strasbourg,
        level=DEPT,
        home_unit=science,
        fee_waiver=True,
        concluded_on=day(2005, 5, 5),
    )
    make_agreement(institution=erlangen, level=UNI, concluded_on=day(1996, 4, 1))
    make_agreement(
        institution=nus, level=UNI, fee_waiver=True, concluded_on=day(2000, 1, 1)
    )
    make_agreement(
        institution=nus,
        level=DEPT,
        home_unit=science,
        ended_on=day(2020, 1, 1),
        concluded_on=day(2001, 1, 1),
    )
    return {
        "chula": chula,
        "chiangmai": chiangmai,
        "lyon": lyon,
        "nantes": nantes,
        "strasbourg": strasbourg,
        "erlangen": erlangen,
        "nus": nus,
        "engineering": engineering,
        "thailand": thailand,
        "france": france,
    }
