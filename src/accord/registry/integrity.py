"""`accord check`: the stored data against each edition's declared totals and
against the rules of the registry, one difference per finding.

A difference is acknowledged when the edition's import report holds the same
finding resolved by its corrections file (with the reviewer's reason), and the
stored data still stands where it stood at that import; otherwise it counts.
Each check is a small generator of differences: adding one is one function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q

from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    Institution,
    InstitutionAlias,
)


@dataclass(frozen=True)
class Difference:
    """One thing that does not hold; `acknowledged` is the reason when it may."""

    edition: str
    check: str
    declared: str
    stored: str
    where: str = ""
    acknowledged: str = ""

    def to_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


def _acknowledged_checksums(edition: Edition) -> dict[str, str]:
    anomalies = (edition.report or {}).get("anomalies", [])
    return {
        a.get("field", ""): a.get("reason", "")
        for a in anomalies
        if a.get("code") == "checksum" and a.get("resolution") == "acknowledged"
    }


def acknowledged_lines(edition: Edition | None, fields: set[str]) -> dict[int, str]:
    """Source line -> reason, for resolved anomalies about the given fields."""
    if edition is None:
        return {}
    found: dict[int, str] = {}
    for a in (edition.report or {}).get("anomalies", []):
        # A row the corrections file rewrote was reviewed as a whole: its
        # reason covers what the row still lacks (a split row whose unit the
        # list lost, line 759 of the 2021 list).
        about = a.get("field") in fields or a.get("code") in {
            "missing-home-unit",
            "corrected",
        }
        if about and a.get("resolution"):
            for line in a.get("lines", []):
                found.setdefault(line, a.get("reason") or a.get("decided", ""))
    return found


def _totals(edition: Edition) -> list[tuple[str, str, int | None, int, int]]:
    """(key, what, declared, stored, as imported) for each declared total."""
    agreements = edition.agreements.all()
    records = edition.records or []
    department = agreements.filter(level=Agreement.Level.DEPARTMENT)
    imported_department = [r for r in records if r["level"] == "department"]
    rows: list[tuple[str, str, int | None, int, int]] = [
        (
            "university-total",
            "university-level institutions",
            edition.declared_university_total,
            agreements.filter(level=Agreement.Level.UNIVERSITY).count(),
            sum(r["level"] == "university" for r in records),
        ),
        (
            "department-total",
            "department-level rows",
            edition.declared_department_total,
            department.count(),
            len(imported_department),
        ),
        (
            "countries-total",
            "countries and regions",
            edition.declared_country_total,
            department.filter(institution__country__iso_code__isnull=False)
            .values("institution__country")
            .distinct()
            .count(),
            len({r["country_code"] for r in imported_department if r["country_code"]}),
        ),
    ]
    countries = {c.name: c for c in Country.objects.all()}
    for name, declared in (edition.declared_country_counts or {}).items():
        country = countries.get(name)
        code = (country.iso_code or "international") if country else f"?{name}"
        stored = (
            department.filter(institution__country=country).count() if country else 0
        )
        imported = sum(
            r["country_code"] == (country.iso_code or "") if country else False
            for r in imported_department
        )
        rows.append((f"country:{code}", f"{name} rows", declared, stored, imported))
    return rows


def check_editions() -> Iterator[Difference]:
    """Each edition's declared totals and per-country counts against the store."""
    for edition in Edition.objects.select_related("home_university"):
        acknowledged = _acknowledged_checksums(edition)
        for key, what, declared, stored, imported in _totals(edition):
            if declared is None or declared == stored:
                continue
            reason = acknowledged.get(key, "") if stored == imported else ""
            yield Difference(
                edition.as_of.isoformat(), key, str(declared), str(stored), what, reason
            )


def _agreement_where(agreement: Agreement) -> str:
    lines = ", ".join(map(str, agreement.source_lines or [])) or "-"
    return f"#{agreement.pk} {agreement.institution.name} (lines {lines})"


def check_home_units() -> Iterator[Difference]:
    """Department-level agreements have a unit of their own home university."""
    reasons: dict[int | None, dict[int, str]] = {}
    missing = (
        Agreement.objects.filter(
            level=Agreement.Level.DEPARTMENT, home_unit__isnull=True
        )
        .select_related("institution", "edition")
        .defer("edition__packed_records", "edition__report")
    )
    for agreement in missing:
        if agreement.edition_id not in reasons:
            reasons[agreement.edition_id] = acknowledged_lines(
                agreement.edition, {"home_unit"}
            )
        lines = reasons[agreement.edition_id]
        reason = next(
            (lines[n] for n in agreement.source_lines or [] if n in lines), ""
        )
        yield Difference(
            _edition_name(agreement),
            "department-without-unit",
            "a home unit",
            "none",
            _agreement_where(agreement),
            reason,
        )
    wrong = Agreement.objects.filter(
        Q(level=Agreement.Level.UNIVERSITY)
        & (Q(home_unit__isnull=False) | ~Q(partner_department=""))
    )
    for agreement in wrong.select_related("institution", "edition").defer(
        "edition__packed_records", "edition__report"
    ):
        yield Difference(
            _edition_name(agreement),
            "university-with-unit",
            "whole university",
            "a unit or department",
            _agreement_where(agreement),
        )
    foreign = Agreement.objects.filter(home_unit__isnull=False).exclude(
        home_unit__home_university=F("home_university")
    )
    for agreement in foreign.select_related("institution", "edition").defer(
        "edition__packed_records", "edition__report"
    ):
        yield Difference(
            _edition_name(agreement),
            "unit-of-another-university",
            "a unit of the home university",
            "another university's unit",
            _agreement_where(agreement),
        )


def _edition_name(agreement: Agreement) -> str:
    return agreement.edition.as_of.isoformat() if agreement.edition else ""


def check_references() -> Iterator[Difference]:
    """Every reference points at a row that exists (SQLite can be made to skip
    foreign-key checks; a restored dump can too)."""
    dangling: list[tuple[str, Any]] = [
        (
            "alias-without-institution",
            InstitutionAlias.objects.exclude(
                institution_id__in=Institution.objects.values("pk")
            ),
        ),
        (
            "agreement-without-institution",
            Agreement.objects.exclude(
                institution_id__in=Institution.objects.values("pk")
            ),
        ),
        (
            "agreement-without-unit-row",
            Agreement.objects.filter(home_unit_id__isnull=False).exclude(
                home_unit_id__in=HomeUnit.objects.values("pk")
            ),
        ),
        (
            "agreement-without-edition-row",
            Agreement.objects.filter(edition_id__isnull=False).exclude(
                edition_id__in=Edition.objects.values("pk")
            ),
        ),
        (
            "institution-without-country",
            Institution.objects.exclude(country_id__in=Country.objects.values("pk")),
        ),
    ]
    for key, queryset in dangling:
        for pk in queryset.values_list("pk", flat=True):
            yield Difference("", key, "an existing row", "missing", f"#{pk}")


def check_aliases() -> Iterator[Difference]:
    """An alias differs from its own institution's name and names no other."""
    same = InstitutionAlias.objects.filter(name=F("institution__name"))
    for alias in same:
        yield Difference(
            "",
            "alias-equals-name",
            "another spelling",
            alias.name,
            f"alias #{alias.pk}",
        )
    owners: dict[tuple[int, str], set[int]] = {}
    for inst in Institution.objects.all():
        owners.setdefault((inst.country_id, inst.name_folded), set()).add(inst.pk)
    for alias in InstitutionAlias.objects.select_related("institution"):
        key = (alias.institution.country_id, alias.name_folded)
        others = sorted(owners.get(key, set()) - {alias.institution_id})
        if others:
            yield Difference(
                "",
                "alias-of-two-institutions",
                "one institution",
                f"#{alias.institution_id} and #{others[0]}",
                alias.name,
            )


def check_co_partners() -> Iterator[Difference]:
    """No agreement names its own partner as a co-partner."""
    through = Agreement.co_partners.through
    for row in through.objects.filter(
        institution_id=F("agreement__institution_id")
    ).values("agreement_id"):
        yield Difference(
            "",
            "own-co-partner",
            "another institution",
            "itself",
            f"#{row['agreement_id']}",
        )


def check_duplicate_names() -> Iterator[Difference]:
    """Two institutions of one country whose names fold the same are one."""
    twins = (
        Institution.objects.values("country_id", "name_folded")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    for twin in twins:
        yield Difference(
            "",
            "institution-twice",
            "one institution",
            f"{twin['n']} institutions",
            twin["name_folded"],
        )


CHECKS: tuple[Callable[[], Iterator[Difference]], ...] = (
    check_editions,
    check_home_units,
    check_references,
    check_aliases,
    check_co_partners,
    check_duplicate_names,
)


def find_differences() -> list[Difference]:
    """Every difference of every check, acknowledged or not."""
    return [difference for check in CHECKS for difference in check()]
