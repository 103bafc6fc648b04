"""Many universities in one instance: the bundled Tohoku list beside two
synthetic universities that share partners and a unit code with it."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from accord.core.errors import ImportInputError
from accord.core.formats import csv_to_records, records_to_csv
from accord.core.records import (
    EXPORT_FIELDS,
    FILE_FIELDS,
    LIFECYCLE_FIELDS,
    PARTNER_FIELDS,
    Record,
)
from accord.importer.importing import import_file, load_bundled_edition_if_empty
from accord.registry import services
from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
)

AS_OF = datetime.date(2021, 5, 1)


def api(client, query, status=200):
    response = client.get(f"/api/v1/agreements?{query}&page_size=1000")
    assert response.status_code == status, response.content
    return response.json()


def count(client, query):
    return api(client, query)["count"]


def test_it_filters_by_university(client, network):
    kita = api(client, "university=kita")
    assert kita["count"] == 4
    assert {a["home_university"] for a in kita["results"]} == {"kita"}
    assert count(client, "university=MINAMI") == 5
    everything = Agreement.objects.in_force().count()
    assert count(client, "") == everything
    assert count(client, "university=tohoku") == everything - 9


def test_it_counts_agreements_per_university(client, network):
    facet = api(client, "level=university")["facets"]["university"]
    assert [(f["value"], f["count"]) for f in facet][1:] == [
        ("minami", 3),
        ("kita", 2),
    ]
    assert facet[0]["value"] == "tohoku"
    assert facet[0]["label"] == "Tohoku University"


def test_one_university_has_no_university_facet(client, db):
    load_bundled_edition_if_empty()
    assert "university" not in api(client, "")["facets"]


def test_where_can_i_go_lists_only_the_units_own_universitys_agreements(
    client, network
):
    found = api(client, "university=kita&open_to=gs+engineering")
    assert found["count"] == 4
    assert {a["home_university"] for a in found["results"]} == {"kita"}
    tohoku = api(client, "university=tohoku&open_to=GS+Engineering")
    assert {a["home_university"] for a in tohoku["results"]} == {"tohoku"}
    # Without a university, the code names the unit of every university.
    assert count(client, "open_to=GS+Engineering") == tohoku["count"] + 4 + 5


def test_the_open_to_facet_counts_a_unit_its_universitys_agreements(client, network):
    kita = api(client, "university=kita")["facets"]["open_to"]
    assert [(f["value"], f["count"]) for f in kita] == [("GS Engineering", 4)]
    everyone = api(client, "")["facets"]["open_to"]
    by_code = {f["value"]: f["count"] for f in everyone}
    tohoku = api(client, "university=tohoku")["facets"]["open_to"]
    tohoku_by_code = {f["value"]: f["count"] for f in tohoku}
    assert by_code["GS Engineering"] == tohoku_by_code["GS Engineering"] + 4 + 5
    assert by_code["GS Dentistry"] == tohoku_by_code["GS Dentistry"]


def test_home_unit_selects_one_universitys_unit(client, network):
    assert count(client, "university=minami&home_unit=GS+Engineering") == 2
    held = count(client, "university=tohoku&home_unit=GS+Engineering")
    assert count(client, "home_unit=GS+Engineering") == held + 4


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("university=kyoto", "university", "names no home university 'kyoto'"),
        (
            "university=kita&open_to=GS+Dentistry",
            "open_to",
            "names no home unit 'GS Dentistry' of 'kita'",
        ),
    ],
)
def test_it_refuses_a_university_or_unit_it_does_not_hold(
    client, network, query, name, message
):
    body = api(client, query, status=400)
    assert [(p["name"], p["reason"]) for p in body["invalid_params"]] == [
        (name, message)
    ]
    portal = client.get(f"/?{query}")
    assert portal.status_code == 400
    assert message in portal.context["error"]


def test_the_export_ends_with_the_home_university(client, network):
    response = client.get("/api/v1/export.csv?q=minami+partner")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    # The columns files had before keep their places: the schema's, then the
    # partner's identifiers; the agreement's lifecycle comes after.
    university = len(EXPORT_FIELDS) + len(PARTNER_FIELDS)
    assert rows[0] == [
        *EXPORT_FIELDS,
        *PARTNER_FIELDS,
        "home_university",
        *LIFECYCLE_FIELDS,
    ]
    assert rows[0] == list(FILE_FIELDS)
    assert [row[university] for row in rows[1:]] == ["minami"]
    fields = client.get("/api/v1/datapackage.json").json()["resources"][0]
    assert fields["schema"]["fields"][university]["name"] == "home_university"


def test_an_export_reads_with_and_without_the_home_university_column():
    record = Record(
        "university",
        "Asia",
        "TH",
        "Thailand",
        "Chulalongkorn University",
        concluded_on=datetime.date(2011, 2, 3),
        home_university="kita",
    )
    text = records_to_csv([record])
    assert csv_to_records(text) == [record]
    # A file written before the home university's column (and the lifecycle's).
    kept = len(EXPORT_FIELDS) + len(PARTNER_FIELDS)
    old = io.StringIO()
    csv.writer(old).writerows(row[:kept] for row in csv.reader(io.StringIO(text)))
    assert csv_to_records(old.getvalue()) == [record.with_changes(home_university="")]


def test_it_adds_and_lists_universities(db, network):
    out = io.StringIO()
    call_command(
        "university",
        "add",
        "higashi",
        "--name",
        "Higashi University",
        "--name-ja",
        "東大学",
        stdout=out,
    )
    assert out.getvalue().startswith("added higashi: Higashi University (JP)")
    out = io.StringIO()
    call_command("university", "list", stdout=out)
    assert "higashi  JP  Higashi University / 東大学" in out.getvalue().splitlines()
    assert "tohoku  JP  Tohoku University" in out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kita", "--name", "Another"], "slug: 'kita' is taken"),
        (["Kita 2", "--name", "Another"], "slug: must be lowercase"),
        (["nishi", "--name", "Kita University"], "name: a home university is"),
        (["nishi", "--name", "Nishi", "--country", "XX"], "country: no country"),
    ],
)
def test_it_refuses_a_university_it_cannot_add(db, network, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("university", "add", *args)
    assert not HomeUniversity.objects.filter(name__in=["Another", "Nishi"]).exists()


def test_a_university_without_a_slug_gets_one_from_its_short_name(db, network):
    japan = Country.objects.get(iso_code="JP")
    made = HomeUniversity.objects.create(
        name="Kita Institute", short_name="Kita", country=japan
    )
    assert made.slug == "kita-2"


def test_the_api_lists_the_universities(client, network):
    found = client.get("/api/v1/universities").json()
    assert [(u["slug"], u["country_code"]) for u in found] == [
        ("kita", "JP"),
        ("minami", "JP"),
        ("tohoku", "JP"),
    ]


KITA_EDITION = """\
title = "Exchange agreements"
source = "list.txt"

[home_university]
slug = "kita"
name = "Kita University"
name_ja = "北大学"
short_names = ["Kita"]
country = "JP"
region = "Asia"

[[home_units]]
code = "GS Engineering"
name = "Graduate School of Engineering"
kind = "graduate school"
"""


def export_and_empty(client, tmp_path, *queries):
    """The export of searches in registry A (one file), then an empty registry B."""
    path = tmp_path / "export.csv"
    header, *rows = client.get(f"/api/v1/export.csv?{queries[0]}").content.splitlines()
    for query in queries[1:]:
        rows += client.get(f"/api/v1/export.csv?{query}").content.splitlines()[1:]
    path.write_bytes(b"\r\n".join([header, *rows, b""]))
    for model in (Agreement, Edition, HomeUnit, HomeUniversity):
        model.objects.all().delete()
    return path


def kita_edition(tmp_path):
    directory = tmp_path / "kita"
    directory.mkdir()
    (directory / "edition.toml").write_text(KITA_EDITION, encoding="utf-8")
    return directory


def test_an_export_creates_its_university_in_an_empty_registry(
    client, network, tmp_path
):
    path = export_and_empty(client, tmp_path, "university=kita")
    outcome = import_file(path, edition_dir=kita_edition(tmp_path), edition_date=AS_OF)
    assert [s.created for s in outcome.summaries] == [4]
    kita = HomeUniversity.objects.get()
    assert (kita.slug, kita.name, kita.name_ja) == ("kita", "Kita University", "北大学")
    assert set(Agreement.objects.values_list("home_university", flat=True)) == {kita.pk}
    assert list(kita.units.values_list("code", flat=True)) == ["GS Engineering"]


def test_an_export_of_a_university_nothing_describes_is_refused(
    client, network, tmp_path
):
    path = export_and_empty(client, tmp_path, "university=kita")
    with pytest.raises(ImportInputError, match="accord university add kita"):
        import_file(path, edition_date=AS_OF)
    assert not Agreement.objects.exists()
    assert not HomeUniversity.objects.exists()


def test_an_export_is_not_attached_to_another_university_of_its_name(
    client, network, tmp_path
):
    path = export_and_empty(client, tmp_path, "university=kita")
    japan = Country.objects.get(iso_code="JP")
    services.create_home_university(
        slug="kita-u", name="Kita University", country=japan
    )
    with pytest.raises(
        ImportInputError, match="'Kita University' is stored as 'kita-u'"
    ):
        import_file(path, edition_dir=kita_edition(tmp_path), edition_date=AS_OF)
    assert not Agreement.objects.exists()


def test_an_export_is_not_attached_to_another_university_of_its_slug(
    client, network, tmp_path
):
    path = export_and_empty(client, tmp_path, "university=kita")
    japan = Country.objects.get(iso_code="JP")
    services.create_home_university(slug="kita", name="Kita Institute", country=japan)
    with pytest.raises(ImportInputError, match="'kita' is stored as 'Kita Institute'"):
        import_file(path, edition_dir=kita_edition(tmp_path), edition_date=AS_OF)
    assert not Agreement.objects.exists()


def test_an_export_of_several_universities_stores_all_or_nothing(
    client, network, tmp_path
):
    path = export_and_empty(client, tmp_path, "university=kita", "university=minami")
    with pytest.raises(ImportInputError, match="'minami'"):
        import_file(path, edition_dir=kita_edition(tmp_path), edition_date=AS_OF)
    assert not Agreement.objects.exists()
    assert not HomeUniversity.objects.exists()
