"""What the README's deployment section promises: migrations run backward and forward, and a
PostgreSQL dump restored into an empty database gives the same catalog and the same paths.

Each test works on its own database, through the same commands an operator runs.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PERSONA = {
    "target_role": "data-analyst",
    "skills": {"python": 1, "excel": 2},
    "city": "lahore",
    "budget_pkr": 0,
    "hours_per_week": 8,
    "delivery": "any",
    "education": "bachelors",
}


def manage(database_url: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "RECOMMENDER_REFIT": "inline",
    }
    env.pop("REDIS_URL", None)  # each database keeps its own cache table
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
    return result.stdout


def postgres_url(name: str) -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{port}/{name}"


@pytest.fixture
def scratch_databases(django_db_blocker):
    """Names of empty PostgreSQL databases, dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("dump and restore are PostgreSQL's (CI runs this)")
    made: list[str] = []

    def make() -> str:
        name = f"raasta_ops_{uuid.uuid4().hex[:10]}"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return name

    yield make
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for name in made:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


ROUND_TRIP = """
from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor
from django.db import connection

def applied():
    executor = MigrationExecutor(connection)
    return {app for app, _ in executor.loader.applied_migrations if app in ("catalog", "careers")}

call_command("migrate", "--noinput", verbosity=0)
for app in ("careers", "catalog"):
    call_command("migrate", app, "zero", "--noinput", verbosity=0)
assert not applied(), applied()
call_command("migrate", "--noinput", verbosity=0)
executor = MigrationExecutor(connection)
assert not executor.migration_plan(executor.loader.graph.leaf_nodes()), "unapplied migrations"
assert applied() == {"catalog", "careers"}
call_command("load_catalog")
"""


STATE = """
import io, json
from django.core.management import call_command

catalog, path = io.StringIO(), io.StringIO()
call_command("dumpdata", "catalog", "--natural-foreign", "--indent", "0", stdout=catalog)
call_command("recommend", "--profile", {persona!r}, "--format", "json", stdout=path)
print(json.dumps({{"catalog": catalog.getvalue(), "path": path.getvalue()}}))
"""


def migrations_round_trip(url: str) -> None:
    """Migrate forward, both apps back to zero and forward again, then load the catalog:
    in one process, as the same commands an operator runs, to spare each its start-up."""
    assert "created" in manage(url, "shell", "--no-imports", "-c", ROUND_TRIP)


def test_migrations_run_backward_and_forward_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'round-trip.sqlite3'}"
    migrations_round_trip(url)


def test_postgresql_migrations_round_trip_and_a_restored_dump_gives_the_same_paths(
    scratch_databases, tmp_path
):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore come with PostgreSQL's client package")
    live, restored = scratch_databases(), scratch_databases()
    live_url, restored_url = postgres_url(live), postgres_url(restored)
    migrations_round_trip(live_url)
    persona = tmp_path / "persona.json"
    persona.write_text(json.dumps(PERSONA))

    # The commands the README gives.
    dump = tmp_path / "raasta.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={live_url}"],
        check=True, timeout=300,
    )  # fmt: skip
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_url}", str(dump)],
        check=True, timeout=300,
    )  # fmt: skip

    live_state, restored_state = (
        json.loads(manage(url, "shell", "--no-imports", "-c", STATE.format(persona=str(persona))))
        for url in (live_url, restored_url)
    )
    assert json.loads(live_state["path"])["steps"]
    assert restored_state == live_state
