"""A table whose column header names every column (Accord's own published list):
there the columns hold, and each cell is read by the column it sits in."""

from __future__ import annotations

from dataclasses import dataclass

from accord.core.names import clean_name
from accord.importer.options import ParseOptions


@dataclass(frozen=True)
class Layout:
    """Tab positions of the table's columns."""

    area: int
    country: int
    institution: int
    department: int
    unit: int
    year: int


def header_layout(cells: tuple[str, ...], options: ParseOptions) -> Layout | None:
    """The layout a column header gives, when it names all six columns.

    >>> from accord.importer.options import ParseOptions
    >>> header_layout(("Area", "Country / Region", "Partner Institution",
    ...     "Department", "Department at TU", "Year"), ParseOptions("T", ("TU",))).unit
    4
    """
    names = [clean_name(c) for c in cells]
    home = {f"Department at {name}" for name in options.home_names}
    wanted = ("Area", "Country / Region", "Partner Institution", "Department", "Year")
    if not all(w in names for w in wanted):
        return None
    unit = next((i for i, n in enumerate(names) if n in home), None)
    if unit is None:
        return None
    index = names.index
    return Layout(
        area=index("Area"),
        country=index("Country / Region"),
        institution=index("Partner Institution"),
        department=index("Department"),
        unit=unit,
        year=index("Year"),
    )
