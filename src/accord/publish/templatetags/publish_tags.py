"""Small display filters for the staff publishing pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import gettext as _

from accord.publish.report import describe

register = template.Library()

FIELD_LABELS = {
    "institution": "name spelling",
    "co_partners": "joint partners",
    "partner_department": "department",
    "fee_waiver": "fee waiver",
    "concluded_on": "conclusion date",
}


@register.filter
def agreement_line(record: Mapping[str, Any]) -> str:
    return describe(record)


@register.filter
def field_label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


@register.filter
def shown(value: Any) -> str:
    if value is None:
        return _("unknown")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, tuple | list):
        return " / ".join(value) or _("none")
    return str(value) if value != "" else _("(none)")


@register.filter
def absolute(value: int) -> int:
    return abs(value)
