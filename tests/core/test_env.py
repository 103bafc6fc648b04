import pytest

from accord.core import env
from accord.core.env import ConfigurationError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)],
)
def test_it_reads_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("ACCORD_DEBUG", raw)
    assert env.env_bool("ACCORD_DEBUG") is expected


def test_it_refuses_a_boolean_it_cannot_read_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("ACCORD_DEBUG", "maybe")
    with pytest.raises(ConfigurationError, match="ACCORD_DEBUG='maybe'"):
        env.env_bool("ACCORD_DEBUG")


def test_it_refuses_a_non_integer(monkeypatch):
    monkeypatch.setenv("ACCORD_HSTS_SECONDS", "a year")
    with pytest.raises(ConfigurationError, match="ACCORD_HSTS_SECONDS"):
        env.env_int("ACCORD_HSTS_SECONDS", 0)


def test_it_splits_lists(monkeypatch):
    monkeypatch.setenv("ACCORD_ALLOWED_HOSTS", "accord.example.edu, localhost,")
    assert env.env_list("ACCORD_ALLOWED_HOSTS", []) == [
        "accord.example.edu",
        "localhost",
    ]


def test_it_reads_secrets_from_a_file(monkeypatch, tmp_path):
    (tmp_path / "key").write_text("s3cret\n")
    monkeypatch.setenv("ACCORD_SECRET_KEY_FILE", str(tmp_path / "key"))
    assert env.secret_key(tmp_path) == "s3cret"


def test_it_generates_a_secret_key_once_and_keeps_it_private(monkeypatch, tmp_path):
    monkeypatch.delenv("ACCORD_SECRET_KEY", raising=False)
    monkeypatch.delenv("ACCORD_SECRET_KEY_FILE", raising=False)
    first = env.secret_key(tmp_path)
    assert env.secret_key(tmp_path) == first
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_it_defaults_to_sqlite_in_wal_mode_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("ACCORD_DATABASE_URL", raising=False)
    config = env.database_config(tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "accord.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_it_reads_a_postgresql_url(monkeypatch, tmp_path):
    monkeypatch.setenv("ACCORD_DATABASE_URL", "postgres://u:p@db.example:5433/accord")
    config = env.database_config(tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == (
        "db.example",
        5433,
        "accord",
    )


def test_it_refuses_an_unsupported_database(monkeypatch, tmp_path):
    monkeypatch.setenv("ACCORD_DATABASE_URL", "mysql://u:p@db/accord")
    with pytest.raises(ConfigurationError, match="ACCORD_DATABASE_URL"):
        env.database_config(tmp_path)


def test_it_uses_the_data_dir_it_is_given(monkeypatch, tmp_path):
    monkeypatch.setenv("ACCORD_DATA_DIR", str(tmp_path / "nested" / "dir"))
    assert env.data_dir() == tmp_path / "nested" / "dir"
    assert (tmp_path / "nested" / "dir").is_dir()
