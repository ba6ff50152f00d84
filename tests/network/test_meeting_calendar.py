"""The calendar entry: one UID for ever, SEQUENCE up when the meeting moves, CANCEL at the end;
and the emails that carry it, once per person."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from network.calendar_entries import meeting_calendar
from network.models import Invitation, Meeting
from network.services.meetings import (
    cancel_meeting,
    email_cancellation,
    email_meeting_update,
    update_meeting,
)
from tests.factories import InvitationFactory, MeetingFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime(2025, 3, 1, 9, tzinfo=LONDON), tick=False),
]


def event_of(meeting: Meeting):
    calendar = Calendar.from_ical(meeting_calendar(meeting))
    (event,) = calendar.walk("VEVENT")
    return calendar, event


@pytest.fixture
def staff(db):
    return UserFactory(roles=["staff"])


def emailed(meeting: Meeting, email: str) -> Invitation:
    return InvitationFactory(
        meeting=meeting,
        person__email=email,
        email_status=Invitation.EmailStatus.SENT,
        notified_sequence=meeting.calendar_sequence,
    )


def test_the_entry_has_uid_sequence_times_with_zone_location_and_url(settings):
    settings.SITE_URL = "https://coprod.example.org"
    meeting = MeetingFactory(title="Spring meeting", online_link="https://meet.example.org/x")

    calendar, event = event_of(meeting)

    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["uid"]) == f"meeting-{meeting.pk}@coprod"
    assert event["sequence"] == 0
    assert event["dtstart"].dt == datetime(2025, 3, 12, 10, 30, tzinfo=LONDON)
    assert event["dtstart"].params["TZID"] == "Europe/London"
    assert event["dtend"].dt == datetime(2025, 3, 12, 15, 30, tzinfo=LONDON)
    assert str(event["location"]) == (
        "Community Hall, 1 High Street, Leeds LS1 1AA; Online: https://meet.example.org/x"
    )
    assert str(event["url"]) == f"https://coprod.example.org/network/meetings/{meeting.pk}/"
    assert str(event["summary"]) == "Spring meeting"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_a_moved_meeting_keeps_its_uid_and_has_a_higher_sequence(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    emailed(meeting, "ann@example.org")
    _, before = event_of(meeting)

    later = meeting.starts_at + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(
            meeting=meeting,
            by=staff,
            changes={"starts_at": later, "ends_at": later + timedelta(hours=5)},
        )

    _, after = event_of(meeting)
    assert str(after["uid"]) == str(before["uid"])
    assert (before["sequence"], after["sequence"]) == (0, 1)
    assert after["dtstart"].dt == datetime(2025, 3, 19, 10, 30, tzinfo=LONDON)
    assert [m.to for m in mailoutbox] == [["ann@example.org"]]
    assert mailoutbox[0].subject.startswith("Changed: ")
    assert "SEQUENCE:1" in mailoutbox[0].attachments[0][1]
    assert Invitation.objects.get().notified_sequence == 1


def test_the_update_email_goes_once_even_if_the_task_runs_twice(mailoutbox):
    meeting = MeetingFactory(calendar_sequence=2)
    invitation = emailed(meeting, "ann@example.org")
    invitation.notified_sequence = 1
    invitation.save()

    assert email_meeting_update(invitation_id=invitation.pk) is True
    assert email_meeting_update(invitation_id=invitation.pk) is False
    assert len(mailoutbox) == 1


def test_a_change_that_does_not_move_the_meeting_keeps_the_sequence(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    emailed(meeting, "ann@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(meeting=meeting, by=staff, changes={"title": "New title"})
    meeting.refresh_from_db()
    assert (meeting.title, meeting.calendar_sequence) == ("New title", 0)
    assert mailoutbox == []


def test_moving_a_meeting_nobody_was_emailed_about_keeps_the_sequence(staff):
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting, email_status=Invitation.EmailStatus.BY_POST)
    update_meeting(meeting=meeting, by=staff, changes={"place": "Town Hall, Leeds"})
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == 0


def test_an_invalid_change_is_refused_beside_its_field(staff):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as refused:
        update_meeting(meeting=meeting, by=staff, changes={"ends_at": meeting.starts_at})
    assert refused.value.message_dict["ends_at"] == ["The meeting must end after it starts"]


def test_cancelling_emails_a_cancel_entry_once_each(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title="Spring meeting")
    emailed(meeting, "ann@example.org")
    emailed(meeting, "ben@example.org")
    InvitationFactory(meeting=meeting, email_status=Invitation.EmailStatus.BY_POST)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting=meeting, by=staff, reason="The venue flooded.")

    meeting.refresh_from_db()
    assert meeting.cancelled_at == datetime(2025, 3, 1, 9, tzinfo=LONDON)
    assert meeting.cancellation_reason == "The venue flooded."
    assert meeting.calendar_sequence == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "ben@example.org"]
    assert mailoutbox[0].subject == "Cancelled: Spring meeting, 12 March 2025"
    assert "The venue flooded." in mailoutbox[0].body
    ics = mailoutbox[0].attachments[0][1]
    assert "METHOD:CANCEL" in ics
    assert "STATUS:CANCELLED" in ics
    calendar, event = event_of(meeting)
    assert (str(calendar["method"]), str(event["status"])) == ("CANCEL", "CANCELLED")

    for invitation in Invitation.objects.filter(email_status=Invitation.EmailStatus.SENT):
        assert email_cancellation(invitation_id=invitation.pk) is False
    assert len(mailoutbox) == 2


def test_cancelling_needs_a_reason_and_happens_once(staff):
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as no_reason:
        cancel_meeting(meeting=meeting, by=staff, reason="  ")
    assert no_reason.value.message_dict == {"reason": ["Enter why the meeting is cancelled"]}

    cancel_meeting(meeting=meeting, by=staff, reason="Snow.")
    with pytest.raises(ValidationError) as again:
        cancel_meeting(meeting=meeting, by=staff, reason="Snow again.")
    assert again.value.messages == ["This meeting was already cancelled on 1 March 2025."]


def test_a_cancelled_meeting_cannot_be_changed(staff):
    meeting = MeetingFactory()
    cancel_meeting(meeting=meeting, by=staff, reason="Snow.")
    with pytest.raises(ValidationError) as refused:
        update_meeting(meeting=meeting, by=staff, changes={"title": "Back on"})
    assert refused.value.messages == ["This meeting was cancelled, so it cannot be changed."]
