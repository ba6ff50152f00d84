"""'You said, we did' goes into the next bulletin: what was done with members' input since
the last bulletin, added to a draft for staff to edit (issue 8: members see it there)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from network.models import Bulletin
from network.services.bulletins import add_you_said_we_did
from tests.factories import (
    AgendaItemFactory,
    BulletinFactory,
    FeedbackFactory,
    MeetingFactory,
    MinutesFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def staff(db):
    return UserFactory(roles=["staff"])


def feedback(title: str, *, recorded_on: date, approved: bool = True):
    meeting = MeetingFactory(title=f"{title} meeting")
    if approved:
        MinutesFactory(meeting=meeting)
    return FeedbackFactory(
        item=AgendaItemFactory(meeting=meeting, title=title),
        you_said=f"{title}: you said",
        we_did=f"{title}: we did",
        recorded_on=recorded_on,
    )


def test_a_draft_gets_what_was_done_since_the_last_bulletin(staff):
    BulletinFactory(status="sent", sent_at=datetime(2025, 5, 1, 9, tzinfo=LONDON))
    feedback("Before the last bulletin", recorded_on=date(2025, 4, 20))
    feedback("Meeting times", recorded_on=date(2025, 6, 2))
    feedback("Draft minutes only", recorded_on=date(2025, 6, 3), approved=False)
    draft = BulletinFactory(body="Welcome to the summer bulletin.")

    assert add_you_said_we_did(bulletin=draft, by=staff) == 1

    body = Bulletin.objects.get(pk=draft.pk).body
    assert body.startswith("Welcome to the summer bulletin.\n\n## You said, we did\n")
    assert "**Meeting times** (Meeting times meeting, 12 March 2025)" in body
    assert "- You said: Meeting times: you said" in body
    assert "- We did: Meeting times: we did" in body
    assert "Before the last bulletin" not in body
    assert "Draft minutes only" not in body


def test_nothing_new_is_refused_with_a_reason(staff):
    draft = BulletinFactory(body="Hello.")
    with pytest.raises(ValidationError, match="No “you said, we did” has been recorded"):
        add_you_said_we_did(bulletin=draft, by=staff)
    assert Bulletin.objects.get(pk=draft.pk).body == "Hello."


def test_a_sent_bulletin_is_not_changed(staff):
    feedback("Meeting times", recorded_on=date(2025, 6, 2))
    sent = BulletinFactory(status="sent", sent_at=datetime(2025, 5, 1, 9, tzinfo=LONDON))
    with pytest.raises(ValidationError, match="Only a draft"):
        add_you_said_we_did(bulletin=sent, by=staff)


def test_staff_add_it_from_the_bulletin_page_and_edit_it_there(staff_client):
    # No bulletin has gone yet: the last year's count.
    feedback("Meeting times", recorded_on=timezone.localdate() - timedelta(days=10))
    draft = BulletinFactory(body="Hello.")
    page = staff_client.get(reverse("network:bulletin-detail", args=[draft.pk]))
    assert reverse("network:bulletin-you-said", args=[draft.pk]) in page.content.decode()

    response = staff_client.post(reverse("network:bulletin-you-said", args=[draft.pk]))

    assert response.status_code == 302
    assert response.url == reverse("network:bulletin-edit", args=[draft.pk])
    assert "## You said, we did" in Bulletin.objects.get(pk=draft.pk).body
