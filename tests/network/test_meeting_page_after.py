"""The meeting page's "After the meeting": staff's links, approved minutes and "you said,
we did" for those who may read them, nothing before approval."""

import pytest
from django.urls import reverse

from network.models import Minutes
from tests.factories import (
    AgendaItemFactory,
    FeedbackFactory,
    InvitationFactory,
    MeetingFactory,
)


@pytest.fixture
def meeting(member_person):
    meeting = MeetingFactory(title="Spring network meeting")
    InvitationFactory(meeting=meeting, person=member_person)
    FeedbackFactory(
        item=AgendaItemFactory(meeting=meeting, title="Meeting times"),
        you_said="Ten o'clock is too early for carers.",
        we_did="Meetings now start at half past ten.",
    )
    return meeting


def minutes(meeting, status):
    return Minutes.objects.create(
        meeting=meeting,
        status=status,
        approved_at=meeting.ends_at if status == "approved" else None,
        approved_how="chair" if status == "approved" else "",
    )


def page(client, meeting) -> str:
    response = client.get(reverse("network:meeting-detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_staff_reach_the_register_minutes_and_pack(staff_client, meeting):
    minutes(meeting, "draft")
    html = page(staff_client, meeting)
    for name in ("meeting-register", "meeting-minutes", "meeting-pack"):
        assert reverse(f"network:{name}", args=[meeting.pk]) in html
    assert "(Draft)" in html


def test_members_see_nothing_of_draft_minutes(member_client, meeting):
    minutes(meeting, "circulated")
    html = page(member_client, meeting)
    assert reverse("network:meeting-minutes", args=[meeting.pk]) not in html
    assert "Ten o&#x27;clock is too early" not in html
    assert "The minutes will be shown here once they are approved." in html


def test_invited_members_read_approved_minutes_and_you_said_we_did(member_client, meeting):
    minutes(meeting, "approved")
    html = page(member_client, meeting)
    assert reverse("network:meeting-minutes", args=[meeting.pk]) in html
    assert "You said, we did" in html
    assert "Ten o&#x27;clock is too early for carers." in html
    assert "Meetings now start at half past ten." in html
    assert reverse("network:meeting-register", args=[meeting.pk]) not in html
