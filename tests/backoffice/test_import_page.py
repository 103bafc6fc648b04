"""Importing a list from the back office: upload, preview (nothing stored),
then import or discard; the same importer and report as `accord import`."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accord.backoffice import uploads
from accord.backoffice.roles import EDITOR
from accord.importer.bundled import load_edition
from accord.importer.importing import import_file, options_for
from accord.importer.pipeline import run
from accord.registry.models import (
    Agreement,
    Edition,
    HomeUnit,
    HomeUniversity,
)
from tests.factory import make_home_unit, make_home_university, make_user

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
        f"/staff/import/{token}/", {"store": "yes", "acknowledged": "yes"}
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
