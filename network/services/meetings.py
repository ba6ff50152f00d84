"""Writes about meetings: adding, moving and cancelling them, publishing the agenda to the
invitees, their replies and places, and the emails that go with each (each sent once)."""

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.utils import bulk_create_with_history

from coprod.models import User
from network import tasks
from network.calendar_entries import calendar_filename, meeting_calendar, meeting_url
from network.models import Invitation, Meeting
from network.selectors.meetings import BY_POST, access_arrangements, agenda_of, invitees_of
from network.services.records import assign_fields, save_attributed

# A change to any of these moves the calendar entry: invitees are sent the new one.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_link")
REMINDER_DAYS = 3
NO_EMAIL_ADDRESS = "No email address on record: reach this person another way."


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# --- Adding, changing and cancelling a meeting -------------------------------------------


@transaction.atomic
def create_meeting(*, by: User | None, **fields: Any) -> Meeting:
    """Add a meeting (its agenda starts as a draft)."""
    meeting = Meeting(created_by=by, **fields)
    save_attributed(meeting, by=by)
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, by: User | None, changes: dict[str, Any]) -> Meeting:
    """Save changes; moving the date, time or place of a meeting whose invitations went
    raises the calendar SEQUENCE and emails each invitee the updated entry once."""
    stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if stored.is_cancelled:
        raise ValidationError("This meeting was cancelled, so it cannot be changed.")
    assign_fields(meeting, changes)
    moved = any(getattr(stored, name) != getattr(meeting, name) for name in CALENDAR_FIELDS)
    emailed = meeting.invitations.filter(email_status=Invitation.EmailStatus.SENT)
    tell = moved and emailed.exists()
    if tell:
        meeting.calendar_sequence = stored.calendar_sequence + 1
    save_attributed(meeting, by=by)
    _fill_places(meeting)  # more places, or none limited now: the waiting list moves up
    if tell:
        ids = list(emailed.values_list("pk", flat=True))
        transaction.on_commit(lambda: [tasks.send_meeting_update.delay(pk) for pk in ids])
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: User | None, reason: str) -> Meeting:
    """Cancel a meeting, and email everyone who was emailed the invitation a cancellation."""
    stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
    reason = reason.strip()
    if stored.is_cancelled:
        when = date_format(timezone.localtime(stored.cancelled_at), "j F Y")
        raise ValidationError(f"This meeting was already cancelled on {when}.")
    if stored.ends_at <= timezone.now():
        raise ValidationError("This meeting has already taken place, so it cannot be cancelled.")
    if not reason:
        raise ValidationError({"reason": "Enter why the meeting is cancelled"})
    meeting.cancelled_at = timezone.now()
    meeting.cancellation_reason = reason
    meeting.calendar_sequence = stored.calendar_sequence + 1
    save_attributed(meeting, by=by)
    ids = list(
        meeting.invitations.filter(email_status=Invitation.EmailStatus.SENT).values_list(
            "pk", flat=True
        )
    )
    transaction.on_commit(lambda: [tasks.send_meeting_cancellation.delay(pk) for pk in ids])
    return meeting


# --- Publishing the agenda: one invitation each ------------------------------------------


@transaction.atomic
def publish_agenda(*, meeting: Meeting, by: User | None) -> list[Invitation]:
    """Publish a signed-off agenda: invite everyone in the audience (the invitation rows
    are made in bulk) and queue one email each; people who asked for post go on the print
    list instead. Returns the invitations made now (people invited before keep theirs)."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one publisher at a time
    meeting.refresh_from_db()
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled, so its agenda cannot be published.")
    if meeting.agenda_status == Meeting.AgendaStatus.PUBLISHED:
        raise ValidationError("This agenda has already been published.")
    if meeting.agenda_status != Meeting.AgendaStatus.SIGNED_OFF:
        raise ValidationError(
            "The agenda must be signed off before it is published. "
            "Ask the chair, or the core group member they named, to sign it off."
        )
    meeting.agenda_status = Meeting.AgendaStatus.PUBLISHED
    meeting.published_at = timezone.now()
    save_attributed(meeting, by=by)
    already = set(meeting.invitations.values_list("person_id", flat=True))
    new = [
        Invitation(
            meeting=meeting,
            person_id=person_id,
            email_status=(
                Invitation.EmailStatus.BY_POST
                if channel in BY_POST
                else Invitation.EmailStatus.NOT_SENT
            ),
        )
        for person_id, channel in invitees_of(meeting).values_list("pk", "preferred_channel")
        if person_id not in already
    ]
    created = bulk_create_with_history(new, Invitation, default_user=by)
    to_send = list(
        meeting.invitations.filter(email_status=Invitation.EmailStatus.NOT_SENT).values_list(
            "pk", flat=True
        )
    )
    transaction.on_commit(lambda: [tasks.send_meeting_invitation.delay(pk) for pk in to_send])
    return created


def _send(
    prefix: str, context: dict[str, Any], to: str, calendar: tuple[str, bytes, str] | None
) -> None:
    context = {"site_name": settings.COPROD_ORGANISATION_NAME, **context}
    subject = render_to_string(f"emails/{prefix}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"emails/{prefix}_body.txt", context),
        to=[to],
    )
    html = render_to_string(f"emails/{prefix}_body.html", context)
    message.attach_alternative(html, "text/html")
    if calendar:
        message.attach(*calendar)
    message.send()


def _meeting_context(meeting: Meeting, invitation: Invitation) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "person": invitation.person,
        "invitation": invitation,
        "meeting_url": meeting_url(meeting),
        "reply_url": _site_url(reverse("network:meeting-reply", args=[meeting.pk])),
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "arrangements": access_arrangements(meeting),
    }


def _ics(meeting: Meeting) -> tuple[str, bytes, str]:
    method = "CANCEL" if meeting.is_cancelled else "PUBLISH"
    return (
        calendar_filename(meeting),
        meeting_calendar(meeting),
        f"text/calendar; charset=utf-8; method={method}",
    )


def email_invitation(*, invitation_id: int) -> bool:
    """Email one invitee the published agenda, with the calendar entry; never twice.

    The row is claimed first (not sent → sending, committed), then the message goes, then
    it is marked sent. A failure is recorded on the row and raised, so the task retries;
    a row left "sending" by a lost worker is not sent again. Returns whether it was sent.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("meeting", "person")
            .get(pk=invitation_id)
        )
        claimable = (Invitation.EmailStatus.NOT_SENT, Invitation.EmailStatus.FAILED)
        if invitation.email_status not in claimable or invitation.meeting.is_cancelled:
            return False
        if not invitation.person.email:
            invitation.email_status = Invitation.EmailStatus.FAILED
            invitation.email_error = NO_EMAIL_ADDRESS
            invitation.save(update_fields=["email_status", "email_error"])
            return False
        invitation.email_status = Invitation.EmailStatus.SENDING
        invitation.email_attempts += 1
        invitation.save(update_fields=["email_status", "email_attempts"])
    meeting = invitation.meeting
    context = {
        **_meeting_context(meeting, invitation),
        "agenda": agenda_of(meeting),
        "media_url": _site_url(""),
    }
    try:
        _send("meeting_invitation", context, invitation.person.email, _ics(meeting))
    except OSError as error:  # SMTPException and connection errors: the task retries
        Invitation.objects.filter(pk=invitation_id).update(
            email_status=Invitation.EmailStatus.FAILED, email_error=str(error) or repr(error)
        )
        raise
    Invitation.objects.filter(pk=invitation_id).update(
        email_status=Invitation.EmailStatus.SENT,
        email_error="",
        emailed_at=timezone.now(),
        notified_sequence=meeting.calendar_sequence,
    )
    return True


def email_meeting_update(*, invitation_id: int) -> bool:
    """Email one invitee the moved meeting's calendar entry, once per SEQUENCE."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("meeting", "person")
            .get(pk=invitation_id)
        )
        meeting = invitation.meeting
        if (
            invitation.email_status != Invitation.EmailStatus.SENT
            or meeting.is_cancelled
            or (invitation.notified_sequence or 0) >= meeting.calendar_sequence
        ):
            return False
        # Sent inside the lock: a failure rolls the guard back and the task retries.
        _send(
            "meeting_update",
            _meeting_context(meeting, invitation),
            invitation.person.email,
            _ics(meeting),
        )
        invitation.notified_sequence = meeting.calendar_sequence
        invitation.save(update_fields=["notified_sequence"])
    return True


def email_cancellation(*, invitation_id: int) -> bool:
    """Email one invitee that the meeting is cancelled, with METHOD:CANCEL, once."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("meeting", "person")
            .get(pk=invitation_id)
        )
        meeting = invitation.meeting
        if (
            invitation.cancellation_emailed_at is not None
            or not meeting.is_cancelled
            or invitation.email_status != Invitation.EmailStatus.SENT
        ):
            return False
        _send(
            "meeting_cancelled",
            _meeting_context(meeting, invitation),
            invitation.person.email,
            _ics(meeting),
        )
        invitation.cancellation_emailed_at = timezone.now()
        invitation.save(update_fields=["cancellation_emailed_at"])
    return True


# --- Replies, places and the waiting list -----------------------------------------------


@transaction.atomic
def reply_to_meeting(
    *, invitation: Invitation, reply: str, access_needs: str, by: User | None
) -> Invitation:
    """Record an invitee's reply. Attending takes a place, or a place on the waiting list
    when the meeting is full; apologies from someone with a place give it to the first on
    the waiting list, who is told by email. After registration closes only apologies (and
    changes from people already registered) are taken."""
    meeting = Meeting.objects.select_for_update().get(pk=invitation.meeting_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    now = timezone.now()
    if meeting.is_cancelled:
        raise ValidationError("This meeting was cancelled, so it no longer takes replies.")
    if meeting.starts_at <= now:
        raise ValidationError("This meeting has already started, so it no longer takes replies.")
    if reply not in (Invitation.Reply.ATTENDING, Invitation.Reply.APOLOGIES):
        raise ValidationError({"reply": "Choose whether you will come to the meeting"})
    before = invitation.reply
    registered = before in (Invitation.Reply.ATTENDING, Invitation.Reply.WAITING)
    if reply == Invitation.Reply.ATTENDING:
        closes_on = meeting.registration_closes_on
        if (
            not registered
            and closes_on
            and not meeting.registration_is_open_on(timezone.localdate())
        ):
            closed = date_format(closes_on, "j F Y")
            raise ValidationError(
                {"reply": f"Registration closed on {closed}. You can still send apologies."}
            )
        if registered:
            new = before  # keeps their place, or their turn on the waiting list
        elif meeting.capacity is None or _places_taken(meeting) < meeting.capacity:
            new = Invitation.Reply.ATTENDING
        else:
            new = Invitation.Reply.WAITING
    else:
        new = Invitation.Reply.APOLOGIES
    invitation.reply = new
    if new != before:
        invitation.replied_at = now
    invitation.access_needs = access_needs.strip()
    save_attributed(invitation, by=by)
    if before == Invitation.Reply.ATTENDING and new == Invitation.Reply.APOLOGIES:
        _fill_places(meeting)
    return invitation


def _places_taken(meeting: Meeting) -> int:
    return meeting.invitations.filter(reply=Invitation.Reply.ATTENDING).count()


def _fill_places(meeting: Meeting) -> list[Invitation]:
    """Give free places to the waiting list, first come first served; each is emailed."""
    waiting = meeting.invitations.filter(reply=Invitation.Reply.WAITING).order_by(
        "replied_at", "pk"
    )
    if meeting.capacity is not None:
        free = meeting.capacity - _places_taken(meeting)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for invitation in promoted:
        invitation.reply = Invitation.Reply.ATTENDING
        invitation.save(update_fields=["reply"])
    ids = [invitation.pk for invitation in promoted]
    if ids:
        transaction.on_commit(lambda: [tasks.send_place_offered.delay(pk) for pk in ids])
    return promoted


def email_place_offered(*, invitation_id: int) -> bool:
    """Tell someone from the waiting list that they now have a place."""
    invitation = Invitation.objects.select_related("meeting", "person").get(pk=invitation_id)
    meeting = invitation.meeting
    if (
        invitation.reply != Invitation.Reply.ATTENDING
        or meeting.is_cancelled
        or not invitation.person.email
    ):
        return False
    _send("meeting_place", _meeting_context(meeting, invitation), invitation.person.email, None)
    return True


# --- Reminders ----------------------------------------------------------------------------


def reminders_due(now: datetime) -> list[int]:
    """Invitations to remind: emailed, attending or not replied, for a meeting starting
    within the next three days (so a day the job missed is caught up), not reminded yet."""
    last_day = timezone.localtime(now).date() + timedelta(days=REMINDER_DAYS)
    before = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    return list(
        Invitation.objects.filter(
            Q(reply=Invitation.Reply.ATTENDING) | Q(reply=Invitation.Reply.NONE),
            email_status=Invitation.EmailStatus.SENT,
            reminded_at=None,
            meeting__cancelled_at=None,
            meeting__starts_at__gt=now,
            meeting__starts_at__lt=before,
        ).values_list("pk", flat=True)
    )


def send_reminder(*, invitation_id: int) -> bool:
    """Remind one invitee of the meeting, once: the row is claimed in a transaction."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("meeting", "person")
            .get(pk=invitation_id)
        )
        meeting = invitation.meeting
        if (
            invitation.reminded_at is not None
            or meeting.is_cancelled
            or invitation.reply not in (Invitation.Reply.ATTENDING, Invitation.Reply.NONE)
            or not invitation.person.email
        ):
            return False
        _send(
            "meeting_reminder",
            _meeting_context(meeting, invitation),
            invitation.person.email,
            _ics(meeting),
        )
        invitation.reminded_at = timezone.now()
        invitation.save(update_fields=["reminded_at"])
    return True


def send_meeting_reminders(*, now: datetime | None = None) -> int:
    """Send every reminder due; returns how many went."""
    return sum(send_reminder(invitation_id=pk) for pk in reminders_due(now or timezone.now()))
