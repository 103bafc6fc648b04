"""The cooperation terms an export file gives its agreements: each agreement's
stored terms made to match the file's, term by term.

A stored term equal to one of the file's (on every field the file's term gives,
the export's fields at least) is kept as it is, with its notes and history; the
others are deleted and the file's remaining ones created, with their history
rows in the import's change set. So a re-import of the same file writes nothing,
and `[]` removes every term. An agreement whose row gives no terms (no column,
or an empty cell) is not passed here: its terms stay as they are."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from accord.importer.persist.changes import ChangeSet
from accord.registry.cooperation import TERM_FIELDS, CooperationTerm
from accord.registry.rows import TERM_FIELDS as EXPORTED_FIELDS

# How the database holds an unknown academic year: blank.
_BLANK_IS_UNKNOWN = ("first_academic_year", "last_academic_year", "notes")


def term_key(values: Mapping[str, Any], names: Iterable[str]) -> str:
    """The term's values for `names` as one comparable text, an unknown value
    and a blank one alike.

    >>> term_key({"direction": "both", "first_academic_year": ""},
    ...     ["direction", "first_academic_year"])
    '{"direction": "both", "first_academic_year": null}'
    """
    known = {}
    for name in names:
        value = values.get(name)
        known[name] = None if value == "" and name in _BLANK_IS_UNKNOWN else value
    return json.dumps(known, sort_keys=True)


def store_terms(
    wanted: Mapping[int, Sequence[Mapping[str, Any]]], changes: ChangeSet
) -> None:
    """Make the terms of each agreement (by id) those `wanted` gives it."""
    stored: dict[int, list[CooperationTerm]] = defaultdict(list)
    for term in CooperationTerm.objects.filter(agreement_id__in=list(wanted)):
        stored[term.agreement_id].append(term)
    created: list[CooperationTerm] = []
    for pk, terms in wanted.items():
        kept = list(stored.get(pk, []))
        for values in terms:
            names = _compared(values)
            match = next(
                (
                    t
                    for t in kept
                    if term_key(_fields(t), names) == term_key(values, names)
                ),
                None,
            )
            if match is not None:
                kept.remove(match)
            else:
                created.append(_new_term(pk, values))
        for term in kept:
            changes.stamp(term)
            term.delete()
    changes.create(CooperationTerm, created)


def _compared(values: Mapping[str, Any]) -> list[str]:
    return sorted(set(EXPORTED_FIELDS) | set(values))


def _fields(term: CooperationTerm) -> dict[str, Any]:
    return {name: getattr(term, name) for name in TERM_FIELDS}


def _new_term(agreement_id: int, values: Mapping[str, Any]) -> CooperationTerm:
    fields = {name: values[name] for name in TERM_FIELDS if name in values}
    for name in _BLANK_IS_UNKNOWN:
        if fields.get(name) is None:
            fields.pop(name, None)
    return CooperationTerm(agreement_id=agreement_id, **fields)
