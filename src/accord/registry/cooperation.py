"""Cooperation terms: what an agreement allows, several per agreement (as the
Erasmus Without Paper IIA keeps them): who goes which way, for what kind of
mobility, how many per academic year, at which study levels, in which subject
areas and languages, and what the fee waiver covers.

Every value is optional (unknown stays unknown); `term_problems` is the one
check the services and the admin apply. Subject areas are ISCED-F 2013 detailed
field codes: four digits (as EWP IIA v7 requires), each one of UNESCO's list
(`core/data/isced-f-2013.csv`, read by `core.isced`), so a well-formed code the
classification lacks is refused too.

>>> [p.field for p in term_problems({"study_levels": [4], "subject_areas": ["061"]})]
['study_levels', 'subject_areas']
>>> [p.message for p in term_problems({"subject_areas": ["0618"]})]
["'0618' is not a field of ISCED-F 2013 (core/data/isced-f-2013.csv)"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords

from accord.core import isced
from accord.core.languages import is_language
from accord.registry.exceptions import InvalidWrite

EQF_LEVELS = (5, 6, 7, 8)
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
WAIVER_SCOPES = ("application", "matriculation", "tuition")
_ISCED_F = re.compile(r"^(0[0-9]|10|99)[0-9]{2}$")
# EWP's AcademicYearId: "2024/2025" in the north, "2024/2024" in the south.
_ACADEMIC_YEAR = re.compile(r"^([0-9]{4})/([0-9]{4})$")
PLACES_MAX = 10_000


class Direction(models.TextChoices):
    INCOMING = "incoming", "Incoming (partner to home)"
    OUTGOING = "outgoing", "Outgoing (home to partner)"
    BOTH = "both", "Both ways"


class MobilityType(models.TextChoices):
    STUDENT_STUDIES = "student_studies", "Student studies"
    STUDENT_TRAINEESHIP = "student_traineeship", "Student traineeship"
    STAFF_TEACHING = "staff_teaching", "Staff teaching"
    STAFF_TRAINING = "staff_training", "Staff training"
    RESEARCH_VISIT = "research_visit", "Research visit"


class CooperationTerm(models.Model):
    """One kind of mobility an agreement allows, and on what terms."""

    agreement = models.ForeignKey(
        "registry.Agreement", on_delete=models.CASCADE, related_name="terms"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    mobility_type = models.CharField(max_length=20, choices=MobilityType.choices)
    places_per_year = models.PositiveIntegerField(
        null=True, blank=True, help_text="Per academic year. Blank: unknown."
    )
    study_levels = models.JSONField(
        default=list, blank=True, help_text="EQF levels 5-8, e.g. [6, 7]."
    )
    subject_areas = models.JSONField(
        default=list,
        blank=True,
        help_text='ISCED-F 2013 four-digit codes, e.g. ["0611", "0533"]; the list '
        "of codes ships with Accord in accord/core/data/isced-f-2013.csv (UNESCO, "
        "ISCED Fields of Education and Training 2013, Appendix I).",
    )
    languages = models.JSONField(
        default=list,
        blank=True,
        help_text="Languages of instruction with the CEFR level asked, e.g. "
        '[{"language": "en", "cefr": "B2"}].',
    )
    fee_waiver_scope = models.JSONField(
        default=list,
        blank=True,
        help_text='What the fee waiver covers: "application", "matriculation", '
        '"tuition".',
    )
    # The first and last academic years the term runs for, in EWP's form; an
    # EWP IIA requires both for every mobility it describes.
    first_academic_year = models.CharField(
        max_length=9,
        blank=True,
        default="",
        help_text='First academic year, e.g. "2024/2025" (or "2024/2024" where '
        "the year follows the calendar). Blank: unknown.",
    )
    last_academic_year = models.CharField(
        max_length=9,
        blank=True,
        default="",
        help_text='Last academic year, e.g. "2028/2029". Blank: unknown.',
    )
    blended = models.BooleanField(
        null=True,
        blank=True,
        help_text="Students may take the mobility in blended form (short physical "
        "stay with a virtual part). Blank: unknown.",
    )
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "mobility_type", "direction", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values),
                name="term_direction_known",
            ),
            models.CheckConstraint(
                condition=models.Q(mobility_type__in=MobilityType.values),
                name="term_mobility_type_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mobility_type_display()}, {self.get_direction_display()}"


TERM_FIELDS: tuple[str, ...] = (
    "direction",
    "mobility_type",
    "places_per_year",
    "study_levels",
    "subject_areas",
    "languages",
    "fee_waiver_scope",
    "first_academic_year",
    "last_academic_year",
    "blended",
    "notes",
)


class IiaIdentifiers(models.Model):
    """The ids an agreement carries in Erasmus Without Paper, when it has come
    through an EWP IIA (`accord ewp import`): the IIA's id on the home side (an
    agreement without one is known by its own id) and the partner's id and
    agreement number for it."""

    agreement = models.OneToOneField(
        "registry.Agreement", on_delete=models.CASCADE, related_name="iia_ids"
    )
    iia_id = models.CharField(
        "IIA id", max_length=64, unique=True, null=True, blank=True
    )
    partner_iia_id = models.CharField("partner's IIA id", max_length=64, blank=True)
    partner_iia_code = models.CharField(
        "partner's IIA code", max_length=200, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "EWP IIA identifiers"
        verbose_name_plural = "EWP IIA identifiers"

    def __str__(self) -> str:
        return self.iia_id or f"agreement {self.agreement_id}"


def term_problems(values: Mapping[str, Any]) -> Iterator[InvalidWrite]:
    """Every rule a term's values break (the fields given only)."""
    if "direction" in values and values["direction"] not in Direction.values:
        yield InvalidWrite("direction", f"must be one of {', '.join(Direction.values)}")
    if "mobility_type" in values and values["mobility_type"] not in MobilityType.values:
        known = ", ".join(MobilityType.values)
        yield InvalidWrite("mobility_type", f"must be one of {known}")
    places = values.get("places_per_year")
    if places is not None and not (
        isinstance(places, int)
        and not isinstance(places, bool)
        and 0 <= places <= PLACES_MAX
    ):
        yield InvalidWrite(
            "places_per_year", f"must be a number from 0 to {PLACES_MAX}"
        )
    yield from _list_problems(values, "study_levels", _level_problem)
    yield from _list_problems(values, "subject_areas", _subject_problem)
    yield from _list_problems(values, "languages", _language_problem)
    yield from _list_problems(values, "fee_waiver_scope", _scope_problem)
    yield from _year_problems(values)
    blended = values.get("blended")
    if blended is not None and not isinstance(blended, bool):
        yield InvalidWrite("blended", "must be true, false or unknown (null)")


def _year_problems(values: Mapping[str, Any]) -> Iterator[InvalidWrite]:
    for field in ("first_academic_year", "last_academic_year"):
        year = values.get(field)
        if year in (None, ""):
            continue
        found = _ACADEMIC_YEAR.match(year) if isinstance(year, str) else None
        if found is None or int(found[2]) - int(found[1]) not in (0, 1):
            yield InvalidWrite(
                field, f"{year!r} is not an academic year like 2024/2025 or 2024/2024"
            )
            return
    first, last = values.get("first_academic_year"), values.get("last_academic_year")
    if first and last and last < first:
        yield InvalidWrite("last_academic_year", f"{last} comes before {first}")


def _list_problems(
    values: Mapping[str, Any], field: str, problem: Any
) -> Iterator[InvalidWrite]:
    if field not in values:
        return
    items = values[field]
    if not isinstance(items, list):
        yield InvalidWrite(field, "must be a list")
        return
    for item in items:
        found = problem(item)
        if found:
            yield InvalidWrite(field, found)
            return
    if len({repr(i) for i in items}) != len(items):
        yield InvalidWrite(field, "names a value twice")


def _level_problem(level: Any) -> str | None:
    if isinstance(level, int) and not isinstance(level, bool) and level in EQF_LEVELS:
        return None
    return f"{level!r} is not an EQF level of higher education (5, 6, 7 or 8)"


def _subject_problem(code: Any) -> str | None:
    if not (isinstance(code, str) and _ISCED_F.match(code)):
        return f"{code!r} is not an ISCED-F 2013 four-digit field code (e.g. 0611)"
    if not isced.is_detailed(code):
        return f"{code!r} is not a field of ISCED-F 2013 (core/data/isced-f-2013.csv)"
    return None


def _language_problem(entry: Any) -> str | None:
    if not isinstance(entry, dict) or set(entry) - {"language", "cefr"}:
        return 'each language is {"language": "en", "cefr": "B2"}'
    code = entry.get("language")
    if not isinstance(code, str) or not is_language(code):
        return f"{code!r} is not an ISO 639-1 language code (e.g. en)"
    cefr = entry.get("cefr")
    if cefr is not None and cefr not in CEFR_LEVELS:
        return f"{cefr!r} is not a CEFR level ({', '.join(CEFR_LEVELS)})"
    return None


def _scope_problem(scope: Any) -> str | None:
    if scope in WAIVER_SCOPES:
        return None
    return f"{scope!r} is not a fee waiver scope ({', '.join(WAIVER_SCOPES)})"
