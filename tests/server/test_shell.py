"""`accord manage shell` starts without warnings and with the models at hand."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_shell_imports_the_models_without_a_warning(capsys):
    out = StringIO()
    call_command(
        "shell", command="print(Agreement.objects.count())", verbosity=1, stdout=out
    )
    said = out.getvalue() + capsys.readouterr().out
    assert "could not be automatically imported" not in said
    assert "0" in said.splitlines()
