import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every persona is a new user; the real (slow by design) hasher is not the
    # subject of these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
