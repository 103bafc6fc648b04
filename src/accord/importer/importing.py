"""Import a file into the registry: read, parse, gate on the report, store.

Shared by `accord import` and `accord serve` (the bundled edition). A list (text,
layout text, PDF) goes through the importer pipeline with its edition's options
and corrections; an export file (CSV, XLSX, JSON) already holds records and is
stored as it is, one edition per as-of date.

Which edition data applies to a list: `--edition DIR` if given; else the
directory of the file when it holds an `edition.toml` (the bundled list lives in
its edition directory); else the bundled edition (the home university Accord
ships with). The edition's corrections apply only to its own list (that file or
a byte-identical copy: they cite its lines); `--corrections FILE` gives the
corrections for any other file, or replaces the edition's.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from accord.core.collecting import fewer_collections
from accord.core.errors import ImportInputError
from accord.core.records import Record, restamp
from accord.importer.anomalies import Anomaly
from accord.importer.editions import EditionMeta, meta_from_result
from accord.importer.options import HomeUnit as UnitOption
from accord.importer.options import ParseOptions
from accord.importer.persist import Progress, StoreSummary, store_edition
from accord.importer.sources import SourceText, read_source
from accord.registry.integrity import acknowledged_lines
from accord.registry.models import Agreement, Edition, HomeUniversity


@dataclass
class ImportOutcome:
    """What an import found and did. `refused` holds the anomalies that stopped
    it (nothing stored); `summaries` one StoreSummary per stored edition."""

    source: SourceText
    result: Any = None  # pipeline.ImportResult, for a list
    refused: list[Anomaly] = field(default_factory=list)
    summaries: list[StoreSummary] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        return bool(self.summaries) and not self.refused


def prepare_database() -> None:
    """Create and migrate the database when it lacks migrations, quietly, as
    `accord serve` does: on a fresh data directory the first command a new
    user types may well be `accord import their-list.pdf`."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def find_edition_dir(path: Path, edition_dir: Path | None) -> Path:
    from accord.importer.bundled import edition_dir as bundled_dir

    if edition_dir is not None:
        return edition_dir
    if (path.parent / "edition.toml").is_file():
        return path.parent
    return bundled_dir()


def import_file(
    path: str | Path,
    *,
    edition_dir: Path | None = None,
    corrections: Path | None = None,
    edition_date: datetime.date | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Read and store one file. Raises ImportInputError on bad input (nothing
    stored); returns an outcome with `refused` set when the report blocks it."""
    with fewer_collections():
        return _import_file(
            Path(path),
            edition_dir,
            corrections,
            edition_date,
            dry_run,
            force,
            progress,
        )


def _import_file(
    path: Path,
    edition_dir: Path | None,
    corrections: Path | None,
    edition_date: datetime.date | None,
    dry_run: bool,
    force: bool,
    progress: Progress | None,
) -> ImportOutcome:
    source = read_source(path)
    if source.is_export:
        assert source.records is not None
        # Handed over, not shared: `_store_export` changes each record for
        # its edition rather than copying it. The outcome names the file only.
        records: list[Sequence[Record]] = [source.records]
        source = replace(source, records=())
        summaries = _store_export(
            source, records, edition_date, dry_run, progress, edition_dir
        )
        return ImportOutcome(source, summaries=summaries)
    return _import_list(
        source, path, edition_dir, corrections, edition_date, dry_run, force, progress
    )


def _import_list(
    source: SourceText,
    path: Path,
    edition_dir: Path | None,
    corrections_path: Path | None,
    edition_date: datetime.date | None,
    dry_run: bool,
    force: bool,
    progress: Progress | None,
) -> ImportOutcome:
    from accord.importer.bundled import load_edition
    from accord.importer.corrections import Corrections

    edition = load_edition(find_edition_dir(path, edition_dir))
    # The edition's corrections cite the lines of its own list: they apply to
    # that list (or a copy of its text), never to another list or a PDF.
    corrections = edition.corrections_for(source)
    if corrections_path is not None:
        if not corrections_path.is_file():
            raise ImportInputError(
                "no such corrections file", path=str(corrections_path)
            )
        corrections = Corrections.load(corrections_path)
    return _parse_and_store(
        source,
        edition.options,
        corrections,
        _home_table(edition.directory),
        source_name=path.name,
        edition_date=edition_date,
        dry_run=dry_run,
        force=force,
        progress=progress,
    )


def _parse_and_store(
    source: SourceText,
    options: ParseOptions,
    corrections: Any,
    home: dict[str, str],
    *,
    source_name: str,
    edition_date: datetime.date | None,
    dry_run: bool,
    force: bool = False,
    progress: Progress | None = None,
    by: Any = None,
) -> ImportOutcome:
    from accord.importer.pipeline import run

    result = run(
        source.text,
        options,
        corrections,
        source_name=source.path,
        read=source.anomalies,
    )
    outcome = ImportOutcome(source, result=result)
    outcome.refused = [] if force else result.report.blocking()
    if outcome.refused:
        return outcome
    as_of = edition_date or result.edition.as_of
    if as_of is None:
        raise ImportInputError(
            "the list states no as-of date; give one with --edition-date",
            path=source.path,
            field="edition_date",
        )
    records = [r.with_changes(edition=as_of) for r in result.reconciled]
    meta = meta_from_result(
        result,
        options,
        as_of=as_of,
        source_name=source_name,
        source_sha256=source.sha256,
        **home,
    )
    outcome.summaries = [
        _store(
            records,
            meta,
            dry_run=dry_run,
            progress=progress,
            path=source.path,
            by=by,
        )
    ]
    return outcome


def options_for(home: HomeUniversity, *, date_order: str = "") -> ParseOptions:
    """The parse options of a list `home` publishes, from what the database
    keeps about it: its names, its country and its units with the spellings
    its lists print, in the order they were stored (the first unit wins a
    spelling two share, as in edition.toml). When the edition directory Accord
    starts with describes `home` (its slug), what only its edition.toml says
    comes from there too: its other short names and its country and region
    aliases. `date_order` as for `ParseOptions`."""
    units = tuple(
        UnitOption(
            code=unit.code,
            name=unit.full_name,
            kind=unit.kind,
            variants=tuple(unit.variants or ()),
            name_ja=unit.name_ja,
        )
        for unit in home.units.order_by("pk")
    )
    described = _edition_describing(home)
    toml = described.options if described is not None else None
    return ParseOptions(
        home_university=home.name,
        home_short_names=tuple(
            filter(
                None,
                dict.fromkeys(
                    [
                        home.short_name,
                        home.name_ja,
                        *(toml.home_short_names if toml else ()),
                    ]
                ),
            )
        ),
        home_country=home.country.iso_code or "",
        home_units=units,
        country_aliases=toml.country_aliases if toml else {},
        region_aliases=toml.region_aliases if toml else {},
        date_order=date_order,
    )


def _edition_describing(home: HomeUniversity) -> Any:
    """The edition directory Accord starts with (`bundled.edition_dir`), when
    it describes `home`; else None."""
    from accord.importer.bundled import load_edition

    directory = _bundled_dir()
    if _home_table(directory).get("home_slug") != home.slug:
        return None
    try:
        return load_edition(directory)
    except ImportInputError:
        return None


def replaces_corrected_edition(
    home: HomeUniversity, as_of: datetime.date, outcome: ImportOutcome
) -> bool:
    """Whether storing `outcome` would replace an edition whose anomalies a
    corrections file resolved, without those corrections: the records they
    set right would be read wrongly again."""
    stored = Edition.objects.filter(home_university=home, as_of=as_of).values_list(
        "report", flat=True
    )
    corrected = any(
        anomaly.get("resolution") == "corrected"
        for report in stored
        for anomaly in (report or {}).get("anomalies", ())
    )
    result = outcome.result
    applied = result is not None and any(
        a.resolution == "corrected" for a in result.report.anomalies
    )
    return corrected and not applied


def import_upload(
    path: Path,
    home: HomeUniversity,
    *,
    source_name: str,
    edition_date: datetime.date | None = None,
    date_order: str = "",
    dry_run: bool = True,
    force: bool = False,
    by: Any = None,
) -> ImportOutcome:
    """Parse a list `home` published (a file uploaded to the back office, at
    `path`) with the options the database gives it, and store it as its
    edition unless `dry_run` (what storing would do, rolled back). Raises
    ImportInputError on a file that is no list (nothing stored); a report with
    blocking anomalies refuses it unless `force` (stored as read, the report
    kept with the edition; corrections are `accord import --corrections`).
    History rows name `by`."""
    try:
        source = read_source(path)
    except ImportInputError as exc:
        raise exc.at(source_name) from None
    if source.is_export:
        raise ImportInputError(
            "this is an export file, not a published list; import it with "
            "`accord import`",
            path=source_name,
        )
    # The edition's own list (the same text) takes its corrections, as
    # `accord import` gives them: they cite its lines.
    described = _edition_describing(home)
    corrections = described.corrections_for(source) if described else None
    with fewer_collections():
        return _parse_and_store(
            replace(source, path=source_name),
            options_for(home, date_order=date_order),
            corrections,
            {"home_slug": home.slug},
            source_name=source_name,
            edition_date=edition_date,
            dry_run=dry_run,
            force=force,
            by=by,
        )


def _home_table(directory: Path) -> dict[str, str]:
    """What `[home_university]` of edition.toml says beyond the parse options:
    `region` (where the home country goes when the database does not hold it
    yet: a list never names it), `slug` and `name_ja` (kept on the university
    when the import creates it)."""
    try:
        data = tomllib.loads((directory / "edition.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    home = data.get("home_university", {})
    return {
        "home_region": str(home.get("region", "")),
        "home_slug": str(home.get("slug", "")),
        "home_name_ja": str(home.get("name_ja", "")),
    }


def _store(
    records: Sequence[Record],
    meta: EditionMeta,
    *,
    dry_run: bool,
    progress: Progress | None,
    path: str,
    unit_may_be_unknown: Callable[[Record], bool] = lambda record: True,
    by: Any = None,
) -> StoreSummary:
    from django.db import IntegrityError, OperationalError

    try:
        return store_edition(
            records,
            meta,
            dry_run=dry_run,
            progress=progress,
            unit_may_be_unknown=unit_may_be_unknown,
            by=by,
        )
    except ImportInputError as exc:
        raise exc.at(path) from None
    except (IntegrityError, OperationalError) as exc:
        # Another writer (a second import, an editor) got there first; the
        # transaction rolled back, so trying again is safe.
        raise ImportInputError(
            f"the database refused the import and nothing was stored ({exc}); "
            "if another import was running, run this one again",
            path=path,
        ) from None


def _export_meta(
    as_of: datetime.date,
    source: SourceText,
    slug: str = "",
    edition_dir: Path | None = None,
) -> EditionMeta:
    """The home university of an export file's rows.

    A row names it by slug (`home_university`). A stored university of that
    slug is it; else the edition directory that says who has that slug (the
    one given with `--edition DIR`, the file's own, the bundled one) describes
    the university the import then creates, with its names, country and
    units. A slug nothing describes is refused: the file gives no name, and a
    university is never made up, nor its rows attached to another one.

    A file without the column (written before it) holds the agreements of the
    one stored university, else of the one Accord ships with.
    """
    from accord.importer.bundled import load_edition

    stored = HomeUniversity.objects.select_related("country")
    described = None
    if slug:
        homes = list(stored.filter(slug=slug))
        # A stored university is checked against the edition the import names,
        # not against the bundled one (staff may have renamed it since).
        described = _described_home(slug, source, edition_dir, bundled=not homes)
        if not homes and described is None:
            raise ImportInputError(
                f"the file holds agreements of the home university {slug!r}, "
                "which is not stored and no edition.toml describes; add it "
                f"first (accord university add {slug} --name NAME) or give "
                "its edition directory (--edition DIR)",
                path=source.path,
                field="home_university",
            )
    else:
        homes = list(stored[:2])
    if len(homes) > 1:
        raise ImportInputError(
            "several home universities are stored; an export file without the "
            "home_university column does not say whose agreements it holds",
            path=source.path,
        )
    bundled = _home_meta(load_edition(), _home_table(_bundled_dir()))
    meta = described or bundled
    if homes:
        home = homes[0]
        if described is not None and described.home_university != home.name:
            raise ImportInputError(
                f"the file's home university {slug!r} is "
                f"{described.home_university!r} by its edition.toml, but "
                f"{slug!r} is stored as {home.name!r}; its rows are not "
                "attached to another university",
                path=source.path,
                field="home_university",
            )
        meta = EditionMeta(
            home_university=home.name,
            as_of=as_of,
            home_country=home.country.iso_code or "",
            home_slug=home.slug,
            units=meta.units if meta.home_university == home.name else (),
        )
    return replace(
        meta,
        as_of=as_of,
        source_name=Path(source.path).name,
        source_sha256=source.sha256,
    )


def _bundled_dir() -> Path:
    from accord.importer.bundled import edition_dir

    return edition_dir()


def _described_home(
    slug: str, source: SourceText, edition_dir: Path | None, *, bundled: bool
) -> EditionMeta | None:
    """The university that an edition directory names `slug` (the `as_of` of
    the meta returned is a placeholder), or None."""
    from accord.importer.bundled import load_edition

    path = Path(source.path)
    candidates = [edition_dir, path.parent if path.name else None]
    if bundled:
        candidates.append(_bundled_dir())
    for directory in candidates:
        if directory is None or not (directory / "edition.toml").is_file():
            continue
        home = _home_table(directory)
        if home.get("home_slug") == slug:
            return _home_meta(load_edition(directory), home)
    return None


def _home_meta(edition: Any, home: dict[str, str]) -> EditionMeta:
    options = edition.options
    return EditionMeta(
        home_university=options.home_university,
        as_of=datetime.date.min,
        home_short_name=next(iter(options.home_short_names), ""),
        home_country=options.home_country,
        home_region=home.get("home_region", ""),
        home_slug=home.get("home_slug", ""),
        home_name_ja=home.get("home_name_ja", ""),
        units=options.home_units,
    )


def _unit_left_unknown(
    as_of: datetime.date, slug: str = ""
) -> Callable[[Record], bool]:
    """Whether an export row may lack its department's home unit.

    An export file carries no anomaly report. A row may leave the unit unknown
    only when the stored edition of its date (of the one home university)
    already acknowledges it: its list lost the unit and its corrections file
    said so (line 421 of the 2021 list). So an export re-imports into the
    registry it came from, and `accord check` still passes; into another
    registry, the rows need their units (or `accord restore` a backup).
    """
    stored = HomeUniversity.objects.all()
    homes = list(stored.filter(slug=slug) if slug else stored[:2])
    editions = Edition.objects.defer("packed_records")  # only its report is read
    edition = (
        editions.filter(home_university=homes[0], as_of=as_of).first()
        if len(homes) == 1
        else None
    )
    acknowledged = acknowledged_lines(edition, {"home_unit"})
    if not acknowledged:
        return lambda record: False
    return lambda record: any(n in acknowledged for n in record.source_lines)


def _store_export(
    source: SourceText,
    handed: list[Sequence[Record]],
    edition_date: datetime.date | None,
    dry_run: bool,
    progress: Progress | None,
    edition_dir: Path | None = None,
) -> list[StoreSummary]:
    """Store the records of an export file, which `handed` holds and gives
    up: it is emptied, and each record is changed for its edition in place."""
    from django.db import transaction

    groups: dict[tuple[str, datetime.date], list[Record]] = {}
    for number, record in enumerate(handed.pop(), start=1):
        as_of = edition_date or record.edition
        if as_of is None:
            raise ImportInputError(
                f"record {number} names no edition; give one with --edition-date",
                path=source.path,
                field="edition",
            )
        # The university is the edition's, not the record's: stored records
        # stay as a parsed list gives them. The records are this function's
        # alone (handed over), so each is changed rather than copied.
        key = (record.home_university, as_of)
        groups.setdefault(key, []).append(
            restamp(record, edition=as_of, home_university="")
        )
    if not groups:
        raise ImportInputError("the file holds no records", path=source.path)
    # Several editions in one file are stored together or not at all.
    with transaction.atomic():
        return [
            _store(
                records,
                _export_meta(as_of, source, slug, edition_dir),
                dry_run=dry_run,
                progress=progress,
                path=source.path,
                unit_may_be_unknown=_unit_left_unknown(as_of, slug),
            )
            for (slug, as_of), records in sorted(groups.items())
        ]


def load_bundled_edition_if_empty() -> str | None:
    """Import the bundled edition when no agreement is stored.

    Returns a one-line summary when it loaded the edition, None when the
    database already held agreements. Raises ImportInputError when the bundled
    edition does not import cleanly (a packaging error, never silent).
    """
    from accord.importer.bundled import load_edition

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
