"""Integration tests: a real Celery worker on the test's PostgreSQL database, through Redis."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection


@pytest.fixture
def mail_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def celery_worker_process(mail_folder: Path, transactional_db):
    """Start `celery worker` on the test database; stop it before the database goes."""
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = os.environ | {"DATABASE_URL": database_url, "EMAIL_URL": f"file://{mail_folder}"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coprod",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        env=env,
    )
    try:
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)
