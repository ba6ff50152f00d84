"""A real Celery worker takes tasks from Redis and works on the real PostgreSQL database."""

import re
import time

import pytest

from coprod.tasks import ping
from network.services import invite_person
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


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
