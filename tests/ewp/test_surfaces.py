"""`accord ewp export|import` and GET /api/v1/agreements/{id}/ewp-iia."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.management import call_command
from lxml import etree

from accord.publish.ewp.schema import schema_errors
from accord.registry.models import Agreement
from tests.ewp.test_exchange import lyon  # noqa: F401 (fixture)
from tests.ewp.test_iia import EXAMPLE
from tests.test_cli import accord_env, accord_script

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ewp", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_api_answers_one_agreement_as_xml(client, lyon):  # noqa: F811
    response = client.get(f"/api/v1/agreements/{lyon.pk}/ewp-iia")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert schema_errors(etree.fromstring(response.content)) == []
    assert "fee waiver left out" in response["Accord-Not-Exported"]


def test_the_api_names_what_an_agreement_lacks(client, lyon):  # noqa: F811
    lyon.terms.all().delete()
    response = client.get(f"/api/v1/agreements/{lyon.pk}/ewp-iia")
    assert response.status_code == 422
    body = response.json()
    assert body["type"].endswith("#not-exportable")
    assert body["invalid_params"] == [
        {"name": "terms", "reason": "has no cooperation terms (an IIA is made of them)"}
    ]


def test_the_api_answers_404_for_no_agreement(client, db):
    response = client.get("/api/v1/agreements/987654/ewp-iia")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_openapi_document_describes_it(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/agreements/{agreement_id}/ewp-iia"]["get"]
    assert "application/xml" in operation["responses"]["200"]["content"]
    assert {"404", "422"} <= set(operation["responses"])


def test_the_command_exports_to_a_file_and_imports_it_back(lyon, tmp_path):  # noqa: F811
    target = tmp_path / "iia.xml"
    code, _, err = run("export", str(lyon.pk), "-o", str(target))
    assert code == 0 and "not exported: " in err
    first = target.read_bytes()
    Agreement.objects.filter(pk=lyon.pk).delete()
    code, out, _ = run("import", str(target), "--dry-run")
    assert (code, out.strip()) == (0, "1 IIAs would be stored; nothing was stored")
    assert Agreement.objects.count() == 0
    code, out, _ = run("import", str(target))
    (agreement,) = Agreement.objects.all()
    assert (code, out.strip()) == (0, f"1 IIAs stored as agreements {agreement.pk}")
    run("export", str(agreement.pk), "-o", str(target))
    assert target.read_bytes() == first


def test_the_command_refuses_by_name_and_exits_non_zero(lyon, tmp_path):  # noqa: F811
    lyon.terms.update(first_academic_year="")
    code, _, err = run("export", str(lyon.pk))
    term = lyon.terms.order_by("pk").first()
    assert code == 1
    assert err == (
        f"accord: agreement {lyon.pk}: term {term.pk} first_academic_year: EWP "
        "requires the academic years a term runs for\n"
    )
    bad = tmp_path / "bad.xml"
    bad.write_bytes(
        EXAMPLE.read_bytes().replace(b"<blended>false", b"<blended>maybe", 1)
    )
    code, _, err = run("import", str(bad))
    assert code == 1
    assert err.startswith(f"accord: {bad}:72 (field 'blended'): ")
    code, _, err = run("import", str(tmp_path / "missing.xml"))
    assert code == 1 and "No such file" in err


def test_the_installed_script_refuses_on_an_empty_database(tmp_path):
    env = accord_env(tmp_path) | {
        "ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'ewp.sqlite3'}"
    }
    subprocess.run(
        [accord_script(), "manage", "migrate", "-v0"], env=env, check=True, timeout=300
    )
    done = subprocess.run(
        [accord_script(), "ewp", "import", str(EXAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == (
        f"accord: {EXAMPLE}: home_university: no home university is set up\n"
    )
