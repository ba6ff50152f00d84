"""Publishing an agenda through a real Celery worker: one email per invitee, never two, even
when every invitation's task is delivered again (as Redis does after a lost worker)."""

import time
from datetime import date
from email import message_from_string
from pathlib import Path

import pytest

from network.models import Invitation, Meeting
from network.services.meetings import publish_agenda
from network.tasks import send_meeting_invitation
from tests.factories import AgendaItemFactory, MeetingFactory, RepresentativeFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

INVITEES = 8


def wait_for_messages(folder: Path, count: int, timeout: float = 90) -> list[Path]:
    deadline = time.monotonic() + timeout
    while len(list(folder.iterdir())) < count and time.monotonic() < deadline:
        time.sleep(0.5)
    return sorted(folder.iterdir())


def test_publishing_emails_each_invitee_once_even_when_tasks_run_again(
    celery_worker_process, mail_folder
):
    staff = UserFactory(roles=["staff"])
    for n in range(INVITEES):
        RepresentativeFactory(
            person__email=f"invitee{n}@people.example.org", started_on=date(2024, 1, 1)
        )
    meeting = MeetingFactory(
        title="Strategic network meeting",
        invites_members=True,
        invites_board=False,
        agenda_status=Meeting.AgendaStatus.SIGNED_OFF,
    )
    AgendaItemFactory(meeting=meeting, title="Business plan priorities")

    invitations = publish_agenda(meeting=meeting, by=staff)  # autocommit: queued at once
    assert len(invitations) == INVITEES
    assert len(wait_for_messages(mail_folder, INVITEES)) == INVITEES

    # Every task delivered again, twice over: each finds its invitation sent and stops.
    again = [send_meeting_invitation.delay(i.pk) for i in invitations for _ in range(2)]
    assert [result.get(timeout=60) for result in again] == [False] * (2 * INVITEES)

    messages = [message_from_string(path.read_text()) for path in mail_folder.iterdir()]
    recipients = sorted(message["To"] for message in messages)
    assert recipients == sorted(f"invitee{n}@people.example.org" for n in range(INVITEES))
    assert all("Business plan priorities" in path.read_text() for path in mail_folder.iterdir())
    assert set(Invitation.objects.values_list("email_status", flat=True)) == {"sent"}
