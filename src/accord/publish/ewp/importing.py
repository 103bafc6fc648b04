"""EWP IIA v7 get responses into Accord: the database side of `accord ewp
import`. Each IIA of a response becomes a new university-level agreement with its
cooperation terms and EWP ids, through `registry.services`, all in one
transaction and one change set, or nothing is stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from accord.core.errors import ImportInputError
from accord.core.identifiers import normal_schac
from accord.publish.ewp.exchange import KIND_OF_TYPE
from accord.publish.ewp.iia import Iia, MobilitySpec, Unstored, xml_to_iias
from accord.registry import services
from accord.registry.cooperation import Direction, term_problems
from accord.registry.exceptions import WriteRefused
from accord.registry.lifecycle import Status
from accord.registry.models import Agreement, HomeUniversity, Institution
from accord.registry.validation import default_home_university

TYPE_OF_KIND = {kind: str(kind_type) for kind_type, kind in KIND_OF_TYPE.items()}


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
