"""API fixtures: a small registry (the root conftest empties the cache)."""

from __future__ import annotations

import datetime

import pytest

from accord.registry.models import Agreement, HomeUnit
from tests.factory import make_agreement, make_country, make_home_unit, make_institution


@pytest.fixture
def registry(db):
    """Five agreements: three in Germany/France, one Thai, one ended."""
    germany = make_country("DE", "Germany", "Europe")
    france = make_country("FR", "France", "Europe")
    engineering = make_home_unit(
        "GS Engineering", full_name="Graduate School of Engineering"
    )
    dentistry = make_home_unit("GS Dentistry", kind=HomeUnit.Kind.GRADUATE_SCHOOL)
    aachen = make_institution("RWTH Aachen University", germany)
    munich = make_institution("Technische Universität München", germany)
    lyon = make_institution("École Centrale de Lyon", france)
    chula = make_institution("Chulalongkorn University")
    return {
        "aachen_eng": make_agreement(
            institution=aachen,
            level=Agreement.Level.DEPARTMENT,
            home_unit=engineering,
            partner_department="Faculty of Mechanical Engineering",
            fee_waiver=True,
            concluded_on=datetime.date(2006, 2, 13),
            source_lines=[812],
        ),
        "munich_eng": make_agreement(
            institution=munich,
            level=Agreement.Level.DEPARTMENT,
            home_unit=engineering,
            fee_waiver=False,
            concluded_on=datetime.date(2015, 5, 1),
        ),
        "lyon": make_agreement(institution=lyon, fee_waiver=True, concluded_on=None),
        "chula_dent": make_agreement(
            institution=chula,
            level=Agreement.Level.DEPARTMENT,
            home_unit=dentistry,
            partner_department="Faculty of Dentistry",
            concluded_on=datetime.date(2014, 12, 9),
        ),
        "ended": make_agreement(
            institution=munich,
            concluded_on=datetime.date(1999, 1, 1),
            ended_on=datetime.date(2005, 1, 1),
        ),
    }
