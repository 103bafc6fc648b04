"""Stored agreements to EWP IIA v7 values: the database side of `accord ewp
export` and `/api/v1/agreements/{id}/ewp-iia` (the XML itself is `ewp.iia`; the
way in, `ewp.importing`).

An agreement with cooperation terms, its partner's and the home university's
SCHAC codes becomes one `Iia`; what EWP cannot carry is left out and said
(`Exported.left_out`), what EWP requires and the agreement lacks is an
`ExportRefused` naming the agreement and the field.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from accord.publish.ewp.iia import (
    LANGUAGE_REQUIRED,
    STUDENT_KINDS,
    Iia,
    MobilitySpec,
    Partner,
    iias_to_xml,
)
from accord.registry.cooperation import (
    CooperationTerm,
    Direction,
    IiaIdentifiers,
    MobilityType,
)
from accord.registry.lifecycle import Status
from accord.registry.models import Agreement

KIND_OF_TYPE = {
    MobilityType.STUDENT_STUDIES: "student-studies",
    MobilityType.STUDENT_TRAINEESHIP: "student-traineeship",
    MobilityType.STAFF_TEACHING: "staff-teacher",
    MobilityType.STAFF_TRAINING: "staff-training",
}
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
