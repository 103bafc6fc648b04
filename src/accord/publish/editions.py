"""Finding editions by the name people use for them: their as-of date or their id."""

from __future__ import annotations

import datetime

from accord.publish.asof import PublishError
from accord.registry.models import Edition, HomeUniversity


def parse_day(text: str, what: str = "date") -> datetime.date:
    """An ISO date, or a PublishError naming what was wrong."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise PublishError(f"{what} {text!r} is not a date (YYYY-MM-DD)") from None


def find_edition(reference: str, home: HomeUniversity | None = None) -> Edition:
    """The edition named by its as-of date (`2021-05-01`) or its id (`3`)."""
    reference = reference.strip()
    editions = Edition.objects.select_related("home_university")
    if reference.isascii() and reference.isdigit():
        found = editions.filter(pk=int(reference))
    else:
        day = parse_day(reference, "edition")
        found = editions.filter(as_of=day)
        if home is not None:
            found = found.filter(home_university=home)
    matches = list(found[:2])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = ", ".join(
            f"{e.as_of.isoformat()} (id {e.pk})" for e in editions.order_by("as_of")
        )
        raise PublishError(
            f"no edition {reference!r}; known editions: {known or 'none'}"
        )
    raise PublishError(
        f"several editions as of {reference}: name one by id or --home-university"
    )
