"""Asking for a PDF on a machine without Pango: staff read what to install, from
the command (non-zero exit) and from the page (503), never a traceback."""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder

import pytest
from django.core.management import CommandError, call_command

from accord.publish.render import PdfUnavailable, html_to_pdf
from tests.factory import make_agreement
from tests.publish.test_commands import script, script_env  # noqa: F401
from tests.publish.test_views import staff_client  # noqa: F401

INSTALL = "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
# What WeasyPrint raises on import where Pango is missing.
NO_PANGO = (
    "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared "
    "object file: No such file or directory"
)
FAKE_WEASYPRINT = f"raise OSError({NO_PANGO!r})\n"


class NoPango(MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.partition(".")[0] == "weasyprint":
            raise OSError(NO_PANGO)
        return None


@pytest.fixture
def without_pango(monkeypatch):
    for name in [n for n in sys.modules if n.partition(".")[0] == "weasyprint"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])


def test_it_says_what_to_install(without_pango):
    with pytest.raises(PdfUnavailable) as raised:
        html_to_pdf("<p>x</p>")
    message = str(raised.value)
    assert message.startswith("cannot print a PDF here: WeasyPrint needs the Pango")
    assert "cannot load library 'libpango-1.0-0'" in message
    assert message.endswith(INSTALL)


@pytest.mark.django_db
def test_the_command_refuses_with_the_message(without_pango, tmp_path):
    make_agreement()
    with pytest.raises(CommandError, match=INSTALL):
        call_command("publish", "--output", str(tmp_path / "list.pdf"))
    assert not (tmp_path / "list.pdf").exists()


@pytest.mark.django_db
def test_the_staff_page_is_a_503_saying_what_to_install(without_pango, staff_client):  # noqa: F811
    make_agreement()
    response = staff_client.get("/staff/publish/list.pdf?as_of=2021-05-01")
    assert response.status_code == 503
    page = response.content.decode()
    assert "The PDF cannot be printed here" in page
    assert f"<code>{INSTALL}</code>" in page
    assert 'class="staff-shell"' in page
    # The HTML needs no Pango.
    html = staff_client.get("/staff/publish/list.html?as_of=2021-05-01")
    assert html.status_code == 200


def test_the_script_exits_non_zero_with_the_message(script_env, tmp_path):  # noqa: F811
    fake = tmp_path / "site" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(FAKE_WEASYPRINT, encoding="utf-8")
    env = script_env | {"PYTHONPATH": str(fake.parent)}
    target = tmp_path / "list.pdf"
    result = script(env, "publish", "--as-of", "2021-05-01", "--output", str(target))
    assert result.returncode != 0
    assert INSTALL in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()
