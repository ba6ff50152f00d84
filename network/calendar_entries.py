"""A meeting as an iCalendar (.ics) entry that calendars add, update and cancel.

Every version of a meeting's entry has the same UID; SEQUENCE goes up each time its date,
time or place moves, so a calendar replaces the entry it has rather than adding another.
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from network.models import Meeting

PRODUCT_ID = "-//Coprod//Network meetings//EN"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()


def meeting_location(meeting: Meeting) -> str:
    parts = [" ".join(meeting.place.split())] if meeting.place.strip() else []
    if meeting.online_link:
        parts.append(f"Online: {meeting.online_link}")
    return "; ".join(parts)


def meeting_calendar(meeting: Meeting) -> bytes:
    """The meeting's calendar entry; METHOD:CANCEL and STATUS:CANCELLED once cancelled."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if meeting.is_cancelled else "PUBLISH")
    event = Event()
    event.add("uid", meeting.calendar_uid)
    event.add("sequence", meeting.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("dtend", timezone.localtime(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("location", meeting_location(meeting))
    event.add("url", meeting_url(meeting))
    description = meeting.description.strip()
    if meeting.is_cancelled:
        event.add("status", "CANCELLED")
        description = f"Cancelled: {meeting.cancellation_reason}".strip()
    else:
        event.add("status", "CONFIRMED")
    if description:
        event.add("description", description)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_filename(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}.ics"
