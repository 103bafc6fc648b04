"""Kita University: the made-up home university of the importer's tests of
other lists, its units and its department table's header."""

from __future__ import annotations

from accord.importer.options import HomeUnit, ParseOptions

KITA = ParseOptions(
    "Kita University",
    ("Kita",),
    home_units=(HomeUnit("GS Letters"), HomeUnit("GS Science"), HomeUnit("IMR")),
)
HEADER = (
    "Area\tCountry / Region\tPartner Institution\tDepartment\tDepartment at Kita\tYear"
)
