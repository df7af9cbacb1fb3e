"""Rows made once per module: a transaction around the module, a savepoint around each test."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Open the database for a module-scoped fixture; everything it writes is rolled back
    after the module's last test. Each test that asks for ``db`` runs in a savepoint."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
