"""Parse the rate limit setting (`600/hour`); no Django here, settings import it."""

from __future__ import annotations

from accord.core.env import ConfigurationError

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def parse_rate(name: str, raw: str) -> tuple[int, int] | None:
    """`"600/hour"` -> (600, 3600); `"off"`, `"0"` or empty -> None (no limit).

    >>> parse_rate("X", "10/minute")
    (10, 60)
    """
    text = raw.strip().lower()
    if text in {"", "0", "off", "none"}:
        return None
    count, _, period = text.partition("/")
    if (
        not (count.isascii() and count.isdigit())
        or int(count) < 1
        or period not in PERIODS
    ):
        raise ConfigurationError(
            f"{name}={raw!r} is not a rate; write COUNT/PERIOD with PERIOD one of "
            f"{', '.join(PERIODS)} (e.g. 600/hour), or off"
        )
    return int(count), PERIODS[period]
