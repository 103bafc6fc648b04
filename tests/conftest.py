"""Shared fixtures: named personas, from a stranger to the office manager."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factory import make_user

PASSWORD = "correct horse battery staple"


@pytest.fixture
def anonymous(client: Client) -> Client:
    return client


@pytest.fixture
def superuser_client(db: None) -> Client:
    user = make_user("admin", staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client
