"""`accord publish`, `accord diff`, `accord due`: through call_command, and once
each through the installed `accord` script."""

from __future__ import annotations

import datetime
import json
import subprocess

import pytest
from django.core.management import CommandError, call_command

from accord.registry.models import Agreement
from tests.factory import (
    make_agreement,
    make_edition,
    make_home_unit,
    make_institution,
)
from tests.publish.seed import records_2021
from tests.test_cli import accord_env, accord_script

pytestmark = pytest.mark.django_db
day = datetime.date


@pytest.fixture
def agreements():
    make_agreement(fee_waiver=True, concluded_on=day(2011, 2, 3))
    make_agreement(institution=make_institution("Undated College"), concluded_on=None)
    make_agreement(
        level=Agreement.Level.DEPARTMENT,
        institution=make_institution("Mahidol University"),
        home_unit=make_home_unit("GS Medicine"),
        partner_department="Faculty of Tropical Medicine",
        concluded_on=day(2016, 5, 2),
    )


def run(name, *args):
    from io import StringIO

    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_publish_writes_the_html_list(agreements, tmp_path):
    target = tmp_path / "list.html"
    out = run(
        "publish", "--as-of", "2021-05-01", "--format", "html", "--output", str(target)
    )
    assert f"Wrote {target}" in out
    assert "2 university-level agreements, 1 department-level" in out
    html = target.read_text("utf-8")
    assert "- * Chulalongkorn University (2011.2.3)" in html
    assert "- Undated College (date unknown)" in html
    assert "Total of 2 institutions" in html
    assert "(as of May 1, 2021)" in html
    # A file read away from Accord carries its own stylesheet.
    assert "<style>" in html and "@page" in html


def test_publish_leaves_out_what_was_not_yet_concluded(agreements, tmp_path):
    target = tmp_path / "list.html"
    run("publish", "--as-of", "2015-01-01", "--format", "html", "--output", str(target))
    html = target.read_text("utf-8")
    assert "Mahidol" not in html
    assert "0 countries and regions, 0 agreements" in html


def test_publish_refuses_a_bad_date(agreements):
    with pytest.raises(CommandError, match="--as-of '2021-02-30' is not a date"):
        run("publish", "--as-of", "2021-02-30")


def test_publish_refuses_without_a_home_university():
    with pytest.raises(CommandError, match="no home university"):
        run("publish", "--as-of", "2021-05-01")


def test_diff_prints_the_differences(db):
    records = records_2021()
    make_edition(day(2020, 5, 1), records=records)
    changed = [dict(r) for r in records[1:]]
    changed[0]["fee_waiver"] = False
    make_edition(day(2021, 5, 1), records=changed)
    out = run("diff", "2020-05-01", "2021-05-01")
    assert "1 added, 0 ended" not in out
    assert "0 added, 1 ended, 1 changed" in out
    assert (
        "  - Northeastern University (China) - university level, waiver, 1983-08-05"
        in out
    )
    assert "      fee_waiver: yes -> no" in out
    data = json.loads(run("diff", "2020-05-01", "2021-05-01", "--json"))
    assert [r["institution"] for r in data["ended"]] == ["Northeastern University"]
    assert data["changed"][0]["changes"] == [
        {"field": "fee_waiver", "before": True, "after": False}
    ]


def test_diff_names_an_edition_it_cannot_find(db):
    make_edition(day(2021, 5, 1))
    with pytest.raises(
        CommandError, match=r"no edition '2019-05-01'; known editions: 2021-05-01"
    ):
        run("diff", "2019-05-01", "2021-05-01")


def test_diff_names_an_edition_given_in_other_digits(db):
    make_edition(day(2021, 5, 1))
    with pytest.raises(CommandError, match="is not a date"):
        run("diff", "\u00b3", "2021-05-01")


def test_due_lists_real_ends_and_unknown_terms(agreements):
    Agreement.objects.filter(institution__name="Chulalongkorn University").update(
        term_months=60
    )
    Agreement.objects.filter(institution__name="Mahidol University").update(
        valid_until=day(2021, 5, 1)
    )
    out = run("due", "--today", "2021-01-01", "--within", "180d")
    lines = out.splitlines()
    assert lines[0] == (
        "As of 2021-01-01, watching until 2021-06-30: 1 past their end, "
        "1 ending soon, 0 renewing automatically, 1 with an unknown term."
    )
    assert lines[1].startswith("  2016-02-02  ended 1795 days ago: Chulalongkorn")
    assert lines[2].startswith("  2021-05-01  ends in 120 days: Mahidol University")
    assert lines[-2] == "Unknown term (no end date and no term recorded):"
    assert "Undated College" in lines[-1]


def test_due_assumes_no_term(agreements):
    data = json.loads(run("due", "--today", "2021-01-01", "--json"))
    assert (data["due"], data["renewing"]) == ([], [])
    assert len(data["unknown"]) == 3
    assert data["unknown"][0]["term_months"] is None


def test_due_lists_an_agreement_renewing_itself_apart(agreements):
    Agreement.objects.filter(institution__name="Mahidol University").update(
        term_months=12, renews_automatically=True
    )
    data = json.loads(run("due", "--today", "2021-01-01", "--json"))
    [renewing] = data["renewing"]
    assert (renewing["renews_on"], renewing["term_months"]) == ("2021-05-01", 12)


def test_due_refuses_a_bad_horizon(agreements):
    with pytest.raises(CommandError, match="'soon' is not a duration") as caught:
        run("due", "--within", "soon")
    assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="'3000000d' is further ahead than"):
        run("due", "--within", "3000000d")


# Through the installed script: a fresh database per test, filled through
# `accord manage shell`.

SETUP = """
import datetime
from accord.registry.models import *
r = Region.objects.create(name="Asia", slug="asia")
th = Country.objects.create(iso_code="TH", name="Thailand", slug="thailand", region=r)
home = HomeUniversity.objects.create(
    name="Tohoku University", short_name="Tohoku", country=th)
i = Institution.objects.create(name="Chulalongkorn University", country=th)
Agreement.objects.create(home_university=home, level="university", institution=i,
    fee_waiver=True, concluded_on=datetime.date(2011, 2, 3), term_months=60)
for as_of in (datetime.date(2020, 5, 1), datetime.date(2021, 5, 1)):
    Edition.objects.create(home_university=home, as_of=as_of, records=[])
"""


@pytest.fixture
def script_env(tmp_path):
    # Its own SQLite file on every run, so that it never touches a shared server.
    env = accord_env(tmp_path) | {
        "ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    }
    accord = accord_script()
    subprocess.run(
        [accord, "manage", "migrate", "-v0"], env=env, check=True, timeout=300
    )
    subprocess.run(
        [accord, "manage", "shell", "-c", SETUP], env=env, check=True, timeout=120
    )
    return env


def script(env, *args):
    return subprocess.run(
        [accord_script(), *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.needs("libpango-1.0-0")
def test_the_publish_script_writes_a_pdf(script_env, tmp_path):
    target = tmp_path / "list.pdf"
    result = script(
        script_env, "publish", "--as-of", "2021-05-01", "--output", str(target)
    )
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    assert "1 university-level agreements" in result.stdout


def test_the_diff_script_compares_two_editions(script_env):
    result = script(script_env, "diff", "2020-05-01", "2021-05-01")
    assert result.returncode == 0, result.stderr
    assert "0 added, 0 ended, 0 changed, 0 unchanged" in result.stdout


def test_the_due_script_exits_2_on_a_bad_date_or_horizon(script_env):
    result = script(script_env, "due", "--today", "tomorrow")
    assert result.returncode == 2
    assert "--today 'tomorrow' is not a date" in result.stderr
    # Overflowed the calendar: a traceback before issue 14.
    for horizon in ("99999999999d", "3000000d", "9" * 5000):
        result = script(script_env, "due", "--within", horizon)
        assert result.returncode == 2, result.stderr
        assert "is further ahead than 36525 days" in result.stderr
        assert "Traceback" not in result.stderr
    result = script(script_env, "due", "--today", "9999-12-31", "--within", "36525d")
    assert result.returncode == 0, result.stderr
    result = script(script_env, "due", "--today", "2016-02-02", "--within", "0d")
    assert result.returncode == 0, result.stderr
    assert "ends in 0 days: Chulalongkorn University" in result.stdout
