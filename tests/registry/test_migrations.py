"""Upgrading a database keeps its data: the merge records and the alias history
that moved from the back office to the registry (registry/0005)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registry", "0004_agreement_printed_name"), ("backoffice", "0002_roles")]
AFTER = [
    ("registry", "0005_merges_and_alias_history"),
    ("backoffice", "0003_merges_and_alias_history_to_registry"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_merges_and_alias_history_survive_the_move_to_the_registry():
    old = migrate(BEFORE)
    country = asian_country(old, "TH", "Thailand")
    kept = old.get_model("registry", "Institution").objects.create(
        name="Chiang Mai University",
        name_folded="chiang mai university",
        country=country,
    )
    old.get_model("backoffice", "InstitutionMerge").objects.create(
        kept=kept,
        kept_name=kept.name,
        merged_away_id=99,
        merged_away_name="Chiangmai University",
        snapshot={"aliases": []},
    )
    old.get_model("backoffice", "HistoricalInstitutionAlias").objects.create(
        id=1,
        name="CMU",
        name_folded="cmu",
        institution_id=kept.pk,
        history_date="2021-05-01T00:00:00Z",
        history_type="+",
    )
    try:
        new = migrate(AFTER)
        merge = new.get_model("registry", "InstitutionMerge").objects.get()
        assert (merge.kept_id, merge.merged_away_name) == (
            kept.pk,
            "Chiangmai University",
        )
        history = new.get_model("registry", "HistoricalInstitutionAlias")
        assert list(history.objects.values_list("name", flat=True)) == ["CMU"]
    finally:
        migrate(executor_leaf_nodes())


def asian_country(apps, iso_code: str, name: str):
    """A country of Asia in the historical models `apps`."""
    region = apps.get_model("registry", "Region").objects.create(name="Asia", slug="a")
    return apps.get_model("registry", "Country").objects.create(
        iso_code=iso_code, name=name, slug=name.lower(), region=region
    )


def executor_leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_existing_agreements_get_the_status_their_end_date_implies():
    old = migrate([("registry", "0008_home_unit_name_ja")])
    country = asian_country(old, "TH", "Thailand")
    home = old.get_model("registry", "HomeUniversity").objects.create(
        name="Tohoku University", country=country
    )
    partner = old.get_model("registry", "Institution").objects.create(
        name="Chulalongkorn University",
        name_folded="chulalongkorn university",
        country=country,
    )
    agreement = old.get_model("registry", "Agreement")
    listed = agreement.objects.create(
        home_university=home, level="university", institution=partner
    )
    ended = agreement.objects.create(
        home_university=home,
        level="university",
        institution=partner,
        concluded_on="2001-01-01",
        ended_on="2005-01-01",
    )
    try:
        new = migrate([("registry", "0009_agreement_lifecycle")])
        rows = new.get_model("registry", "Agreement").objects
        found = {
            a.pk: (a.status, a.valid_from, a.valid_until, a.term_months)
            for a in rows.all()
        }
        # Nothing about validity is made up: unknown stays unknown.
        assert found == {
            listed.pk: ("in_force", None, None, None),
            ended.pk: ("expired", None, None, None),
        }
    finally:
        migrate(executor_leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_universities_get_a_slug_from_their_short_name():
    old = migrate([("registry", "0014_ewp_iia")])
    japan = asian_country(old, "JP", "Japan")
    made = old.get_model("registry", "HomeUniversity").objects
    tohoku = made.create(name="Tohoku University", short_name="Tohoku", country=japan)
    twin = made.create(name="Tohoku Gakuin", short_name="Tohoku", country=japan)
    unnamed = made.create(name="東北", country=japan)
    try:
        new = migrate([("registry", "0015_home_university_slug")])
        slugs = dict(
            new.get_model("registry", "HomeUniversity").objects.values_list(
                "pk", "slug"
            )
        )
        # Taken: -2. A name in kanji gives its transliteration.
        assert slugs == {
            tohoku.pk: "tohoku",
            twin.pk: "tohoku-2",
            unnamed.pk: "dong-bei",
        }
    finally:
        migrate(executor_leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_editions_keep_their_records_when_they_are_packed_and_back():
    from accord.registry.models import Edition

    old = migrate([("registry", "0017_home_university_staff")])
    japan = asian_country(old, "JP", "Japan")
    home = old.get_model("registry", "HomeUniversity").objects.create(
        name="Tohoku University", slug="tohoku", country=japan
    )
    records = [{"institution": "Université Lyon 1", "level": "university"}] * 3
    made = old.get_model("registry", "Edition").objects
    full = made.create(home_university=home, as_of="2021-05-01", records=records)
    empty = made.create(home_university=home, as_of="2022-05-01", records=[])
    try:
        migrate([("registry", "0018_edition_packed_records")])
        assert Edition.objects.get(pk=full.pk).records == records
        assert Edition.objects.get(pk=empty.pk).records == []
        back = migrate([("registry", "0017_home_university_staff")])
        kept = back.get_model("registry", "Edition").objects
        assert kept.get(pk=full.pk).records == records
        assert edition_triggers() in (3, None)
    finally:
        migrate(executor_leaf_nodes())
    assert edition_triggers() in (3, None)  # the data version still moves


def edition_triggers() -> int | None:
    """How many triggers SQLite keeps on the editions' table (None elsewhere:
    PostgreSQL keeps a table's triggers when a column comes or goes)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'registry_edition'"
        )
        return cursor.fetchone()[0]


def _indexed_columns(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return sorted(
        c["columns"]
        for c in constraints.values()
        if c["index"] and not c["primary_key"]
    )


@pytest.mark.django_db(transaction=True)
def test_indexes_no_query_needs_are_dropped_and_come_back_on_the_way_down():
    unneeded = {
        "registry_agreement": ["home_university_id"],
        "registry_historicalagreement": ["edition_id", "home_unit_id"],
    }
    for table, columns in unneeded.items():
        for column in columns:
            assert [column] not in _indexed_columns(table)
    # Other indexes stay: the foreign key to the partner, the audit's by date.
    assert ["institution_id"] in _indexed_columns("registry_agreement")
    assert ["history_date"] in _indexed_columns("registry_historicalagreement")
    try:
        migrate([("registry", "0019_data_version_held")])
        for table, columns in unneeded.items():
            for column in columns:
                assert [column] in _indexed_columns(table)
    finally:
        migrate(executor_leaf_nodes())
    assert ["home_university_id"] not in _indexed_columns("registry_agreement")


@pytest.mark.django_db
def test_a_university_s_agreements_are_found_through_the_unique_constraint():
    from accord.registry.models import Agreement

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans a scan of a table this small")
    query = Agreement.objects.filter(home_university_id=1).values("pk").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "agreement_not_duplicated (home_university_id=?)" in plan
