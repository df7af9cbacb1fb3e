"""Shared fixtures: the seed catalog, and Playwright pointed at Debian's Chromium."""

import io
import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def seed_catalog(db):
    """The real seed catalog from catalog/data, loaded through the loader."""
    call_command("load_catalog", verbosity=0, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request in Urdu leaves Urdu active in the thread; the next test starts in English."""
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is slow on purpose; tests log in hundreds of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A shared cache (Redis) starts empty, so no rate limit or model from an earlier run
    counts. Before the test database is dropped, end sessions that other threads left open
    (the live server's), or PostgreSQL refuses to drop it."""
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
