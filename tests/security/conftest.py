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


def small_catalog(name: str) -> dict:
    """Two offerings of one provider, teaching Python and SQL (which needs Python), and a
    data-analyst role that asks for both: what both security modules build on."""
    from tests.factories import (
        OfferingFactory,
        ProviderFactory,
        RoleFactory,
        SectorFactory,
        SkillFactory,
        SourceFactory,
    )

    source = SourceFactory(key=f"{name}-source")
    sector = SectorFactory(slug="education", name="Education")
    python = SkillFactory(slug="python", name="Python", aliases="py")
    sql = SkillFactory(slug="sql", name="SQL", aliases="PostgreSQL, MySQL")
    sql.prerequisites.add(python)
    provider = ProviderFactory(slug=f"{name}-university", source=source)
    offering = OfferingFactory(
        slug="python-basics", provider=provider, source=source, skills={python: 2}
    )
    OfferingFactory(slug="sql-basics", provider=provider, source=source, skills={sql: 2})
    role = RoleFactory(slug="data-analyst", source=source, skills={python: (2, 5), sql: (2, 3)})
    return {
        "source": source,
        "sector": sector,
        "python": python,
        "sql": sql,
        "provider": provider,
        "offering": offering,
        "role": role,
    }
