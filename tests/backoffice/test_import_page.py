"""Importing a list from the back office: upload, preview (nothing stored),
then import or discard; the same importer and report as `accord import`."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accord.backoffice import uploads
from accord.backoffice.roles import EDITOR
from accord.importer.bundled import load_edition
from accord.importer.importing import import_file, import_upload, options_for
from accord.importer.pipeline import run
from accord.registry import services
from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    InstitutionAlias,
)
from accord.registry.scopes import NotPermitted
from tests.factory import (
    make_agreement,
    make_country,
    make_home_unit,
    make_home_university,
    make_institution,
    make_user,
)

pytestmark = pytest.mark.django_db

CLEAN_LIST = """Academic Exchange Agreements with Foreign Institutions

University Level Agreements

Total of 3 institutions

(as of May 1, 2021)

(Asia)

China

- * Peking University (1999.11.10)
- Fudan University (2001.4.19)

Thailand

- * Chulalongkorn University (2005.6.1)
"""

# The same list with one entry's date missing: a warning that blocks the
# import until someone confirms it.
LIST_WITH_A_WARNING = CLEAN_LIST.replace(
    "Total of 3 institutions", "Total of 4 institutions"
)


def upload(client: Client, text: str, name: str = "list.txt", **fields):
    home = HomeUniversity.objects.get(name="Tohoku University")
    data = {
        "home_university": home.pk,
        "file": SimpleUploadedFile(name, text.encode()),
        **fields,
    }
    return client.post("/staff/import/", data)


def staged_dirs() -> list:
    root = settings.ACCORD_IMPORTS_DIR
    return sorted(root.iterdir()) if root.exists() else []


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def home():
    home = make_home_university()
    make_home_unit("GS Engineering")
    return home


@pytest.fixture
def importer(home):
    user = make_user("importer", staff=True)
    user.groups.add(user.groups.model.objects.get(name=EDITOR))
    home.staff.add(user)
    return user


def test_the_preview_shows_what_was_read_and_stores_nothing(importer):
    response = upload(client_for(importer), CLEAN_LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import a list: list.txt" in page
    assert "2021-05-01" in page
    assert "the list declares 3" in page
    assert "3 agreements added" in page
    assert "None: the list read cleanly." in page
    assert not Agreement.objects.exists()
    assert not Edition.objects.exists()
    assert len(staged_dirs()) == 1


def test_importing_stores_the_edition_in_the_uploaders_name(importer):
    client = client_for(importer)
    upload(client, CLEAN_LIST)
    token = staged_dirs()[0].name
    response = client.post(f"/staff/import/{token}/", {"store": "yes"})
    assert response.status_code == 302
    assert "/staff/changes/?reason=import+of+edition+2021-05-01" in response.url
    edition = Edition.objects.get()
    assert edition.as_of == datetime.date(2021, 5, 1)
    assert edition.source_name == "list.txt"
    names = sorted(Agreement.objects.values_list("institution__name", flat=True))
    assert names == [
        "Chulalongkorn University",
        "Fudan University",
        "Peking University",
    ]
    history = Agreement.history.all()
    assert history.count() == 3
    assert {h.history_user_id for h in history} == {importer.pk}
    assert staged_dirs() == []
    page = client.get(response.url).content.decode()
    assert "3 agreements added" in page


def reviewed(page: str) -> str:
    """The fingerprint of the anomalies a preview page showed."""
    return re.search(r'name="reviewed" value="([0-9a-f]+)"', page).group(1)


def test_a_list_with_warnings_needs_them_confirmed(importer):
    client = client_for(importer)
    page = upload(client, LIST_WITH_A_WARNING).content.decode()
    assert "checksum" in page
    assert 'name="acknowledged"' in page
    token = staged_dirs()[0].name
    refused = client.post(f"/staff/import/{token}/", {"store": "yes"})
    assert refused.status_code == 400
    assert not Agreement.objects.exists()
    stored = client.post(
        f"/staff/import/{token}/",
        {"store": "yes", "acknowledged": "yes", "reviewed": reviewed(page)},
    )
    assert stored.status_code == 302
    assert Agreement.objects.count() == 3
    # The report stays with the edition: the warning is not forgotten.
    assert Edition.objects.get().report["anomalies"]


@pytest.mark.parametrize(
    ("content", "name", "said"),
    [
        (b"", "empty.txt", "The submitted file is empty."),
        (b"\x00\x01\x02" * 100, "image.pdf", "image.pdf:"),
        (b"Hello, this is a letter.\n", "letter.txt", "letter.txt:"),
    ],
)
def test_a_file_that_is_no_list_is_refused_naming_it(importer, content, name, said):
    client = client_for(importer)
    home = HomeUniversity.objects.get()
    response = client.post(
        "/staff/import/",
        {"home_university": home.pk, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert said in response.content.decode()
    assert staged_dirs() == []
    assert not Agreement.objects.exists()


def test_discarding_forgets_the_upload(importer):
    client = client_for(importer)
    upload(client, CLEAN_LIST)
    token = staged_dirs()[0].name
    response = client.post(f"/staff/import/{token}/", {"discard": "yes"})
    assert response.status_code == 302
    assert staged_dirs() == []
    assert not Agreement.objects.exists()
    gone = client.post(f"/staff/import/{token}/", {"store": "yes"})
    assert gone.status_code == 302 and gone.url == "/staff/import/"
    assert not Agreement.objects.exists()


def test_only_the_uploader_may_import_its_upload(importer, home):
    upload(client_for(importer), CLEAN_LIST)
    token = staged_dirs()[0].name
    other = make_user("other", staff=True)
    other.groups.add(other.groups.model.objects.get(name=EDITOR))
    home.staff.add(other)
    response = client_for(other).post(f"/staff/import/{token}/", {"store": "yes"})
    assert response.status_code == 302
    assert not Agreement.objects.exists()
    assert len(staged_dirs()) == 1


def test_a_viewer_may_not_import(home):
    viewer = make_user("viewer", staff=True)
    viewer.groups.add(viewer.groups.model.objects.get(name="viewer"))
    client = client_for(viewer)
    assert client.get("/staff/import/").status_code == 403
    assert upload(client, CLEAN_LIST).status_code == 403
    assert staged_dirs() == []


def test_staff_import_only_for_their_own_university(importer):
    other_home = make_home_university("Kyoto University")
    client = client_for(importer)
    form = client.get("/staff/import/").content.decode()
    assert "Tohoku University" in form and "Kyoto University" not in form
    response = client.post(
        "/staff/import/",
        {
            "home_university": other_home.pk,
            "file": SimpleUploadedFile("list.txt", CLEAN_LIST.encode()),
        },
    )
    assert response.status_code == 400
    assert staged_dirs() == []


def test_a_staged_token_is_never_a_path(importer):
    client = client_for(importer)
    for token in ("..", "../../etc", "0" * 31, "g" * 32):
        response = client.get(f"/staff/import/{token}/")
        assert response.status_code in (302, 404)


def test_uploads_older_than_a_day_are_forgotten(importer):
    client = client_for(importer)
    upload(client, CLEAN_LIST)
    assert len(staged_dirs()) == 1
    uploads.discard_stale(now=staged_dirs()[0].stat().st_mtime + 25 * 3600)
    assert staged_dirs() == []


def test_an_as_of_date_given_on_upload_replaces_the_lists(importer):
    client = client_for(importer)
    text = CLEAN_LIST.replace("(as of May 1, 2021)\n", "")
    page = upload(client, text, edition_date="2022-04-01").content.decode()
    assert "2022-04-01" in page
    token = staged_dirs()[0].name
    client.post(f"/staff/import/{token}/", {"store": "yes"})
    assert Edition.objects.get().as_of == datetime.date(2022, 4, 1)


def test_a_list_without_its_date_asks_for_one(importer):
    text = CLEAN_LIST.replace("(as of May 1, 2021)\n", "")
    response = upload(client_for(importer), text)
    assert response.status_code == 400
    assert "states no as-of date" in response.content.decode()
    assert not Edition.objects.exists()


def test_the_options_come_from_the_database_with_the_units_spellings():
    """What the bundled edition's edition.toml says, once stored, reads its
    list as edition.toml itself does: the units' variants included."""
    edition = load_edition()
    outcome = import_file(edition.source, force=True)
    assert outcome.stored
    home = HomeUniversity.objects.get()
    assert HomeUnit.objects.get(code="IRIDeS").variants == ["IRDeS"]
    text = edition.source.read_text(encoding="utf-8")
    from_toml = run(text, edition.options, None)
    from_database = run(text, options_for(home), None)
    assert from_database.reconciled == from_toml.reconciled
    assert [a.code for a in from_database.report.anomalies] == [
        a.code for a in from_toml.report.anomalies
    ]


def test_staff_keep_a_units_spellings_in_the_admin(importer):
    admin = make_user("admin", staff=True, is_superuser=True)
    unit = HomeUnit.objects.get(code="GS Engineering")
    client = client_for(admin)
    response = client.post(
        f"/admin/registry/homeunit/{unit.pk}/change/",
        {
            "home_university": unit.home_university_id,
            "code": "GS Engineering",
            "full_name": "Graduate School of Engineering",
            "name_ja": "工学研究科",
            "kind": "graduate_school",
            "variants": "Engineering\n  GS  Eng. \n\nEngineering\n",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    unit.refresh_from_db()
    assert unit.variants == ["Engineering", "GS Eng."]
    assert unit.name_ja == "工学研究科"
    page = client.get(f"/admin/registry/homeunit/{unit.pk}/change/").content.decode()
    assert "Engineering\nGS Eng.</textarea>" in page


# -- several universities: what a university's staff may change ---------------

KYOTO_LIST = """Academic Exchange Agreements with Foreign Institutions

University Level Agreements

(as of May 1, 2021)

({region})

China

- * {name} (1999.11.10)
"""


@pytest.fixture
def network():
    """Tohoku (whose agreement names Peking University, in China, in Asia)
    and Kyoto, with an editor who works for Kyoto only."""
    tohoku = make_home_university("Tohoku University")
    kyoto = make_home_university("Kyoto University")
    china = make_country("CN", "China", "Asia")
    peking = make_institution("Peking University", china)
    make_agreement(home_university=tohoku, institution=peking)
    editor = make_user("kyoto-editor", staff=True)
    editor.groups.add(editor.groups.model.objects.get(name=EDITOR))
    kyoto.staff.add(editor)
    return {"kyoto": kyoto, "peking": peking, "editor": editor}


def store_for_kyoto(network, text: str):
    client = client_for(network["editor"])
    response = client.post(
        "/staff/import/",
        {
            "home_university": network["kyoto"].pk,
            "file": SimpleUploadedFile("kyoto.txt", text.encode()),
        },
    )
    assert response.status_code == 200, response.content.decode()[-1500:]
    page = response.content.decode()
    stored = client.post(
        f"/staff/import/{staged_dirs()[0].name}/",
        {"store": "yes", "acknowledged": "yes", "reviewed": reviewed(page)},
    )
    assert stored.status_code == 302
    return page


def test_a_universitys_editor_does_not_move_a_shared_country(network):
    page = store_for_kyoto(
        network, KYOTO_LIST.format(region="Europe", name="Tsinghua University")
    )
    assert "China: printed under Europe, kept in Asia" in page
    assert Country.objects.get(iso_code="CN").region.name == "Asia"
    assert Agreement.objects.filter(home_university=network["kyoto"]).count() == 1


def test_a_network_import_still_moves_a_country():
    """The operator's import (a command) decides where a country stands."""
    make_country("CN", "China", "Europe")
    path = Path(settings.ACCORD_IMPORTS_DIR.parent) / "list.txt"
    path.write_text(KYOTO_LIST.format(region="Asia", name="Tsinghua University"))
    assert import_file(path, force=True).stored
    assert Country.objects.get(iso_code="CN").region.name == "Asia"


def test_a_universitys_editor_adds_no_alias_to_a_shared_partner(network):
    with pytest.raises(NotPermitted):
        services.add_alias(network["peking"], "PEKING UNIVERSITY", by=network["editor"])
    page = store_for_kyoto(
        network, KYOTO_LIST.format(region="Asia", name="PEKING UNIVERSITY")
    )
    assert "PEKING UNIVERSITY -&gt; Peking University" in page
    assert not InstitutionAlias.objects.filter(institution=network["peking"]).exists()
    kyoto = Agreement.objects.get(home_university=network["kyoto"])
    assert kyoto.institution == network["peking"]


def test_confirming_covers_only_the_anomalies_the_preview_showed(network):
    """A unit renamed between the preview and the store: the list now reads
    with a warning nobody saw; the store is refused and shows it."""
    unit = HomeUnit.objects.create(home_university=network["kyoto"], code="GS Law")
    text = KYOTO_LIST.format(region="Asia", name="Tsinghua University") + (
        "\nDepartment Level Agreements\n\n"
        "Asia\tChina (2)\tZhejiang University\tSchool of Law\tGS Law\t2015/04/01\n"
    )
    client = client_for(network["editor"])
    page = client.post(
        "/staff/import/",
        {
            "home_university": network["kyoto"].pk,
            "file": SimpleUploadedFile("l.txt", text.encode()),
        },
    ).content.decode()
    assert "unknown-home-unit" not in page
    unit.code = "GS Laws"
    unit.save()
    refused = client.post(
        f"/staff/import/{staged_dirs()[0].name}/",
        {"store": "yes", "acknowledged": "yes", "reviewed": reviewed(page)},
    )
    assert refused.status_code == 400
    assert "unknown-home-unit" in refused.content.decode()
    assert not Edition.objects.exists()


def test_a_post_that_says_neither_store_nor_discard_stores_nothing(importer):
    client = client_for(importer)
    upload(client, CLEAN_LIST)
    response = client.post(f"/staff/import/{staged_dirs()[0].name}/", {})
    assert response.status_code == 400
    assert not Agreement.objects.exists()


def test_the_bundled_lists_upload_takes_its_corrections():
    """The edition's own list, uploaded, reads as `accord import` reads it."""
    edition = load_edition()
    assert import_file(edition.source).stored
    home = HomeUniversity.objects.get()
    outcome = import_upload(
        edition.source, home, source_name="list.txt", dry_run=True, force=True
    )
    summary = outcome.summaries[0]
    assert (summary.created, summary.updated, len(summary.vanished)) == (0, 0, 0)
    assert outcome.refused == []


def test_an_edition_imported_with_corrections_is_not_replaced_without_them():
    """Another text of the same date (its lines no longer the ones the
    corrections cite): the preview says why, and the store is refused."""
    edition = load_edition()
    assert import_file(edition.source).stored
    user = make_user("tohoku-editor", staff=True)
    user.groups.add(user.groups.model.objects.get(name=EDITOR))
    client = client_for(user)
    text = "\n" + edition.source.read_text(encoding="utf-8")
    response = client.post(
        "/staff/import/",
        {
            "home_university": HomeUniversity.objects.get().pk,
            "file": SimpleUploadedFile("list-2021.txt", text.encode()),
        },
    )
    page = response.content.decode()
    assert "was imported with corrections" in page
    assert 'name="store"' not in page
    refused = client.post(
        f"/staff/import/{staged_dirs()[0].name}/",
        {"store": "yes", "acknowledged": "yes", "reviewed": reviewed(page)},
    )
    assert refused.status_code == 400
    assert Edition.objects.get().source_name == "list.txt"


def test_the_database_options_keep_edition_tomls_short_names_and_unit_order():
    edition = load_edition()
    assert import_file(edition.source, force=True).stored
    home = HomeUniversity.objects.get()
    options = options_for(home)
    assert set(edition.options.home_short_names) <= set(options.home_short_names)
    assert [u.code for u in options.home_units] == [
        u.code for u in edition.options.home_units
    ]


def test_the_as_of_error_speaks_of_the_form(importer):
    text = CLEAN_LIST.replace("(as of May 1, 2021)\n", "")
    page = upload(client_for(importer), text).content.decode()
    assert "give the date it is as of" in page
    assert "--edition-date" not in page


def test_a_body_past_the_limit_is_refused_before_it_is_read(importer, settings):
    client = client_for(importer)
    response = client.post(
        "/staff/import/",
        {"file": SimpleUploadedFile("big.txt", b"x")},
        CONTENT_LENGTH=str(64 * 1024 * 1024),
    )
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert staged_dirs() == []


def test_an_account_keeps_a_few_uploads_waiting_at_most(importer):
    client = client_for(importer)
    for _ in range(uploads.KEPT_PER_ACCOUNT + 2):
        upload(client, CLEAN_LIST)
    assert len(staged_dirs()) == uploads.KEPT_PER_ACCOUNT


def test_forgetting_stale_uploads_survives_a_concurrent_discard(monkeypatch):
    root = uploads.imports_dir()
    gone = root / ("a" * 32)
    gone.mkdir(parents=True)
    real_stat = Path.stat

    def stat(self, *args, **kwargs):
        if self == gone:
            raise FileNotFoundError(str(self))  # removed by another request
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    uploads.discard_stale()


def test_admin_variants_survive_a_command_import():
    edition = load_edition()
    assert import_file(edition.source, force=True).stored
    HomeUnit.objects.filter(code="IRIDeS").update(variants=["IRIDES"])
    assert import_file(edition.source, force=True).stored
    assert HomeUnit.objects.get(code="IRIDeS").variants == ["IRDeS", "IRIDES"]
