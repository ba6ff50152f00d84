"""A real Celery worker takes tasks from Redis and works on the real PostgreSQL database."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from coprod.tasks import ping
from network.services import invite_person
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


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


def test_a_task_goes_through_redis_to_the_worker_and_back(celery_worker_process):
    assert ping.delay().get(timeout=60) == "pong"


def test_the_worker_emails_an_invitation_queued_on_commit(celery_worker_process, mail_folder):
    staff = UserFactory(roles=["staff"])
    person = PersonFactory(email="new.member@example.org")

    invite_person(person=person, by=staff)  # autocommit: on_commit queues at once

    deadline = time.monotonic() + 60
    while not list(mail_folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.5)
    messages = list(mail_folder.iterdir())
    assert len(messages) == 1
    content = messages[0].read_text()
    assert "To: new.member@example.org" in content
    assert re.search(r"/accounts/invitation/\w+/[\w-]+/", content)
