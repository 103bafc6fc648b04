"""Small display filters for the staff publishing pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.publish.report import describe

register = template.Library()

FIELD_LABELS = {
    "institution": gettext_noop("name spelling"),
    "co_partners": gettext_noop("joint partners"),
    "partner_department": gettext_noop("department"),
    "fee_waiver": gettext_noop("fee waiver"),
    "concluded_on": gettext_noop("conclusion date"),
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


# A university-level entry must stay on one printed line: the importer reads the
# list line by line. Longer entries get a smaller font; the thresholds are
# characters of DejaVu Serif that fit the A4 portrait text width at 10/9/8 pt.
FIT_CLASSES = ((88, "fit-10"), (98, "fit-9"), (110, "fit-8"))


@register.filter
def fit_class(line: str) -> str:
    """The font-size class that keeps `line` on one line of the printed list.

    >>> fit_class("- * Tsinghua University (1998.8.31)")
    'fit-10'
    """
    return next((name for limit, name in FIT_CLASSES if len(line) <= limit), "fit-7")


@register.filter
def absolute(value: int) -> int:
    return abs(value)
