"""Store an edition's records in the registry: one transaction, idempotent.

The importer's Django edge. Every row is matched on its natural key, so
importing the same edition twice updates it and never duplicates it:

| model          | natural key                                                  |
| -------------- | ------------------------------------------------------------ |
| HomeUniversity | name                                                         |
| Region         | name (its words: "South and Central America" is one region)  |
| Country        | ISO 3166-1 code (the pseudo-country: its name, NULL code)    |
| Institution    | (country, name); a spelling whose folded form equals a known |
|                | name or alias becomes an InstitutionAlias, never a new row   |
| HomeUnit       | (home university, code)                                      |
| Edition        | (home university, as-of date)                                |
| Agreement      | (home university, level, institution, partner department,    |
|                | home unit, concluded on) — the `agreement_not_duplicated` key |

Agreements of the edition that the new list no longer holds are reported, not
deleted: ending an agreement is a human decision. Every history row written by
one import carries the same change reason and time: one change set.

| module | stores |
| --- | --- |
| `edition.py` | the whole run: `store_edition`, the edition row, the summary |
| `places.py` | regions, countries, the home university and its units |
| `partners.py` | institutions and their aliases |
| `agreements.py` | the agreements, their co-partners and lifecycle |
| `terms.py` | the cooperation terms an export file gives |
| `changes.py` | the change set every history row of the run belongs to |
"""

from accord.importer.persist.edition import (
    Progress,
    StoreSummary,
    refresh_planner_statistics,
    store_edition,
)

__all__ = ["Progress", "StoreSummary", "refresh_planner_statistics", "store_edition"]
