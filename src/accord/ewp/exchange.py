"""Stored agreements to EWP IIA v7 values and back: the database side of
`accord ewp` and `/api/v1/agreements/{id}/ewp-iia` (the XML itself is `ewp.iia`).

Export: an agreement with cooperation terms, its partner's and the home
university's SCHAC codes becomes one `Iia`; what EWP cannot carry is left out
and said (`Exported.left_out`), what EWP requires and the agreement lacks is an
`ExportRefused` naming the agreement and the field. Import: each IIA of a
response becomes a new university-level agreement with its terms, through
`registry.services`, all in one transaction and one change set.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from accord.core.errors import ImportInputError
from accord.core.identifiers import normal_schac
from accord.ewp.iia import (
    LANGUAGE_REQUIRED,
    STUDENT_KINDS,
    Iia,
    MobilitySpec,
    Partner,
    Unstored,
    iias_to_xml,
    xml_to_iias,
)
from accord.registry import services
from accord.registry.cooperation import (
    CooperationTerm,
    Direction,
    IiaIdentifiers,
    MobilityType,
    term_problems,
)
from accord.registry.lifecycle import Status
from accord.registry.models import Agreement, HomeUniversity, Institution
from accord.registry.validation import WriteRefused, default_home_university

KIND_OF_TYPE = {
    MobilityType.STUDENT_STUDIES: "student-studies",
    MobilityType.STUDENT_TRAINEESHIP: "student-traineeship",
    MobilityType.STAFF_TEACHING: "staff-teacher",
    MobilityType.STAFF_TRAINING: "staff-training",
}
TYPE_OF_KIND = {kind: str(kind_type) for kind_type, kind in KIND_OF_TYPE.items()}
# A draft or a proposal has not been agreed on: EWP's `in-effect` false.
NOT_YET_IN_EFFECT = (Status.DRAFT, Status.UNDER_NEGOTIATION)


class ExportRefused(Exception):
    """An agreement lacks what an EWP IIA requires (a 4xx for the API)."""

    def __init__(self, agreement_id: int, field: str, message: str) -> None:
        super().__init__(f"agreement {agreement_id}: {field}: {message}")
        self.agreement_id = agreement_id
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Exported:
    xml: bytes
    left_out: tuple[str, ...]


# -- export -----------------------------------------------------------------------


def export_agreements(ids: Sequence[int]) -> Exported:
    """One get response holding the agreements `ids`, in that order."""
    found = {
        a.pk: a
        for a in Agreement.objects.filter(pk__in=ids).select_related(
            "institution", "home_university"
        )
    }
    iias, left_out = [], []
    for pk in ids:
        if pk not in found:
            raise ExportRefused(pk, "id", "no such agreement")
        iia, notes = agreement_to_iia(found[pk])
        iias.append(iia)
        left_out += [f"agreement {pk}: {note}" for note in notes]
    return Exported(iias_to_xml(iias), tuple(left_out))


def agreement_to_iia(agreement: Agreement) -> tuple[Iia, list[str]]:
    """The agreement as an IIA, and what of it the IIA does not carry."""
    home = _home_schac(agreement)
    partner = _partner_schac(agreement)
    if agreement.co_partners.exists():
        raise ExportRefused(
            agreement.pk,
            "co_partners",
            "names more than one partner; an EWP IIA joins exactly two institutions",
        )
    terms = list(CooperationTerm.objects.filter(agreement=agreement).order_by("pk"))
    if not terms:
        raise ExportRefused(
            agreement.pk, "terms", "has no cooperation terms (an IIA is made of them)"
        )
    specs: list[MobilitySpec] = []
    notes = list(_agreement_notes(agreement))
    for term in terms:
        if term.mobility_type == MobilityType.RESEARCH_VISIT:
            notes.append(
                f"term {term.pk} (research visit) left out: EWP IIA v7 has no "
                "mobility specification for research visits"
            )
            continue
        specs += term_to_specs(term, home, partner)
        if term.fee_waiver_scope:
            notes.append(f"term {term.pk}: fee_waiver_scope left out (EWP has none)")
    if not specs:
        raise ExportRefused(
            agreement.pk,
            "terms",
            "has no term EWP can carry (research visits have no EWP element)",
        )
    return Iia(
        _partners(agreement, home, partner), _in_effect(agreement), tuple(specs)
    ), notes


def _home_schac(agreement: Agreement) -> str:
    home = agreement.home_university
    if not home.schac_code:
        raise ExportRefused(
            agreement.pk,
            "home_university.schac_code",
            f"the home university {home.name!r} has no SCHAC code; set it in the "
            "admin (Home universities)",
        )
    return home.schac_code


def _partner_schac(agreement: Agreement) -> str:
    institution = agreement.institution
    if not institution.schac_code:
        raise ExportRefused(
            agreement.pk,
            "institution.schac_code",
            f"the partner {institution.name!r} (institution {institution.pk}) has "
            "no SCHAC code, which EWP names it by",
        )
    return institution.schac_code


def _partners(agreement: Agreement, home: str, partner: str) -> tuple[Partner, Partner]:
    ids = IiaIdentifiers.objects.filter(agreement=agreement).first()
    own = (ids.iia_id if ids else None) or str(agreement.pk)
    # Accord keeps no agreement number of its own: its id is the one it shows.
    return (
        Partner(home, own, own),
        Partner(
            partner,
            ids.partner_iia_id if ids else "",
            ids.partner_iia_code if ids else "",
        ),
    )


def _in_effect(agreement: Agreement) -> bool:
    return agreement.status not in NOT_YET_IN_EFFECT


def _agreement_notes(agreement: Agreement) -> Iterator[str]:
    if agreement.level == Agreement.Level.DEPARTMENT:
        yield (
            "the home unit and partner department left out (EWP names units by "
            "their Organizational Units API ids, which Accord does not keep)"
        )
    if agreement.fee_waiver:
        yield "fee waiver left out (EWP has none)"
    if agreement.notes:
        yield "notes left out"


def term_to_specs(term: CooperationTerm, home: str, partner: str) -> list[MobilitySpec]:
    """One mobility specification per direction of the term (both ways: two,
    home to partner first)."""
    kind = KIND_OF_TYPE[MobilityType(term.mobility_type)]
    _require(term, kind)
    flows = {
        Direction.OUTGOING: [(home, partner)],
        Direction.INCOMING: [(partner, home)],
        Direction.BOTH: [(home, partner), (partner, home)],
    }[Direction(term.direction)]
    return [
        MobilitySpec(
            kind=kind,
            sending_hei_id=sending,
            receiving_hei_id=receiving,
            first_academic_year=term.first_academic_year,
            last_academic_year=term.last_academic_year,
            mobilities_per_year=term.places_per_year or 0,
            languages=tuple(
                (e["language"], e.get("cefr") or "") for e in term.languages
            ),
            subject_areas=tuple(term.subject_areas),
            other_info=term.notes,
            blended=term.blended if kind in STUDENT_KINDS else None,
            eqf_levels=tuple(term.study_levels) if kind in STUDENT_KINDS else (),
        )
        for sending, receiving in flows
    ]


def _require(term: CooperationTerm, kind: str) -> None:
    def refuse(field: str, message: str) -> ExportRefused:
        return ExportRefused(term.agreement_id, f"term {term.pk} {field}", message)

    if not term.places_per_year:
        raise refuse("places_per_year", "EWP requires at least one place per year")
    for field in ("first_academic_year", "last_academic_year"):
        if not getattr(term, field):
            raise refuse(field, "EWP requires the academic years a term runs for")
    if kind in LANGUAGE_REQUIRED and not term.languages:
        raise refuse("languages", f"EWP requires a language for {kind} mobility")
    if kind in STUDENT_KINDS and term.blended is None:
        raise refuse("blended", "EWP requires it for student mobility (true or false)")
    if kind not in STUDENT_KINDS and term.study_levels:
        raise refuse("study_levels", "EWP keeps EQF levels for student mobility only")


# -- import -----------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """One IIA as Accord will store it."""

    line: int
    institution: Institution
    in_effect: bool
    terms: tuple[dict[str, Any], ...]
    iia_id: str
    partner_iia_id: str
    partner_iia_code: str
    unstored: tuple[Unstored, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    agreements: tuple[int, ...]
    unstored: tuple[Unstored, ...]
    dry_run: bool


class _DryRun(Exception):
    pass


def import_iias(
    data: bytes, path: str, *, by: Any = None, dry_run: bool = False
) -> ImportReport:
    """Store every IIA of a get response, or nothing: ImportInputError names each
    problem with its line. `dry_run` checks every write, then stores nothing."""
    read = xml_to_iias(data, path)
    home = _home_for_import(path)
    plans, problems = [], []
    for iia, line in zip(read.iias, read.lines, strict=True):
        try:
            plans.append(plan_iia(iia, line, home))
        except ImportInputError as exc:
            problems.append(exc.at(path))
    if problems:
        raise ImportInputError.several(problems, path=path)
    reason = f"EWP IIA import of {Path(path).name} at {_now()}"[:100]
    stored: list[int] = []
    try:
        with transaction.atomic():
            stored = [_store(plan, path, by, reason) for plan in plans]
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    unstored = read.unstored + tuple(u for plan in plans for u in plan.unstored)
    return ImportReport(tuple(stored), unstored, dry_run)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _home_for_import(path: str) -> HomeUniversity:
    try:
        home = default_home_university()
    except WriteRefused as exc:
        raise ImportInputError(str(exc), path=path) from None
    if not home.schac_code:
        raise ImportInputError(
            f"the home university {home.name!r} has no SCHAC code to find itself "
            "among the partners; set it in the admin (Home universities)",
            path=path,
            field="home_university.schac_code",
        )
    return home


def plan_iia(iia: Iia, line: int, home: HomeUniversity) -> Planned:
    """The agreement an IIA becomes; ImportInputError for what cannot be stored."""
    ours = [p for p in iia.partners if normal_schac(p.hei_id) == home.schac_code]
    if len(ours) != 1:
        raise ImportInputError(
            f"{'neither' if not ours else 'each'} partner is the home university "
            f"({home.schac_code})",
            line=line,
            field="hei-id",
        )
    own = ours[0]
    other = iia.partners[1] if own is iia.partners[0] else iia.partners[0]
    institution = Institution.objects.filter(
        schac_code=normal_schac(other.hei_id)
    ).first()
    if institution is None:
        raise ImportInputError(
            f"no institution has the SCHAC code {other.hei_id!r}; add the partner "
            "(admin or API) with its SCHAC code first",
            line=line,
            field="hei-id",
        )
    if own.iia_id:
        holder = services.iia_holder(own.iia_id)
        if holder is not None:
            raise ImportInputError(
                f"IIA {own.iia_id!r} is already agreement {holder}",
                line=line,
                field="iia-id",
            )
    terms = tuple(_merge_ways(_term_values(s, own.hei_id, line) for s in iia.specs))
    for values in terms:
        for problem in term_problems(values):
            raise ImportInputError(problem.message, line=line, field=problem.field)
    # Accord shows its own id as the agreement number (see `_partners`).
    unstored = (
        (Unstored(line, "partner/iia-code", own.iia_code),)
        if own.iia_code and own.iia_code != own.iia_id
        else ()
    )
    return Planned(
        line,
        institution,
        iia.in_effect,
        terms,
        own.iia_id,
        other.iia_id,
        other.iia_code,
        unstored,
    )


def _term_values(spec: MobilitySpec, home: str, line: int) -> dict[str, Any]:
    sending, receiving = (
        normal_schac(spec.sending_hei_id),
        normal_schac(spec.receiving_hei_id),
    )
    home = normal_schac(home)
    if (sending == home) == (receiving == home):
        raise ImportInputError(
            f"a {spec.kind} mobility from {spec.sending_hei_id} to "
            f"{spec.receiving_hei_id} does not join the two partners",
            line=line,
            field="sending-hei-id",
        )
    return {
        "direction": Direction.OUTGOING if sending == home else Direction.INCOMING,
        "mobility_type": TYPE_OF_KIND[spec.kind],
        "places_per_year": spec.mobilities_per_year,
        "study_levels": list(spec.eqf_levels),
        "subject_areas": list(spec.subject_areas),
        "languages": [
            {"language": language, **({"cefr": cefr} if cefr else {})}
            for language, cefr in spec.languages
        ],
        "first_academic_year": spec.first_academic_year,
        "last_academic_year": spec.last_academic_year,
        "blended": spec.blended,
        "notes": spec.other_info,
    }


def _merge_ways(terms: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """An outgoing term followed by the same one incoming is one term both ways
    (as `term_to_specs` writes it)."""
    pending: dict[str, Any] | None = None
    for values in terms:
        if pending is not None and _same_but_direction(pending, values):
            yield {**pending, "direction": Direction.BOTH}
            pending = None
            continue
        if pending is not None:
            yield pending
        pending = values
    if pending is not None:
        yield pending


def _same_but_direction(first: dict[str, Any], second: dict[str, Any]) -> bool:
    return (first["direction"], second["direction"]) == (
        Direction.OUTGOING,
        Direction.INCOMING,
    ) and {**first, "direction": None} == {**second, "direction": None}


def _store(plan: Planned, path: str, by: Any, reason: str) -> int:
    try:
        agreement = services.create_agreement(
            level=Agreement.Level.UNIVERSITY,
            institution=plan.institution,
            status=Status.IN_FORCE if plan.in_effect else Status.DRAFT,
            by=by,
            reason=reason,
        )
        for values in plan.terms:
            services.add_term(agreement, by=by, reason=reason, **values)
        services.set_iia_identifiers(
            agreement,
            iia_id=plan.iia_id or None,
            partner_iia_id=plan.partner_iia_id,
            partner_iia_code=plan.partner_iia_code,
            by=by,
            reason=reason,
        )
    except WriteRefused as exc:
        raise ImportInputError(
            exc.message, path=path, line=plan.line, field=exc.field
        ) from None
    return int(agreement.pk)
