"""`make backup` / `make restore`: a backup restored into an empty database holds every record.

Run through manage.py in a child process, on a database of its own: a SQLite file, and,
when the suite runs on PostgreSQL, a PostgreSQL database made for the test.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
COUNT_EVERY_MODEL = (
    "import json; from django.apps import apps; "
    "print(json.dumps({m._meta.label: m._base_manager.count() for m in apps.get_models()}))"
)


def manage(database_url: str, *args: str) -> str:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "1",
        "REDIS_URL": "",  # demo data's tasks run in-process here
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def back_up_and_restore(original: str, empty: str, backup: Path) -> tuple[dict, dict]:
    manage(original, "migrate", "--no-input", "-v0")
    manage(original, "seed_demo")
    before = json.loads(manage(original, "shell", "-v0", "-c", COUNT_EVERY_MODEL))
    manage(original, "backup_database", "--to", str(backup))
    manage(empty, "migrate", "--no-input", "-v0")  # a fresh install, then the restore
    manage(empty, "restore_database", str(backup), "--no-input")
    after = json.loads(manage(empty, "shell", "-v0", "-c", COUNT_EVERY_MODEL))
    return before, after


def test_a_sqlite_backup_restores_every_record(tmp_path):
    before, after = back_up_and_restore(
        f"sqlite:///{tmp_path / 'original.sqlite3'}",
        f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        tmp_path / "coprod.backup",
    )
    assert before["network.Meeting"] > 0
    assert before["network.Person"] > 0
    assert after == before


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="the suite runs on SQLite: DATABASE_URL names no PostgreSQL server",
)
@pytest.mark.django_db(transaction=True)  # CREATE DATABASE runs outside a transaction
def test_a_postgresql_backup_restores_every_record(tmp_path):
    server = settings.DATABASES["default"]
    names = [f"coprod_backup_{uuid.uuid4().hex[:8]}_{n}" for n in ("a", "b")]
    base = f"postgres://{server['USER']}@{server['HOST']}:{server['PORT'] or 5432}"
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        before, after = back_up_and_restore(
            f"{base}/{names[0]}", f"{base}/{names[1]}", tmp_path / "coprod.backup"
        )
    finally:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert before["network.Meeting"] > 0
    assert after == before
