"""The cooperation terms as columns for the search engine (`engine.py`): what
kind of mobility each term allows, at which EQF levels, in which ISCED-F fields
and languages, and whether it offers places.

A term filter (`mobility_type`, `study_level`, `subject_area`, `language`,
`places_available`) selects an agreement when one of its terms meets every term
filter asked: "a master's exchange in physics" is one term, not a master's term
and another one in physics. A term facet counts, per value, the agreements with
a term of that value meeting the other term filters.

    >>> terms = TermColumns.build(
    ...     [(0, "student_studies", [6, 7], ["0533"], [{"language": "en"}], 2),
    ...      (1, "staff_teaching", [], [], [], None)])
    >>> wanted = TermFilters(study_level=7, subject_area="05")
    >>> terms.selecting(wanted, 2).tolist()
    [True, False]
    >>> terms.selecting(TermFilters(places_available=False), 3).tolist()
    [False, True, True]
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.registry.parameters import EQF_LEVELS, MOBILITY_TYPES

Mask = NDArray[np.bool_]
# A term as the engine reads it: (agreement position, mobility type, study
# levels, subject areas, languages, places per year or None).
TermRow = tuple[int, str, Any, Any, Any, int | None]
FACETS: tuple[str, ...] = (
    "mobility_type",
    "study_level",
    "subject_area",
    "language",
    "places_available",
)


@dataclass(frozen=True)
class TermFilters:
    """The term filters of a search; every default means "any"."""

    mobility_type: str = ""
    study_level: int | None = None
    subject_area: str = ""
    language: str = ""
    places_available: bool | None = None

    def asked(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) not in ("", None)]


@dataclass(frozen=True)
class TermColumns:
    """One entry per cooperation term, and per subject area and language the
    terms holding it."""

    agreement: NDArray[np.int64]  # position of the term's agreement
    mobility: NDArray[np.int8]  # position in MOBILITY_TYPES
    levels: NDArray[np.uint8]  # bit k: EQF level EQF_LEVELS[k]
    places: NDArray[np.int32]  # places per academic year; -1 unknown
    subjects: dict[str, NDArray[np.int64]]  # ISCED-F code -> term positions
    languages: dict[str, NDArray[np.int64]]  # ISO 639-1 code -> term positions

    @classmethod
    def build(cls, rows: Iterable[TermRow]) -> TermColumns:
        """Columns of the terms (rows as the database gives them: JSON values
        as text or already read)."""
        agreement: list[int] = []
        mobility: list[int] = []
        levels: list[int] = []
        places: list[int] = []
        subjects: dict[str, list[int]] = defaultdict(list)
        languages: dict[str, list[int]] = defaultdict(list)
        for k, (position, kind, study_levels, areas, tongues, offered) in enumerate(
            rows
        ):
            agreement.append(position)
            mobility.append(MOBILITY_TYPES.index(kind))
            known = [n for n in _json(study_levels) if n in EQF_LEVELS]
            levels.append(sum(1 << EQF_LEVELS.index(n) for n in known))
            places.append(-1 if offered is None else int(offered))
            for code in set(_json(areas)):
                subjects[str(code)].append(k)
            for code in {entry.get("language") for entry in _json(tongues)}:
                if code:
                    languages[str(code)].append(k)
        return cls(
            agreement=np.array(agreement, dtype=np.int64),
            mobility=np.array(mobility, dtype=np.int8),
            levels=np.array(levels, dtype=np.uint8),
            places=np.array(places, dtype=np.int32),
            subjects={c: np.array(v, dtype=np.int64) for c, v in subjects.items()},
            languages={c: np.array(v, dtype=np.int64) for c, v in languages.items()},
        )

    def __len__(self) -> int:
        return len(self.agreement)

    def selecting(self, wanted: TermFilters, count: int, skip: str = "") -> Mask | None:
        """The agreements (of `count`) the term filters of `wanted` but `skip`
        select; None when none is asked."""
        names = [n for n in wanted.asked() if n != skip]
        if not names:
            return None
        selected = np.ones(count, dtype=np.bool_)
        if _on_terms(wanted, names):
            selected = self.agreements(self.matching(wanted, skip), count)
        if "places_available" in names and not wanted.places_available:
            selected &= self.without_places(count)
        return selected

    def without_places(self, count: int) -> Mask:
        """The agreements none of whose terms offers places (an agreement without
        terms too): `places_available=false`."""
        return ~self.agreements(self.places > 0, count)

    def matching(self, wanted: TermFilters, skip: str = "") -> Mask:
        """The terms meeting every term-level filter of `wanted` but `skip`."""
        mask = np.ones(len(self), dtype=np.bool_)
        for name in _on_terms(wanted, [n for n in wanted.asked() if n != skip]):
            mask &= self._meeting(name, getattr(wanted, name))
        return mask

    def _meeting(self, name: str, value: Any) -> Mask:
        if name == "mobility_type":
            return self.mobility == MOBILITY_TYPES.index(value)
        if name == "study_level":
            bit = np.uint8(1 << EQF_LEVELS.index(value))
            return (self.levels & bit) != 0
        if name == "places_available":
            return self.places > 0
        index = self.subjects if name == "subject_area" else self.languages
        mask = np.zeros(len(self), dtype=np.bool_)
        for code, terms in index.items():
            if code == value or (name == "subject_area" and code.startswith(value)):
                mask[terms] = True
        return mask

    def agreements(self, terms: Mask, count: int) -> Mask:
        """The agreements (of `count`) holding one of `terms`."""
        held = np.zeros(count, dtype=np.bool_)
        held[self.agreement[terms]] = True
        return held

    def facet(self, name: str, terms: Mask, selected: Mask) -> list[tuple[Any, int]]:
        """(value, agreements) of facet `name`: the `selected` agreements (a mask
        over every agreement) holding one of `terms` with that value."""
        usable = terms & selected[self.agreement]
        if name in ("subject_area", "language"):
            index = self.subjects if name == "subject_area" else self.languages
            return [
                (code, _distinct(self.agreement[held[usable[held]]]))
                for code, held in sorted(index.items())
            ]
        if name == "mobility_type":
            return [
                (kind, _distinct(self.agreement[usable & (self.mobility == k)]))
                for k, kind in enumerate(MOBILITY_TYPES)
            ]
        if name == "study_level":
            at_level = [(self.levels & (1 << k)) > 0 for k in range(len(EQF_LEVELS))]
            return [
                (level, _distinct(self.agreement[usable & at_level[k]]))
                for k, level in enumerate(EQF_LEVELS)
            ]
        return [(True, _distinct(self.agreement[usable & (self.places > 0)]))]


def _on_terms(wanted: TermFilters, names: Iterable[str]) -> list[str]:
    """The filters a single term must meet (`places_available=false` is about
    the whole agreement instead)."""
    unwanted = "places_available" if wanted.places_available is False else None
    return [n for n in names if n != unwanted]


def _distinct(positions: NDArray[np.int64]) -> int:
    return int(np.unique(positions).size)


def _json(value: Any) -> Sequence[Any]:
    # SQLite hands a JSON column over as text, PostgreSQL as the value.
    if isinstance(value, str):
        value = json.loads(value)
    return value or []
