"""The curated edition Accord ships with, loaded into an empty database.

`accord serve` calls `load_bundled_edition_if_empty()` so that a fresh machine
shows the 2021 list at once. The edition is imported exactly as `accord import`
imports it (parser + the reviewed corrections, refused if they do not resolve
every anomaly), so the bundled data is never a second, unreviewed copy.
"""

from __future__ import annotations

from accord.registry.models import Agreement


def load_bundled_edition_if_empty() -> str | None:
    """Import the bundled edition when no agreement is stored.

    Returns a one-line summary when it loaded the edition, None when the
    database already held agreements. Raises ImportInputError when the bundled
    edition does not import cleanly (a packaging error, never silent).
    """
    from accord.importer.bundled import load_edition
    from accord.importer.errors import ImportInputError
    from accord.registry.importing import import_file

    if Agreement.objects.exists():
        return None
    edition = load_edition()
    outcome = import_file(edition.source, edition_dir=edition.directory)
    if outcome.refused:
        codes = sorted({a.code for a in outcome.refused})
        raise ImportInputError(
            f"the bundled edition has {len(outcome.refused)} unresolved anomalies "
            f"({', '.join(codes)}); run `accord import` on it to see them",
            path=str(edition.source),
        )
    summary = outcome.summaries[0]
    return (
        f"Loaded the bundled edition {edition.title or edition.directory.name} "
        f"as of {summary.as_of.isoformat()}: {summary.created} agreements."
    )
