"""Storing an edition: idempotent upserts on natural keys, atomic, audited."""

from __future__ import annotations

import datetime

import pytest

from accord.core.errors import ImportInputError
from accord.core.records import Record
from accord.importer.editions import EditionMeta
from accord.importer.options import HomeUnit as UnitOption
from accord.importer.persist import agreements as stored_agreements
from accord.importer.persist import store_edition
from accord.registry.bulk import reserve_ids
from accord.registry.exporting import stored_records
from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
    Region,
)
from tests.importer.test_exports import EDITION, sample_records

pytestmark = pytest.mark.django_db

MODELS = (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
    Region,
)


def meta(**changes: object) -> EditionMeta:
    fields: dict[str, object] = {
        "home_university": "Tohoku University",
        "as_of": EDITION,
        "title": "Academic Exchange Agreements with Foreign Institutions",
        "home_short_name": "TU",
        "home_country": "JP",
        "home_region": "Asia",
        "units": (
            UnitOption("GS Science", "Graduate School of Science", "graduate school"),
            UnitOption("IMRAM", "Institute of Multidisciplinary Research", "institute"),
        ),
        "declared_university_total": 2,
        "declared_department_total": 2,
        "declared_country_total": 2,
        "declared_country_counts": {"Russia": 1, "International Organization": 1},
        "source_name": "list.txt",
        "source_sha256": "ab" * 32,
        "report": {"ok": True, "anomalies": []},
    }
    return EditionMeta(**(fields | changes))  # type: ignore[arg-type]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_stores_an_edition_with_provenance():
    summary = store_edition(sample_records(), meta())
    assert (summary.created, summary.updated, summary.unchanged) == (4, 0, 0)
    assert counts() == {
        "Agreement": 4,
        "Country": 5,  # Japan, China, France, Russia, the pseudo-country
        "Edition": 1,
        "HomeUnit": 3,  # the two of the edition and "+IMRAM" seen in a row
        "HomeUniversity": 1,
        "Institution": 6,  # 4 partners + 2 co-partners
        "InstitutionAlias": 0,
        "Region": 3,
    }
    assert summary.units_added == ["+IMRAM"]
    edition = Edition.objects.get()
    assert edition.declared_country_counts == {
        "Russia": 1,
        "International Organization": 1,
    }
    assert (edition.source_name, edition.source_sha256) == ("list.txt", "ab" * 32)
    assert edition.report == {"ok": True, "anomalies": []}
    assert edition.records[3]["edition"] == "2021-05-01"
    russian = Agreement.objects.get(institution__name="Russian Academy of Sciences")
    assert russian.edition == edition
    assert russian.source_lines == [896, 897]
    assert russian.home_unit.full_name == "Graduate School of Science"
    assert russian.home_unit.kind == HomeUnit.Kind.GRADUATE_SCHOOL
    assert sorted(p.name for p in russian.co_partners.all()) == [
        "=cmd|' /C calc'!A0",
        "Lomonosov Moscow State University",
    ]
    pseudo = Country.objects.get(iso_code__isnull=True)
    assert (pseudo.name, pseudo.region.name) == (
        "International Organization",
        "International Organization",
    )
    assert Country.objects.get(iso_code="RU").name == "Russian Federation"  # pycountry


def test_new_agreements_find_their_own_ids_after_a_gap_in_the_ids():
    # Ids drawn and never used (a rolled-back write) leave a gap on
    # PostgreSQL; co-partners are set by the ids the new agreements got.
    reserve_ids(Agreement, 7)
    store_edition(sample_records(), meta())
    for record in sample_records():
        agreement = Agreement.objects.get(
            institution__name=record.institution,
            partner_department=record.partner_department,
        )
        assert sorted(p.name for p in agreement.co_partners.all()) == sorted(
            record.co_partners
        )


def test_reimporting_the_same_edition_changes_nothing():
    store_edition(sample_records(), meta())
    before = counts()
    versions = sorted(Agreement.objects.values_list("version", flat=True))
    summary = store_edition(sample_records(), meta())
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 4)
    assert counts() == before
    assert sorted(Agreement.objects.values_list("version", flat=True)) == versions
    assert summary.vanished == []


def test_reimporting_updates_a_changed_agreement_with_a_change_reason():
    store_edition(sample_records(), meta())
    records = sample_records()
    records[1] = records[1].with_changes(fee_waiver=False, source_lines=(273,))
    summary = store_edition(records, meta())
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
    agreement = Agreement.objects.get(institution__name="École Centrale de Lyon")
    assert (agreement.fee_waiver, agreement.source_lines) == (False, [273])
    assert agreement.version == 2
    edition = Edition.objects.get()
    reasons = set(agreement.history.values_list("history_change_reason", flat=True))
    assert reasons == {f"import of edition 2021-05-01 (#{edition.pk})"}
    assert agreement.history.count() == 2
    # Every history row of one import carries one date: one change set.
    latest = agreement.history.latest().history_date
    institution_rows = Institution.history.filter(history_date=latest)
    assert not institution_rows.exists()  # no institution changed this time
    first = Agreement.history.earliest().history_date
    assert Institution.history.filter(history_date=first).count() == 6
    # 4 agreements, and one more row when the joint agreement got its partners.
    assert Agreement.history.filter(history_date=first).count() == 5


def test_an_agreement_gone_from_the_list_is_reported_not_deleted():
    store_edition(sample_records(), meta())
    summary = store_edition(sample_records()[1:], meta())
    assert len(summary.vanished) == 1
    assert "Tsinghua University (university level, 1998-08-31)" in summary.vanished[0]
    assert Agreement.objects.filter(institution__name="Tsinghua University").exists()


def test_agreements_gone_from_the_list_are_reported_in_a_stable_order():
    store_edition(sample_records(), meta())
    later = meta(as_of=datetime.date(2022, 5, 1))
    # Another edition's agreement, then not in the 2021 list again: only the
    # 2021 edition's own agreements can vanish from it.
    extra = sample_records()[0].with_changes(
        institution="Peking University", edition=later.as_of
    )
    store_edition([extra], later)
    summary = store_edition(sample_records()[2:3], meta())
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)
    assert [line.split(" ", 1)[1] for line in summary.vanished] == [
        "@SUM(A1:A9), -2+3 (+IMRAM, no date)",
        "Tsinghua University (university level, 1998-08-31)",
        "École Centrale de Lyon (university level, no date)",
    ]


def test_a_reimport_changes_a_stored_agreements_co_partners():
    store_edition(sample_records(), meta())
    records = sample_records()
    records[2] = records[2].with_changes(co_partners=("Novosibirsk State University",))
    summary = store_edition(records, meta())
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 3)
    russian = Agreement.objects.get(institution__name="Russian Academy of Sciences")
    assert [p.name for p in russian.co_partners.all()] == [
        "Novosibirsk State University"
    ]
    assert russian.version == 2
    assert russian.history.first().history_change_reason.startswith("import")


def test_names_with_copys_escapes_are_stored_as_written():
    """On PostgreSQL the rows are streamed with COPY, whose text format reads
    a backslash as an escape and \\N as NULL: the names must arrive as given."""
    written = "Institut \\N d'Études \\t (Paris)"
    department = 'R&D \\ Lab "Nord"'
    record = sample_records()[2].with_changes(
        institution=written, partner_department=department, co_partners=()
    )
    store_edition([record], meta())
    stored = Agreement.objects.select_related("institution").get()
    assert (stored.institution.name, stored.partner_department) == (
        written,
        department,
    )
    assert stored.source_lines == [896, 897]


def test_a_spelling_that_folds_to_a_known_name_becomes_an_alias():
    first = Record("university", "Europe", "AT", "Austria", "Universität Wien")
    second = Record(
        "department",
        "Europe",
        "AT",
        "Austria",
        "Universitat  Wien",
        home_unit="GS Science",
        source_lines=(800,),
    )
    other = second.with_changes(institution="Universitaet Wien", source_lines=(801,))
    summary = store_edition([first, second, other], meta())
    assert Institution.objects.filter(country__iso_code="AT").count() == 2
    alias = InstitutionAlias.objects.get()
    assert (alias.name, alias.institution.name) == (
        "Universitat Wien",
        "Universität Wien",
    )
    assert summary.aliases_added == ["Universitat Wien -> Universität Wien"]
    assert sorted(r.institution for r in stored_records()) == [
        "Universitaet Wien",
        "Universitat Wien",
        "Universität Wien",
    ]
    store_edition([first, second, other], meta())
    assert InstitutionAlias.objects.count() == 1


def test_a_region_printed_in_another_word_order_is_the_same_region():
    first = Record("university", "South and Central America", "BR", "Brazil", "USP")
    second = Record(
        "department",
        "Central and South America",
        "MX",
        "Mexico",
        "UNAM",
        home_unit="GS Science",
        source_lines=(900,),
    )
    store_edition([first, second], meta())
    americas = Region.objects.exclude(name="Asia").get()
    assert americas.name == "South and Central America"
    assert set(americas.countries.values_list("iso_code", flat=True)) == {"BR", "MX"}


def test_names_a_review_found_to_be_one_institution_are_stored_as_one():
    first = Record("university", "Asia", "TH", "Thailand", "Chiang Mai University")
    second = Record(
        "department",
        "Asia",
        "TH",
        "Thailand",
        "Chiangmai University",
        home_unit="IMRAM",
        source_lines=(632,),
    )
    same = {("TH", "Chiangmai University"): "Chiang Mai University"}
    summary = store_edition([second, first], meta(same_institutions=same))
    institution = Institution.objects.get()
    assert institution.name == "Chiang Mai University"
    assert institution.agreements.count() == 2
    assert list(institution.aliases.values_list("name", flat=True)) == [
        "Chiangmai University"
    ]
    assert summary.aliases_added == ["Chiangmai University -> Chiang Mai University"]
    # The new spelling is in the audit trail, in the import's change set.
    (added,) = InstitutionAlias.history.all()
    assert added.history_change_reason.startswith("import of edition")
    # Exports still say what the list printed on each row.
    assert sorted(r.institution for r in stored_records()) == [
        "Chiang Mai University",
        "Chiangmai University",
    ]


def test_a_repeated_row_is_merged_and_reported():
    row = sample_records()[0]
    summary = store_edition([row, row.with_changes(source_lines=(16,))], meta())
    assert Agreement.objects.get().source_lines == [15, 16]
    assert summary.duplicates == ["lines [16] repeat lines [15]: Tsinghua University"]


def test_a_dry_run_writes_nothing_but_says_what_it_would_do():
    summary = store_edition(sample_records(), meta(), dry_run=True)
    assert (summary.created, summary.dry_run, summary.edition_id) == (4, True, None)
    assert set(counts().values()) == {0}


def test_an_error_midway_leaves_nothing_written(monkeypatch):
    def fail(*args: object) -> None:
        assert Institution.objects.exists()  # the run really was midway
        raise RuntimeError("disk full")

    monkeypatch.setattr(stored_agreements, "_write", fail)
    with pytest.raises(RuntimeError):
        store_edition(sample_records(), meta())
    assert set(counts().values()) == {0}


def test_an_error_midway_leaves_a_previous_edition_as_it_was(monkeypatch):
    store_edition(sample_records(), meta())
    before = counts()
    records = [r.with_changes(fee_waiver=not r.fee_waiver) for r in sample_records()]
    monkeypatch.setattr(
        stored_agreements, "_write", lambda *a: (_ for _ in ()).throw(OSError())
    )
    with pytest.raises(OSError):
        store_edition(records, meta(title="changed"))
    assert counts() == before
    assert Edition.objects.get().title.startswith("Academic")
    assert Agreement.objects.get(institution__name="Tsinghua University").fee_waiver


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (
            Record("university", "Asia", "XX", "X", "A", source_lines=(3,)),
            "country_code",
        ),
        (
            Record("university", "Asia", "TH", "Thailand", "A", home_unit="IMR"),
            "home_unit",
        ),
        (
            Record(
                "university",
                "Asia",
                "TH",
                "Thailand",
                "A",
                concluded_on=datetime.date(1850, 1, 1),
            ),
            "concluded_on",
        ),
        (Record("university", "Asia", "TH", "Thailand", "  "), "institution"),
    ],
)
def test_it_refuses_a_record_the_registry_cannot_hold(record, field):
    with pytest.raises(ImportInputError) as caught:
        store_edition([*sample_records(), record], meta())
    assert caught.value.field == field
    assert set(counts().values()) == {0}


def test_a_department_agreement_whose_unit_the_list_lost_is_kept_unknown():
    record = Record("department", "Asia", "TH", "Thailand", "A", source_lines=(9,))
    store_edition([record], meta())
    assert Agreement.objects.get().home_unit is None


def test_it_needs_the_home_country_for_a_new_home_university():
    with pytest.raises(ImportInputError, match="does not name its country"):
        store_edition(sample_records(), meta(home_country=""))
    assert set(counts().values()) == {0}


def test_progress_is_reported_to_the_end():
    seen: list[tuple[int, int]] = []
    store_edition(sample_records(), meta(), progress=lambda i, n: seen.append((i, n)))
    assert seen[-1] == (4, 4)
