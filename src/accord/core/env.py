"""Read ACCORD_* settings from the environment, failing loudly on bad values.

Every variable is documented in docs/configuration.md; a test keeps the two in step.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigurationError(Exception):
    """An ACCORD_* variable holds a value Accord cannot use."""


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or the content of the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(
                f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}"
            ) from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(
        f"{name}={raw!r} is not a boolean; use one of: true, false, 1, 0, yes, no"
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ConfigurationError(f"{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where Accord keeps its database, secret key and collected static files."""
    raw = os.environ.get("ACCORD_DATA_DIR") or platformdirs.user_data_dir("accord")
    path = Path(raw).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"ACCORD_DATA_DIR={str(path)!r} cannot be created: {exc.strerror}"
        ) from exc
    return path


def secret_key(directory: Path) -> str:
    """ACCORD_SECRET_KEY, else a key generated once and kept in the data dir."""
    configured = env_str("ACCORD_SECRET_KEY")
    if configured:
        return configured
    key_file = directory / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    # Created with owner-only permissions before the key is written.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


def database_config(directory: Path) -> dict[str, object]:
    """ACCORD_DATABASE_URL parsed, defaulting to an SQLite file in the data dir."""
    import dj_database_url

    url = env_str("ACCORD_DATABASE_URL") or f"sqlite:///{directory / 'accord.sqlite3'}"
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ConfigurationError(f"ACCORD_DATABASE_URL is not usable: {exc}") from exc
    engine = str(config.get("ENGINE", ""))
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets the portal read while an import writes; IMMEDIATE avoids
            # "database is locked" upgrades from read to write transactions.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    elif engine not in (
        "django.db.backends.postgresql",
        "django.db.backends.postgresql_psycopg2",
    ):
        raise ConfigurationError(
            f"ACCORD_DATABASE_URL uses {engine or 'an unknown engine'}; "
            "Accord supports sqlite:// and postgres:// URLs"
        )
    return config


RATE_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


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
        or period not in RATE_PERIODS
    ):
        raise ConfigurationError(
            f"{name}={raw!r} is not a rate; write COUNT/PERIOD with PERIOD one of "
            f"{', '.join(RATE_PERIODS)} (e.g. 600/hour), or off"
        )
    return int(count), RATE_PERIODS[period]
