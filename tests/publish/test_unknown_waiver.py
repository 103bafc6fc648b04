"""An unknown fee waiver in the staff pages of editions and their differences:
shown as unknown, told apart from no waiver."""

from __future__ import annotations

from django.template.loader import render_to_string

from accord.publish.diff import diff_records


def record(**fields: object) -> dict[str, object]:
    return {
        "level": "department",
        "region": "Europe",
        "country_code": "FR",
        "country_name": "France",
        "institution": "Albi-Carmaux School of Engineering",
        "co_partners": [],
        "partner_department": "",
        "home_unit": "",
        "fee_waiver": None,
        "concluded_on": None,
        "source_lines": [759],
    } | fields


def test_the_staff_tables_say_a_waiver_is_unknown():
    context = {"records": [record()], "dropped": [{"record": record()}]}
    for template in ("publish/staff_records.html", "publish/staff_dropped.html"):
        cells = render_to_string(template, context).replace("\n", "")
        assert "<td>unknown</td><td>unknown</td>" in cells, template


def test_a_waiver_becoming_known_is_a_change_between_editions():
    result = diff_records([record()], [record(fee_waiver=False)])
    [changed] = result.changed
    assert [(c.field, c.before, c.after) for c in changed.changes] == [
        ("fee_waiver", None, False)
    ]
