"""`accord export` -> `accord import` keeps every agreement's lifecycle and
cooperation terms: into an emptied registry, again over itself (nothing
written), over changed terms (replaced, with the import's change reason); an
export written before the lifecycle columns imports as it always has; a bad
lifecycle value is refused naming file, line and field, and nothing is stored."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from accord.core.formats import csv_to_records, records_to_csv
from accord.registry.cooperation import TERM_FIELDS, CooperationTerm
from accord.registry.models import Agreement, Edition, HomeUniversity
from tests.factory import (
    make_agreement,
    make_country,
    make_edition,
    make_home_unit,
    make_home_university,
    make_institution,
)
from tests.importer.test_import_command import MODELS, counts, run_import

pytestmark = pytest.mark.django_db

EDITION = datetime.date(2021, 5, 1)
STUDIES = {
    "direction": "both",
    "mobility_type": "student_studies",
    "places_per_year": 2,
    "study_levels": [6, 7],
    "subject_areas": ["0611", "0533"],
    "languages": [{"language": "en", "cefr": "B2"}, {"language": "ja"}],
    "fee_waiver_scope": ["tuition", "application"],
    "first_academic_year": "2024/2025",
    "last_academic_year": "2028/2029",
    "blended": True,
}
TEACHING = {
    "direction": "outgoing",
    "mobility_type": "staff_teaching",
    "places_per_year": None,
    "subject_areas": ["0311"],
    "blended": False,
}
TRAINEESHIP = {
    "direction": "incoming",
    "mobility_type": "student_traineeship",
    "places_per_year": 0,
    "study_levels": [8],
    "first_academic_year": "2025/2025",
}


@pytest.fixture
def registry() -> HomeUniversity:
    """Agreements in every status a staff export holds, with validity, renewal
    and several cooperation terms each."""
    home = make_home_university()
    home.slug = "tohoku"
    home.save()
    edition = make_edition(EDITION, home_university=home)
    thailand, korea = make_country(), make_country("KR", "South Korea")
    made = [
        make_agreement(
            institution=make_institution("Chulalongkorn University", thailand),
            valid_from=datetime.date(2011, 4, 1),
            term_months=60,
            renews_automatically=True,
        ),
        make_agreement(
            institution=make_institution("Mahidol University", thailand),
            status=Agreement.Status.DRAFT,
            concluded_on=None,
        ),
        make_agreement(
            institution=make_institution("Korea University", korea),
            status=Agreement.Status.UNDER_NEGOTIATION,
            concluded_on=None,
            valid_from=datetime.date(2026, 4, 1),
        ),
        make_agreement(
            level=Agreement.Level.DEPARTMENT,
            institution=make_institution("Seoul National University", korea),
            home_unit=make_home_unit("GS Engineering"),
            partner_department="College of Engineering",
            status=Agreement.Status.SUSPENDED,
            valid_from=datetime.date(2012, 1, 1),
            valid_until=datetime.date(2031, 12, 31),
        ),
        make_agreement(
            institution=make_institution("Kasetsart University", thailand),
            ended_on=datetime.date(2020, 3, 31),
            valid_until=datetime.date(2020, 3, 31),
            term_months=108,
        ),
        make_agreement(
            institution=make_institution("Yonsei University", korea),
            status=Agreement.Status.TERMINATED,
            ended_on=datetime.date(2019, 6, 30),
            termination_reason="=The partner closed its exchange office.\nBy letter.",
        ),
    ]
    terms = [
        [STUDIES, TEACHING],
        [TRAINEESHIP],
        [STUDIES],
        [TEACHING, TRAINEESHIP],
        [STUDIES, TRAINEESHIP],
        [],
    ]
    for agreement, given in zip(made, terms, strict=True):
        Agreement.objects.filter(pk=agreement.pk).update(edition=edition)
        for values in given:
            CooperationTerm.objects.create(agreement=agreement, **values)
    return home


def snapshot() -> list[tuple[Any, ...]]:
    """Every agreement as the round trip must give it back, field by field."""
    found = []
    for agreement in Agreement.objects.select_related("institution", "home_unit"):
        terms = sorted(
            json.dumps({name: getattr(t, name) for name in TERM_FIELDS}, sort_keys=True)
            for t in agreement.terms.all()
        )
        found.append(
            (
                agreement.institution.name,
                agreement.level,
                agreement.home_unit.code if agreement.home_unit else "",
                agreement.partner_department,
                agreement.concluded_on,
                agreement.fee_waiver,
                agreement.status,
                agreement.ended_on,
                agreement.termination_reason,
                agreement.valid_from,
                agreement.valid_until,
                agreement.term_months,
                agreement.renews_automatically,
                tuple(terms),
            )
        )
    return sorted(found)


def export(tmp_path: Path, suffix: str) -> Path:
    path = tmp_path / f"export.{suffix}"
    call_command("export", "--output", str(path), stderr=io.StringIO())
    return path


def empty_registry() -> None:
    CooperationTerm.objects.all().delete()
    order = ["Agreement", "Edition", "HomeUnit", "InstitutionAlias", "Institution"]
    order += ["HomeUniversity", "Country", "Region"]
    by_name = {model.__name__: model for model in MODELS}
    for name in order:
        by_name[name].objects.all().delete()


def history_rows() -> int:
    return (
        Agreement.history.count() + CooperationTerm.history.count()  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("suffix", ["csv", "json", "xlsx"])
def test_an_export_imported_into_an_empty_registry_gives_back_every_lifecycle(
    registry, tmp_path, suffix
):
    before = snapshot()
    path = export(tmp_path, suffix)
    empty_registry()
    assert counts()["Agreement"] == 0
    code, out, err = run_import(str(path))
    assert (code, err) == (0, "")
    assert "6 new" in out
    assert snapshot() == before
    assert {a.status for a in Agreement.objects.all()} == set(Agreement.Status.values)
    # And the same file again.
    again = tmp_path / f"again.{suffix}"
    call_command("export", "--output", str(again), stderr=io.StringIO())
    assert again.read_bytes() == path.read_bytes() or suffix == "xlsx"


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_importing_the_same_export_again_writes_nothing(registry, tmp_path, suffix):
    path = export(tmp_path, suffix)
    assert run_import(str(path))[0] == 0
    before, history = snapshot(), history_rows()
    terms = list(CooperationTerm.objects.values_list("pk", flat=True))
    code, out, _ = run_import(str(path))
    assert code == 0
    assert "0 new, 0 updated, 6 unchanged" in out
    assert snapshot() == before
    assert history_rows() == history
    assert list(CooperationTerm.objects.values_list("pk", flat=True)) == terms


def test_a_reimport_replaces_an_agreements_changed_terms_and_lifecycle(
    registry, tmp_path
):
    path = export(tmp_path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    row = next(r for r in data if r["institution"] == "Chulalongkorn University")
    row["cooperation_terms"] = [STUDIES, TRAINEESHIP | {"places_per_year": 4}]
    row["status"], row["ended_on"] = "expired", "2024-03-31"
    emptied = next(r for r in data if r["institution"] == "Korea University")
    emptied["cooperation_terms"] = []
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    kept = CooperationTerm.objects.get(
        agreement__institution__name="Chulalongkorn University",
        mobility_type="student_studies",
    )
    code, out, err = run_import(str(path))
    assert (code, err) == (0, "")
    assert "0 new, 1 updated" in out
    changed = Agreement.objects.get(institution__name="Chulalongkorn University")
    assert (changed.status, changed.ended_on) == ("expired", datetime.date(2024, 3, 31))
    terms = changed.terms.order_by("mobility_type")
    assert [(t.mobility_type, t.places_per_year) for t in terms] == [
        ("student_studies", 2),
        ("student_traineeship", 4),
    ]
    assert terms[0].pk == kept.pk  # an unchanged term stays as it is
    assert not CooperationTerm.objects.filter(
        agreement__institution__name="Korea University"
    ).exists()
    reason = f"import of edition 2021-05-01 (#{Edition.objects.get().pk})"
    recorded = CooperationTerm.history.filter(  # type: ignore[attr-defined]
        history_change_reason=reason
    )
    assert sorted(recorded.values_list("history_type", "mobility_type")) == [
        ("+", "student_traineeship"),
        ("-", "staff_teaching"),
        ("-", "student_studies"),  # Korea University's only term
    ]
    assert changed.history.latest().history_change_reason == reason


def test_an_export_without_the_lifecycle_columns_leaves_it_as_it_is(registry, tmp_path):
    path = export(tmp_path, "csv")
    old = tmp_path / "old.csv"
    old.write_text(records_to_csv(csv_to_records(path.read_text()), parsed=True))
    before = snapshot()
    code, out, _ = run_import(str(old))
    assert code == 0
    assert "0 new, 0 updated, 6 unchanged" in out
    assert snapshot() == before


def test_an_export_without_the_lifecycle_columns_imports_in_force_without_terms(
    registry, tmp_path
):
    path = export(tmp_path, "csv")
    records = [
        r for r in csv_to_records(path.read_text()) if r.concluded_on is not None
    ]
    old = tmp_path / "old.csv"
    old.write_text(records_to_csv(records, parsed=True))
    empty_registry()
    code, out, _ = run_import(str(old))
    assert code == 0
    assert "4 new" in out
    stored = Agreement.objects.all()
    assert {a.status for a in stored} == {"in_force"}
    assert {(a.valid_from, a.valid_until, a.term_months) for a in stored} == {
        (None, None, None)
    }
    assert {a.ended_on for a in stored} == {None}
    assert not CooperationTerm.objects.exists()


def test_an_empty_terms_cell_leaves_the_stored_terms(registry, tmp_path):
    path = export(tmp_path, "csv")
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert header[-3] == "cooperation_terms"
    rows = [
        r.with_changes(
            lifecycle={k: v for k, v in (r.lifecycle or {}).items() if k != "status"}
            | {"cooperation_terms": None}
        )
        for r in csv_to_records(text)
    ]
    cut = tmp_path / "cut.csv"
    cut.write_text(records_to_csv(rows))
    terms = CooperationTerm.objects.count()
    before = snapshot()
    assert run_import(str(cut))[0] == 0
    assert CooperationTerm.objects.count() == terms
    assert snapshot() == before


BAD_CELLS = [
    pytest.param("status", "active", "'active' is not a status", id="unknown status"),
    pytest.param(
        "valid_from", "2020-02-30", "2020-02-30 is not a date that exists", id="date"
    ),
    pytest.param(
        "cooperation_terms",
        json.dumps([TEACHING | {"subject_areas": ["0618"]}]),
        "term 1: subject_areas '0618' is not a field of ISCED-F 2013",
        id="unknown ISCED-F code",
    ),
    pytest.param(
        "cooperation_terms",
        '[{"direction": "both",',
        "not valid JSON",
        id="invalid JSON",
    ),
]


@pytest.mark.parametrize(("field", "cell", "message"), BAD_CELLS)
def test_a_bad_lifecycle_cell_is_refused_naming_file_line_and_field(
    registry, tmp_path, field, cell, message
):
    path = export(tmp_path, "csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = list(csv.reader(lines[1:]))
    rows[2][header.index(field)] = cell
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    empty_registry()
    code, _, err = run_import(str(path))
    assert code == 1
    assert err.startswith(f"accord: {path}:4 (field '{field}'): ")
    assert message in err
    assert set(counts().values()) == {0}
    assert not CooperationTerm.objects.exists()


def test_a_change_the_stored_agreement_cannot_take_is_refused(registry, tmp_path):
    path = export(tmp_path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    row = next(r for r in data if r["institution"] == "Yonsei University")
    del row["status"]  # given: the end date alone, on a terminated agreement
    row["ended_on"] = None
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    before = snapshot()
    code, _, err = run_import(str(path))
    assert code == 1
    assert "(field 'ended_on'): a terminated agreement needs the day it ended" in err
    assert "(with the stored agreement's other lifecycle values)" in err
    assert snapshot() == before
