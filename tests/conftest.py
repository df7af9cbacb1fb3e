"""Shared fixtures: the seed catalog, and Playwright pointed at Debian's Chromium."""

import io
import os
import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

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


_seed_rows: list[tuple[type[Model], list[dict]]] | None = None


def _catalog_tables() -> list[type[Model]]:
    """The catalog's tables, with the link tables of its many-to-many fields."""
    tables = []
    for model in apps.get_app_config("catalog").get_models():
        tables.append(model)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.append(field.remote_field.through)
    return tables


@pytest.fixture
def seed_catalog(db):
    """The real seed catalog from catalog/data, loaded through the loader.

    The first test that asks loads it with `load_catalog` and keeps its rows; later tests
    get the same rows written back in one transaction, in a tenth of the time. The rows,
    the catalog token included, are identical, so a model fitted on them stays valid.
    """
    global _seed_rows
    if _seed_rows is None:
        call_command("load_catalog", verbosity=0, stdout=io.StringIO())
        _seed_rows = [
            (table, list(table._base_manager.values(*fields(table))))
            for table in _catalog_tables()
        ]
        return
    with transaction.atomic():
        for table, rows in _seed_rows:
            table._base_manager.all().delete()  # the catalog version row from a migration
            table._base_manager.bulk_create([table(**row) for row in rows])
        tables = [table for table, _ in _seed_rows]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(statement)


def fields(table: type[Model]) -> list[str]:
    return [field.attname for field in table._meta.concrete_fields]


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
