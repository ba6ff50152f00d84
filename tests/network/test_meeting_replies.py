"""Replies, places and the waiting list, registration closing, and the reminders."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from network import tasks
from network.models import Invitation
from network.services.meetings import reply_to_meeting, send_meeting_reminders, update_meeting
from tests.factories import InvitationFactory, MeetingFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2025, 3, 1, 9, tzinfo=LONDON)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

ATTENDING, WAITING, APOLOGIES = "attending", "waiting", "apologies"


def reply(invitation: Invitation, answer: str, needs: str = "") -> Invitation:
    return reply_to_meeting(invitation=invitation, reply=answer, access_needs=needs, by=None)


def test_attending_takes_a_place_with_access_needs():
    invitation = InvitationFactory(meeting__capacity=2)
    saved = reply(invitation, ATTENDING, "  A BSL interpreter, please.  ")
    assert (saved.reply, saved.access_needs, saved.replied_at) == (
        ATTENDING,
        "A BSL interpreter, please.",
        NOW,
    )


def test_when_full_people_wait_and_move_up_in_order_with_an_email(
    mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    meeting = MeetingFactory(capacity=1, title="Workshop")
    first = InvitationFactory(meeting=meeting, person__email="first@example.org")
    second = InvitationFactory(meeting=meeting, person__email="second@example.org")
    third = InvitationFactory(meeting=meeting, person__email="third@example.org")
    reply(first, ATTENDING)
    time_machine.shift(timedelta(minutes=1))
    assert reply(second, ATTENDING).reply == WAITING
    time_machine.shift(timedelta(minutes=1))
    assert reply(third, ATTENDING).reply == WAITING

    with django_capture_on_commit_callbacks(execute=True):
        reply(first, APOLOGIES)

    replies = dict(Invitation.objects.values_list("person__email", "reply"))
    assert replies == {
        "first@example.org": APOLOGIES,
        "second@example.org": ATTENDING,
        "third@example.org": WAITING,
    }
    assert [m.to for m in mailoutbox] == [["second@example.org"]]
    assert mailoutbox[0].subject == "A place for you: Workshop, 12 March 2025"


def test_apologies_from_someone_waiting_moves_nobody_up(mailoutbox):
    meeting = MeetingFactory(capacity=1)
    holder = InvitationFactory(meeting=meeting)
    waiting = InvitationFactory(meeting=meeting)
    reply(holder, ATTENDING)
    reply(waiting, ATTENDING)
    reply(waiting, APOLOGIES)
    holder.refresh_from_db()
    assert holder.reply == ATTENDING
    assert mailoutbox == []


def test_saying_attending_again_keeps_the_turn_on_the_waiting_list(time_machine):
    meeting = MeetingFactory(capacity=1)
    reply(InvitationFactory(meeting=meeting), ATTENDING)
    waiting = reply(InvitationFactory(meeting=meeting), ATTENDING)
    time_machine.shift(timedelta(hours=2))
    again = reply(waiting, ATTENDING, "Step-free access")
    assert (again.reply, again.replied_at, again.access_needs) == (
        WAITING,
        NOW,
        "Step-free access",
    )


def test_more_places_move_the_waiting_list_up(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(capacity=1)
    reply(InvitationFactory(meeting=meeting), ATTENDING)
    waiting = reply(InvitationFactory(meeting=meeting, person__email="w@example.org"), ATTENDING)
    with django_capture_on_commit_callbacks(execute=True):
        update_meeting(meeting=meeting, by=UserFactory(), changes={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.reply == ATTENDING
    assert [m.to for m in mailoutbox] == [["w@example.org"]]


def test_after_registration_closes_only_apologies_are_taken():
    meeting = MeetingFactory(registration_closes_on=date(2025, 2, 28))
    invitation = InvitationFactory(meeting=meeting)

    with pytest.raises(ValidationError) as refused:
        reply(invitation, ATTENDING)
    assert refused.value.message_dict == {
        "reply": ["Registration closed on 28 February 2025. You can still send apologies."]
    }
    assert reply(invitation, APOLOGIES).reply == APOLOGIES


def test_registration_is_open_on_its_closing_day():
    meeting = MeetingFactory(registration_closes_on=date(2025, 3, 1))
    assert reply(InvitationFactory(meeting=meeting), ATTENDING).reply == ATTENDING


def test_someone_registered_may_change_their_needs_after_closing():
    meeting = MeetingFactory(registration_closes_on=date(2025, 3, 5))
    invitation = reply(InvitationFactory(meeting=meeting), ATTENDING)
    meeting.registration_closes_on = date(2025, 2, 28)
    meeting.save()
    assert reply(invitation, ATTENDING, "A quiet room").access_needs == "A quiet room"


def test_replies_to_a_cancelled_or_past_meeting_are_refused():
    cancelled = InvitationFactory(meeting__cancelled_at=NOW, meeting__cancellation_reason="x")
    with pytest.raises(ValidationError) as refused:
        reply(cancelled, ATTENDING)
    assert refused.value.messages == ["This meeting was cancelled, so it no longer takes replies."]
    past = InvitationFactory(meeting__starts_at=NOW - timedelta(days=1))
    with pytest.raises(ValidationError) as too_late:
        reply(past, APOLOGIES)
    assert too_late.value.messages == [
        "This meeting has already started, so it no longer takes replies."
    ]


def test_an_unknown_reply_is_refused_beside_the_field():
    with pytest.raises(ValidationError) as refused:
        reply(InvitationFactory(), WAITING)
    assert refused.value.message_dict == {"reply": ["Choose whether you will come to the meeting"]}


# --- Reminders ------------------------------------------------------------------------


def emailed(meeting, email, answer=""):
    return InvitationFactory(
        meeting=meeting,
        person__email=email,
        reply=answer,
        email_status=Invitation.EmailStatus.SENT,
    )


def test_reminders_go_three_days_before_to_attending_and_unreplied_once(mailoutbox):
    soon = MeetingFactory(
        title="Soon", starts_at=datetime(2025, 3, 4, 10, 30, tzinfo=LONDON)
    )  # in three days
    emailed(soon, "coming@example.org", ATTENDING)
    emailed(soon, "silent@example.org")
    emailed(soon, "sorry@example.org", APOLOGIES)
    emailed(soon, "waiting@example.org", WAITING)
    InvitationFactory(meeting=soon, email_status=Invitation.EmailStatus.BY_POST)
    later = MeetingFactory(starts_at=datetime(2025, 3, 5, 10, 30, tzinfo=LONDON))
    emailed(later, "later@example.org")
    cancelled = MeetingFactory(starts_at=datetime(2025, 3, 3, 10, tzinfo=LONDON), cancelled_at=NOW)
    emailed(cancelled, "cancelled@example.org")

    assert tasks.send_meeting_reminders() == 2
    assert tasks.send_meeting_reminders() == 0  # a beat restart repeats nothing

    assert sorted(m.to[0] for m in mailoutbox) == ["coming@example.org", "silent@example.org"]
    assert {m.subject for m in mailoutbox} == {"Reminder: Soon on Tuesday 4 March"}
    assert Invitation.objects.exclude(reminded_at=None).count() == 2


def test_a_missed_day_is_caught_up_but_past_meetings_are_not(mailoutbox):
    tomorrow = MeetingFactory(starts_at=datetime(2025, 3, 2, 10, tzinfo=LONDON))
    emailed(tomorrow, "tomorrow@example.org")
    earlier_today = MeetingFactory(starts_at=datetime(2025, 3, 1, 8, tzinfo=LONDON))
    emailed(earlier_today, "gone@example.org")

    assert send_meeting_reminders(now=NOW) == 1
    assert [m.to for m in mailoutbox] == [["tomorrow@example.org"]]
