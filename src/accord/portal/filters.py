"""A portal URL's query string <-> `AgreementFilters`, with the API's names."""

from __future__ import annotations

import datetime
from dataclasses import fields
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from accord.registry.queries import SORTS, AgreementFilters

# The query string keys a visitor can set, in the order a shared URL shows them.
KEYS: tuple[str, ...] = (
    "q",
    "region",
    "country",
    "level",
    "home_unit",
    "fee_waiver",
    "decade",
    "concluded_from",
    "concluded_to",
    "include_ended",
    "sort",
)
MAX_TEXT = 200


class BadFilter(ValueError):
    """A query string value the portal cannot use; the message names it."""


def parse_filters(params: QueryDict) -> AgreementFilters:
    """The filters a query string asks for; BadFilter names the first bad value.

    Without an explicit sort, a text query ranks by relevance.
    """
    values: dict[str, Any] = {}
    for name in ("q", "region", "country", "home_unit"):
        text = " ".join(params.get(name, "").split())
        if len(text) > MAX_TEXT or any(ord(c) < 32 for c in text):
            raise BadFilter(
                _("The %(name)s filter is too long or unreadable.") % {"name": name}
            )
        values[name] = text
    level = params.get("level", "")
    if level not in ("", "university", "department"):
        raise BadFilter(_("Level must be “university” or “department”."))
    values["level"] = level
    values["fee_waiver"] = _boolean(params, "fee_waiver")
    values["include_ended"] = bool(_boolean(params, "include_ended"))
    values["decade"] = _decade(params.get("decade", ""))
    for name in ("concluded_from", "concluded_to"):
        values[name] = _date(params, name)
    sort = params.get("sort", "")
    if sort and sort not in SORTS:
        raise BadFilter(_("Unknown sort order: %(sort)s.") % {"sort": sort})
    values["sort"] = sort or ("relevance" if values["q"] else "institution")
    return AgreementFilters(**values)


def filters_to_params(filters: AgreementFilters) -> dict[str, str]:
    """The query string of a filter state, only with its non-default values."""
    defaults = {f.name: f.default for f in fields(AgreementFilters)}
    params: dict[str, str] = {}
    for name in KEYS:
        value = getattr(filters, name)
        natural = "relevance" if filters.q else "institution"
        if name == "sort" and value in (natural, "relevance"):
            continue
        if value == defaults[name] or value in ("", None):
            continue
        if isinstance(value, bool):
            params[name] = "true" if value else "false"
        else:
            params[name] = str(value)
    return params


def _boolean(params: QueryDict, name: str) -> bool | None:
    value = params.get(name, "").lower()
    if value in ("", "any"):
        return None
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise BadFilter(_("%(name)s must be true or false.") % {"name": name})


def _decade(value: str) -> int | None:
    if not value:
        return None
    if (
        not (value.isascii() and value.isdigit())
        or int(value) % 10
        or not 1900 <= int(value) <= 2090
    ):
        raise BadFilter(_("A decade is a year ending in 0, such as 1990."))
    return int(value)


def _date(params: QueryDict, name: str) -> datetime.date | None:
    value = params.get(name, "")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadFilter(
            _("%(name)s must be a date such as 2000-01-31.") % {"name": name}
        ) from None
